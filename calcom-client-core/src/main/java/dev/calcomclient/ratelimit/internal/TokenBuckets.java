package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Clock;
import java.time.Duration;

/**
 * The one shape of every token bucket of the policy, and the one estimate of how long tokens take. <b>Module
 * boundary:</b> public so that the Redis module builds its shared bucket and its fallback share from the same shape.
 */
public final class TokenBuckets {
  private TokenBuckets() {}

  /**
   * A credential's full budget: capacity {@code burst}, refilling {@code refillPerWindow} per window, starting full.
   *
   * @param config the limiter's configuration
   * @return the bucket configuration (for a local bucket or a shared one)
   */
  public static BucketConfiguration budget(RateLimiterConfig config) {
    return shape(config.burstCapacity(), config.refillPerWindow(), config.window(), config.burstCapacity());
  }

  /**
   * One instance's share of the budget while the shared store is unreachable: capacity
   * {@code max(1, burst / instances)}, refilling {@code refillPerWindow} per {@code instances} windows, starting
   * <em>empty</em> (the shared bucket may have been spent just before).
   *
   * @param config the limiter's configuration
   * @param instances how many instances share the credential
   * @return the bucket configuration
   */
  public static BucketConfiguration share(RateLimiterConfig config, int instances) {
    return shape(shareCapacity(config, instances), config.refillPerWindow(), config.window().multipliedBy(instances), 0);
  }

  /**
   * The capacity of one instance's share.
   *
   * @param config the limiter's configuration
   * @param instances how many instances share the credential
   * @return {@code max(1, burstCapacity / instances)}
   */
  public static long shareCapacity(RateLimiterConfig config, int instances) {
    return Math.max(1, config.burstCapacity() / instances);
  }

  /**
   * An in-process bucket of {@code shape} on {@code clock} time.
   *
   * @param shape the bucket's configuration
   * @param clock the time the bucket refills on
   * @return the bucket
   */
  public static Bucket inProcess(BucketConfiguration shape, Clock clock) {
    LocalBucketBuilder builder = Bucket.builder();
    for (Bandwidth b : shape.getBandwidths()) {
      builder.addLimit(b);
    }
    return builder.withCustomTimePrecision(new ClockTimeMeter(clock)).build();
  }

  /**
   * How long until {@code tokens} tokens can be taken, assuming nobody else takes one: the pause, then the first
   * token, then the refill of the rest.
   *
   * @param tokens how many tokens are wanted
   * @param have the tokens there when the pause ends (before the refill during the pause), or when the first token
   *     comes
   * @param firstNanos when the first token comes (0: {@code have} are there now)
   * @param pauseNanos what is left of the credential's pause (0: not paused)
   * @param config the bucket's capacity and refill rate
   * @return the estimate
   */
  public static Duration timeUntil(long tokens, double have, long firstNanos, long pauseNanos,
      RateLimiterConfig config) {
    double perNano = (double) config.refillPerWindow() / config.window().toNanos();
    double atStart = Math.min(config.burstCapacity(), have + perNano * pauseNanos);
    double deficit = tokens - atStart;
    long refillNanos = deficit > 0 ? (long) Math.ceil(deficit / perNano) : 0;
    return Duration.ofNanos(pauseNanos + firstNanos + refillNanos);
  }

  private static BucketConfiguration shape(long capacity, long refill, Duration period, long initial) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, period).initialTokens(initial))
        .build();
  }
}
