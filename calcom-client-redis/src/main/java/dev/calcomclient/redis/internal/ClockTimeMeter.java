package dev.calcomclient.redis.internal;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * Lets bucket4j read time from the client's {@link Clock}: the shared buckets are computed on the clock of the
 * instance that touches them (so the instances' clocks must agree, as NTP keeps them), and tests move every bucket
 * by moving one clock.
 */
final class ClockTimeMeter implements TimeMeter {
  private final Clock clock;

  ClockTimeMeter(Clock clock) {
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
