package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.BackgroundPace;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.TokenStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A credential's shared sliding log in Redis, and this instance's lease of it.
 *
 * <h2>The shared log</h2>
 *
 * A sorted set (key {@code P:rl:{C}}) of entries: the member {@code count:instance:sequence} names how many sends
 * the entry stands for, the score is its <em>end time</em> in epoch milliseconds. An entry counts at {@code now}
 * while {@code end > now - span}, where {@code span = window + }{@link #CLOCK_SKEW_MARGIN}. One script
 * ({@link #TAKE}) prunes the set, sums the counts, reads the shared pause and the server's cap, and grants or
 * refuses: <b>one round trip per take</b>, with time passed in by the caller (the client's injected clock), so
 * simulated time works and Redis's own clock plays no part. The argument of {@link
 * dev.calcomclient.ratelimit.internal.TokenStore} applies unchanged: no entry starts in the future, so checking the
 * window that ends now bounds every later window.
 *
 * <h2>Leases: what an instance may spend without Redis</h2>
 *
 * Every grant is a lease: {@code k} tokens ({@code 1 <= k <= leaseTokens}, fewer when fewer are left) taken at
 * {@code t} as <em>one</em> entry ending at {@code t + L} ({@link #LEASE}); a lease of one token is handed out at
 * once, so it is a plain send ending at {@code t}. The instance hands them out locally,
 * without a round trip, only while {@code now < t + L}. Sends from the lease all happen in {@code [t, t + L]}, and
 * the entry counts in every window that intersects {@code [t, t + L]} (it started at {@code t} and counts until
 * {@code t + L + span}), so it over-approximates those sends in every window. When the instance next talks to Redis
 * (the take that renews the lease, in the same script) it <em>shrinks</em> the spent lease: the entry is replaced by
 * one of the count actually used, ending at the last actual send, which is again an over-approximation and gives
 * back at once what was not used.
 *
 * <p><b>Why no partition can push the key past the budget.</b> The log in Redis over-approximates every send of
 * every instance in every window, connected or not: an instance cut off from Redis spends only what is left of its
 * current lease, inside the lease's interval, and then refuses; it never spends a token the log does not already
 * count. So the sum over all instances in any window is at most what the log admitted, at most the budget, whether
 * one instance, several or all are cut off, and however long. A renewal whose answer is lost is no exception: the
 * old lease was closed before it was sent (never spent again), the new one is unknown and so never spent, and both
 * still count in Redis. Sustained, a lease under saturation is one token (there are no more to take) and is shrunk
 * to its send time, so the log sustains {@code budget} per {@code span}: 110 per 61 s, 108 a minute.
 *
 * <p><b>A Redis that loses the log</b> (restarted without persistence) is detected by the first instance whose own
 * entries of the last window are gone: its take writes an entry of the whole budget ending a lease after now, which
 * outlives every send granted before the loss, and so blocks the key for one window. An instance that sent nothing
 * in the last window cannot tell, and may take from the empty log first: run Redis with persistence (or accept the
 * headroom's cover) where a restart within a window matters.
 *
 * <p><b>Clock skew.</b> Instances stamp entries with their own clocks. An instance whose clock is {@code d} behind
 * makes its entries leave the window {@code d} early for the others; the margin of {@link #CLOCK_SKEW_MARGIN} added
 * to the window covers skews up to it (NTP keeps hosts within milliseconds), and the headroom covers the rest of the
 * jitter between a grant and the request's arrival at Cal.com.
 *
 * <p>The shared pause (key {@code P:rl:{C}:pause}, its end in epoch ms, only ever extended) and the server's cap
 * (hash {@code P:rl:{C}:cap}: at most {@code left} more grants until {@code until}, the server's reset) are read by the
 * same script, so a 429 or a low {@code remaining} seen by one instance holds every instance back at its next
 * round trip; a lease already held may still hand out its last few tokens (at most {@code leaseTokens - 1}), which
 * the adaptive safety margin covers.
 */
final class SharedTokens implements TokenStore {
  /** Added to the window for the entries of every instance: covers clock skew between instances up to it. */
  static final Duration CLOCK_SKEW_MARGIN = Duration.ofSeconds(1);

  /** How long a lease may be spent locally: short, so that an unused remainder is soon shrunk away. */
  static final Duration LEASE = Duration.ofSeconds(2);

  /**
   * KEYS: log, pause, cap. ARGV: now ms, span ms, budget, keep, lease tokens wanted, lease ms, member of the new
   * lease (without its count), whether this instance has entries that should still be in the log (1/0), then
   * triples (member, used, last send ms) of closed leases to shrink.
   */
  static final LuaScript TAKE =
      new LuaScript(
          """
          local now = tonumber(ARGV[1])
          local span = tonumber(ARGV[2])
          local budget = tonumber(ARGV[3])
          local keep = tonumber(ARGV[4])
          local want = tonumber(ARGV[5])
          local leaseMs = tonumber(ARGV[6])
          if ARGV[8] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then
            -- this instance's entries of the last window are gone: Redis lost the log. Count the whole budget until
            -- every send granted before the loss (leases included) has left every window.
            redis.call('ZADD', KEYS[1], now + leaseMs, budget .. ':lost:' .. ARGV[7])
          end
          for i = 9, #ARGV, 3 do
            if redis.call('ZREM', KEYS[1], ARGV[i]) == 1 and tonumber(ARGV[i + 1]) > 0 then
              local id = string.match(ARGV[i], '^%d+:(.*)$')
              redis.call('ZADD', KEYS[1], ARGV[i + 2], ARGV[i + 1] .. ':' .. id)
            end
          end
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - span)
          local entries = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
          local used = 0
          for i = 1, #entries, 2 do
            used = used + tonumber(string.match(entries[i], '^(%d+):'))
          end
          local avail = budget - used
          local pause = tonumber(redis.call('GET', KEYS[2]) or '0')
          if pause > now then
            return {0, math.max(0, avail), pause - now, pause, 0, 0}
          end
          local cap = redis.call('HMGET', KEYS[3], 'left', 'until')
          local capUntil = tonumber(cap[2] or '0')
          local capped = false
          if capUntil > now then
            local left = tonumber(cap[1])
            if left < avail then
              avail = left
              capped = true
            end
          end
          if avail <= keep then
            local wait = 1
            if capped then
              wait = capUntil - now
            else
              local mustFree = used - (budget - keep - 1)
              for i = 1, #entries, 2 do
                mustFree = mustFree - tonumber(string.match(entries[i], '^(%d+):'))
                if mustFree <= 0 then
                  wait = math.max(1, tonumber(entries[i + 1]) + span - now)
                  break
                end
              end
            end
            return {0, math.max(0, avail), wait, pause, 0, 0}
          end
          local k = math.min(want, avail - keep)
          local ends = now + leaseMs
          if k == 1 then
            ends = now + 1 -- handed out at once: a plain send, no lease to keep
          end
          redis.call('ZADD', KEYS[1], ends, k .. ':' .. ARGV[7])
          redis.call('PEXPIRE', KEYS[1], 2 * span + leaseMs)
          if capUntil > now then
            redis.call('HINCRBY', KEYS[3], 'left', -k)
          end
          return {1, avail - k, 0, pause, k, ends}
          """);

  /**
   * KEYS: cap. ARGV: now ms, target, until ms. While a cap is in force, keeps the lower count and the later reset;
   * times are the caller's (the key's own TTL only collects it).
   */
  private static final LuaScript LOWER =
      new LuaScript(
          """
          local now = tonumber(ARGV[1])
          local target = tonumber(ARGV[2])
          local untilMs = tonumber(ARGV[3])
          local cap = redis.call('HMGET', KEYS[1], 'left', 'until')
          local capUntil = tonumber(cap[2] or '0')
          if capUntil > now then
            target = math.min(target, tonumber(cap[1]))
            untilMs = math.max(untilMs, capUntil)
          end
          redis.call('HSET', KEYS[1], 'left', target, 'until', untilMs)
          redis.call('PEXPIRE', KEYS[1], math.max(1, untilMs - now) + 60000)
          return target
          """);

  /** KEYS: pause. ARGV: until (epoch ms), key TTL ms. Extends the pause, never shortens it. */
  private static final LuaScript EXTEND_PAUSE =
      new LuaScript(
          """
          local current = tonumber(redis.call('GET', KEYS[1]) or '0')
          if tonumber(ARGV[1]) > current then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
          end
          return 0
          """);

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final String[] keys;
  private final String instance;
  private final Clock clock;
  private final RateLimiterConfig config;
  private final long spanMillis;
  private final int leaseTokens;
  private final Duration timeout;
  private final Duration maxPause;
  private final BackgroundPace pace;
  // Guarded by this: the current lease, leases closed but not yet shrunk in Redis, what Redis said last.
  private Lease lease;
  private final List<Lease> toShrink = new ArrayList<>();
  /** The latest end of this instance's entries: while it is within the span, they must be in the log. */
  private long lastEnd = Long.MIN_VALUE;
  private long sequence;
  /** Renewals sent and not yet answered. */
  private int renewing;
  private long sharedRemaining;
  private Instant pausedUntil = Instant.MIN;

  /** Tokens taken ahead as one entry, spent locally until {@code end}. */
  private static final class Lease {
    final long seq;
    final String member;
    final long count;
    final long end;
    long handedOut;
    long lastSend;
    long limit;

    Lease(long seq, String member, long count, long end, long now) {
      this.seq = seq;
      this.member = member;
      this.count = count;
      this.end = end;
      this.limit = count;
      this.handedOut = 1;
      this.lastSend = now + 1;
    }
  }

  SharedTokens(
      RedisClusterAsyncCommands<String, byte[]> redis,
      String logKey,
      String instance,
      RateLimiterConfig config,
      int leaseTokens,
      Duration timeout,
      Clock clock) {
    this.redis = redis;
    this.keys = new String[] {logKey, logKey + ":pause", logKey + ":cap"};
    this.instance = instance;
    this.config = config;
    this.clock = clock;
    this.spanMillis = config.window().plus(CLOCK_SKEW_MARGIN).toMillis();
    this.leaseTokens = leaseTokens;
    this.timeout = timeout;
    this.maxPause = config.maxPause();
    this.pace = new BackgroundPace(config, clock);
    this.sharedRemaining = config.budget();
  }

  @Override
  public boolean answersAtOnce() {
    return false;
  }

  /** Hands out a token of the current lease if there is one, else asks Redis (renewing the lease). */
  @Override
  public CompletableFuture<Take> take(long keep) {
    Take local = spendLease(keep);
    return local != null ? done(local) : renew(keep);
  }

  /**
   * A token of the current lease, without asking Redis: what a cut-off instance may still spend.
   *
   * @param keep the reserve a background take leaves
   * @return the take (a refusal while paused), or null when the lease cannot serve it
   */
  synchronized Take spendLease(long keep) {
    long now = clock.millis();
    if (clock.instant().isBefore(pausedUntil)) {
      return new Take(false, 0, Duration.between(clock.instant(), pausedUntil).toNanos(), pausedUntil, 0);
    }
    Lease l = lease;
    if (l == null || now >= l.end || l.handedOut >= l.limit) {
      return null;
    }
    long left = sharedRemaining + (l.limit - l.handedOut);
    if (keep > 0 && (left <= keep || pace.tryTake() > 0)) {
      return null;
    }
    l.handedOut++;
    l.lastSend = Math.max(l.lastSend, now + 1);
    return new Take(true, left - 1, 0, pausedUntil, l.seq, keep > 0);
  }

  /**
   * Closes the current lease and asks Redis for a new one in one script call that also shrinks the closed leases.
   *
   * @param keep the reserve a background take leaves
   * @return the outcome; fails when Redis does (or does not answer within the timeout)
   */
  CompletableFuture<Take> renew(long keep) {
    long now = clock.millis();
    if (keep > 0) {
      long paced = pace.tryTake();
      if (paced > 0) {
        return done(new Take(false, 0, paced, Instant.MIN, 0));
      }
    }
    long seq;
    String member;
    byte[][] args;
    List<Lease> shrinking;
    synchronized (this) {
      if (lease != null) {
        toShrink.add(lease); // closed: never spent again, shrunk by this call
        lease = null;
      }
      seq = ++sequence;
      member = instance + ":" + seq;
      // Only the first renewal in flight asks for a lease: calls arriving while it travels each ask for their own
      // token alone. Were each to take a lease, a burst of concurrent calls would tie up most of the budget in
      // leases closed unspent (counted until the next renewal shrinks them) and see it gone after a third of it.
      boolean wantLease = keep == 0 && renewing == 0;
      renewing++;
      shrinking = List.copyOf(toShrink);
      List<byte[]> a = new ArrayList<>();
      a.add(LuaScript.arg(now));
      a.add(LuaScript.arg(spanMillis));
      a.add(LuaScript.arg(config.budget()));
      a.add(LuaScript.arg(keep));
      a.add(LuaScript.arg(wantLease ? leaseTokens : 1));
      a.add(LuaScript.arg(LEASE.toMillis()));
      a.add(LuaScript.arg(member));
      a.add(LuaScript.arg(lastEnd > now - spanMillis ? 1 : 0));
      for (Lease l : shrinking) {
        a.add(LuaScript.arg(l.count + ":" + l.member));
        a.add(LuaScript.arg(l.handedOut));
        a.add(LuaScript.arg(l.lastSend));
      }
      args = a.toArray(byte[][]::new);
    }
    CompletableFuture<List<Object>> call;
    try {
      call = TAKE.<List<Object>>run(redis, ScriptOutputType.MULTI, keys, args);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .thenApply(answer -> granted(answer, seq, member, keep, now, shrinking))
        .whenComplete((take, failure) -> {
          synchronized (this) {
            renewing--;
          }
          if (keep > 0 && (failure != null || !take.consumed())) {
            pace.giveBack();
          }
        });
  }

  private synchronized Take granted(
      List<Object> answer, long seq, String member, long keep, long now, List<Lease> shrunk) {
    toShrink.removeAll(shrunk);
    boolean consumed = number(answer, 0) == 1;
    long remaining = number(answer, 1);
    long pauseMillis = number(answer, 3);
    Instant pause = pauseMillis > 0 ? bounded(pauseMillis) : Instant.MIN;
    sharedRemaining = remaining;
    if (!consumed) {
      return new Take(false, remaining, Math.max(1, number(answer, 2)) * 1_000_000, pause, 0);
    }
    long count = number(answer, 4);
    Lease granted = new Lease(seq, member, count, number(answer, 5), now);
    long at = clock.millis();
    if (lease != null && spendable(lease, at) > spendable(granted, at)) {
      toShrink.add(granted); // a concurrent renewal: keep the lease with more to spend, close the other
    } else {
      if (lease != null) {
        toShrink.add(lease);
      }
      lease = granted;
    }
    lastEnd = Math.max(lastEnd, granted.end);
    return new Take(true, remaining + count - 1, 0, pause, seq, keep > 0);
  }

  /** Tokens {@code l} may still hand out at {@code nowMillis}. */
  private static long spendable(Lease l, long nowMillis) {
    return nowMillis < l.end ? l.limit - l.handedOut : 0;
  }

  /**
   * A refusal for a cut-off instance whose lease is spent.
   *
   * @param retryNanos when Redis will next be tried
   * @return the refusal
   */
  synchronized Take refusal(long retryNanos) {
    return new Take(false, 0, retryNanos, pausedUntil, 0);
  }

  /**
   * Gives the token back to its lease while that lease is not yet shrunk in Redis; later, it stays counted. A take
   * that kept a reserve gives its token of the {@link BackgroundPace} back too.
   */
  @Override
  public synchronized CompletableFuture<Void> giveBack(Take take) {
    if (!take.consumed()) {
      return done(null);
    }
    if (take.paced()) {
      pace.giveBack();
    }
    if (lease != null && lease.seq == take.ticket()) {
      lease.handedOut = Math.max(0, lease.handedOut - 1);
    } else {
      for (Lease l : toShrink) {
        if (l.seq == take.ticket()) {
          l.handedOut = Math.max(0, l.handedOut - 1);
        }
      }
    }
    return done(null);
  }

  @Override
  public CompletableFuture<Void> lowerTo(long target, Instant until) {
    synchronized (this) {
      if (lease != null) {
        lease.limit = Math.min(lease.limit, lease.handedOut + Math.max(0, target));
      }
      sharedRemaining = Math.min(sharedRemaining, Math.max(0, target));
    }
    return call(
        LOWER,
        new String[] {keys[2]},
        LuaScript.arg(clock.millis()),
        LuaScript.arg(Math.max(0, target)),
        LuaScript.arg(until.toEpochMilli()));
  }

  @Override
  public CompletableFuture<Void> pause(Instant until) {
    synchronized (this) {
      if (until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
    }
    long ttl = Math.max(1, until.toEpochMilli() - clock.millis()) + 1_000;
    return call(EXTEND_PAUSE, new String[] {keys[1]}, LuaScript.arg(until.toEpochMilli()), LuaScript.arg(ttl));
  }

  private CompletableFuture<Void> call(LuaScript script, String[] scriptKeys, byte[]... args) {
    try {
      return script.<Long>run(redis, ScriptOutputType.INTEGER, scriptKeys, args)
          .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .thenApply(x -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The shared pause's end, never further than {@code maxPause} from now (a stray key cannot stop every instance). */
  private Instant bounded(long untilMillis) {
    long latest = clock.millis() + maxPause.toMillis();
    return Instant.ofEpochMilli(Math.min(untilMillis, latest));
  }

  private static long number(List<Object> answer, int i) {
    return ((Number) answer.get(i)).longValue();
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
