package dev.calcomclient.model;

import java.util.List;
import java.util.Optional;

/**
 * One page of {@code GET /v2/bookings}.
 *
 * @param items the bookings of this page, in the order Cal.com returned them
 * @param pagination the paging information, or {@code null} when the server sent none
 * @param decodeIssues bookings of the page left out for a missing or malformed identity, and optional fields
 *     decoded as absent (empty when everything decoded)
 */
public record BookingPage(List<Booking> items, Pagination pagination, List<DecodeIssue> decodeIssues) {

  /**
   * Copies the lists; {@code null} becomes empty.
   *
   * @param items the items
   * @param pagination the pagination
   * @param decodeIssues the decode issues
   */
  public BookingPage {
    items = Copies.list(items);
    decodeIssues = Copies.list(decodeIssues);
  }

  /**
   * A page in which everything decoded.
   *
   * @param items the bookings
   * @param pagination the paging information, or {@code null}
   */
  public BookingPage(List<Booking> items, Pagination pagination) {
    this(items, pagination, List.of());
  }

  /**
   * How many bookings of Cal.com's page were left out because their identity (id, uid, start, end, status, event
   * type) was missing or malformed.
   *
   * @return the number left out, 0 when none
   */
  public int skipped() {
    return decodeIssues.stream().filter(DecodeIssue::isLeftOut).mapToInt(DecodeIssue::count).sum();
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
