package dev.calcomclient.redis.internal;

import dev.calcomclient.internal.RateLimitHeaders;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.ClockTimeMeter;
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
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RateLimiter} shared by every instance of a deployment: one bucket4j bucket per credential in Redis
 * (key {@code {prefix}:rl:{credentialId}}, the credential only as its hash), shaped exactly as the in-process
 * limiter's, so that the window guarantee (at most {@code limit - headroom} requests in any 60 s window) holds for
 * all instances together; a 429 seen by any instance pauses all of them through a shared pause key.
 *
 * <p>Redis calls have a bounded timeout. When one fails, this instance switches to its fallback share (see
 * {@link FallbackTokens}: {@code 1 / expectedInstances} of the budget, starting empty), and probes Redis every
 * {@code probeInterval} while calls arrive; when Redis answers again, it charges the shared bucket with what it
 * sent from its share in the last window and returns to the shared bucket. When only some instances lose Redis,
 * the others keep spending the shared budget while the cut-off ones spend their shares: the headroom absorbs that
 * much, which is why the share is a fraction of the budget and not of the limit.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RedisRateLimiter.class);

  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final AsyncProxyManager<String> proxies;
  private final BucketConfiguration bucketConfiguration;
  private final String keyPrefix;
  private final int expectedInstances;
  private final Duration probeInterval;
  private final ConcurrentHashMap<String, Credential> credentials = new ConcurrentHashMap<>();
  private final RateLimitHeaders headers;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean sharedUp = true;
  private volatile Instant nextProbeAt = Instant.MIN;
  private volatile CompletableFuture<Void> lastAdjustment = CompletableFuture.completedFuture(null);

  /**
   * Creates a limiter.
   *
   * @param proxies a bucket4j proxy-manager builder on the shared connection (its clock and timeout are set here)
   * @param redis the shared connection's commands (pause keys, probes)
   * @param keyPrefix the prefix of the limiter's keys, for example {@code calcom:v1}
   * @param expectedInstances how many instances share the credential: each one's fallback share is
   *     {@code 1 / expectedInstances} of the budget
   * @param requestTimeout the longest a Redis call of the limiter may take before this instance falls back
   * @param probeInterval how often, while on the fallback share, Redis is tried again
   * @param scheduler completes waits (scheduled, never parked threads); not shut down by the limiter
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
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.headers = RateLimitHeaders.of(config);
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.completions = Objects.requireNonNull(completions, "completions");
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
    int capacity = config.burstCapacity();
    this.bucketConfiguration =
        BucketConfiguration.builder()
            .addLimit(
                limit ->
                    limit
                        .capacity(capacity)
                        .refillGreedy(config.refillPerWindow(), config.window())
                        .initialTokens(capacity))
            .build();
  }

  @Override
  public CompletableFuture<Duration> acquire(CalcomRequest request) {
    return credential(request.credentialId()).lanes.acquire(request);
  }

  @Override
  public void onResponse(CalcomRequest request, CalcomResponse response) {
    DistributedCredentialBucket lanes = credential(request.credentialId()).lanes;
    Instant now = clock.instant();
    if (response.status() == 429) {
      lastAdjustment = lanes.pauseUntil(now.plus(headers.retryAfter(response)));
      return;
    }
    OptionalLong remaining = headers.remaining(response);
    if (remaining.isEmpty()) {
      return;
    }
    long target = remaining.getAsLong() - config.adaptiveSafetyMargin();
    OptionalLong reset = headers.resetSeconds(response);
    if (target <= 0 && reset.isPresent() && reset.getAsLong() > 0) {
      lastAdjustment = lanes.pauseUntil(now.plus(Duration.ofSeconds(reset.getAsLong())));
    } else if (target < config.burstCapacity()) {
      // Only then can the bucket hold more than the server allows; otherwise there is nothing to lower.
      lastAdjustment = lanes.lowerTo(target);
    }
  }

  @Override
  public Optional<RateLimiterConfig> config() {
    return Optional.of(config);
  }

  /** The tokens the last answer for {@code credentialId} reported (0 while paused). */
  @Override
  public OptionalLong availableTokens(String credentialId) {
    Credential c = credentials.get(credentialId);
    return c == null ? OptionalLong.empty() : OptionalLong.of(c.lanes.knownAvailable());
  }

  /** Whether this instance takes tokens from the shared bucket now (false while on its fallback share). */
  public boolean isShared() {
    return sharedUp;
  }

  /** When {@code credentialId}'s pause ends, as this instance knows it ({@link Instant#MIN}: never paused). */
  public Instant pausedUntil(String credentialId) {
    Credential c = credentials.get(credentialId);
    return c == null ? Instant.MIN : c.lanes.pausedUntil();
  }

  @Override
  public Optional<Instant> pauseEnd(String credentialId) {
    Instant until = pausedUntil(credentialId);
    return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /** Completes when the last pause or lowering learnt from a response has reached the bucket; for tests. */
  CompletableFuture<Void> lastAdjustment() {
    return lastAdjustment;
  }

  /** The Redis key of {@code credentialId}'s shared bucket. */
  String bucketKey(String credentialId) {
    return keyPrefix + ":rl:" + credentialId;
  }

  private Credential credential(String credentialId) {
    return credentials.computeIfAbsent(credentialId, this::newCredential);
  }

  private Credential newCredential(String credentialId) {
    SharedTokens shared =
        new SharedTokens(
            proxies
                .builder()
                .build(bucketKey(credentialId), () -> CompletableFuture.completedFuture(bucketConfiguration)),
            redis,
            bucketKey(credentialId) + ":pause",
            clock,
            config.maxPause());
    FallbackTokens fallback = new FallbackTokens(config, clock, expectedInstances);
    Credential c = new Credential(shared, fallback);
    c.lanes = new DistributedCredentialBucket(config, clock, scheduler, completions, c);
    return c;
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

  /** While on the fallback, tries Redis again at most every probe interval; rejoins when it answers. */
  private void maybeProbe() {
    if (sharedUp || clock.instant().isBefore(nextProbeAt) || !probing.compareAndSet(false, true)) {
      return;
    }
    nextProbeAt = clock.instant().plus(probeInterval);
    Instant asOf = clock.instant();
    CompletableFuture<?> probe;
    try {
      probe = redis.ping().toCompletableFuture();
    } catch (RuntimeException e) {
      probe = CompletableFuture.failedFuture(e);
    }
    probe
        .thenCompose(
            pong -> {
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
                log.info("Redis rate limiter reachable again; back on the shared bucket");
              }
              probing.set(false);
            });
  }

  @Override
  public String toString() {
    return "RedisRateLimiter{" + config + ", expectedInstances=" + expectedInstances + ", shared=" + sharedUp + '}';
  }

  /** One credential: its shared bucket, its fallback share, and its lanes on this instance. */
  private final class Credential implements DistributedCredentialBucket.SourceSelector {
    final SharedTokens shared;
    final FallbackTokens fallback;
    DistributedCredentialBucket lanes;

    Credential(SharedTokens shared, FallbackTokens fallback) {
      this.shared = shared;
      this.fallback = fallback;
    }

    @Override
    public <T> CompletableFuture<T> apply(Function<TokenSource, CompletableFuture<T>> op) {
      if (!sharedUp) {
        maybeProbe();
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
