package dev.calcomclient.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable, thread-safe {@link Clock} for tests: pass it to {@link FakeCalcom.Builder#clock(Clock)} (and to the
 * code under test) and move time with {@link #advance(Duration)} instead of sleeping.
 */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private FakeClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock standing at {@code instant}, in UTC.
   *
   * @param instant the instant
   * @return a clock standing at {@code instant}, in UTC
   */
  public static FakeClock at(Instant instant) {
    return new FakeClock(new AtomicReference<>(instant), ZoneOffset.UTC);
  }

  /**
   * A clock standing at {@code isoInstant} (e.g. {@code 2050-09-05T06:00:00Z}), in UTC.
   *
   * @param isoInstant the iso instant
   * @return a clock standing at {@code isoInstant} (e.g
   */
  public static FakeClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Moves the clock forward (or backward, for a negative duration).
   *
   * @param duration the duration
   */
  public void advance(Duration duration) {
    now.updateAndGet(i -> i.plus(duration));
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @param instant the instant
   */
  public void set(Instant instant) {
    now.set(instant);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, zone); // shares the time source
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
