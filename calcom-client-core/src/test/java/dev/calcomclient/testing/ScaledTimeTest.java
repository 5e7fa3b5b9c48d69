package dev.calcomclient.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.pipeline.CalcomResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The driven clock that timing-sensitive tests against the fake rely on. */
class ScaledTimeTest {
  private static final Instant ORIGIN = Instant.parse("2050-01-03T08:00:00Z");

  @Test
  void drivenTimeRunsEveryScheduledTaskAtItsExactSimulatedDueTime() throws Exception {
    try (ScaledTime time = ScaledTime.driven(20, ORIGIN)) {
      List<CompletableFuture<Instant>> ranAt = new ArrayList<>();
      long[] delays = {1, 37, 550, 1_100, 2_000};
      CompletableFuture<Instant> scheduledAt = new CompletableFuture<>();
      // Scheduled from a task on the driver thread, where time does not move while the task runs.
      time.scheduler()
          .execute(
              () -> {
                for (long millis : delays) {
                  CompletableFuture<Instant> f = new CompletableFuture<>();
                  time.scheduler().schedule(() -> f.complete(time.now()), millis, TimeUnit.MILLISECONDS);
                  ranAt.add(f);
                }
                scheduledAt.complete(time.now());
              });
      Instant from = scheduledAt.get(60, TimeUnit.SECONDS);
      for (int i = 0; i < delays.length; i++) {
        // However late the driver thread runs on a loaded machine, the task sees its own due time: never later.
        assertThat(ranAt.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(from.plusMillis(delays[i]));
      }
    }
  }

  @Test
  void drivenTimeMovesForwardAtMostScaleTimesRealTime() throws Exception {
    long realStart = System.nanoTime();
    try (ScaledTime time = ScaledTime.driven(20, ORIGIN)) {
      time.after(Duration.ofSeconds(2)).get(60, TimeUnit.SECONDS);
      Duration simulated = Duration.between(ORIGIN, time.now());
      long realNanos = System.nanoTime() - realStart;
      assertThat(simulated).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      // Never faster than the scale (plus one step of slack for the step in progress).
      assertThat(simulated.toNanos()).isLessThanOrEqualTo(Math.round(realNanos * 20.0) + ScaledTime.MAX_STEP.toNanos());
    }
  }

  @Test
  void drivenTimeStandsStillWhileAnAttemptIsInFlightAndMovesOnAfterwards() throws Exception {
    try (ScaledTime time = ScaledTime.driven(20, ORIGIN)) {
      CompletableFuture<CalcomResponse> answer = new CompletableFuture<>();
      CompletableFuture<CompletableFuture<CalcomResponse>> sent = new CompletableFuture<>();
      CompletableFuture<Instant> heldAt = new CompletableFuture<>();
      CompletableFuture<Void> aSecondLater = new CompletableFuture<>();
      time.scheduler()
          .execute(
              () -> {
                sent.complete(time.holdWhileInFlight().intercept(Requests.get(time.now()), request -> answer));
                heldAt.complete(time.now());
                time.scheduler().schedule(() -> aSecondLater.complete(null), 1, TimeUnit.SECONDS);
              });
      Instant held = heldAt.get(60, TimeUnit.SECONDS);
      // 300 real ms would be 6 simulated seconds: time stayed (the step in progress aside), the task did not run.
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(30))
          .until(() -> !aSecondLater.isDone() && !time.now().isAfter(held.plus(ScaledTime.MAX_STEP)));

      answer.complete(Requests.response(200));
      assertThat(sent.get(30, TimeUnit.SECONDS).get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
      aSecondLater.get(30, TimeUnit.SECONDS);
      assertThat(time.now()).isAfterOrEqualTo(held.plusSeconds(1));
    }
  }

  @Test
  void aFakeOnClockForFakeAtTheSameScaleSeesThisTime() throws Exception {
    try (ScaledTime time = ScaledTime.driven(20, ORIGIN)) {
      Clock forFake = time.clockForFake();
      // Both clocks read in tasks on the driver thread, where time does not move while a task runs.
      CompletableFuture<Instant[]> first = new CompletableFuture<>();
      CompletableFuture<Instant[]> later = new CompletableFuture<>();
      time.scheduler()
          .execute(
              () -> {
                first.complete(new Instant[] {time.now(), forFake.instant()});
                time.scheduler()
                    .schedule(
                        () -> later.complete(new Instant[] {time.now(), forFake.instant()}), 20, TimeUnit.SECONDS);
              });
      Instant[] a = first.get(60, TimeUnit.SECONDS);
      Instant[] b = later.get(60, TimeUnit.SECONDS);
      assertThat(Duration.between(a[0], b[0])).isEqualTo(Duration.ofSeconds(20));
      // The fake multiplies its clock's progress by its scale (20): that is this time's progress.
      assertThat(Duration.between(a[1], b[1]).multipliedBy(20))
          .isBetween(Duration.ofSeconds(20).minusNanos(40), Duration.ofSeconds(20).plusNanos(40));
    }
  }
}
