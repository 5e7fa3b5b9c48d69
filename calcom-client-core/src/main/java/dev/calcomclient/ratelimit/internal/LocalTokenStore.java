package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * A credential's tokens in this JVM: an exact sliding log of the sends of the last window.
 *
 * <h2>The model</h2>
 *
 * The log holds entries, each a count and an <em>end time</em> {@code b} (a send at time {@code s} is the entry
 * {@code [s, s]} of count 1). An entry counts in the window ending at {@code t} when it started at or before
 * {@code t} and {@code b > t - window}. A take at {@code now} is admitted only when the entries counting at
 * {@code now} sum to less than the budget (and, while the server said so, fewer than its {@code remaining} were
 * taken since).
 *
 * <h2>Why checking the window ending now suffices</h2>
 *
 * Suppose every window held at most {@code budget} before a take at {@code now}. The new entry starts at
 * {@code now}, so it counts in no window ending before {@code now}. For a window ending at {@code t >= now}, every
 * entry already in the log started at or before {@code now <= t} (no entry starts in the future), and counts there
 * only if {@code b > t - window >= now - window}, that is, only if it also counts at {@code now}. So the window
 * ending at {@code t} holds at most what the window ending at {@code now} held, plus the new entry: at most the
 * budget. By induction over takes, <b>no 60 s window, however aligned, ever holds more than the budget</b>; and a
 * quiet window lets the whole budget go at once, then the log frees one token a window after each send, so the
 * sustained rate is the budget per window.
 *
 * <h2>Representation</h2>
 *
 * A ring of {@code (end millisecond, count)} pairs in send order, grown on demand and pruned from the head on every
 * call, so it holds at most one entry per millisecond of the last window (sends in the same millisecond share an
 * entry) and never more entries than sends. Times are read in whole milliseconds: a send is stamped {@code now + 1}
 * and counted while {@code end > now - window}, so rounding only ever keeps a send counted up to 1 ms longer.
 *
 * <p>{@link #lowerTo} and {@link #pause} record what the server said ("only {@code r} left until its reset") as a
 * cap: until the reset at most {@code r} more are taken. It never raises what the log allows; it ends at the
 * server's reset, so the client follows the server's own window instead of waiting a whole one of its own.
 */
final class LocalTokenStore implements TokenStore {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Clock clock;
  private final BackgroundPace pace;
  private final long budget;
  private final long windowMillis;
  private long[] ends = new long[16];
  private long[] counts = new long[16];
  private int head;
  private int size;
  /** The sum of the counts in the log. */
  private long total;
  private long capLeft;
  private long capUntil = Long.MIN_VALUE;

  LocalTokenStore(RateLimiterConfig config, Clock clock) {
    this.clock = clock;
    this.pace = new BackgroundPace(config, clock);
    this.budget = config.budget();
    this.windowMillis = config.window().toMillis();
  }

  @Override
  public boolean answersAtOnce() {
    return true;
  }

  /**
   * Checks and takes in one step (the store's lock), so a background take (one that keeps a reserve) never dips into
   * the reserve; it also keeps the {@link BackgroundPace}.
   */
  @Override
  public synchronized CompletableFuture<Take> take(long keep) {
    long now = clock.millis();
    long available = available(now);
    if (available <= keep) {
      return CompletableFuture.completedFuture(
          new Take(false, available, nanosFrom(keep + 1, now), Instant.MIN, 0));
    }
    long paced = keep > 0 ? pace.tryTake() : 0;
    if (paced > 0) {
      return CompletableFuture.completedFuture(new Take(false, available, paced, Instant.MIN, 0));
    }
    append(now + 1);
    if (now < capUntil) {
      capLeft--;
    }
    return CompletableFuture.completedFuture(new Take(true, available - 1, 0, Instant.MIN, now + 1, keep > 0));
  }

  /**
   * Removes the given-back send from the log: its ticket is its entry's end, so the entry that holds it is the
   * oldest one ending at or after the ticket (exactly at it unless the clock stepped back). A send already pruned
   * (older than a window) needs nothing. A take that kept a reserve spent a token of the {@link BackgroundPace} too:
   * it goes back to the pace, which would otherwise hold batch and background work back as if it had been sent. The
   * server's cap is not restored (a cap only errs on the safe side).
   */
  @Override
  public synchronized CompletableFuture<Void> giveBack(Take take) {
    if (!take.consumed()) {
      return DONE;
    }
    if (take.paced()) {
      pace.giveBack();
    }
    int holder = -1;
    for (int i = size - 1; i >= 0 && ends[index(i)] >= take.ticket(); i--) {
      holder = i;
    }
    if (holder < 0) {
      return DONE;
    }
    int k = index(holder);
    counts[k]--;
    total--;
    if (counts[k] == 0) {
      removeAt(holder);
    }
    return DONE;
  }

  @Override
  public synchronized CompletableFuture<Void> lowerTo(long target, Instant until) {
    long now = clock.millis();
    long untilMillis = until.toEpochMilli();
    long left = Math.max(0, target);
    if (now < capUntil) {
      capLeft = Math.min(capLeft, left);
      capUntil = Math.max(capUntil, untilMillis);
    } else {
      capLeft = left;
      capUntil = untilMillis;
    }
    return DONE;
  }

  /** Allows no take until {@code until}; the pause itself is kept by the lanes. */
  @Override
  public CompletableFuture<Void> pause(Instant until) {
    return lowerTo(0, until);
  }

  @Override
  public synchronized OptionalLong tokensNow() {
    return OptionalLong.of(available(clock.millis()));
  }

  @Override
  public synchronized long nanosToNextToken() {
    long now = clock.millis();
    prune(now);
    return nanosFrom(1, now);
  }

  @Override
  public synchronized OptionalLong nanosUntil(long tokens, long afterNanos) {
    long now = clock.millis();
    long from = now + (afterNanos + 999_999) / 1_000_000;
    prune(now);
    return OptionalLong.of(Math.max(afterNanos, nanosFrom(tokens, from) + (from - now) * 1_000_000));
  }

  /** What may be taken at {@code now}: the budget less the log, and no more than the server's cap. */
  private long available(long now) {
    prune(now);
    long free = budget - total;
    return now < capUntil ? Math.max(0, Math.min(free, capLeft)) : Math.max(0, free);
  }

  /** Nanoseconds from {@code now} until {@code tokens} can be taken, if nobody else takes one. */
  private long nanosFrom(long tokens, long now) {
    if (tokens > budget) {
      return Long.MAX_VALUE / 2;
    }
    long at = now;
    if (now < capUntil && capLeft < tokens) {
      at = capUntil;
    }
    long mustFree = total - (budget - tokens);
    for (int i = 0; i < size && mustFree > 0; i++) {
      int k = index(i);
      mustFree -= counts[k];
      if (mustFree <= 0) {
        at = Math.max(at, ends[k] + windowMillis);
      }
    }
    return Math.max(0, at - now) * 1_000_000;
  }

  private void prune(long now) {
    long expired = now - windowMillis;
    while (size > 0 && ends[head] <= expired) {
      total -= counts[head];
      head = (head + 1) % ends.length;
      size--;
    }
  }

  private void append(long end) {
    if (size > 0) {
      int last = index(size - 1);
      if (ends[last] >= end) {
        counts[last]++; // same millisecond (or a clock that stepped back: the later end is the safe one)
        total++;
        return;
      }
    }
    if (size == ends.length) {
      grow();
    }
    int k = index(size);
    ends[k] = end;
    counts[k] = 1;
    size++;
    total++;
  }

  /** Removes the {@code i}-th entry (from the head), keeping the others in order. */
  private void removeAt(int i) {
    for (int j = i; j < size - 1; j++) {
      ends[index(j)] = ends[index(j + 1)];
      counts[index(j)] = counts[index(j + 1)];
    }
    size--;
  }

  private void grow() {
    long[] e = new long[ends.length * 2];
    long[] c = new long[ends.length * 2];
    for (int i = 0; i < size; i++) {
      e[i] = ends[index(i)];
      c[i] = counts[index(i)];
    }
    ends = e;
    counts = c;
    head = 0;
  }

  private int index(int i) {
    return (head + i) % ends.length;
  }
}
