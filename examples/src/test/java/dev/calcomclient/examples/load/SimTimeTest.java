package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A paused scenario time stands still while the sides set up, then runs from simulated second 0. */
class SimTimeTest {
  private static final Instant T0 = Instant.parse("2050-09-01T00:00:00Z");

  /** Wall time the test moves by hand. */
  private final AtomicLong wallNanos = new AtomicLong();

  private SimTime paused(double scale) {
    return new SimTime(scale, false, () -> T0.plusNanos(wallNanos.get()), wallNanos::get);
  }

  private void wallPasses(Duration d) {
    wallNanos.addAndGet(d.toNanos());
  }

  @Test
  void aPausedClockStandsStillUntilStartedThenRunsFromWhereItStood() {
    SimTime time = paused(1000);
    Clock clock = time.clock();
    Instant before = clock.instant();

    wallPasses(Duration.ofMillis(20)); // 20 s simulated if the clock ran
    assertThat(clock.instant()).isEqualTo(before);
    assertThat(time.nowSeconds()).isZero();

    time.start();
    wallPasses(Duration.ofMillis(5));
    assertThat(clock.instant()).isEqualTo(before.plusSeconds(5));
    assertThat(time.nowSeconds()).isEqualTo(5.0);
    assertThat(time.secondsAt(T0.plusMillis(20 + 5))).isEqualTo(5.0);
  }

  @Test
  void startingTwiceKeepsTheFirstStart() {
    SimTime time = paused(1000);
    time.start();
    wallPasses(Duration.ofMillis(5));
    double running = time.nowSeconds();

    time.start();

    assertThat(time.nowSeconds()).isEqualTo(running).isEqualTo(5.0);
  }
}
