package dev.calcomclient.testkit.internal;

/** Counting over sorted event times, in simulated nanoseconds. */
public final class SlidingWindow {
  private SlidingWindow() {}

  /**
   * The largest number of events inside any half-open window {@code [t, t + window)}; {@code times} must be
   * sorted ascending.
   */
  public static int maxInAnyWindow(long[] times, int size, long windowNanos) {
    int best = 0;
    int first = 0;
    for (int last = 0; last < size; last++) {
      while (times[last] - times[first] >= windowNanos) {
        first++;
      }
      best = Math.max(best, last - first + 1);
    }
    return best;
  }
}
