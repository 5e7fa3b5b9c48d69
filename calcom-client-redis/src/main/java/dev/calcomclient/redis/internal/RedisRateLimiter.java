package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.ClockTimeMeter;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.PolicyRateLimiter;
import dev.calcomclient.ratelimit.internal.TokenBuckets;
import dev.calcomclient.ratelimit.internal.TokenStore;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link dev.calcomclient.ratelimit.RateLimiter} shared by every instance of a deployment: one bucket4j bucket per credential in Redis
 * (key {@code {prefix}:rl:{credentialId}}, the credential only as its hash), shaped exactly as the in-process
 * limiter's, so that the window guarantee (at most {@code limit - headroom} requests in any 60 s window) holds for
 * all instances together; a 429 seen by any instance pauses all of them through a shared pause key.
 *
 * <p>The policy (lanes, waits, adaptive lowering and pausing, attempts in flight) is core's
 * {@link PolicyRateLimiter}, the same as the in-process limiter's; this class only says where the tokens are kept:
 * {@link SharedTokens} in Redis, or {@link FallbackTokens}. Attempts in flight are those of this instance: the
 * other instances' cannot be seen, and the adaptive safety margin and headroom absorb them.
 *
 * <p>Redis calls have a bounded timeout. When one fails, this instance switches to its fallback share (see
 * {@link FallbackTokens}: {@code 1 / expectedInstances} of the budget, starting empty), and probes Redis every
 * {@code probeInterval} (on the scheduler, while calls arrive) by reading the bucket's and the pause's keys on the
 * node that holds them (on a Cluster, the promoted replica once Lettuce has followed a failover); when they answer
 * again, it charges the shared bucket with what it sent from its share in the last window and returns to the
 * shared bucket. When only some instances lose Redis, the others keep spending the shared budget while the cut-off
 * ones spend their shares: the headroom absorbs that much, which is why the share is a fraction of the budget and
 * not of the limit.
 */
public final class RedisRateLimiter extends PolicyRateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);
  /** Probe intervals without a call after which the scheduled probes stop (the next call restarts them). */
  private static final int IDLE_PROBES = 10;

  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final AsyncProxyManager<String> proxies;
  private final BucketConfiguration bucketConfiguration;
  private final String keyPrefix;
  private final int expectedInstances;
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
   * @param proxies a bucket4j proxy-manager builder on the shared connection (its clock and timeout are set here)
   * @param redis the shared connection's commands (pause keys, probes)
   * @param keyPrefix the prefix of the limiter's keys, for example {@code calcom:v1}
   * @param expectedInstances how many instances share the credential: each one's fallback share is
   *     {@code 1 / expectedInstances} of the budget
   * @param requestTimeout the longest a Redis call of the limiter may take before this instance falls back
   * @param probeInterval how often, while on the fallback share, Redis is tried again
   * @param clock the time of the buckets, waits and pauses
   * @param scheduler completes waits (scheduled, never parked threads) and runs the probes while on the fallback
   *     share; not shut down by the limiter
   * @param completions where callers' futures are completed (off Redis's I/O threads)
   */
  public RedisRateLimiter(
      RateLimiterConfig config,
      Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> proxies,
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
    this.expectedInstances = expectedInstances;
    this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
    this.proxies =
        proxies
            .clientClock(new ClockTimeMeter(clock))
            .requestTimeout(requestTimeout)
            .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(config.window()))
            .build()
            .asAsync();
    this.bucketConfiguration = TokenBuckets.budget(config);
  }

  /** Whether this instance takes tokens from the shared bucket now (false while on its fallback share). */
  public boolean isShared() {
    return sharedUp;
  }

  /** How often this instance went back from its fallback share to the shared bucket; for tests. */
  int rejoins() {
    return rejoins.get();
  }

  /** Completes when the last pause or lowering learnt from a response has reached the bucket; for tests. */
  @Override
  protected CompletableFuture<Void> lastAdjustment() {
    return super.lastAdjustment();
  }

  /** The Redis key of {@code credentialId}'s shared bucket. */
  String bucketKey(String credentialId) {
    return keyPrefix + ":rl:" + credentialId;
  }

  /** The Redis key of {@code credentialId}'s shared pause. */
  private String pauseKey(String credentialId) {
    return bucketKey(credentialId) + ":pause";
  }

  @Override
  protected TokenStore newStore(String credentialId) {
    return credentials.computeIfAbsent(credentialId, this::newCredential);
  }

  private Credential newCredential(String credentialId) {
    SharedTokens shared =
        new SharedTokens(
            proxies
                .builder()
                .build(bucketKey(credentialId), () -> CompletableFuture.completedFuture(bucketConfiguration)),
            redis,
            pauseKey(credentialId),
            clock,
            policyConfig().maxPause());
    return new Credential(credentialId, shared, new FallbackTokens(policyConfig(), clock, expectedInstances));
  }

  private void sharedFailed(Throwable failure) {
    synchronized (this) {
      nextProbeAt = clock.instant().plus(probeInterval);
      if (!sharedUp) {
        return;
      }
      sharedUp = false;
      // Every share starts empty: the shared bucket may have just been spent (see FallbackTokens).
      credentials.values().forEach(c -> c.fallback.restartEmpty());
    }
    log.warn(
        "Redis rate limiter unreachable ({}); sending from this instance's share of 1/{} of the budget until it is"
            + " back",
        failure.toString(),
        expectedInstances);
  }

  /**
   * While on the fallback and calls keep coming, probes every probe interval on the scheduler: calls that wait in
   * the lanes reach the token store only as often as the fallback share refills, which made the probes (and, on a
   * Cluster, the topology refreshes they trigger) seconds apart. Stops once shared again, or when no call came for
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

  /** While on the fallback, tries Redis again at most every probe interval; rejoins when it answers. */
  private void maybeProbe() {
    if (sharedUp || clock.instant().isBefore(nextProbeAt) || !probing.compareAndSet(false, true)) {
      return;
    }
    nextProbeAt = clock.instant().plus(probeInterval);
    Instant asOf = clock.instant();
    reachesEveryBucket()
        .thenCompose(
            answered -> {
              List<CompletableFuture<Long>> charges = new ArrayList<>();
              for (Credential c : credentials.values()) {
                charges.add(c.shared.charge(c.fallback.usedInWindowBefore(asOf)));
              }
              return CompletableFuture.allOf(charges.toArray(CompletableFuture[]::new));
            })
        .whenComplete(
            (ok, failure) -> {
              if (failure == null) {
                credentials.values().forEach(c -> c.fallback.forgetUsedUpTo(asOf));
                synchronized (this) {
                  sharedUp = true;
                }
                rejoins.incrementAndGet();
                log.info("Redis rate limiter reachable again; back on the shared bucket");
              }
              probing.set(false);
            });
  }

  /**
   * Whether every credential's shared bucket and pause answer: a read of each key (its remaining time to live),
   * which goes to the node that serves the key's slot. Not a {@code PING}, which on a Cluster asks whichever node the
   * connection happens to use: while the node holding a bucket is down (a master killed, its replica not yet
   * promoted), a ping elsewhere answers, the limiter would go back to the bucket, fail on its first take and
   * restart its fallback share empty, again at every probe.
   */
  private CompletableFuture<Void> reachesEveryBucket() {
    List<CompletableFuture<Long>> reads = new ArrayList<>();
    try {
      for (Credential c : credentials.values()) {
        reads.add(redis.pttl(bucketKey(c.id)).toCompletableFuture());
        reads.add(redis.pttl(pauseKey(c.id)).toCompletableFuture());
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new));
  }

  @Override
  public String toString() {
    return "RedisRateLimiter{" + policyConfig() + ", expectedInstances=" + expectedInstances + ", shared=" + sharedUp + '}';
  }

  /**
   * One credential's tokens: the shared bucket, or this instance's fallback share when Redis is (or turns out to
   * be) unreachable.
   */
  private final class Credential implements TokenStore {
    final String id;
    final SharedTokens shared;
    final FallbackTokens fallback;

    Credential(String id, SharedTokens shared, FallbackTokens fallback) {
      this.id = id;
      this.shared = shared;
      this.fallback = fallback;
    }

    @Override
    public boolean answersAtOnce() {
      return false;
    }

    @Override
    public CompletableFuture<Take> take(long keep) {
      return apply(s -> s.take(keep));
    }

    @Override
    public CompletableFuture<Void> giveBack() {
      return apply(TokenStore::giveBack);
    }

    @Override
    public CompletableFuture<Void> lowerTo(long target) {
      return apply(s -> s.lowerTo(target));
    }

    @Override
    public CompletableFuture<Void> pause(Instant until) {
      return apply(s -> s.pause(until));
    }

    private <T> CompletableFuture<T> apply(Function<TokenStore, CompletableFuture<T>> op) {
      if (!sharedUp) {
        lastCallAt = clock.instant();
        maybeProbe();
        ensureProbeLoop();
        return op.apply(fallback);
      }
      CompletableFuture<T> onShared;
      try {
        onShared = op.apply(shared);
      } catch (RuntimeException e) {
        onShared = CompletableFuture.failedFuture(e);
      }
      return onShared.exceptionallyCompose(
          failure -> {
            sharedFailed(failure);
            return op.apply(fallback);
          });
    }
  }
}
