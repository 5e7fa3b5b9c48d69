package dev.calcomclient.alternatives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.InMemorySlotDays.Call;
import dev.calcomclient.alternatives.internal.DefaultAlternativesService;
import dev.calcomclient.alternatives.internal.DefaultCacheWarmer;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The warmer's calls, its stop at the background lane's reserve, popularity with decay, and scheduled runs. */
class CacheWarmerTest {
  /** A Monday, 08:00 UTC. */
  private static final Instant START = Instant.parse("2050-01-03T08:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2050-01-03");

  private final ManualScheduler scheduler = new ManualScheduler(START);
  private final InMemorySlotDays source = new InMemorySlotDays(scheduler.clock());
  private final CacheWarmer warmer = new DefaultCacheWarmer(source, scheduler.clock(), scheduler);

  private static RateLimitedException reserveReached() {
    return RateLimitedException.local("only the reserve is left for callers", Duration.ofSeconds(2));
  }

  // ---- runs ----

  @Test
  void eachEventTypeGetsOneBackgroundSpanCallCoveringTheNextDays() {
    source.add(101, "2050-01-04T09:00Z");

    WarmingReport cold = warmer.warm(List.of(101L, 104L, 105L), 7).join();
    WarmingReport warm = warmer.warm(List.of(101L, 104L, 105L), 7).join();

    Call first = new Call(101, null, TODAY, LocalDate.parse("2050-01-09"), Priority.BACKGROUND);
    assertThat(source.calls().subList(0, 3))
        .containsExactly(
            first,
            new Call(104, null, TODAY, LocalDate.parse("2050-01-09"), Priority.BACKGROUND),
            new Call(105, null, TODAY, LocalDate.parse("2050-01-09"), Priority.BACKGROUND));
    assertThat(cold.warmed()).containsExactly(101L, 104L, 105L);
    assertThat(cold.upstreamCalls()).isEqualTo(3);
    assertThat(cold.isComplete()).isTrue();
    assertThat(cold.startedAt()).isEqualTo(START);
    assertThat(warm.upstreamCalls()).as("already cached").isZero();
    assertThat(warm.warmed()).containsExactly(101L, 104L, 105L);
    assertThat(warmer.lastReport()).contains(warm);
  }

  @Test
  void oneDayMeansTodayOnlyAndDuplicatesAreWarmedOnce() {
    warmer.warm(List.of(101L, 101L), 1).join();

    assertThat(source.calls()).containsExactly(new Call(101, null, TODAY, TODAY, Priority.BACKGROUND));
  }

  @Test
  void theFirstBackgroundRefusalStopsTheRunAndTheRestIsSkipped() {
    AtomicInteger budget = new AtomicInteger(2);
    source.failWhen(call -> budget.getAndDecrement() > 0 ? null : reserveReached());

    WarmingReport report = warmer.warm(List.of(101L, 102L, 103L, 104L, 105L), 7).join();

    assertThat(source.calls()).extracting(Call::eventTypeId).containsExactly(101L, 102L, 103L);
    assertThat(report.warmed()).containsExactly(101L, 102L);
    assertThat(report.skipped()).containsExactly(103L, 104L, 105L);
    assertThat(report.reserveReached()).isTrue();
    assertThat(report.failed()).isEmpty();
    assertThat(report.isComplete()).isFalse();
  }

  @Test
  void aThrottledAnswerFromCalcomAlsoStopsTheRun() {
    RateLimitedException throttled =
        new RateLimitedException(429, "ThrottlerException", "Too Many Requests", "req-1", null, Duration.ofSeconds(60));
    source.failWhen(call -> call.eventTypeId() == 101 ? throttled : null);

    WarmingReport report = warmer.warm(List.of(101L, 102L), 7).join();

    assertThat(source.callCount()).isEqualTo(1);
    assertThat(report.skipped()).containsExactly(101L, 102L);
    assertThat(report.reserveReached()).isTrue();
  }

  @Test
  void otherFailuresAreReportedAndTheRunGoesOn() {
    CalcomException down = new CalcomException("slots unavailable");
    source.failWhen(call -> call.eventTypeId() == 104 ? down : null);

    WarmingReport report = warmer.warm(List.of(101L, 104L, 105L), 7).join();

    assertThat(report.warmed()).containsExactly(101L, 105L);
    assertThat(report.failed()).containsExactly(Map.entry(104L, down));
    assertThat(report.reserveReached()).isFalse();
  }

  @Test
  void staleAnswersAreReportedAsStaleNotWarmed() {
    source.stale(true);

    WarmingReport report = warmer.warm(List.of(101L), 7).join();

    assertThat(report.stale()).containsExactly(101L);
    assertThat(report.warmed()).isEmpty();
  }

  @Test
  void eventTypesAreWarmedOneAfterAnother() {
    source.hold(true);

    CompletableFuture<WarmingReport> run = warmer.warm(List.of(101L, 104L), 7);

    assertThat(source.callCount()).as("the second waits for the first").isEqualTo(1);
    assertThat(source.releaseNext()).isTrue();
    assertThat(source.callCount()).isEqualTo(2);
    assertThat(run).isNotDone();
    assertThat(source.releaseNext()).isTrue();
    assertThat(run.join().warmed()).containsExactly(101L, 104L);
  }

  @Test
  void anEmptyListMakesNoCall() {
    WarmingReport report = warmer.warm(List.of(), 7).join();

    assertThat(source.callCount()).isZero();
    assertThat(report.isComplete()).isTrue();
  }

  @Test
  void aSearchWithinTheWarmedDaysCostsNoUpstreamCall() {
    source.add(101, "2050-01-04T09:00Z", "2050-01-10T09:00Z").add(104, "2050-01-04T09:00Z");
    AlternativesService finder = new DefaultAlternativesService(source, scheduler.clock(), warmer::recordInterest);
    AlternativeOptions berlin = AlternativeOptions.builder().timeZone(ZoneId.of("Europe/Berlin")).build();
    Instant tomorrow = Instant.parse("2050-01-04T10:00:00Z");

    warmer.warm(List.of(101L), 16).join();
    Alternatives warmed = finder.find(101, tomorrow, berlin);
    Alternatives notWarmed = finder.find(104, tomorrow, berlin);

    assertThat(warmed.upstreamCalls()).as("tomorrow + 14 days lies inside today + 16 days").isZero();
    assertThat(warmed.alternatives()).isNotEmpty();
    assertThat(notWarmed.upstreamCalls()).isEqualTo(1);
    assertThat(warmer.popular(2)).as("the finder reports its searches").containsExactly(101L, 104L);
  }

  // ---- popularity ----

  @Test
  void popularityRanksRecentInterestFirstAndDecaysWithTheHalfLife() {
    for (int i = 0; i < 3; i++) {
      warmer.recordInterest(101);
    }
    scheduler.advance(Duration.ofHours(2)); // 101 now counts 3 / 4 = 0.75
    warmer.recordInterest(104);
    warmer.recordInterest(105);
    warmer.recordInterest(105);

    assertThat(warmer.popular(3)).containsExactly(105L, 104L, 101L);
    assertThat(warmer.popular(1)).containsExactly(105L);

    scheduler.advance(Duration.ofHours(1)); // 105: 1, 104: 0.5, 101: 0.375
    warmer.recordInterest(101); // 1.375
    assertThat(warmer.popular(3)).containsExactly(101L, 105L, 104L);
  }

  @Test
  void equalInterestRanksTheLowerIdFirstAndLongSilenceForgets() {
    warmer.recordInterest(105);
    warmer.recordInterest(102);
    assertThat(warmer.popular(2)).containsExactly(102L, 105L);

    scheduler.advance(Duration.ofHours(5)); // 1/32: still remembered
    assertThat(warmer.popular(5)).containsExactly(102L, 105L);
    scheduler.advance(Duration.ofHours(2)); // 1/128: forgotten
    assertThat(warmer.popular(5)).isEmpty();
  }

  @Test
  void trackingIsBoundedAndANewcomerDropsTheLeastPopular() {
    CacheWarmer small = new DefaultCacheWarmer(source, scheduler.clock(), scheduler, Duration.ofHours(1), 3);
    record(small, 1, 3);
    record(small, 2, 2);
    record(small, 3, 1);

    small.recordInterest(4);

    assertThat(small.popular(10)).containsExactly(1L, 2L, 4L);
  }

  @Test
  void warmPopularWarmsTheMostPopularInRankOrder() {
    record(warmer, 104, 1);
    record(warmer, 105, 3);
    record(warmer, 101, 2);

    WarmingReport report = warmer.warmPopular(2, 3).join();

    assertThat(source.calls())
        .containsExactly(
            new Call(105, null, TODAY, LocalDate.parse("2050-01-05"), Priority.BACKGROUND),
            new Call(101, null, TODAY, LocalDate.parse("2050-01-05"), Priority.BACKGROUND));
    assertThat(report.warmed()).containsExactly(105L, 101L);
  }

  @Test
  void aPlanWarmsItsChosenEventTypesThenThatManyPopularOthers() {
    record(warmer, 104, 5);
    record(warmer, 101, 4);
    record(warmer, 105, 3);
    record(warmer, 102, 2);

    warmer.warm(WarmingPlan.builder().eventType(104L).eventType(103L).popular(2).days(2).build()).join();

    assertThat(source.calls()).extracting(Call::eventTypeId).containsExactly(104L, 103L, 101L, 105L);
    assertThat(source.calls()).extracting(Call::toUtcInclusive).containsOnly(LocalDate.parse("2050-01-04"));
  }

  private static void record(CacheWarmer warmer, long eventTypeId, int times) {
    for (int i = 0; i < times; i++) {
      warmer.recordInterest(eventTypeId);
    }
  }

  // ---- scheduled runs ----

  @Test
  void aStartedPlanRunsNowAndThenEveryPeriodUntilStopped() {
    WarmingPlan plan = WarmingPlan.builder().eventType(101L).days(2).every(Duration.ofMinutes(5)).build();

    warmer.start(plan);
    assertThat(warmer.isRunning()).isTrue();
    assertThat(source.callCount()).as("the first run is on the scheduler, not the caller's thread").isZero();
    scheduler.runDue();
    assertThat(source.callCount()).isEqualTo(1);
    scheduler.advance(Duration.ofMinutes(5));
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(source.callCount()).isEqualTo(3);
    assertThat(warmer.lastReport()).hasValueSatisfying(r -> assertThat(r.startedAt()).isEqualTo(scheduler.now()));

    warmer.stop();
    scheduler.advance(Duration.ofMinutes(30));
    assertThat(source.callCount()).isEqualTo(3);
    assertThat(warmer.isRunning()).isFalse();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void scheduledRunsWarmTheDaysFromThatRunsToday() {
    warmer.start(WarmingPlan.builder().eventType(101L).days(1).every(Duration.ofHours(12)).build());
    scheduler.runDue(); // 08:00 on the 3rd
    scheduler.advance(Duration.ofHours(24)); // runs at 20:00 on the 3rd and 08:00 on the 4th

    assertThat(source.calls())
        .extracting(Call::fromUtc, Call::toUtcInclusive)
        .containsExactly(tuple(TODAY, TODAY), tuple(TODAY, TODAY), tuple(TODAY.plusDays(1), TODAY.plusDays(1)));
  }

  @Test
  void aRunStillInProgressMakesTheNextTickSkip() {
    source.hold(true);
    warmer.start(WarmingPlan.builder().eventType(101L).every(Duration.ofMinutes(5)).build());
    scheduler.runDue();

    scheduler.advance(Duration.ofMinutes(5));
    assertThat(source.callCount()).as("the first call is still held").isEqualTo(1);

    source.releaseNext();
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(source.callCount()).isEqualTo(2);
  }

  @Test
  void stoppingDuringARunStartsNoFurtherEventType() {
    source.hold(true);
    warmer.start(WarmingPlan.builder().eventTypes(List.of(101L, 104L)).build());
    scheduler.runDue();

    warmer.stop();
    source.releaseNext();

    assertThat(source.callCount()).isEqualTo(1);
    assertThat(warmer.lastReport())
        .hasValueSatisfying(
            r -> {
              assertThat(r.warmed()).containsExactly(101L);
              assertThat(r.skipped()).containsExactly(104L);
              assertThat(r.reserveReached()).isFalse();
            });
  }

  @Test
  void startingAgainReplacesThePlanAndCloseStops() {
    warmer.start(WarmingPlan.builder().eventType(101L).every(Duration.ofMinutes(5)).build());
    warmer.start(WarmingPlan.builder().eventType(104L).every(Duration.ofMinutes(5)).build());
    scheduler.advance(Duration.ofMinutes(5));

    assertThat(source.calls()).extracting(Call::eventTypeId).containsExactly(104L, 104L);

    warmer.close();
    scheduler.advance(Duration.ofMinutes(10));
    assertThat(source.callCount()).isEqualTo(2);
    assertThat(warmer.isRunning()).isFalse();
  }

  @Test
  void aShutDownSchedulerEndsTheScheduleQuietly() {
    warmer.start(WarmingPlan.builder().eventType(101L).every(Duration.ofMinutes(5)).build());
    scheduler.shutdown();

    scheduler.runDue();

    assertThat(warmer.isRunning()).isFalse();
  }

  // ---- bad input ----

  @Test
  void badArgumentsAreRejectedNamingTheField() {
    assertField("eventTypeIds", () -> warmer.warm(null, 7));
    assertField("eventTypeIds", () -> warmer.warm(Arrays.asList(101L, null), 7));
    assertField("eventTypeIds", () -> warmer.warm(List.of(0L), 7));
    assertField("days", () -> warmer.warm(List.of(101L), 0));
    assertField("days", () -> warmer.warm(List.of(101L), WarmingPlan.MAX_DAYS + 1));
    assertField("topN", () -> warmer.warmPopular(0, 7));
    assertField("topN", () -> warmer.popular(-1));
    assertField("eventTypeId", () -> warmer.recordInterest(0));
    assertField("plan", () -> warmer.start(null));
    assertField("eventTypes", () -> WarmingPlan.builder().build());
    assertField("eventTypes", () -> WarmingPlan.builder().eventType(null).popular(3).build());
    assertField("eventTypes", () -> WarmingPlan.builder().eventTypes(List.of(-1L)).build());
    assertField("popular", () -> WarmingPlan.builder().eventType(101L).popular(-1).build());
    assertField("days", () -> WarmingPlan.builder().eventType(101L).days(0).build());
    assertField("every", () -> WarmingPlan.builder().eventType(101L).every(Duration.ofMillis(999)).build());
    assertField("every", () -> WarmingPlan.builder().eventType(101L).every(null).build());
    assertThat(source.callCount()).isZero();
  }

  @Test
  void planDefaultsAndEquality() {
    WarmingPlan plan = WarmingPlan.builder().eventTypes(List.of(101L, 104L, 101L)).build();

    assertThat(plan.eventTypes()).containsExactly(101L, 104L);
    assertThat(plan.popular()).isZero();
    assertThat(plan.days()).isEqualTo(7);
    assertThat(plan.every()).isEqualTo(Duration.ofMinutes(5));
    assertThat(plan).isEqualTo(WarmingPlan.builder().eventType(101L).eventType(104L).build());
  }

  private static void assertField(String field, Executable call) {
    assertThatThrownBy(call::execute)
        .as(field)
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
