package dev.calcomclient.testkit;

/**
 * Period of an event type's booking limit ({@code bookingLimitsCount} in Cal.com, e.g. {@code {"PER_WEEK": 3}}).
 * Periods are calendar periods in the time zone of the event type's first host (weeks start on Monday).
 */
public enum BookingLimitPeriod {
  /** One calendar day. */
  PER_DAY,
  /** One ISO week, Monday to Sunday. */
  PER_WEEK,
  /** One calendar month. */
  PER_MONTH,
  /** One calendar year. */
  PER_YEAR
}
