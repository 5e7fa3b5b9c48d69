package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's patching through the real client against FakeCalcom's truth: after a booking, the patched days of the
 * hosts' individual and collective event types are still hits and equal, slot for slot, what the fake answers; the
 * round-robin type's patched day never offers a taken start and, once the background refetch started by its first
 * read after the conservative-patch delay lands, equals the truth; cancellations and reschedules are refetched; the
 * switch turns patching off.
 */
class PatchAgainstFakeCalcomTest {
  /** Alice's buffered type: 45 min every 15, 10 min before, 20 after. */
  private static final long BUFFERED = 401;
  /** Bob's individual type with Alice as a fixed extra host: 30 min, 5 before. */
  private static final long PAIR = 402;
  /** Bob's evening type (Los Angeles 16:00-24:00, so UTC 23:00-07:00): 60 min, 90 min after. */
  private static final long EVENING = 403;

  private static final List<Long> TYPES = List.of(101L, 102L, 103L, 104L, 105L, 201L, 202L, BUFFERED, PAIR, EVENING);
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");

  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;
  private CalcomClient truth;
  private final List<CalcomClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    fake =
        FakeCalcom.builder()
            .withDefaultData()
            .clock(clock)
            .rateLimit(RateLimitPolicy.disabled())
            .schedule(FakeSchedule.weekdays(9001, DefaultDataset.BOB_ID, "America/Los_Angeles", "16:00", "23:59"))
            .eventType(FakeEventType.builder(BUFFERED, "buffered").title("Buffered").ownerId(DefaultDataset.ALICE_ID)
                .lengthInMinutes(45).slotInterval(15).beforeEventBuffer(10).afterEventBuffer(20).build())
            .eventType(FakeEventType.builder(PAIR, "pair").title("Pair").ownerId(DefaultDataset.BOB_ID)
                .hosts(DefaultDataset.ALICE_ID).lengthInMinutes(30).beforeEventBuffer(5).build())
            .eventType(FakeEventType.builder(EVENING, "evening").title("Evening").ownerId(DefaultDataset.BOB_ID)
                .scheduleId(9001).lengthInMinutes(60).afterEventBuffer(90).build())
            .build()
            .start();
    truth = FakeCalcomClients.onClock(fake, clock, CacheConfig.disabled()).build();
  }

  @AfterEach
  void stop() {
    clients.forEach(CalcomClient::close);
    truth.close();
    fake.close();
  }

  @Test
  void aBookingPatchesTheHostsIndividualAndCollectiveTypesExactlyAndTheRoundRobinOneSafely() {
    CalcomClient client = warmed(true);
    // Alice's buffered type, on Tuesday: Alice hosts 101, 102, 103, BUFFERED, PAIR and the team types 201, 202.
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot slot = find(client, BUFFERED, tuesday, 1).on(tuesday).get(5);
    fake.clearJournal();
    book(client, BUFFERED, slot.startInstant());

    assertPatchedAgainstTruth(client);
    long[] counts = ClientInternals.invalidator(client).patchCounts();
    assertThat(counts[0]).as("tags patched").isPositive();
  }

  @Test
  void aRoundRobinBookingPatchesEveryTypeOfItsAssignedHostAndRefetchesTheRoundRobinDays() {
    CalcomClient client = warmed(true);
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot slot = find(client, 201, tuesday, 1).on(tuesday).get(4);
    fake.clearJournal();
    Booking booking = book(client, 201, slot.startInstant());
    assertThat(booking.hosts()).as("Cal.com names the host it assigned").isNotEmpty();

    assertPatchedAgainstTruth(client);
  }

  @Test
  void aCollectiveBookingPatchesItsOwnDaysAndEveryHostsTypesExactly() {
    CalcomClient client = warmed(true);
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot slot = find(client, 202, tuesday, 1).on(tuesday).get(3);
    fake.clearJournal();
    book(client, 202, slot.startInstant());

    assertPatchedAgainstTruth(client);
    assertThat(find(client, 202, tuesday, 1).on(tuesday)).as("the booked start is gone")
        .extracting(Slot::startInstant).doesNotContain(slot.startInstant());
  }

  /**
   * Right after a booking every day is a hit: every type but the round-robin one equals the fake's answer; the
   * round-robin one offers no start the fake does not (its patched day), is served patched without a request until
   * {@link CacheConfig#conservativePatchRefreshAfter()} has passed, and then its read fetches it again in the
   * background (the only request), after which it equals the fake's answer.
   */
  private void assertPatchedAgainstTruth(CalcomClient client) {
    Map<Long, SlotsResult> answers = new TreeMap<>();
    for (long id : TYPES) {
      answers.put(id, find(client, id, MONDAY, 3));
    }
    assertThat(answers).as("every day patched, none dropped").allSatisfy((id, a) ->
        assertThat(a.source()).as("event type %s", id).isEqualTo(SlotsSource.L1));
    assertThat(slotCallsByEventType()).as("within the delay the round-robin day is served patched").isEmpty();

    clock.advance(CacheConfig.defaults().conservativePatchRefreshAfter());
    SlotsResult roundRobin = find(client, 201, MONDAY, 3);
    assertThat(roundRobin.source()).as("the read that starts the refetch is answered patched")
        .isEqualTo(SlotsSource.L1);
    await().atMost(Duration.ofSeconds(10)).until(() -> slotCallsByEventType().contains("201"));
    assertThat(slotCallsByEventType()).as("only the round-robin days were fetched again, in the background")
        .containsOnly("201");
    for (long id : TYPES) {
      SlotsResult expected = find(truth, id, MONDAY, 3);
      if (id == 201) {
        assertThat(answers.get(id).all()).as("round robin offers no taken start").isSubsetOf(expected.all());
        assertThat(roundRobin.all()).isSubsetOf(expected.all());
      } else {
        assertThat(answers.get(id)).as("event type %s equals the fake's answer", id).isEqualTo(expected);
      }
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(find(client, 201, MONDAY, 3)).as("round robin after its background refetch")
            .isEqualTo(find(truth, 201, MONDAY, 3)));
  }

  @Test
  void aBookingNearMidnightPatchesTheNextUtcDayItsBuffersReach() {
    CalcomClient client = warmed(true);
    // Monday 16:00 in Los Angeles is 23:00 UTC; the 60 min meeting and its 90 min after-buffer reach Tuesday 01:30.
    Instant late = Instant.parse("2050-09-05T23:00:00Z");
    assertThat(find(truth, EVENING, MONDAY, 2).all()).extracting(Slot::startInstant).contains(late);
    List<Instant> tuesdayBefore = find(client, EVENING, MONDAY.plusDays(1), 1).all().stream()
        .map(Slot::startInstant).toList();
    fake.clearJournal();
    book(client, EVENING, late);

    SlotsResult after = find(client, EVENING, MONDAY, 2);
    assertThat(slotCallsByEventType()).as("both days patched, none refetched").isEmpty();
    assertThat(after.source()).isEqualTo(SlotsSource.L1);
    assertThat(after).isEqualTo(find(truth, EVENING, MONDAY, 2));
    List<Instant> tuesdayAfter = after.all().stream().map(Slot::startInstant)
        .filter(s -> !s.isBefore(Instant.parse("2050-09-06T00:00:00Z"))).toList();
    assertThat(tuesdayBefore).as("the booking's after-buffer took Tuesday's first starts")
        .contains(Instant.parse("2050-09-06T00:00:00Z"), Instant.parse("2050-09-06T01:00:00Z"));
    assertThat(tuesdayAfter).doesNotContain(Instant.parse("2050-09-06T00:00:00Z"), Instant.parse("2050-09-06T01:00:00Z"));
  }

  @Test
  void cancellationsAndReschedulesAreDroppedAndRefetched() {
    CalcomClient client = warmed(true);
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot slot = find(client, 101, tuesday, 1).on(tuesday).get(3);
    Booking booking = book(client, 101, slot.startInstant());
    find(client, 101, tuesday, 1);
    Slot other = find(client, 101, tuesday, 1).on(tuesday).get(6);
    Booking moved = client.bookings().reschedule(booking.uid(), RescheduleBookingRequest.to(other.startInstant()));
    fake.clearJournal();
    SlotsResult afterReschedule = find(client, 101, tuesday, 1);
    assertThat(slotCallsByEventType()).as("a reschedule frees time: dropped").containsExactly("101");
    assertThat(afterReschedule).isEqualTo(find(truth, 101, tuesday, 1));

    client.bookings().cancel(moved.uid(), CancelBookingRequest.withReason("test"));
    fake.clearJournal();
    SlotsResult afterCancel = find(client, 101, tuesday, 1);
    assertThat(slotCallsByEventType()).as("a cancellation frees time: dropped").containsExactly("101");
    assertThat(afterCancel).isEqualTo(find(truth, 101, tuesday, 1));
  }

  @Test
  void withPatchingOffABookingDropsEveryDayItMayTouch() {
    CalcomClient client = warmed(false);
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot slot = find(client, BUFFERED, tuesday, 1).on(tuesday).get(5);
    fake.clearJournal();
    book(client, BUFFERED, slot.startInstant());
    for (long id : TYPES) {
      find(client, id, MONDAY, 3);
    }
    assertThat(slotCallsByEventType())
        .containsExactlyInAnyOrder("101", "102", "103", "201", "202", String.valueOf(BUFFERED), String.valueOf(PAIR));
    assertThat(ClientInternals.invalidator(client).patchCounts()[0]).isZero();
  }

  /** A caching client that knows every type's facts and holds Monday to Wednesday of each. */
  private CalcomClient warmed(boolean patch) {
    CalcomClient client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build())
            .invalidation(InvalidationConfig.builder().patchBookedDays(patch).build())
            .build();
    clients.add(client);
    TYPES.forEach(id -> client.eventTypes().get(id));
    for (long id : TYPES) {
      find(client, id, MONDAY, 3);
    }
    return client;
  }

  private static Booking book(CalcomClient client, long eventTypeId, Instant start) {
    return client.bookings().create(CreateBookingRequest.builder().eventTypeId(eventTypeId).start(start)
        .attendee(Attendee.withEmail("Dana", "dana@example.com", "Europe/Berlin")).build());
  }

  private static SlotsResult find(CalcomClient c, long eventTypeId, LocalDate from, int days) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    return c.slots().find(SlotQuery.forEventType(eventTypeId)
        .between(start, from.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
        .timeZone("UTC").build());
  }

  private List<String> slotCallsByEventType() {
    List<String> out = new ArrayList<>();
    fake.journal().stream().filter(c -> c.path().equals("/v2/slots")).forEach(c -> {
      for (String pair : c.query().split("&")) {
        if (pair.startsWith("eventTypeId=")) {
          out.add(pair.substring("eventTypeId=".length()));
        }
      }
    });
    return out;
  }
}
