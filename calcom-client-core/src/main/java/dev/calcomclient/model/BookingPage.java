package dev.calcomclient.model;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v2/bookings}.
 *
 * @param items the bookings of this page, in the order Cal.com returned them
 * @param pagination the paging information, or {@code null} when the server sent none
 */
public record BookingPage(List<Booking> items, Pagination pagination) {

  /**
   * Copies the items; {@code null} becomes empty.
   *
   * @param items the items
   * @param pagination the pagination
   */
  public BookingPage {
    items = Copies.list(items);
  }

  /**
   * Whether Cal.com reports a later page. Without pagination information this is false.
   *
   * @return whether Cal.com reports a later page
   */
  public boolean hasNextPage() {
    return pagination != null && pagination.hasNextPage();
  }

  /**
   * The paging information, if sent.
   *
   * @return the paging information, if sent
   */
  public Optional<Pagination> paginationInfo() {
    return Optional.ofNullable(pagination);
  }
}
