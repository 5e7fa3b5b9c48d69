package dev.calcomclient.invalidate.internal;

import static dev.calcomclient.invalidate.EventTypeFixture.personal;
import static dev.calcomclient.invalidate.EventTypeFixture.team;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.EventTypeFixture;
import dev.calcomclient.model.SchedulingType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TagCalculatorTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2050-09-01T10:00:00Z"), ZoneOffset.UTC);
  // A Wednesday.
  private static final LocalDate WED = LocalDate.parse("2050-09-07");
  private static final long ALICE = 1;
  private static final long BOB = 2;

  private final DependencyIndex index = new DependencyIndex();
  private final TagCalculator calc = new TagCalculator(index, Duration.ofHours(12), 92, CLOCK);

  private void know(EventTypeFixture... fixtures) {
    for (EventTypeFixture f : fixtures) {
      index.accept(f.build());
    }
  }

  private static Instant at(LocalDate day, String time) {
    return Instant.parse(day + "T" + time + ":00Z");
  }

  private static BookingChange created(long eventTypeId, Instant start, Instant end, Long... hosts) {
    return BookingChange.created("bk", eventTypeId, start, end, Set.of(hosts));
  }

  private static SortedSet<SlotTag> tags(long eventTypeId, LocalDate... days) {
    SortedSet<SlotTag> out = new TreeSet<>();
    for (LocalDate d : days) {
      out.add(new SlotTag(eventTypeId, d));
    }
    return out;
  }

  private static SortedSet<SlotTag> union(List<SortedSet<SlotTag>> sets) {
    SortedSet<SlotTag> out = new TreeSet<>();
    sets.forEach(out::addAll);
    return out;
  }

  private static SortedSet<SlotTag> range(long eventTypeId, LocalDate first, LocalDate last) {
    SortedSet<SlotTag> out = new TreeSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      out.add(new SlotTag(eventTypeId, d));
    }
    return out;
  }

  private InvalidationPlan plan(BookingChange change) {
    return calc.plan(change, Set.of());
  }

  // ---- event types ----

  @Test
  void aSingleDayBookingOfATypeWhoseHostHasNoOtherTypeInvalidatesOneTag() {
    know(personal(101, ALICE), personal(104, BOB));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED));
  }

  @Test
  void aHostWithThreeEventTypesGetsExactlyThoseThreeTagsForAOneDayBooking() {
    know(personal(101, ALICE), personal(102, ALICE), personal(103, ALICE), personal(104, BOB));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.tags())
        .containsExactly(new SlotTag(101, WED), new SlotTag(102, WED), new SlotTag(103, WED));
    assertThat(p.eventTypeIds()).containsExactly(101L, 102L, 103L);
    assertThat(p.days()).containsExactly(WED);
  }

  @Test
  void theBookedTypesHostsAreUsedWhenTheChangeNamesNone() {
    know(personal(101, ALICE), personal(102, ALICE), personal(104, BOB));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30")));

    assertThat(p.eventTypeIds()).containsExactly(101L, 102L);
    assertThat(p.hosts()).containsExactly(ALICE);
  }

  @Test
  void unknownHostsInvalidateTheBookedEventTypeOnly() {
    // Other types are known and cached, but nothing says who hosts the booked one.
    know(personal(102, ALICE), personal(104, BOB));

    InvalidationPlan p = calc.plan(created(101, at(WED, "10:00"), at(WED, "10:30")), Set.of(101L, 102L, 104L));

    assertThat(p.eventTypeIds()).containsExactly(101L);
  }

  @Test
  void aKnownTypeWithoutHostIdsInvalidatesOnlyItselfWhenTheChangeHasNoHosts() {
    know(EventTypeFixture.withoutHostIds(101), personal(102, ALICE));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30")));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED));
  }

  @Test
  void cachedTypesWithUnknownMetadataAreIncludedWhenTheHostIsKnown() {
    know(personal(101, ALICE), personal(104, BOB));

    // 99 is cached but its metadata never arrived: it may be Alice's. 104 is known to be Bob's.
    InvalidationPlan p = calc.plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE), Set.of(99L, 104L));

    assertThat(p.eventTypeIds()).containsExactly(99L, 101L);
    // 99's length and buffers are unknown: 12 h either side of 10:00-10:30 is 22:00 Tuesday to 22:30 Wednesday.
    assertThat(p.tags())
        .containsExactly(new SlotTag(99, WED.minusDays(1)), new SlotTag(99, WED), new SlotTag(101, WED));
  }

  @Test
  void indexedTypesWithoutHostIdsAreIncludedWhenTheHostIsKnown() {
    know(personal(101, ALICE), EventTypeFixture.withoutHostIds(300), personal(104, BOB));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.eventTypeIds()).containsExactly(101L, 300L);
  }

  @Test
  void withNeitherEventTypeNorHostsEveryCachedAndIndexedTypeIsInvalidated() {
    know(personal(101, ALICE), personal(104, BOB));
    BookingChange change = BookingChange.created(null, null, at(WED, "10:00"), at(WED, "10:30"), Set.of());

    InvalidationPlan p = calc.plan(change, Set.of(7L));

    assertThat(p.eventTypeIds()).containsExactly(7L, 101L, 104L);
  }

  @Test
  void aRoundRobinBookingAffectsOnlyTheAssignedHostsOtherTypes() {
    know(
        personal(101, ALICE),
        personal(104, BOB),
        team(201, 21, SchedulingType.ROUND_ROBIN, ALICE, BOB),
        team(202, 21, SchedulingType.COLLECTIVE, ALICE, BOB));

    InvalidationPlan p = plan(created(201, at(WED, "10:00"), at(WED, "10:30"), BOB));

    assertThat(p.eventTypeIds()).containsExactly(104L, 201L, 202L);
  }

  @Test
  void aRoundRobinBookingAlsoBlocksItsMandatoryHosts() {
    know(
        personal(101, ALICE),
        personal(104, BOB),
        team(201, 21, SchedulingType.ROUND_ROBIN, BOB).mandatoryHost(ALICE));

    InvalidationPlan p = plan(created(201, at(WED, "10:00"), at(WED, "10:30"), BOB));

    assertThat(p.eventTypeIds()).containsExactly(101L, 104L, 201L);
  }

  @Test
  void aCollectiveBookingListingOnlyTheOrganizerStillBlocksEveryHost() {
    know(personal(101, ALICE), personal(104, BOB), team(202, 21, SchedulingType.COLLECTIVE, ALICE, BOB));

    InvalidationPlan p = plan(created(202, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.eventTypeIds()).containsExactly(101L, 104L, 202L);
  }

  @Test
  void newerMetadataReplacesOlderHosts() {
    know(personal(101, ALICE), personal(102, ALICE));
    know(personal(102, BOB));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.eventTypeIds()).containsExactly(101L);
  }

  // ---- days ----

  @Test
  void aBookingAcrossMidnightInvalidatesBothDays() {
    know(personal(101, ALICE));

    InvalidationPlan p = plan(created(101, at(WED, "23:45"), at(WED.plusDays(1), "00:15"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED), new SlotTag(101, WED.plusDays(1)));
  }

  @Test
  void aBookingEndingAtMidnightDoesNotTouchTheNextDay() {
    know(personal(101, ALICE));

    InvalidationPlan p = plan(created(101, at(WED, "23:30"), at(WED.plusDays(1), "00:00"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED));
  }

  @Test
  void aLongerSlotOfAnotherTypeThatWouldRunIntoTheBookingReachesBackIntoThePreviousDay() {
    // Booking 00:20-00:50. A 15-minute slot must start after 00:05 to overlap it (same day); a 30-minute one after
    // 23:50 the evening before.
    know(personal(101, ALICE), personal(102, ALICE).length(15), personal(103, ALICE).length(30));

    InvalidationPlan p = plan(created(101, at(WED, "00:20"), at(WED, "00:50"), ALICE));

    assertThat(p.tags())
        .containsExactly(
            new SlotTag(101, WED.minusDays(1)),
            new SlotTag(101, WED),
            new SlotTag(102, WED),
            new SlotTag(103, WED.minusDays(1)),
            new SlotTag(103, WED));
  }

  @Test
  void aSlotEndingExactlyAtTheBookingStartIsNotBlocked() {
    // Booking 00:30-01:00; a 30-minute slot at 00:00 ends when it starts: the previous day is untouched.
    know(personal(101, ALICE));

    InvalidationPlan p = plan(created(101, at(WED, "00:30"), at(WED, "01:00"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED));
  }

  @Test
  void theBookedTypesAfterBufferReachesIntoTheNextDay() {
    know(personal(102, ALICE).length(60).buffers(0, 45), personal(101, ALICE));

    // 22:30-23:30 plus 45 min after-buffer blocks until 00:15.
    InvalidationPlan p = plan(created(102, at(WED, "22:30"), at(WED, "23:30"), ALICE));

    assertThat(p.tags())
        .containsExactly(
            new SlotTag(101, WED),
            new SlotTag(101, WED.plusDays(1)),
            new SlotTag(102, WED),
            new SlotTag(102, WED.plusDays(1)));
  }

  @Test
  void theOtherTypesBeforeBufferReachesIntoTheNextDayButNotTheBookedTypes() {
    // 101 keeps 30 min free before each meeting: a 101 slot at 00:10 needs 23:40-00:10 free, which the booking
    // (23:00-23:45) blocks.
    know(personal(101, ALICE).buffers(30, 0), personal(103, ALICE).length(15));

    InvalidationPlan p = plan(created(103, at(WED, "23:00"), at(WED, "23:45"), ALICE));

    assertThat(p.tags())
        .containsExactly(new SlotTag(101, WED), new SlotTag(101, WED.plusDays(1)), new SlotTag(103, WED));
  }

  @Test
  void aMultiDurationTypeIsCheckedWithItsLongestLength() {
    know(personal(101, ALICE), personal(102, ALICE).length(15).lengthOptions(15, 30, 90));

    // Booking at 01:00: a 90-minute slot of 102 starting at 23:45 the evening before runs into it.
    InvalidationPlan p = plan(created(101, at(WED, "01:00"), at(WED, "01:30"), ALICE));

    assertThat(p.tags()).contains(new SlotTag(102, WED.minusDays(1)), new SlotTag(102, WED));
    assertThat(p.tags()).doesNotContain(new SlotTag(101, WED.minusDays(1)));
  }

  @Test
  void unknownLengthsAndBuffersUseTheMarginOnBothSides() {
    // 555's length and buffers are unknown: 12:00-12:30 widened by 12 h on each side is 00:00 Wed to 00:30 Thu.
    know(personal(555, ALICE).length(null).buffers(null, null));
    BookingChange change = created(555, at(WED, "12:00"), at(WED, "12:30"), ALICE);

    InvalidationPlan p = plan(change);

    assertThat(p.tags()).containsExactly(new SlotTag(555, WED), new SlotTag(555, WED.plusDays(1)));
  }

  @Test
  void aBookingOfAnEventTypeWhoseFactsAreUnknownDropsEveryDayALimitOfItCouldCover() {
    // Nothing is known about 555: it may have a yearly limit, so every day to the horizon goes, from yesterday.
    InvalidationPlan p = plan(created(555, at(WED, "12:00"), at(WED, "12:30"), ALICE));

    LocalDate today = LocalDate.ofInstant(CLOCK.instant(), java.time.ZoneOffset.UTC);
    assertThat(p.tags()).contains(new SlotTag(555, today.minusDays(1)), new SlotTag(555, WED),
        new SlotTag(555, today.plusDays(92)));

    know(personal(555, ALICE));
    assertThat(plan(created(555, at(WED, "12:00"), at(WED, "12:30"), ALICE)).tags())
        .as("precise once the facts are known").containsExactly(new SlotTag(555, WED));
  }

  @Test
  void theMarginIsConfigurable() {
    know(personal(555, ALICE).length(null).buffers(null, null));
    TagCalculator narrow = new TagCalculator(index, Duration.ofHours(1), 92, CLOCK);

    InvalidationPlan p = narrow.plan(created(555, at(WED, "12:00"), at(WED, "12:30"), ALICE), Set.of());

    assertThat(p.tags()).containsExactly(new SlotTag(555, WED));
  }

  @Test
  void aZeroLengthChangeIsStretchedByTheBookedTypesLongestLength() {
    know(personal(101, ALICE).length(60));

    // Length unknown (an uncertain create): 23:30 + 60 min crosses midnight.
    InvalidationPlan p = plan(created(101, at(WED, "23:30"), at(WED, "23:30"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED), new SlotTag(101, WED.plusDays(1)));
  }

  // ---- widening for limits ----

  @Test
  void aDailyLimitWidensTheBookedTypeToTheDayBeforeAndAfter() {
    know(personal(103, ALICE).length(15).countLimit("day", 4), personal(101, ALICE));

    InvalidationPlan p = plan(created(103, at(WED, "10:00"), at(WED, "10:15"), ALICE));

    assertThat(p.tags())
        .containsExactlyElementsOf(union(List.of(range(103, WED.minusDays(1), WED.plusDays(1)), tags(101, WED))));
  }

  @Test
  void aWeeklyLimitWidensTheBookedTypeToItsWeek() {
    know(personal(101, ALICE).countLimit("week", 10), personal(102, ALICE));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    // The Monday-based (Mon 5th - Sun 11th) and Sunday-based (Sun 4th - Sat 10th) weeks, one day either side.
    assertThat(p.tags())
        .containsExactlyElementsOf(
            union(
                List.of(
                    range(101, LocalDate.parse("2050-09-03"), LocalDate.parse("2050-09-12")),
                    tags(102, WED))));
    assertThat(p.tags()).hasSize(11);
  }

  @Test
  void aLimitOnAnotherTypeOfTheHostDoesNotWidenIt() {
    // Cal.com counts a booking only towards its own event type's limits.
    know(personal(101, ALICE), personal(102, ALICE).countLimit("week", 3).durationLimit("month", 600));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, WED), new SlotTag(102, WED));
  }

  @Test
  void aWeeklyDurationLimitWidensLikeACountLimit() {
    know(personal(101, ALICE).durationLimit("PER_WEEK", 300));

    InvalidationPlan p = plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE));

    assertThat(p.tags()).hasSize(10);
  }

  @Test
  void aWeeklyLimitOnASundayCoversBothWeeksItMayBelongTo() {
    know(personal(101, ALICE).countLimit("week", 10));
    LocalDate sunday = LocalDate.parse("2050-09-11");

    InvalidationPlan p = plan(created(101, at(sunday, "10:00"), at(sunday, "10:30"), ALICE));

    // Local day Sat 10th..Mon 12th; their weeks run from Sun 4th to Sun 18th; one day either side.
    assertThat(p.tags())
        .containsExactlyElementsOf(range(101, LocalDate.parse("2050-09-03"), LocalDate.parse("2050-09-19")));
  }

  @Test
  void aMonthlyLimitWidensToTheCalendarMonthPlusADayEitherSide() {
    know(personal(101, ALICE).countLimit("month", 20));
    LocalDate mid = LocalDate.parse("2050-09-15");

    InvalidationPlan p = plan(created(101, at(mid, "10:00"), at(mid, "10:30"), ALICE));

    assertThat(p.tags())
        .containsExactlyElementsOf(range(101, LocalDate.parse("2050-08-31"), LocalDate.parse("2050-10-01")));
  }

  @Test
  void aYearlyLimitIsClippedToTheHorizon() {
    know(personal(101, ALICE).countLimit("year", 200));
    LocalDate mid = LocalDate.parse("2050-09-15");

    InvalidationPlan p = plan(created(101, at(mid, "10:00"), at(mid, "10:30"), ALICE));

    // Today is 2050-09-01: yesterday to today + 92 days, not the whole of 2050.
    assertThat(p.tags())
        .containsExactlyElementsOf(range(101, LocalDate.parse("2050-08-31"), LocalDate.parse("2050-12-02")));
    assertThat(p.tags()).hasSize(94);
  }

  @Test
  void aYearlyLimitFarAheadStillInvalidatesTheBookingsOwnDay() {
    know(personal(101, ALICE).countLimit("year", 200));
    LocalDate far = LocalDate.parse("2052-03-10");

    InvalidationPlan p = plan(created(101, at(far, "10:00"), at(far, "10:30"), ALICE));

    assertThat(p.tags()).containsExactly(new SlotTag(101, far));
  }

  @Test
  void theHorizonIsConfigurable() {
    know(personal(101, ALICE).countLimit("year", 200));
    TagCalculator shortHorizon = new TagCalculator(index, Duration.ofHours(12), 10, CLOCK);

    InvalidationPlan p = shortHorizon.plan(created(101, at(WED, "10:00"), at(WED, "10:30"), ALICE), Set.of());

    assertThat(p.tags())
        .containsExactlyElementsOf(range(101, LocalDate.parse("2050-08-31"), LocalDate.parse("2050-09-11")));
  }

  @Test
  void whenTheBookedTypeIsUnknownEveryCandidateTypeIsWidenedByItsOwnLimits() {
    know(personal(101, ALICE).countLimit("day", 2), personal(102, ALICE));
    BookingChange change = BookingChange.created(null, null, at(WED, "10:00"), at(WED, "10:30"), Set.of(ALICE));

    InvalidationPlan p = plan(change);

    assertThat(p.tags()).contains(new SlotTag(101, WED.minusDays(1)), new SlotTag(101, WED.plusDays(1)));
  }

  // ---- reschedule ----

  @Test
  void aRescheduleInvalidatesTheNewAndTheOldInterval() {
    know(personal(101, ALICE), personal(102, ALICE), personal(104, BOB));
    LocalDate monday = LocalDate.parse("2050-09-12");
    BookingChange change =
        BookingChange.rescheduled(
            "bk2", 101L, at(monday, "09:00"), at(monday, "09:30"), at(WED, "10:00"), at(WED, "10:30"),
            Set.of(ALICE));

    InvalidationPlan p = plan(change);

    assertThat(p.tags())
        .containsExactly(
            new SlotTag(101, WED), new SlotTag(101, monday), new SlotTag(102, WED), new SlotTag(102, monday));
  }

  @Test
  void aRescheduleWithAnUnknownOldTimeInvalidatesTheNewIntervalOnly() {
    know(personal(101, ALICE));
    LocalDate monday = LocalDate.parse("2050-09-12");
    BookingChange change =
        BookingChange.rescheduled("bk2", 101L, at(monday, "09:00"), at(monday, "09:30"), null, null, Set.of(ALICE));

    assertThat(plan(change).tags()).containsExactly(new SlotTag(101, monday));
  }

  @Test
  void aRescheduleOfALimitedTypeWidensBothIntervals() {
    know(personal(103, ALICE).countLimit("day", 4));
    LocalDate monday = LocalDate.parse("2050-09-12");
    BookingChange change =
        BookingChange.rescheduled(
            "bk2", 103L, at(monday, "09:00"), at(monday, "09:15"), at(WED, "10:00"), at(WED, "10:15"),
            Set.of(ALICE));

    List<LocalDate> days = new ArrayList<>(plan(change).days());

    assertThat(days)
        .containsExactly(
            WED.minusDays(1), WED, WED.plusDays(1), monday.minusDays(1), monday, monday.plusDays(1));
  }

  // ---- explicit event-type invalidation ----

  @Test
  void invalidatingEventTypesCoversYesterdayToTheHorizon() {
    InvalidationPlan p = calc.planEventTypes(List.of(101L, 102L));

    assertThat(p.tags()).hasSize(2 * 94);
    assertThat(p.days().first()).isEqualTo(LocalDate.parse("2050-08-31"));
    assertThat(p.days().last()).isEqualTo(LocalDate.parse("2050-12-02"));
  }
}
