package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A paused scenario time stands still while the sides set up, then runs from simulated second 0. */
class SimTimeTest {

  @Test
  void aPausedClockStandsStillUntilStartedThenRunsFromWhereItStood() throws Exception {
    SimTime time = SimTime.paused(1000);
    Clock clock = time.clock();
    Instant before = clock.instant();

    Thread.sleep(20); // wall time passing is the point: 20 s simulated if the clock ran
    assertThat(clock.instant()).isEqualTo(before);
    assertThat(time.nowSeconds()).isZero();

    time.start();
    Thread.sleep(5);
    assertThat(clock.instant()).isAfter(before);
    assertThat(time.nowSeconds()).isPositive();
    assertThat(time.secondsAt(Instant.now())).isPositive();
  }

  @Test
  void startingTwiceKeepsTheFirstStart() throws Exception {
    SimTime time = SimTime.paused(1000);
    time.start();
    Thread.sleep(5);
    double running = time.nowSeconds();

    time.start();

    assertThat(time.nowSeconds()).isGreaterThanOrEqualTo(running);
  }
}
