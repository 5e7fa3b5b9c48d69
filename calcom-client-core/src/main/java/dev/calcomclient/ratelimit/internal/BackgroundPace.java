package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * How fast background work may spend a credential's budget: a token bucket (bucket4j) of capacity
 * {@code burstCapacity - backgroundReserveTokens} refilling {@code budget - backgroundReserveTokens} per window, on
 * the client's clock. The sliding window lets callers send the whole budget at once; without a pace, one burst of
 * background work would fill the window in an instant and leave callers only the reserve until it frees a window
 * later. Paced, background spends the budget as evenly as the window frees it. The pace only refuses; the window
 * guarantee is the log's. <b>Module boundary:</b> public so that the Redis module paces its background takes too.
 */
public final class BackgroundPace {
  private final Bucket bucket;

  /**
   * A full pace for {@code config}'s credential.
   *
   * @param config the budget, burst and reserve
   * @param clock the time the pace refills on
   */
  public BackgroundPace(RateLimiterConfig config, Clock clock) {
    long reserve = config.backgroundReserveTokens();
    long capacity = Math.max(1, config.burstCapacity() - reserve);
    long refill = Math.max(1, config.budget() - reserve);
    this.bucket =
        Bucket.builder()
            .addLimit(l -> l.capacity(capacity).refillGreedy(refill, config.window()))
            .withCustomTimePrecision(new ClockTime(clock))
            .build();
  }

  /**
   * Takes one background token if the pace allows it now.
   *
   * @return 0 when taken, else the nanoseconds until the pace allows one
   */
  public long tryTake() {
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    return p.isConsumed() ? 0 : Math.max(1, p.getNanosToWaitForRefill());
  }

  /** Returns a background token taken but not used. */
  public void giveBack() {
    bucket.addTokens(1);
  }

  /** bucket4j's time read from the client's clock, so tests move the pace by moving the clock. */
  record ClockTime(Clock clock) implements TimeMeter {
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
}
