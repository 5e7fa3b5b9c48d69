package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.RateLimitPolicy;
import dev.calcomclient.testkit.RateLimitUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cal.com's throttler: {@code @nestjs/throttler} 6 semantics with Redis storage, per {@link Tracker}, in simulated
 * time (see {@link TimeScale}). A fixed window starts at a tracker's first request and ends {@code window} later;
 * every request increments the hit count; the request that makes it exceed the limit blocks the tracker for
 * {@code blockDuration}; a blocked tracker gets 429 until the block ends, even across window ends, and then starts
 * a fresh window. Thread-safe.
 */
public final class Throttler {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final RateLimitPolicy policy;
  private final TimeScale time;
  private final Map<String, Integer> limitsByTracker = new HashMap<>();
  private final Map<String, Counter> counters = new LinkedHashMap<>();

  public Throttler(RateLimitPolicy policy, TimeScale time) {
    this.policy = policy;
    this.time = time;
    policy.credentialLimits().forEach((credential, limit) ->
        Tracker.candidates(credential).forEach(t -> limitsByTracker.put(t.id(), limit)));
  }

  /** The decision for one request, with the values of Cal.com's three rate-limit headers. */
  public record Decision(boolean allowed, int limit, int remaining, long resetSeconds) {
    public static final String LIMIT_HEADER = "X-RateLimit-Limit-Default";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining-Default";
    public static final String RESET_HEADER = "X-RateLimit-Reset-Default";

    /** The header triplet, in the order Cal.com sets it. */
    public Map<String, String> headers() {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(LIMIT_HEADER, Integer.toString(limit));
      headers.put(REMAINING_HEADER, Integer.toString(remaining));
      headers.put(RESET_HEADER, Long.toString(resetSeconds));
      return headers;
    }
  }

  public RateLimitPolicy policy() {
    return policy;
  }

  /** The limit per window that applies to {@code tracker}. */
  public int limitFor(Tracker tracker) {
    return limitsByTracker.getOrDefault(tracker.id(), policy.defaultLimit(tracker.kind()));
  }

  /**
   * Counts one request of {@code tracker} now and decides it. With a disabled policy the request is recorded
   * and always allowed.
   */
  public synchronized Decision hit(Tracker tracker) {
    long now = time.nowNanos();
    int limit = limitFor(tracker);
    Counter c = counters.computeIfAbsent(tracker.id(), id -> new Counter(limit, policy.window().toNanos()));
    c.record(now);
    if (!policy.enabled()) {
      return new Decision(true, limit, limit, 0);
    }
    long window = policy.window().toNanos();
    if (c.blockedUntil != Long.MIN_VALUE && now >= c.blockedUntil) {
      // the block is over: Cal.com's storage drops the block and restarts the count
      c.blockedUntil = Long.MIN_VALUE;
      c.windowStart = Long.MIN_VALUE;
    }
    if (c.windowStart == Long.MIN_VALUE || now >= c.windowStart + window) {
      c.windowStart = now;
      c.hits = 0;
    }
    c.hits++;
    if (c.blockedUntil == Long.MIN_VALUE && c.hits > limit) {
      c.blockedUntil = now + policy.blockDuration().toNanos();
    }
    if (c.blockedUntil != Long.MIN_VALUE) {
      c.violations++;
      return new Decision(false, limit, 0, ceilSeconds(c.blockedUntil - now));
    }
    return new Decision(true, limit, Math.max(0, limit - c.hits), ceilSeconds(c.windowStart + window - now));
  }

  /** Usage of one tracker, or {@code null} when it never sent a request. */
  public synchronized RateLimitUsage usage(String trackerId) {
    Counter c = counters.get(trackerId);
    return c == null ? null : c.usage(trackerId);
  }

  /** Usage of every tracker seen, in order of first request. */
  public synchronized List<RateLimitUsage> usages() {
    List<RateLimitUsage> all = new ArrayList<>();
    counters.forEach((id, c) -> all.add(c.usage(id)));
    return all;
  }

  /** Forgets all counts, blocks and recorded request times. */
  public synchronized void reset() {
    counters.clear();
  }

  private static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
  }

  /** How many request times the throttler holds for {@code trackerId} (for the memory tests); 0 when unknown. */
  public synchronized int heldTimes(String trackerId) {
    Counter c = counters.get(trackerId);
    return c == null ? 0 : c.size;
  }

  /**
   * A tracker's state. Request times are kept only as long as a window can still span them: when the buffer is
   * full, the largest count in any window so far is folded into {@code maxSoFar} and times older than two windows
   * before the latest are dropped (one window for the windows that straddle the cut, one for requests that read
   * the clock out of order), so memory stays bounded by the traffic of about two windows.
   */
  private static final class Counter {
    final int limit;
    final long window;
    long windowStart = Long.MIN_VALUE;
    long blockedUntil = Long.MIN_VALUE;
    int hits;
    long violations;
    long requests;
    int maxSoFar;
    long[] times = new long[64];
    int size;
    long latest = Long.MIN_VALUE;
    boolean sorted = true;

    Counter(int limit, long window) {
      this.limit = limit;
      this.window = window;
    }

    void record(long now) {
      if (size == times.length) {
        compact();
      }
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
      }
      if (size > 0 && now < times[size - 1]) {
        sorted = false; // concurrent requests may read the clock out of order
      }
      times[size++] = now;
      latest = Math.max(latest, now);
      requests++;
    }

    private void sort() {
      if (!sorted) {
        Arrays.sort(times, 0, size);
        sorted = true;
      }
    }

    /** Folds the held times into {@code maxSoFar} and drops those older than two windows before the latest. */
    private void compact() {
      sort();
      maxSoFar = Math.max(maxSoFar, SlidingWindow.maxInAnyWindow(times, size, window));
      long keepFrom = latest - 2 * window;
      int first = 0;
      while (first < size && times[first] < keepFrom) {
        first++;
      }
      if (first > 0) {
        System.arraycopy(times, first, times, 0, size - first);
        size -= first;
      }
    }

    RateLimitUsage usage(String id) {
      sort();
      int max = Math.max(maxSoFar, SlidingWindow.maxInAnyWindow(times, size, window));
      return new RateLimitUsage(id, limit, requests, violations, max);
    }
  }
}
