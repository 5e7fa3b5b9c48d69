package dev.calcomclient.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * Cache invalidations caused by bookings (made through the client or reported by webhooks) since the client was
 * built.
 *
 * @param invalidations invalidations carried out
 * @param keysInvalidated cache keys dropped by them, in total
 * @param medianKeys the median number of keys per invalidation (0 when there was none)
 * @param maxKeys the most keys one invalidation dropped
 * @param p99Duration the 99th percentile of how long an invalidation took
 * @param queued invalidations that could not reach the shared tier or bus at once and were queued for retry
 * @param dropped queued invalidations dropped because the queue was full (instances then flush instead)
 */
public record InvalidationStats(
    long invalidations,
    long keysInvalidated,
    long medianKeys,
    long maxKeys,
    Duration p99Duration,
    long queued,
    long dropped) {
  /** No invalidation at all. */
  public static final InvalidationStats EMPTY = new InvalidationStats(0, 0, 0, 0, Duration.ZERO, 0, 0);

  /**
   * Checks the components.
   *
   * @param invalidations the invalidations
   * @param keysInvalidated the keys invalidated
   * @param medianKeys the median keys
   * @param maxKeys the max keys
   * @param p99Duration the p99 duration
   * @param queued the queued
   * @param dropped the dropped
   */
  public InvalidationStats {
    Objects.requireNonNull(p99Duration, "p99Duration");
  }
}
