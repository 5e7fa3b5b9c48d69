package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * How fast background and batch work may spend a credential's budget: a token bucket (bucket4j) of capacity
 * {@code burstCapacity - backgroundReserveTokens} refilling {@code budget - backgroundReserveTokens} per window, on
 * the client's clock. Every take that keeps the reserve ({@link dev.calcomclient.pipeline.Priority#BACKGROUND} and
 * {@link dev.calcomclient.pipeline.Priority#BATCH} calls; a reserve of 0 keeps nothing and so is not paced) takes a
 * token of the pace too, and a batch call is only ever granted such a take. The sliding window lets callers send
 * the whole budget at once; without a pace, one burst of background or batch work would fill the window in an
 * instant and leave callers only the reserve until it frees a window later. Paced, that work spends the budget as
 * evenly as the window frees it. The pace only refuses; the window guarantee is the log's. A take given back (never
 * sent) returns its pace token too ({@link LaneScheduler.Take#paced()}). <b>Module boundary:</b> public so that the
 * Redis module paces its reserve-keeping takes too.
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

  /** Returns a pace token taken but not used: the take was refused by the window, or its token was given back. */
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
