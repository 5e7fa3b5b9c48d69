package dev.calcomclient.model;

import java.util.List;
import java.util.Optional;

/**
 * Every booking one create or cancel produced: a single booking, or every occurrence of a recurring series (Cal.com
 * answers a create on a recurring event type, and the cancellation of a series, with an array).
 *
 * @param occurrences the bookings in Cal.com's order; never empty
 * @param decodeIssues occurrences left out for a missing or malformed identity, and optional fields decoded as
 *     absent (empty when everything decoded)
 */
public record BookingSeries(List<Booking> occurrences, List<DecodeIssue> decodeIssues) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException when there is no occurrence
   * @param occurrences the occurrences
   * @param decodeIssues the decode issues
   */
  public BookingSeries {
    occurrences = Copies.list(occurrences);
    decodeIssues = Copies.list(decodeIssues);
    if (occurrences.isEmpty()) {
      throw new IllegalArgumentException("a booking series has at least one occurrence");
    }
  }

  /**
   * The first occurrence (the only one of a booking that is not recurring).
   *
   * @return the first booking
   */
  public Booking first() {
    return occurrences.get(0);
  }

  /**
   * Whether Cal.com answered with a recurring series.
   *
   * @return whether any occurrence has a {@code recurringBookingUid}, or there are several
   */
  public boolean isRecurring() {
    return occurrences.size() > 1 || first().isRecurring();
  }

  /**
   * The series' uid.
   *
   * @return the {@code recurringBookingUid} of the first occurrence, if it has one
   */
  public Optional<String> recurringBookingUid() {
    return Optional.ofNullable(first().recurringBookingUid());
  }

  /**
   * How many occurrences of Cal.com's answer were left out for a missing or malformed identity.
   *
   * @return the number left out, 0 when none
   */
  public int skipped() {
    return decodeIssues.stream().filter(DecodeIssue::isLeftOut).mapToInt(DecodeIssue::count).sum();
  }
}
