package dev.calcomclient.invalidate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.model.EventType;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many random single-day, single-host bookings over the default dataset's event types, with the metadata the
 * client decodes from the fake: how many tags does each booking invalidate?
 */
class DefaultDatasetInvalidationSimulationTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final FakeClock CLOCK = FakeClock.at(FakeCalcomClients.NOW);

  @RegisterExtension
  static final FakeCalcomExtension FAKE =
      FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

  private static final DependencyIndex INDEX = new DependencyIndex();
  private static TagCalculator calc;

  @BeforeAll
  static void learnTheDataset() {
    try (CalcomClient client = FakeCalcomClients.client(FAKE.get())) {
      List<EventType> all = new ArrayList<>();
      all.addAll(client.eventTypes().list("alice"));
      all.addAll(client.eventTypes().list("bob"));
      all.addAll(client.eventTypes().list("carla"));
      all.addAll(client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID));
      all.forEach(INDEX);
    }
    calc = new TagCalculator(INDEX, Duration.ofHours(12), 92,
        Clock.fixed(Instant.parse(FakeCalcomClients.NOW), ZoneOffset.UTC));
  }

  @Test
  void everyEventTypeOfTheDatasetIsIndexedWithItsHosts() {
    assertThat(INDEX.knownIds()).containsExactlyInAnyOrder(101L, 102L, 103L, 104L, 105L, 201L, 202L);
    assertThat(INDEX.get(201).orElseThrow().hosts()).containsExactlyInAnyOrder(1L, 2L);
    assertThat(INDEX.get(103).orElseThrow().limitedPeriods()).containsExactly("day");
  }

  /** The dataset's documented hosting: a booking by a host may change every event type that host hosts. */
  private static final Map<Long, Set<Long>> TYPES_OF_HOST =
      Map.of(1L, Set.of(101L, 102L, 103L, 201L, 202L), 2L, Set.of(104L, 201L, 202L), 3L, Set.of(105L));

  @Test
  void aBookingOfBobsDemoInvalidatesExactlyHisThreeEventTypesOnThatDay() {
    // Bob hosts 104 and, with Alice, the team types 201 and 202: his host has two other event types.
    Instant start = Instant.parse("2050-09-07T15:00:00Z");
    BookingChange change =
        BookingChange.created("bk", 104L, start, start.plus(Duration.ofMinutes(45)), Set.of(DefaultDataset.BOB_ID));

    InvalidationPlan plan = calc.plan(change, Set.of());

    LocalDate day = LocalDate.parse("2050-09-07");
    assertThat(plan.tags())
        .containsExactly(new SlotTag(104, day), new SlotTag(201, day), new SlotTag(202, day));
  }

  @Test
  void randomSingleDayBookingsInvalidateExactlyTheirHostsEventTypesOnTheirDay() {
    Random random = new Random(42);
    // Every (event type, assigned host) a single-host booking can have in the dataset (202 needs both hosts).
    long[][] bookable = {{101, 1}, {102, 1}, {103, 1}, {104, 2}, {105, 3}, {201, 1}, {201, 2}};
    List<Integer> counts = new ArrayList<>();
    Map<String, Set<Integer>> perPair = new TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      long[] pick = bookable[random.nextInt(bookable.length)];
      long type = pick[0];
      long host = pick[1];
      int length = INDEX.get(type).orElseThrow().maxLengthMinutes();
      LocalDate day = LocalDate.parse("2050-09-05").plusDays(random.nextInt(28));
      // Starts between 06:00 and 16:45 UTC: the booking, its buffers and every slot it blocks stay on one UTC day.
      Instant start = day.atTime(6, 0).toInstant(ZoneOffset.UTC).plus(Duration.ofMinutes(15L * random.nextInt(44)));
      BookingChange change =
          BookingChange.created("bk" + i, type, start, start.plus(Duration.ofMinutes(length)), Set.of(host));

      InvalidationPlan plan = calc.plan(change, Set.of());

      SortedSet<SlotTag> expected = new TreeSet<>();
      TYPES_OF_HOST.get(host).forEach(t -> expected.add(new SlotTag(t, day)));
      if (type == DefaultDataset.QUICK_CHAT_ID) {
        // quick-chat's 4-per-day limit counts Alice's local day: the UTC day either side may change too.
        expected.add(new SlotTag(type, day.minusDays(1)));
        expected.add(new SlotTag(type, day.plusDays(1)));
      }
      assertThat(plan.tags()).as("booking %s", change).containsExactlyElementsOf(expected);
      counts.add(plan.tags().size());
      perPair.computeIfAbsent(type + "/host " + host, k -> new TreeSet<>()).add(plan.tags().size());
    }
    Collections.sort(counts);
    // Reported, not asserted: with Alice hosting five event types the median over this mix is 5 (see the report).
    FIGURES.info("tags per booking by event type/host: " + perPair + "; median " + counts.get(1000)
        + ", mean " + counts.stream().mapToInt(Integer::intValue).average().orElse(0));
  }
}
