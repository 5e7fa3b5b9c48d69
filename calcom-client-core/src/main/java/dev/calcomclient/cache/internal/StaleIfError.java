package dev.calcomclient.cache.internal;

import dev.calcomclient.internal.Failure;
import dev.calcomclient.model.SlotsSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When the slot store may answer from an expired L1 entry: the fetch failed because Cal.com could not be asked or
 * could not answer (not a 4xx about the request), and the entry is less than the configured staleness past its time
 * to live ({@link dev.calcomclient.cache.CacheConfig#staleIfErrorMaxStaleness()}; zero turns it off).
 */
final class StaleIfError {
  private final Duration maxStaleness;

  StaleIfError(Duration maxStaleness) {
    this.maxStaleness = maxStaleness;
  }

  /**
   * The days of {@code missing} answered from their retained L1 entries, when a failure like {@code cause} may be
   * answered stale and <em>every</em> such day has an entry still at its tag's current generation and recent enough;
   * otherwise {@code null} (the lookup fails with {@code cause}).
   *
   * @param missing the days the failed fetch was for
   * @param cause why the fetch failed
   * @param l1 the L1 tier (current generations)
   * @param nowMillis the client's clock
   * @return the stale days by UTC day, or {@code null}
   */
  Map<LocalDate, SlotLookup.Day> serve(List<MissingDay> missing, Throwable cause, LocalSlotTier l1, long nowMillis) {
    if (!applies(cause)) {
      return null;
    }
    Map<LocalDate, SlotLookup.Day> stale = new HashMap<>();
    for (MissingDay m : missing) {
      LocalSlotTier.Entry e = m.staleCandidate();
      if (e == null || e.generation() != l1.generation(m.key().tag()) || !servable(e, nowMillis)) {
        return null;
      }
      stale.put(m.key().day(), new SlotLookup.Day(e.value(), SlotsSource.STALE));
    }
    return stale;
  }

  /** Whether a failure like {@code cause} may be answered stale at all. */
  boolean applies(Throwable cause) {
    return !maxStaleness.isZero() && isUnavailability(cause);
  }

  /** Whether {@code entry} is recent enough to be served stale at {@code nowMillis}. */
  boolean servable(LocalSlotTier.Entry entry, long nowMillis) {
    return nowMillis - entry.freshUntilMillis() < maxStaleness.toMillis();
  }

  /** Failures that say Cal.com could not be asked or could not answer: not a 4xx about the request itself. */
  static boolean isUnavailability(Throwable t) {
    return Failure.of(t).isUnavailability();
  }
}
