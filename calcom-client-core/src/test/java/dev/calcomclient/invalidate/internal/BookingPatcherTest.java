package dev.calcomclient.invalidate.internal;

import static dev.calcomclient.invalidate.EventTypeFixture.personal;
import static dev.calcomclient.invalidate.EventTypeFixture.team;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.DayPatch;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.EventTypeFixture;
import dev.calcomclient.model.SchedulingType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BookingPatcherTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2050-09-01T10:00:00Z"), ZoneOffset.UTC);
  private static final LocalDate WED = LocalDate.parse("2050-09-07");
  private static final long ALICE = 1;
  private static final long BOB = 2;
  private static final Instant START = Instant.parse("2050-09-07T10:00:00Z");
  private static final Instant END = Instant.parse("2050-09-07T10:30:00Z");

  private final DependencyIndex index = new DependencyIndex();
  private final Set<Long> current = new HashSet<>();
  private final TagCalculator calc = new TagCalculator(index, Duration.ofHours(12), 92, CLOCK);
  private final BookingPatcher patcher = new BookingPatcher(index, current::contains);

  private void know(EventTypeFixture... fixtures) {
    for (EventTypeFixture f : fixtures) {
      var type = f.build();
      index.accept(type);
      current.add(type.id());
    }
  }

  private Map<SlotTag, DayPatch> patches(BookingChange change) {
    return patcher.patches(change, calc.plan(change, Set.of()));
  }

  private static BookingChange created(long eventTypeId, Instant start, Instant end, Long... hosts) {
    return BookingChange.created("bk", eventTypeId, start, end, Set.of(hosts));
  }

  @Test
  void aBookingOfOneTypePatchesAnotherTypeOfTheSameHostWithThatTypesOwnBuffers() {
    know(personal(10, ALICE).buffers(5, 10), personal(11, ALICE).length(60).buffers(15, 20),
        personal(12, BOB).buffers(30, 30));

    Map<SlotTag, DayPatch> patches = patches(created(10, START, END, ALICE));

    DayPatch booked = new DayPatch(START.minusSeconds(5 * 60), END.plusSeconds(10 * 60),
        Duration.ofMinutes(5), Duration.ofMinutes(10));
    DayPatch other = new DayPatch(START.minusSeconds(5 * 60), END.plusSeconds(10 * 60),
        Duration.ofMinutes(15), Duration.ofMinutes(20));
    assertThat(patches).containsExactlyInAnyOrderEntriesOf(
        Map.of(new SlotTag(10, WED), booked, new SlotTag(11, WED), other));
  }

  @Test
  void aPatchReachesTheAdjacentUtcDayTheWidenedBookingReaches() {
    know(personal(10, ALICE).length(60).buffers(0, 90));
    Instant late = Instant.parse("2050-09-07T23:00:00Z");
    assertThat(patches(created(10, late, late.plusSeconds(3600), ALICE)).keySet())
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(10, WED.plusDays(1)));
  }

  @Test
  void anIndividualTypeWithAnExtraHostIsPatchedForABookingOfEitherHost() {
    know(personal(10, BOB), personal(11, ALICE).hostAlso(BOB));
    assertThat(patches(created(10, START, END, BOB)).keySet())
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(11, WED));
  }

  @Test
  void collectiveTypesArePatchedExactlyAndRoundRobinOnesConservatively() {
    know(personal(10, ALICE), personal(11, BOB), team(20, 7, SchedulingType.ROUND_ROBIN, ALICE, BOB),
        team(21, 7, SchedulingType.COLLECTIVE, ALICE, BOB));
    Map<SlotTag, DayPatch> alice = patches(created(10, START, END, ALICE));
    assertThat(alice.keySet()).as("the team types share Alice")
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(20, WED), new SlotTag(21, WED));
    assertThat(alice.get(new SlotTag(21, WED)).conservative()).as("collective: exact").isFalse();
    assertThat(alice.get(new SlotTag(20, WED)).conservative()).as("round robin: conservative").isTrue();
    assertThat(alice.get(new SlotTag(10, WED)).conservative()).isFalse();
    assertThat(patches(created(20, START, END, ALICE)).keySet()).as("round robin assigned to Alice")
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(20, WED), new SlotTag(21, WED));
    assertThat(patches(created(20, START, END))).as("round robin, assigned host unknown").isEmpty();
    assertThat(patches(created(21, START, END)).keySet()).as("collective: every host is blocked, named or not")
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(11, WED), new SlotTag(20, WED),
            new SlotTag(21, WED));
  }

  @Test
  void aTeamTypeWithABookingLimitKeepsItsOwnDaysDropped() {
    know(personal(10, ALICE), team(21, 7, SchedulingType.COLLECTIVE, ALICE, BOB).countLimit("day", 2));
    assertThat(patches(created(21, START, END, ALICE)).keySet()).containsExactly(new SlotTag(10, WED));
    assertThat(patches(created(10, START, END, ALICE)).keySet())
        .containsExactlyInAnyOrder(new SlotTag(10, WED), new SlotTag(21, WED));
  }

  @Test
  void aSeatedBookedTypeIsDroppedAndALimitedOneKeepsOnlyItsOwnDaysDropped() {
    know(personal(10, ALICE).seats(4), personal(11, ALICE).countLimit("day", 3),
        personal(12, ALICE).durationLimit("week", 600), personal(13, ALICE));
    assertThat(patches(created(10, START, END, ALICE))).as("seated booked").isEmpty();
    assertThat(patches(created(11, START, END, ALICE)).keySet()).as("count limit: its own days may close")
        .containsExactlyInAnyOrder(new SlotTag(12, WED), new SlotTag(13, WED));
    assertThat(patches(created(12, START, END, ALICE)).keySet()).as("duration limit")
        .containsExactlyInAnyOrder(new SlotTag(11, WED), new SlotTag(13, WED));
    assertThat(patches(created(13, START, END, ALICE)).keySet())
        .as("a seated type of the host is dropped; limited ones count only their own bookings")
        .containsExactlyInAnyOrder(new SlotTag(11, WED), new SlotTag(12, WED), new SlotTag(13, WED));
  }

  @Test
  void unknownOrStaleFactsAreDroppedNotPatched() {
    know(personal(10, ALICE), personal(11, ALICE));
    index.accept(personal(12, ALICE).buffers(null, 5).build());
    current.add(12L);
    current.remove(11L);
    assertThat(patches(created(10, START, END, ALICE)).keySet())
        .as("11 is stale, 12's before-buffer unknown").containsExactly(new SlotTag(10, WED));
    assertThat(patches(created(99, START, END, ALICE))).as("booked type unknown").isEmpty();
    assertThat(patches(created(11, START, END, ALICE))).as("booked type stale").isEmpty();
  }

  @Test
  void cancellationsReschedulesAndUnknownEndsAreDroppedNotPatched() {
    know(personal(10, ALICE));
    assertThat(patches(BookingChange.cancelled("bk", 10L, START, END, Set.of(ALICE)))).isEmpty();
    assertThat(patches(BookingChange.rescheduled("bk", 10L, START, END, START.minusSeconds(3600),
        END.minusSeconds(3600), Set.of(ALICE)))).isEmpty();
    assertThat(patches(created(10, START, START, ALICE))).as("end unknown").isEmpty();
    assertThat(patches(new BookingChange(BookingChange.Kind.CREATED, "bk", null, START, END, null, null,
        Set.of(ALICE)))).as("event type unknown").isEmpty();
  }
}
