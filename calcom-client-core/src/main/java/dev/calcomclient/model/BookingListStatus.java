package dev.calcomclient.model;

import java.util.Locale;

/** A status filter of {@code GET /v2/bookings}; several are combined with OR. */
public enum BookingListStatus {
  /** Starts in the future and not cancelled. */
  UPCOMING,
  /** Part of a recurring series. */
  RECURRING,
  /** Ended in the past. */
  PAST,
  /** Cancelled or rejected. */
  CANCELLED,
  /** Awaiting the host's confirmation. */
  UNCONFIRMED;

  /**
   * The query-parameter value, such as {@code upcoming}.
   *
   * @return the query-parameter value, such as {@code upcoming}
   */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
