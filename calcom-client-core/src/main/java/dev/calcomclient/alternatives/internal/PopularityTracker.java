package dev.calcomclient.alternatives.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Interest per event type as exponentially decaying counts: each unit of interest is worth 1 when recorded and half
 * as much every half-life later. Bounded: at most {@code maxTracked} event types; a newcomer when full drops the
 * least popular, and a count that has decayed below {@link #FORGET_BELOW} (about six half-lives without interest)
 * is dropped.
 */
final class PopularityTracker {
  /** Counts below this are forgotten. */
  static final double FORGET_BELOW = 1.0 / 64;

  private final Clock clock;
  private final double halfLifeMillis;
  private final int maxTracked;
  private final Map<Long, Score> scores = new HashMap<>();

  PopularityTracker(Clock clock, Duration halfLife, int maxTracked) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (halfLife == null || halfLife.toMillis() < 1) {
      throw new IllegalArgumentException("popularity half-life must be at least 1 ms, got: " + halfLife);
    }
    if (maxTracked < 1) {
      throw new IllegalArgumentException("maxTracked must be at least 1, got: " + maxTracked);
    }
    this.halfLifeMillis = halfLife.toMillis();
    this.maxTracked = maxTracked;
  }

  private static final class Score {
    double value;
    Instant at;

    Score(Instant at) {
      this.at = at;
    }
  }

  synchronized void record(long eventTypeId) {
    Instant now = clock.instant();
    Score s = scores.get(eventTypeId);
    if (s == null) {
      if (scores.size() >= maxTracked) {
        dropWeakest(now);
      }
      s = new Score(now);
      scores.put(eventTypeId, s);
    }
    s.value = decayed(s, now) + 1;
    s.at = now;
  }

  /** The {@code n} highest current counts, highest first; ties by lower id. */
  synchronized List<Long> top(int n) {
    Instant now = clock.instant();
    List<Map.Entry<Long, Double>> current = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Score>> it = scores.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Score> e = it.next();
      double value = decayed(e.getValue(), now);
      if (value < FORGET_BELOW) {
        it.remove();
      } else {
        current.add(Map.entry(e.getKey(), value));
      }
    }
    current.sort(
        Comparator.comparing((Map.Entry<Long, Double> e) -> e.getValue()).reversed()
            .thenComparing(Map.Entry::getKey));
    List<Long> out = new ArrayList<>(Math.min(n, current.size()));
    for (int i = 0; i < n && i < current.size(); i++) {
      out.add(current.get(i).getKey());
    }
    return out;
  }

  /** The event type's current count (0 when not tracked). */
  synchronized double score(long eventTypeId) {
    Score s = scores.get(eventTypeId);
    return s == null ? 0 : decayed(s, clock.instant());
  }

  synchronized int tracked() {
    return scores.size();
  }

  private void dropWeakest(Instant now) {
    Long weakest = null;
    double weakestValue = Double.MAX_VALUE;
    for (Map.Entry<Long, Score> e : scores.entrySet()) {
      double v = decayed(e.getValue(), now);
      if (v < weakestValue || v == weakestValue && e.getKey() > weakest) {
        weakest = e.getKey();
        weakestValue = v;
      }
    }
    scores.remove(weakest);
  }

  private double decayed(Score s, Instant now) {
    long elapsed = Duration.between(s.at, now).toMillis();
    return elapsed <= 0 ? s.value : s.value * Math.pow(0.5, elapsed / halfLifeMillis);
  }
}
