package dev.calcomclient.testkit;

import dev.calcomclient.testkit.internal.ClockScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A settable, thread-safe {@link Clock} for tests: pass it to {@link FakeCalcom.Builder#clock(Clock)} (and to the
 * code under test) and move time with {@link #advance(Duration)} instead of sleeping.
 *
 * <p>Code that waits (a client's rate-limit waits, retry backoffs, pauses) must wait on the same time: give it
 * {@link #scheduler()} too, and advancing this clock runs what falls due.
 *
 * <pre>{@code
 * FakeClock clock = FakeClock.at("2050-09-01T00:00:00Z");
 * CalcomClient client = CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl())
 *     .clock(clock).scheduler(clock.scheduler()).build();
 * CompletableFuture<Booking> queued = client.bookings().createAsync(request); // waits for a token
 * clock.advance(Duration.ofSeconds(1));                                        // the token arrives: it is sent
 * }</pre>
 */
public final class FakeClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;
  private final ClockScheduler scheduler;

  private FakeClock(AtomicReference<Instant> now, ZoneId zone, ClockScheduler scheduler) {
    this.now = now;
    this.zone = zone;
    this.scheduler = scheduler;
  }

  /**
   * A clock standing at {@code instant}, in UTC.
   *
   * @param instant the time it shows until moved
   * @return the clock
   */
  public static FakeClock at(Instant instant) {
    AtomicReference<Instant> now = new AtomicReference<>(instant);
    return new FakeClock(now, ZoneOffset.UTC, new ClockScheduler(now::get, now::set));
  }

  /**
   * A clock standing at {@code isoInstant} (e.g. {@code 2050-09-05T06:00:00Z}), in UTC.
   *
   * @param isoInstant the time it shows until moved
   * @return the clock
   */
  public static FakeClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Moves the clock forward (or backward, for a negative duration). Moving forward runs every task of
   * {@link #scheduler()} that falls due, in time order, on the calling thread, with the clock showing each task's
   * due time while it runs.
   *
   * @param duration how far to move
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      now.updateAndGet(i -> i.plus(duration));
      return;
    }
    scheduler.advanceTo(now.get().plus(duration));
  }

  /**
   * Sets the clock to {@code instant}, running what falls due when that is later (see {@link #advance}).
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    if (instant.isAfter(now.get())) {
      scheduler.advanceTo(instant);
    } else {
      now.set(instant);
    }
  }

  /**
   * The scheduler that runs on this clock's time: a task scheduled with a delay runs when the clock is advanced past
   * its due time (on the advancing thread); a task due at once ({@code execute}, a zero delay) runs right away on a
   * daemon thread, so nothing waits for a clock that nobody moves. Give it to the code under test together with
   * this clock ({@code CalcomClient.Builder#scheduler}). One scheduler per clock; shutting it down only stops it
   * from taking new tasks.
   *
   * @return the scheduler of this clock
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new FakeClock(now, zone, scheduler); // shares the time source and its scheduler
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
