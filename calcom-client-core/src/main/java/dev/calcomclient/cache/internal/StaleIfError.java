package dev.calcomclient.cache.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.internal.Failure;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.model.StaleReason;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When the slot store may answer from an expired entry (L1's, or one L2 keeps past its time to live, perhaps fetched
 * by another instance) instead of the fetch that failed, and for which reason:
 * {@link StaleReason#OVERLOADED} when no rate-limit token was available in time (a {@link RateLimitedException},
 * local or a 429), bounded by {@link dev.calcomclient.cache.CacheConfig#staleIfOverloadedMaxStaleness()};
 * {@link StaleReason#UNAVAILABLE} when Cal.com could not be asked or could not answer (not a 4xx about the request),
 * bounded by {@link dev.calcomclient.cache.CacheConfig#staleIfErrorMaxStaleness()}. Zero turns either off.
 *
 * <p>Only an entry still at its tag's current generation is a candidate: a day invalidated (by this client's own
 * booking, a webhook or another instance) since it was cached is never served stale.
 */
final class StaleIfError {
  private final Duration maxStalenessOnError;
  private final Duration maxStalenessOverloaded;

  StaleIfError(Duration maxStalenessOnError, Duration maxStalenessOverloaded) {
    this.maxStalenessOnError = maxStalenessOnError;
    this.maxStalenessOverloaded = maxStalenessOverloaded;
  }

  /** How long L1 and L2 must keep an entry past its time to live for either reason. */
  Duration retention() {
    return maxStalenessOnError.compareTo(maxStalenessOverloaded) >= 0 ? maxStalenessOnError : maxStalenessOverloaded;
  }

  /**
   * Why a fetch that failed with {@code cause} may be answered stale, or {@code null} when it may not (a refusal
   * of the request itself, invalid input, a bug, or the reason's staleness turned off).
   *
   * @param cause the failure, unwrapped
   * @return the reason, or {@code null}
   */
  StaleReason reasonFor(Throwable cause) {
    if (cause instanceof RateLimitedException) {
      return maxStalenessOverloaded.isZero() ? null : StaleReason.OVERLOADED;
    }
    return !maxStalenessOnError.isZero() && isUnavailability(cause) ? StaleReason.UNAVAILABLE : null;
  }

  /**
   * The days of {@code missing} that may be served stale for {@code reason}: those whose stale candidate (retained in
   * L1 or L2) is still at its tag's current L1 generation and recent enough, each with its age. An L2 candidate
   * carries the L1 generation its lookup started at, so an invalidation that reached this instance since then (its
   * own booking, a webhook, another instance's bus message) rules it out, as it rules out an L1 entry; one that
   * reached L2 before the read deleted the value with the generation bump. May be fewer than {@code missing}: the
   * caller decides whether a partial cover answers.
   *
   * @param missing the days the failed fetch was for
   * @param reason why the fetch failed (from {@link #reasonFor})
   * @param l1 the L1 tier (current generations)
   * @param nowMillis the client's clock
   * @return the servable days by UTC day, each marked {@link SlotsSource#STALE} with its age
   */
  Map<LocalDate, SlotLookup.Day> servable(
      List<MissingDay> missing, StaleReason reason, LocalSlotTier l1, long nowMillis) {
    Duration max = reason == StaleReason.OVERLOADED ? maxStalenessOverloaded : maxStalenessOnError;
    Map<LocalDate, SlotLookup.Day> stale = new TreeMap<>();
    for (MissingDay m : missing) {
      LocalSlotTier.Entry e = m.staleCandidate();
      if (e != null && e.generation() == l1.generation(m.key().tag()) && servable(e, nowMillis, max)) {
        stale.put(m.key().day(), new SlotLookup.Day(e.value(), SlotsSource.STALE, e.age(nowMillis)));
      }
    }
    return stale;
  }

  /** Whether {@code entry} is recent enough to be served stale at {@code nowMillis}. */
  private static boolean servable(LocalSlotTier.Entry entry, long nowMillis, Duration maxStaleness) {
    return nowMillis - entry.freshUntilMillis() < maxStaleness.toMillis();
  }

  /** Failures that say Cal.com could not be asked or could not answer: not a 4xx about the request itself. */
  static boolean isUnavailability(Throwable t) {
    return Failure.of(t).isUnavailability();
  }
}
