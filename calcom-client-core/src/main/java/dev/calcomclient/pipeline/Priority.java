package dev.calcomclient.pipeline;

/**
 * Rate-limit lanes. When the shared budget runs low, interactive calls (a caller is waiting, typically a
 * booking) are served first, then standard ones, then batch work; background work (cache warming, refresh-ahead)
 * only uses tokens while a reserve is left and nobody waits. Pick a call's lane with
 * {@link dev.calcomclient.RequestOptions.Builder#lane(Priority)}.
 *
 * <p>The constants are declared in the order they were introduced, not in the order they are served: the order of
 * service is {@code INTERACTIVE}, {@code STANDARD}, {@code BATCH}, {@code BACKGROUND}.
 */
public enum Priority {
  /** A person or agent is waiting on this call: served first. */
  INTERACTIVE,
  /** Ordinary reads. */
  STANDARD,
  /** Warming and refresh-ahead; never waits and never starves the other lanes. */
  BACKGROUND,
  /**
   * A job that would rather wait than fail (warming a month, exporting bookings): it waits for a token as long as
   * its deadline allows, takes one only when no interactive or standard call waits, and, like background work,
   * only while more than the reserve ({@link dev.calcomclient.ratelimit.RateLimiterConfig#backgroundReserve()}) is
   * left, so that callers arriving meanwhile find tokens at once.
   */
  BATCH
}
