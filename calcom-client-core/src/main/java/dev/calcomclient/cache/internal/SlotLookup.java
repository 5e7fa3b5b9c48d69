package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.model.StaleReason;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one {@link SlotStore} lookup found: the days, each with where it came from, the upstream calls it made (0 or
 * 1), the L1 hits due a refresh, why days were served stale (or {@code null}), and the requested days left out of
 * the answer (only under overload, for a lookup that accepts {@linkplain SlotStore.WhenOverloaded#CACHED_DAYS_ONLY
 * the cached days only}; empty otherwise).
 */
record SlotLookup(
    Map<LocalDate, Day> days,
    int upstreamCalls,
    List<SlotKey> refreshDue,
    StaleReason staleReason,
    List<LocalDate> leftOut) {

  /** A lookup with no stale day and no day left out. */
  SlotLookup(Map<LocalDate, Day> days, int upstreamCalls, List<SlotKey> refreshDue) {
    this(days, upstreamCalls, refreshDue, null, List.of());
  }

  /**
   * One day of a lookup and where it came from.
   *
   * @param staleAge for a day served {@link SlotsSource#STALE}, how long ago Cal.com answered it; zero otherwise
   */
  record Day(SlotDay value, SlotsSource source, Duration staleAge) {
    /** A day that is not stale. */
    Day(SlotDay value, SlotsSource source) {
      this(value, source, Duration.ZERO);
    }
  }

  /** The least fresh source of any day (see {@link SlotsSource}), {@code UPSTREAM} when there is no day. */
  SlotsSource source() {
    SlotsSource least = SlotsSource.UPSTREAM;
    for (Day d : days.values()) {
      least = leastFresh(least, d.source());
    }
    return least;
  }

  /** The age of the oldest stale day, or {@link Duration#ZERO} when no day is stale. */
  Duration oldestStaleAge() {
    Duration oldest = Duration.ZERO;
    for (Day d : days.values()) {
      if (d.staleAge().compareTo(oldest) > 0) {
        oldest = d.staleAge();
      }
    }
    return oldest;
  }

  /** The less fresh of {@code a} and {@code b}: STALE, then L1, then L2, then UPSTREAM. */
  static SlotsSource leastFresh(SlotsSource a, SlotsSource b) {
    return staleness(b) > staleness(a) ? b : a;
  }

  private static int staleness(SlotsSource s) {
    return switch (s) {
      case UPSTREAM -> 0;
      case L2 -> 1;
      case L1 -> 2;
      case STALE -> 3;
    };
  }
}
