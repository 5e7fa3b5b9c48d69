package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.TokenStore;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A credential's shared bucket (bucket4j's compare-and-swap proxy on Redis) and its shared pause (a key holding the
 * pause's end in epoch milliseconds, only ever extended). Every take also reads the pause in the same pipeline, so
 * a 429 seen by one instance stops every instance.
 */
final class SharedTokens implements TokenStore {
  // KEYS[1]: pause key. ARGV[1]: until (epoch ms), ARGV[2]: key TTL ms. Extends the pause, never shortens it.
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

  private final AsyncBucketProxy bucket;
  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final String pauseKey;
  private final Clock clock;
  private final Duration maxPause;

  SharedTokens(
      AsyncBucketProxy bucket,
      RedisClusterAsyncCommands<String, byte[]> redis,
      String pauseKey,
      Clock clock,
      Duration maxPause) {
    this.bucket = bucket;
    this.redis = redis;
    this.pauseKey = pauseKey;
    this.clock = clock;
    this.maxPause = maxPause;
  }

  @Override
  public boolean answersAtOnce() {
    return false;
  }

  /** Takes regardless of {@code keep}: the shared bucket cannot check and take in one step. */
  @Override
  public CompletableFuture<Take> take(long keep) {
    try {
      CompletableFuture<byte[]> pause = redis.get(pauseKey).toCompletableFuture();
      return bucket
          .tryConsumeAndReturnRemaining(1)
          .thenCombine(
              pause,
              (probe, until) ->
                  new Take(
                      probe.isConsumed(),
                      probe.getRemainingTokens(),
                      probe.getNanosToWaitForRefill(),
                      until == null ? Instant.MIN : bounded(parse(until))));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public CompletableFuture<Void> giveBack() {
    return call(() -> bucket.addTokens(1));
  }

  @Override
  public CompletableFuture<Void> lowerTo(long target) {
    return call(
        () ->
            bucket
                .getAvailableTokens()
                .thenCompose(
                    available ->
                        available > Math.max(0, target)
                            ? bucket.tryConsumeAsMuchAsPossible(available - Math.max(0, target)).thenApply(n -> null)
                            : CompletableFuture.completedFuture(null)));
  }

  @Override
  public CompletableFuture<Void> pause(Instant until) {
    long ttl = Math.max(1, Duration.between(clock.instant(), until).toMillis()) + 1_000;
    return call(
        () ->
            EXTEND_PAUSE.<Long>run(
                    redis,
                    ScriptOutputType.INTEGER,
                    new String[] {pauseKey},
                    LuaScript.arg(until.toEpochMilli()),
                    LuaScript.arg(ttl))
                .thenCompose(extended -> bucket.tryConsumeAsMuchAsPossible())
                .thenApply(n -> null));
  }

  /** Takes up to {@code tokens} from the shared bucket: what this instance sent from its share while cut off. */
  CompletableFuture<Long> charge(long tokens) {
    if (tokens <= 0) {
      return CompletableFuture.completedFuture(0L);
    }
    try {
      return bucket.tryConsumeAsMuchAsPossible(tokens);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The shared pause's end, never further than {@code maxPause} from now (a stray key cannot stop every instance). */
  private Instant bounded(long untilMillis) {
    long latest = clock.millis() + maxPause.toMillis();
    return Instant.ofEpochMilli(Math.min(untilMillis, latest));
  }

  private static long parse(byte[] millis) {
    try {
      return Long.parseLong(new String(millis, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static <T> CompletableFuture<Void> call(java.util.function.Supplier<CompletableFuture<T>> op) {
    try {
      return op.get().thenApply(x -> null);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
