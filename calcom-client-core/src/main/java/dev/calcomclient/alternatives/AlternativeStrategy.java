package dev.calcomclient.alternatives;

/**
 * How an {@link Alternative} was found. Declared in precedence order: when several strategies find the same slot,
 * it is labelled with the first of them. Local dates and times are in {@link AlternativeOptions#timeZone()}; the
 * desired local time on another date is resolved as {@link java.time.ZonedDateTime#of} does (a time in a DST gap
 * moves forward by the gap's length; a time that occurs twice means the earlier occurrence).
 */
public enum AlternativeStrategy {
  /** The latest bookable slot on the desired local date that starts before the desired time. */
  SAME_DAY_EARLIER,
  /** The earliest bookable slot on the desired local date that starts after the desired time. */
  SAME_DAY_LATER,
  /**
   * On the first workday ({@link AlternativeOptions#workdays()}) after the desired local date, the bookable slot
   * nearest to the desired local time (exact if free, otherwise the nearest; of two equally near, the earlier).
   */
  NEXT_WORKDAY_SAME_TIME,
  /**
   * On the desired local date plus seven days, the bookable slot nearest to the desired local time (exact if free,
   * otherwise the nearest; of two equally near, the earlier).
   */
  SAME_WEEKDAY_NEXT_WEEK,
  /**
   * The earliest bookable slots after the desired time that no other strategy proposed, as many as
   * {@link AlternativeOptions#count()}; this strategy is what fills the answer up to the count.
   */
  NEXT_AVAILABLE
}
