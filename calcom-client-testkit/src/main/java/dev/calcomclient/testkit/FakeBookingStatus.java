package dev.calcomclient.testkit;

import java.util.Locale;

/** Status of a booking held by {@link FakeCalcom}; API v2 sends it lower-case ({@code accepted}). */
public enum FakeBookingStatus {
  /** Confirmed booking; it occupies its hosts' time. */
  ACCEPTED,
  /** Awaiting confirmation; it occupies its hosts' time. */
  PENDING,
  /** Cancelled (also the state of a booking that was rescheduled away); frees the time. */
  CANCELLED,
  /** Rejected by the host; frees the time. */
  REJECTED;

  /**
   * The lower-case wire value used by API v2 ({@code accepted}, {@code cancelled}, ...).
   *
   * @return the lower-case wire value used by API v2 ({@code accepted}, {@code cancelled}, ...)
   */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether a booking in this status blocks its hosts' time.
   *
   * @return whether a booking in this status blocks its hosts' time
   */
  public boolean occupiesTime() {
    return this == ACCEPTED || this == PENDING;
  }
}
