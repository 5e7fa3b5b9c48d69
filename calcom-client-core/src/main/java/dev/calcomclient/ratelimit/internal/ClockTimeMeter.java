package dev.calcomclient.ratelimit.internal;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * Lets bucket4j read time from the client's {@link Clock}, so tests move the buckets by moving the clock. Shared by
 * the local limiter and the Redis module's distributed one.
 *
 * <p>Module boundary: used by calcom-client-redis ({@code RedisRateLimiter}); not an API.
 */
public final class ClockTimeMeter implements TimeMeter {
  private final Clock clock;

  /** A time meter reading {@code clock}. */
  public ClockTimeMeter(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long currentTimeNanos() {
    Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
