package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.PolicyRateLimiter;
import dev.calcomclient.ratelimit.internal.TokenStore;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link dev.calcomclient.ratelimit.RateLimiter} shared by every instance of a deployment: one exact sliding log
 * per credential in Redis (key {@code {prefix}:rl:{credentialId}}, the credential only as its hash, in braces so
 * that the log, the pause and the cap share a Cluster slot), taken from with one Lua script per round trip, so that
 * the window guarantee (at most {@code limit - headroom} requests in any 60 s window) holds for all instances
 * together; a 429 seen by any instance pauses all of them through a shared pause key. See {@link SharedTokens} for
 * the log, the leases and the proof that no partition can push the key past the budget.
 *
 * <p>The policy (lanes, waits, adaptive lowering and pausing, attempts in flight) is core's
 * {@link PolicyRateLimiter}, the same as the in-process limiter's; this class only says where the tokens are kept.
 * Attempts in flight are those of this instance: the other instances' cannot be seen, and the adaptive safety
 * margin and headroom absorb them.
 *
 * <p>Redis calls have a bounded timeout. When one fails, this instance spends only what is left of its current
 * lease (tokens the shared log already counts) and then refuses calls with a local
 * {@link dev.calcomclient.RateLimitedException}: there is no fallback share, because any token not granted by the
 * shared log could be one too many in some window. It probes Redis every {@code probeInterval} while calls arrive,
 * and takes from the shared log again as soon as Redis answers.
 */
public final class RedisRateLimiter extends PolicyRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
  /** Probe intervals without a call after which the scheduled probes stop (the next call restarts them). */
  private static final int IDLE_PROBES = 10;

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final String keyPrefix;
  private final String instance = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final int leaseTokens;
  private final Duration requestTimeout;
  private final Duration probeInterval;
  private final ConcurrentHashMap<String, Credential> credentials = new ConcurrentHashMap<>();
  private final AtomicBoolean probing = new AtomicBoolean();
  private final AtomicInteger rejoins = new AtomicInteger();
  private final AtomicBoolean probeLoop = new AtomicBoolean();
  private volatile Instant lastCallAt = Instant.MIN;
  private volatile boolean sharedUp = true;
  private volatile Instant nextProbeAt = Instant.MIN;

  /**
   * Creates a limiter.
   *
   * @param config the budget, lanes and margins
   * @param redis the shared connection's commands
   * @param keyPrefix the prefix of the limiter's keys, for example {@code calcom:v1}
   * @param expectedInstances how many instances share the credential: sizes the leases (at most 3 tokens, fewer
   *     when many instances share a small budget)
   * @param requestTimeout the longest a Redis call of the limiter may take before this instance counts Redis as
   *     unreachable
   * @param probeInterval how often, while Redis is unreachable, it is tried again
   * @param clock the time of the log, waits and pauses (passed to Redis with every call)
   * @param scheduler completes waits (scheduled, never parked threads) and runs the probes while Redis is
   *     unreachable; not shut down by the limiter
   * @param completions where callers' futures are completed (off Redis's I/O threads)
   */
  public RedisRateLimiter(
      RateLimiterConfig config,
      RedisClusterAsyncCommands<String, byte[]> redis,
      String keyPrefix,
      int expectedInstances,
      Duration requestTimeout,
      Duration probeInterval,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor completions) {
    super(config, clock, scheduler, completions, ", shared by every instance");
    this.clock = clock;
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.redis = Objects.requireNonNull(redis, "redis");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    if (expectedInstances < 1) {
      throw new IllegalArgumentException("expectedInstances must be >= 1, got: " + expectedInstances);
    }
    this.leaseTokens = leaseTokens(config, expectedInstances);
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
  }

  /**
   * The most tokens one lease holds: 3, or fewer when the instances would together hold more than a tenth of the
   * budget in leases (at least 1). Small leases keep what a cut-off instance may still spend, and what an idle
   * instance holds unused until its next renewal, small.
   */
  static int leaseTokens(RateLimiterConfig config, int instances) {
    return (int) Math.max(1, Math.min(3, config.budget() / (10L * instances)));
  }

  /** Whether this instance takes tokens from the shared log now (false while Redis is unreachable). */
  public boolean isShared() {
    return sharedUp;
  }

  /** How often this instance went back to the shared log after Redis was unreachable; for tests. */
  int rejoins() {
    return rejoins.get();
  }

  /** Completes when the last pause or lowering learnt from a response has reached Redis; for tests. */
  @Override
  protected CompletableFuture<Void> lastAdjustment() {
    return super.lastAdjustment();
  }

  /** The Redis key of {@code credentialId}'s shared log (a sorted set); the pause and the cap are next to it. */
  String bucketKey(String credentialId) {
    return keyPrefix + ":rl:{" + credentialId + "}";
  }

  @Override
  protected TokenStore newStore(String credentialId) {
    return credentials.computeIfAbsent(credentialId, this::newCredential);
  }

  private Credential newCredential(String credentialId) {
    return new Credential(
        new SharedTokens(
            redis, bucketKey(credentialId), instance, policyConfig(), leaseTokens, requestTimeout, clock));
  }

  private void sharedFailed(Throwable failure) {
    synchronized (this) {
      nextProbeAt = clock.instant().plus(probeInterval);
      if (!sharedUp) {
        return;
      }
      sharedUp = false;
    }
    log.warn(
        "Redis rate limiter unreachable ({}); spending only what is left of this instance's lease, then refusing"
            + " calls until it is back",
        failure.toString());
  }

  /**
   * While Redis is unreachable and calls keep coming, probes every probe interval on the scheduler: calls refused or
   * waiting in the lanes reach the token store only now and then, which made the probes (and, on a Cluster, the
   * topology refreshes they trigger) seconds apart. Stops once shared again, or when no call came for
   * {@link #IDLE_PROBES} intervals (the next call starts it again).
   */
  private void ensureProbeLoop() {
    if (probeLoop.compareAndSet(false, true)) {
      scheduleProbeTick();
    }
  }

  private void scheduleProbeTick() {
    try {
      // A millisecond late, so that the tick never lands just before nextProbeAt on a coarser clock.
      scheduler.schedule(this::probeTick, probeInterval.toNanos() + 1_000_000, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      probeLoop.set(false); // the scheduler is shut down; calls still probe
    }
  }

  private void probeTick() {
    if (sharedUp || clock.instant().isAfter(lastCallAt.plus(probeInterval.multipliedBy(IDLE_PROBES)))) {
      probeLoop.set(false);
      return;
    }
    maybeProbe();
    scheduleProbeTick();
  }

  /**
   * While Redis is unreachable, tries it again at most every probe interval; takes from it again when it answers
   * (the shared log kept counting this instance's leases meanwhile; a Redis that lost it is detected by the next
   * take, see {@link SharedTokens}).
   */
  private void maybeProbe() {
    if (sharedUp || clock.instant().isBefore(nextProbeAt) || !probing.compareAndSet(false, true)) {
      return;
    }
    nextProbeAt = clock.instant().plus(probeInterval);
    reachesEveryLog().orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete(
        (ok, failure) -> {
          if (failure == null) {
            synchronized (this) {
              sharedUp = true;
            }
            rejoins.incrementAndGet();
            log.info("Redis rate limiter reachable again; back on the shared log");
          }
          probing.set(false);
        });
  }

  /**
   * Whether every credential's shared log answers: a read of its key (its remaining time to live), which goes to the
   * node that serves the key's slot (the log, its pause and its cap share one slot). Not a {@code PING}, which on a
   * Cluster asks whichever node the connection happens to use: while the node holding a log is down (a master
   * killed, its replica not yet promoted), a ping elsewhere answers, the limiter would go back to the log, fail on
   * its first take and be cut off again, at every probe.
   */
  private CompletableFuture<Void> reachesEveryLog() {
    List<CompletableFuture<Long>> reads = new ArrayList<>();
    try {
      for (String id : credentials.keySet()) {
        reads.add(redis.pttl(bucketKey(id)).toCompletableFuture());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
  }

  @Override
  public String toString() {
    return "RedisRateLimiter{" + policyConfig() + ", leaseTokens=" + leaseTokens + ", shared=" + sharedUp + '}';
  }

  /** One credential's tokens: its lease, the shared log while Redis answers, else refusals until it is back. */
  private final class Credential implements TokenStore {
    final SharedTokens shared;

    Credential(SharedTokens shared) {
      this.shared = shared;
    }

    @Override
    public boolean answersAtOnce() {
      return false;
    }

    @Override
    public CompletableFuture<Take> take(long keep) {
      Take local = shared.spendLease(keep);
      if (local != null) {
        return CompletableFuture.completedFuture(local);
      }
      if (!sharedUp) {
        lastCallAt = clock.instant();
        maybeProbe();
        ensureProbeLoop();
        return CompletableFuture.completedFuture(shared.refusal(untilProbe()));
      }
      return shared
          .renew(keep)
          .exceptionally(
              failure -> {
                sharedFailed(failure);
                return shared.refusal(untilProbe());
              });
    }

    @Override
    public CompletableFuture<Void> giveBack(Take take) {
      return shared.giveBack(take);
    }

    @Override
    public CompletableFuture<Void> lowerTo(long target, Instant until) {
      return tolerant(shared.lowerTo(target, until));
    }

    @Override
    public CompletableFuture<Void> pause(Instant until) {
      return tolerant(shared.pause(until));
    }

    private long untilProbe() {
      long nanos = Duration.between(clock.instant(), nextProbeAt).toNanos();
      return Math.max(probeInterval.toNanos() / 10, nanos);
    }

    /** The local part (lease, pause) is recorded at once; a Redis failure only marks Redis as unreachable. */
    private CompletableFuture<Void> tolerant(CompletableFuture<Void> remote) {
      return remote.exceptionally(
          failure -> {
            sharedFailed(failure);
            return null;
          });
    }
  }
}
