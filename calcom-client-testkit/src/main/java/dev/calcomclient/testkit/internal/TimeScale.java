package dev.calcomclient.testkit.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Maps the fake's clock onto simulated time: {@code factor} simulated seconds pass per clock second, counted from
 * the moment the scale was created. Rate-limit windows, blocks, sliding-window measurements and latencies are all
 * defined in simulated time, so a run at factor 60 behaves exactly like a run at factor 1 sixty times slower.
 */
public final class TimeScale {
  private final Clock clock;
  private final double factor;
  private final Instant origin;

  public TimeScale(Clock clock, double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("time scale must be a positive finite number, was " + factor);
    }
    this.clock = clock;
    this.factor = factor;
    this.origin = clock.instant();
  }

  /** Factor 1: simulated time is clock time. */
  public static TimeScale real(Clock clock) {
    return new TimeScale(clock, 1.0);
  }

  public Clock clock() {
    return clock;
  }

  public double factor() {
    return factor;
  }

  /** Simulated nanoseconds elapsed at {@code instant} since this scale was created. */
  public long simulatedNanos(Instant instant) {
    long clockNanos = Duration.between(origin, instant).toNanos();
    return factor == 1.0 ? clockNanos : Math.round(clockNanos * factor);
  }

  /** Simulated nanoseconds elapsed now. */
  public long nowNanos() {
    return simulatedNanos(clock.instant());
  }

  /** How long a simulated duration lasts on the clock (e.g. 60 s at factor 60 → 1 s). */
  public Duration toClock(Duration simulated) {
    return factor == 1.0 ? simulated : Duration.ofNanos(Math.round(simulated.toNanos() / factor));
  }
}
