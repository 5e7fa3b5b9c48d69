package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.model.SlotsSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one {@link SlotStore} lookup found: the days, each with where it came from, the upstream calls it made (0 or
 * 1) and the L1 hits due a refresh.
 */
record SlotLookup(Map<LocalDate, Day> days, int upstreamCalls, List<SlotKey> refreshDue) {
  /** One day of a lookup and where it came from. */
  record Day(SlotDay value, SlotsSource source) {}

  /** The least fresh source of any day (see {@link SlotsSource}), {@code UPSTREAM} when there is no day. */
  SlotsSource source() {
    SlotsSource least = SlotsSource.UPSTREAM;
    for (Day d : days.values()) {
      least = leastFresh(least, d.source());
    }
    return least;
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
