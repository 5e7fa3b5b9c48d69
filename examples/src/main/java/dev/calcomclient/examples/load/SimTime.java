package dev.calcomclient.examples.load;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Simulated time of one scenario: {@code scale} simulated seconds pass per wall-clock second, counted from the
 * moment the scenario starts. The client under test reads {@link #clock()} (so its rate limiter, breaker and
 * deadlines run in simulated time), FakeCalcom is built with the same factor, and every figure of the report is in
 * simulated time.
 *
 * <p>A scenario's time can be created {@linkplain #paused paused}: its clock stands still (at the real now of its
 * creation) while both sides set up their clients, which for four instances on Redis takes long enough to matter
 * (about a second of wall time, a simulated minute at x60), and runs from {@link #start()}.
 */
final class SimTime {
  private final double scale;
  private final Instant clockOrigin;
  private volatile long originNanos;
  private volatile Instant originWall;
  private volatile boolean started;
  private final Supplier<Instant> wallNow;
  private final LongSupplier wallNanos;

  /** Time that runs from now. */
  SimTime(double scale) {
    this(scale, true, Instant::now, System::nanoTime);
  }

  /**
   * Time on the given wall-clock sources (tests pass their own).
   *
   * @param wallNow the wall-clock instant
   * @param wallNanos a monotonic nanosecond counter running with {@code wallNow}
   */
  SimTime(double scale, boolean start, Supplier<Instant> wallNow, LongSupplier wallNanos) {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("time scale must be a positive number, got " + scale);
    }
    this.scale = scale;
    this.wallNow = wallNow;
    this.wallNanos = wallNanos;
    this.clockOrigin = wallNow.get();
    this.originWall = clockOrigin;
    this.originNanos = wallNanos.getAsLong();
    if (start) {
      started = true;
    }
  }

  /** Time whose clock stands still until {@link #start()}. */
  static SimTime paused(double scale) {
    return new SimTime(scale, false, Instant::now, System::nanoTime);
  }

  /** Lets a {@linkplain #paused paused} time run from now; simulated second 0 is now. Does nothing if running. */
  synchronized void start() {
    if (started) {
      return;
    }
    originWall = wallNow.get();
    originNanos = wallNanos.getAsLong();
    started = true;
  }

  double scale() {
    return scale;
  }

  /** Simulated nanoseconds since the scenario started. */
  long nowNanos() {
    return started ? Math.round((wallNanos.getAsLong() - originNanos) * scale) : 0;
  }

  double nowSeconds() {
    return nowNanos() / 1e9;
  }

  /** Simulated seconds since the scenario started at a wall-clock instant (e.g. a journal entry of the fake). */
  double secondsAt(Instant wall) {
    return Duration.between(originWall, wall).toNanos() * scale / 1e9;
  }

  /** The wall-clock instant at which {@code simSeconds} of simulated time will have passed (inverse of secondsAt). */
  Instant wallAt(double simSeconds) {
    return originWall.plusNanos(Math.round(simSeconds * 1e9 / scale));
  }

  /** Simulated milliseconds that {@code wallNanos} of wall time represent. */
  double simMillis(long wallNanos) {
    return wallNanos * scale / 1e6;
  }

  /** How long a simulated duration lasts on the wall clock. */
  Duration toWall(Duration simulated) {
    return Duration.ofNanos(Math.max(0, Math.round(simulated.toNanos() / scale)));
  }

  /** Sleeps for a simulated duration. */
  void sleep(Duration simulated) throws InterruptedException {
    long nanos = toWall(simulated).toNanos();
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  /**
   * A clock showing simulated time: it shows the real now of this time's creation until it starts, then runs
   * {@code scale} times faster.
   */
  Clock clock() {
    return new ScaledClock(ZoneOffset.UTC);
  }

  private final class ScaledClock extends Clock {
    private final ZoneId zone;

    ScaledClock(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new ScaledClock(zone);
    }

    @Override
    public Instant instant() {
      return clockOrigin.plusNanos(nowNanos());
    }
  }
}
