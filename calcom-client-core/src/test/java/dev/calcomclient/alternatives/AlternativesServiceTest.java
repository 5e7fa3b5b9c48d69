package dev.calcomclient.alternatives;

import static dev.calcomclient.alternatives.AlternativeStrategy.NEXT_AVAILABLE;
import static dev.calcomclient.alternatives.AlternativeStrategy.NEXT_WORKDAY_SAME_TIME;
import static dev.calcomclient.alternatives.AlternativeStrategy.SAME_DAY_EARLIER;
import static dev.calcomclient.alternatives.AlternativeStrategy.SAME_DAY_LATER;
import static dev.calcomclient.alternatives.AlternativeStrategy.SAME_WEEKDAY_NEXT_WEEK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.calcomclient.CalcomException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.InMemorySlotDays.Call;
import dev.calcomclient.alternatives.internal.DefaultAlternativesService;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The documented semantics of every strategy, the ranking and the one-span fetch, over an in-memory slot source. */
class AlternativesServiceTest {
  private static final long ET = 101;
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
  private static final ZoneId UTC = ZoneId.of("UTC");
  /** A Monday. */
  private static final Instant NOW = Instant.parse("2050-01-03T08:00:00Z");

  private InMemorySlotDays source;
  private final List<Long> searched = new ArrayList<>();

  private AlternativesService service(Instant now) {
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    if (source == null) {
      source = new InMemorySlotDays(clock);
    }
    return new DefaultAlternativesService(source, clock, searched::add);
  }

  private InMemorySlotDays slots(Instant now, String... starts) {
    source = new InMemorySlotDays(Clock.fixed(now, ZoneOffset.UTC));
    return source.add(ET, starts);
  }

  private static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  private static AlternativeOptions.Builder in(ZoneId zone, AlternativeStrategy first, AlternativeStrategy... more) {
    return AlternativeOptions.builder().timeZone(zone).strategies(first, more).count(AlternativeOptions.MAX_COUNT);
  }

  private static List<Instant> starts(Alternatives answer) {
    return answer.alternatives().stream().map(a -> a.slot().startInstant()).toList();
  }

  // ---- same day ----

  @Test
  void sameDayEarlierAndLaterAreTheNearestSlotsAroundTheDesiredTime() {
    slots(NOW, "2050-01-05T08:00+01:00", "2050-01-05T09:30+01:00", "2050-01-05T11:00+01:00", "2050-01-05T11:30+01:00");

    Alternatives answer =
        service(NOW).find(ET, at("2050-01-05T10:00+01:00"), in(BERLIN, SAME_DAY_EARLIER, SAME_DAY_LATER).build());

    assertThat(answer.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy, Alternative::distance)
        .containsExactly(
            tuple(at("2050-01-05T09:30+01:00"), SAME_DAY_EARLIER, Duration.ofMinutes(-30)),
            tuple(at("2050-01-05T11:00+01:00"), SAME_DAY_LATER, Duration.ofMinutes(60)));
    assertThat(answer.desiredAvailable()).isFalse();
    assertThat(answer.alternatives().get(0).isEarlier()).isTrue();
  }

  @Test
  void sameDayMeansTheLocalDateOfTheOptionsZoneNotTheUtcDate() {
    // 17:00 in Los Angeles is 01:00 UTC on the next day.
    Instant desired = at("2050-01-05T17:00-08:00");
    slots(NOW, "2050-01-05T08:00-08:00", "2050-01-05T23:30-08:00", "2050-01-06T00:30-08:00");

    Alternatives local =
        service(NOW).find(ET, desired, in(LOS_ANGELES, SAME_DAY_EARLIER, SAME_DAY_LATER).build());
    Alternatives utc = service(NOW).find(ET, desired, in(UTC, SAME_DAY_EARLIER, SAME_DAY_LATER).build());

    assertThat(local.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .containsExactlyInAnyOrder(
            tuple(at("2050-01-05T08:00-08:00"), SAME_DAY_EARLIER), tuple(at("2050-01-05T23:30-08:00"), SAME_DAY_LATER));
    assertThat(utc.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .as("in UTC the desired day is 2050-01-06, which has no slot before 01:00")
        .containsExactly(tuple(at("2050-01-05T23:30-08:00"), SAME_DAY_LATER));
  }

  // ---- next workday ----

  @Test
  void nextWorkdaySkipsTheWeekendAndTakesTheSlotNearestTheSameLocalTime() {
    // Friday 10:00; Saturday is no workday; Monday has 09:00 (60 min off) and 10:45 (45 min off).
    slots(NOW, "2050-01-08T10:00+01:00", "2050-01-10T09:00+01:00", "2050-01-10T10:45+01:00", "2050-01-10T13:00+01:00");

    Alternatives answer =
        service(NOW).find(ET, at("2050-01-07T10:00+01:00"), in(BERLIN, NEXT_WORKDAY_SAME_TIME).build());

    assertThat(answer.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy, Alternative::distance)
        .containsExactly(
            tuple(at("2050-01-10T10:45+01:00"), NEXT_WORKDAY_SAME_TIME, Duration.ofDays(3).plusMinutes(45)));
  }

  @Test
  void nextWorkdayTakesTheExactTimeWhenFreeAndTheEarlierOfTwoEquallyNearSlots() {
    slots(NOW, "2050-01-10T09:30+01:00", "2050-01-10T10:30+01:00");
    AlternativeOptions options = in(BERLIN, NEXT_WORKDAY_SAME_TIME).build();
    Instant friday10 = at("2050-01-07T10:00+01:00");

    assertThat(starts(service(NOW).find(ET, friday10, options))).containsExactly(at("2050-01-10T09:30+01:00"));

    source.add(ET, "2050-01-10T10:00+01:00");
    assertThat(starts(service(NOW).find(ET, friday10, options))).containsExactly(at("2050-01-10T10:00+01:00"));
  }

  @Test
  void nextWorkdayFollowsTheConfiguredWorkdaysAndLooksAtThatOneDateOnly() {
    slots(NOW, "2050-01-08T10:00+01:00", "2050-01-11T10:00+01:00");
    Instant friday10 = at("2050-01-07T10:00+01:00");

    Alternatives saturdays =
        service(NOW)
            .find(ET, friday10, in(BERLIN, NEXT_WORKDAY_SAME_TIME).workdays(DayOfWeek.SATURDAY).build());
    Alternatives weekdays = service(NOW).find(ET, friday10, in(BERLIN, NEXT_WORKDAY_SAME_TIME).build());

    assertThat(starts(saturdays)).containsExactly(at("2050-01-08T10:00+01:00"));
    assertThat(weekdays.alternatives()).as("Monday 2050-01-10 has no slot; Tuesday is not looked at").isEmpty();
  }

  // ---- same weekday next week ----

  @Test
  void sameWeekdayNextWeekIsTheSlotNearestTheSameLocalTimeSevenDaysLater() {
    slots(NOW, "2050-01-12T09:00+01:00", "2050-01-12T10:15+01:00", "2050-01-13T10:00+01:00");

    Alternatives answer =
        service(NOW).find(ET, at("2050-01-05T10:00+01:00"), in(BERLIN, SAME_WEEKDAY_NEXT_WEEK).build());

    assertThat(answer.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy, Alternative::distance)
        .containsExactly(
            tuple(at("2050-01-12T10:15+01:00"), SAME_WEEKDAY_NEXT_WEEK, Duration.ofDays(7).plusMinutes(15)));
  }

  @Test
  void sameLocalTimeHoldsAcrossTheSpringDstChange() {
    // Berlin moves to summer time on Sunday 2050-03-27: 10:00 is 09:00Z before and 08:00Z after.
    slots(NOW, "2050-03-30T08:00:00Z", "2050-03-30T09:00:00Z");
    Instant desired = at("2050-03-23T10:00+01:00");

    Alternatives berlin = service(NOW).find(ET, desired, in(BERLIN, SAME_WEEKDAY_NEXT_WEEK).build());
    Alternatives utc = service(NOW).find(ET, desired, in(UTC, SAME_WEEKDAY_NEXT_WEEK).build());

    Alternative chosen = berlin.alternatives().get(0);
    assertThat(chosen.slot().start()).isEqualTo(OffsetDateTime.parse("2050-03-30T10:00+02:00"));
    assertThat(chosen.distance()).isEqualTo(Duration.ofDays(7).minusHours(1));
    assertThat(starts(utc)).containsExactly(at("2050-03-30T09:00:00Z"));
    assertThat(utc.alternatives().get(0).slot().start().getOffset()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void sameLocalTimeHoldsAcrossTheAutumnDstChange() {
    // Berlin returns to winter time on Sunday 2050-10-30: 10:00 is 08:00Z before and 09:00Z after.
    slots(NOW, "2050-11-02T08:00:00Z", "2050-11-02T09:00:00Z");

    Alternatives answer =
        service(NOW).find(ET, at("2050-10-26T10:00+02:00"), in(BERLIN, SAME_WEEKDAY_NEXT_WEEK).build());

    assertThat(answer.alternatives().get(0).slot().start()).isEqualTo(OffsetDateTime.parse("2050-11-02T10:00+01:00"));
    assertThat(answer.alternatives().get(0).distance()).isEqualTo(Duration.ofDays(7).plusHours(1));
    assertThat(answer.desiredStart().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
  }

  // ---- next available, ranking, dedup, count ----

  @Test
  void nextAvailableIsTheEarliestSlotsAfterTheDesiredTimeUpToTheCount() {
    slots(
        NOW,
        "2050-01-05T09:00+01:00",
        "2050-01-06T14:00+01:00",
        "2050-01-06T15:00+01:00",
        "2050-01-07T09:00+01:00",
        "2050-01-07T10:00+01:00");

    Alternatives answer =
        service(NOW).find(ET, at("2050-01-05T10:00+01:00"), in(BERLIN, NEXT_AVAILABLE).count(3).build());

    assertThat(answer.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .containsExactly(
            tuple(at("2050-01-06T14:00+01:00"), NEXT_AVAILABLE),
            tuple(at("2050-01-06T15:00+01:00"), NEXT_AVAILABLE),
            tuple(at("2050-01-07T09:00+01:00"), NEXT_AVAILABLE));
  }

  @Test
  void proposalsAreRankedByDistanceLabelledByTheFirstStrategyAndCutAtTheCount() {
    slots(
        NOW,
        "2050-01-05T09:30+01:00",
        "2050-01-05T10:30+01:00",
        "2050-01-05T16:00+01:00",
        "2050-01-06T10:00+01:00",
        "2050-01-12T10:00+01:00");
    Instant desired = at("2050-01-05T10:00+01:00");
    AlternativeOptions.Builder options = AlternativeOptions.builder().timeZone(BERLIN);

    Alternatives five = service(NOW).find(ET, desired, options.count(5).build());
    Alternatives three = service(NOW).find(ET, desired, options.count(3).build());
    Alternatives byDefault = service(NOW).find(ET, desired, AlternativeOptions.builder().timeZone(BERLIN).build());

    assertThat(five.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .as("09:30 and 10:30 are equally near: the earlier first; each slot once, with its first strategy")
        .containsExactly(
            tuple(at("2050-01-05T09:30+01:00"), SAME_DAY_EARLIER),
            tuple(at("2050-01-05T10:30+01:00"), SAME_DAY_LATER),
            tuple(at("2050-01-05T16:00+01:00"), NEXT_AVAILABLE),
            tuple(at("2050-01-06T10:00+01:00"), NEXT_WORKDAY_SAME_TIME),
            tuple(at("2050-01-12T10:00+01:00"), SAME_WEEKDAY_NEXT_WEEK));
    assertThat(three.alternatives()).containsExactlyElementsOf(five.alternatives().subList(0, 3));
    assertThat(byDefault.alternatives()).hasSize(3);
  }

  @Test
  void aSlotFoundByTwoStrategiesIsProposedOnceUnderTheFirst() {
    // With Wednesday as the only workday, the next workday after a Wednesday is the same weekday next week.
    slots(NOW, "2050-01-12T10:00+01:00");

    Alternatives answer =
        service(NOW)
            .find(
                ET,
                at("2050-01-05T10:00+01:00"),
                AlternativeOptions.builder().timeZone(BERLIN).workdays(DayOfWeek.WEDNESDAY).count(10).build());

    assertThat(answer.alternatives())
        .extracting(Alternative::strategy)
        .containsExactly(NEXT_WORKDAY_SAME_TIME);
  }

  // ---- availability of the desired slot, the past and the minimum notice ----

  @Test
  void desiredAvailableWhenASlotStartsExactlyThereAndThatSlotIsNeverProposed() {
    slots(NOW, "2050-01-05T09:00Z", "2050-01-05T10:00Z", "2050-01-05T11:00Z");
    AlternativeOptions options = in(UTC, SAME_DAY_EARLIER, SAME_DAY_LATER, NEXT_AVAILABLE).build();

    Alternatives free = service(NOW).find(ET, at("2050-01-05T10:00Z"), options);
    Alternatives taken = service(NOW).find(ET, at("2050-01-05T10:05Z"), options);

    assertThat(free.desiredAvailable()).isTrue();
    assertThat(starts(free)).containsExactly(at("2050-01-05T09:00Z"), at("2050-01-05T11:00Z"));
    assertThat(taken.desiredAvailable()).isFalse();
  }

  @Test
  void slotsInThePastOrInsideTheEventTypesMinimumNoticeAreNeverProposed() {
    Instant now = at("2050-01-05T08:00Z");
    slots(now, "2050-01-05T07:00Z", "2050-01-05T09:00Z", "2050-01-05T10:00Z", "2050-01-05T10:30Z", "2050-01-05T12:00Z")
        .knownEventType(ET, 120)
        .includePast(true); // so that the finder's own filter is what keeps the past out
    AlternativesService service = service(now);

    Alternatives known = service.find(ET, at("2050-01-05T09:30Z"), AlternativeOptions.builder().count(50).build());
    Alternatives override =
        service.find(
            ET,
            at("2050-01-05T09:30Z"),
            in(UTC, SAME_DAY_EARLIER, SAME_DAY_LATER).minimumNotice(Duration.ZERO).build());

    assertThat(known.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .as("now + 120 min = 10:00, which is itself bookable")
        .containsExactly(
            tuple(at("2050-01-05T10:00Z"), SAME_DAY_LATER),
            tuple(at("2050-01-05T10:30Z"), NEXT_AVAILABLE),
            tuple(at("2050-01-05T12:00Z"), NEXT_AVAILABLE));
    assertThat(known.desiredAvailable()).isFalse();
    assertThat(override.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .as("without notice 09:00 is bookable, 07:00 is still past")
        .containsExactly(
            tuple(at("2050-01-05T09:00Z"), SAME_DAY_EARLIER), tuple(at("2050-01-05T10:00Z"), SAME_DAY_LATER));
  }

  @Test
  void withoutKnownMetadataOrNoticeTheNoticeIsZero() {
    Instant now = at("2050-01-05T08:00Z");
    slots(now, "2050-01-05T08:00Z", "2050-01-05T08:15Z");
    AlternativesService service = service(now);
    AlternativeOptions options = in(UTC, NEXT_AVAILABLE).build();

    assertThat(starts(service.find(ET, at("2050-01-05T07:00Z"), options)))
        .containsExactly(at("2050-01-05T08:00Z"), at("2050-01-05T08:15Z"));
    source.knownEventType(ET, null);
    assertThat(starts(service.find(ET, at("2050-01-05T07:00Z"), options)))
        .containsExactly(at("2050-01-05T08:00Z"), at("2050-01-05T08:15Z"));
    source.knownEventType(ET, 10);
    assertThat(starts(service.find(ET, at("2050-01-05T07:00Z"), options))).containsExactly(at("2050-01-05T08:15Z"));
  }

  // ---- the horizon and the one span ----

  @Test
  void theHorizonBoundsEveryProposalAndTheSpan() {
    slots(NOW, "2050-01-07T09:59Z", "2050-01-07T10:00Z", "2050-01-12T10:00Z");

    Alternatives answer =
        service(NOW)
            .find(
                ET,
                at("2050-01-05T10:00Z"),
                AlternativeOptions.builder().horizon(Duration.ofDays(2)).count(10).build());

    assertThat(answer.alternatives())
        .extracting(a -> a.slot().startInstant(), Alternative::strategy)
        .containsExactly(tuple(at("2050-01-07T09:59Z"), NEXT_AVAILABLE));
    assertThat(source.calls())
        .containsExactly(
            new Call(ET, null, LocalDate.parse("2050-01-05"), LocalDate.parse("2050-01-07"), Priority.INTERACTIVE));
  }

  @Test
  void oneDaysCallPerSearchFromTheDesiredLocalDateToTheHorizonWithTheOptionsLaneAndDuration() {
    slots(NOW);
    Instant desired = at("2050-01-05T10:00+01:00");

    Alternatives first = service(NOW).find(ET, desired, AlternativeOptions.builder().timeZone(BERLIN).build());
    service(NOW)
        .find(
            ET,
            desired,
            AlternativeOptions.builder().timeZone(BERLIN).durationMinutes(45).priority(Priority.STANDARD).build());

    // The local day starts at 2050-01-04T23:00Z; the horizon ends at 2050-01-19T09:00Z, exclusive.
    assertThat(source.calls())
        .containsExactly(
            new Call(ET, null, LocalDate.parse("2050-01-04"), LocalDate.parse("2050-01-19"), Priority.INTERACTIVE),
            new Call(ET, 45, LocalDate.parse("2050-01-04"), LocalDate.parse("2050-01-19"), Priority.STANDARD));
    assertThat(first.upstreamCalls()).isEqualTo(1);
    assertThat(first.desiredStart()).isEqualTo(desired.atZone(BERLIN));
  }

  @Test
  void theSpanStartsAtNowWhenTheDesiredLocalDayHasPartlyPassed() {
    // 20:00 on 2050-01-05 in Los Angeles: that local day began at 08:00Z on the 5th, but it is 01:00Z on the 6th.
    Instant now = at("2050-01-06T01:00Z");
    slots(now);

    service(now).find(ET, at("2050-01-05T20:00-08:00"), AlternativeOptions.builder().timeZone(LOS_ANGELES).build());

    assertThat(source.calls()).extracting(Call::fromUtc).containsExactly(LocalDate.parse("2050-01-06"));
  }

  @Test
  void noCallWhenTheWholeHorizonIsInThePast() {
    slots(NOW, "2050-01-03T09:00Z");

    Alternatives answer = service(NOW).find(ET, NOW.minus(Duration.ofDays(20)));

    assertThat(source.callCount()).isZero();
    assertThat(answer.alternatives()).isEmpty();
    assertThat(answer.upstreamCalls()).isZero();
  }

  @Test
  void upstreamCallsAndStalenessComeFromTheSpan() {
    slots(NOW, "2050-01-05T11:00Z");
    Instant desired = at("2050-01-05T10:00Z");

    Alternatives cold = service(NOW).find(ET, desired);
    Alternatives warm = service(NOW).find(ET, desired);
    source.stale(true);
    Alternatives stale = service(NOW).find(ET, desired);

    assertThat(cold.upstreamCalls()).isEqualTo(1);
    assertThat(warm.upstreamCalls()).isZero();
    assertThat(warm.alternatives()).isEqualTo(cold.alternatives());
    assertThat(cold.stale()).isFalse();
    assertThat(stale.stale()).isTrue();
    assertThat(source.callCount()).isEqualTo(3);
  }

  // ---- failures and bad input ----

  @Test
  void aFailedSpanFailsTheSearchWithTheSameException() {
    CalcomException down = new CalcomException("slots unavailable");
    slots(NOW).failWhen(call -> down);
    AlternativesService service = service(NOW);
    Instant desired = at("2050-01-05T10:00Z");

    assertThatThrownBy(() -> service.find(ET, desired)).isSameAs(down);
    CompletableFuture<Alternatives> async = service.findAsync(ET, desired);
    assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).hasCause(down);
  }

  @Test
  void badArgumentsAreRejectedNamingTheFieldBeforeAnythingIsAsked() {
    slots(NOW);
    AlternativesService service = service(NOW);
    Instant desired = at("2050-01-05T10:00Z");

    assertThatThrownBy(() -> service.find(0, desired))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("eventTypeId"));
    assertThatThrownBy(() -> service.findAsync(ET, null))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("desiredStart"));
    assertThatThrownBy(() -> service.find(ET, Instant.MAX))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("desiredStart"));
    assertThatThrownBy(() -> service.find(ET, Instant.EPOCH.minusSeconds(1)))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("desiredStart"));
    assertThatThrownBy(() -> service.find(ET, desired, null))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("options"));
    assertThat(source.callCount()).isZero();
    assertThat(searched).isEmpty();
  }

  @Test
  void everyValidSearchIsReportedToTheSearchListener() {
    slots(NOW);
    AlternativesService service = service(NOW);

    service.find(101, at("2050-01-05T10:00Z"));
    service.find(104, at("2050-01-05T10:00Z"));

    assertThat(searched).containsExactly(101L, 104L);
  }

  @Test
  void aThrowingSearchListenerDoesNotFailTheSearch() {
    slots(NOW, "2050-01-05T11:00Z");
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    AlternativesService service =
        new DefaultAlternativesService(
            source,
            clock,
            id -> {
              throw new IllegalStateException("listener bug");
            });

    assertThat(starts(service.find(ET, at("2050-01-05T10:00Z")))).containsExactly(at("2050-01-05T11:00Z"));
  }
}
