package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.BookingLimitPeriod;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's invalidation acceptance through the real client: the slot cache, the smart invalidator and the bookings
 * hook together, against FakeCalcom's truth. Slot requests are counted in the fake's journal, never by the client.
 */
class CacheInvalidationAcceptanceTest {
  private static final List<Long> ALL_TYPES = List.of(101L, 102L, 103L, 104L, 105L, 201L, 202L);
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");

  private final FakeClock clock = FakeClock.at(NOW);
  private final List<Integer> invalidatedKeys = Collections.synchronizedList(new ArrayList<>());
  private FakeCalcom fake;
  private CalcomClient client;
  private CalcomClient truth;

  @BeforeEach
  void start() {
    fake =
        FakeCalcom.builder()
            .withDefaultData()
            .clock(clock)
            .rateLimit(RateLimitPolicy.disabled())
            .eventType(
                FakeEventType.builder(301, "weekly-limited")
                    .title("Weekly limited")
                    .ownerId(DefaultDataset.CARLA_ID)
                    .lengthInMinutes(30)
                    .bookingLimit(BookingLimitPeriod.PER_WEEK, 20)
                    .build())
            .build()
            .start();
    client =
        // One-day fetch blocks: which days an invalidation dropped shows as which reads go upstream.
        FakeCalcomClients.onClock(fake, clock,
                CacheConfig.builder().loadEventTypeMetadata(false).fetchBlockDays(1).build())
            // Dropping is what this class accepts; patching instead is PatchAgainstFakeCalcomTest's.
            .invalidation(InvalidationConfig.builder().patchBookedDays(false).build())
            .addListener(
                new CalcomEventListener() {
                  @Override
                  public void invalidated(int keys, Duration duration) {
                    invalidatedKeys.add(keys);
                  }
                })
            .build();
    truth =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.disabled())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    truth.close();
    fake.close();
  }

  @Test
  void aBookingInvalidatesExactlyTheHostsEventTypesOnThatDayAndNothingElse() {
    ALL_TYPES.forEach(id -> client.eventTypes().get(id)); // metadata feeds the dependency index
    for (long id : ALL_TYPES) {
      find(client, id, MONDAY, 3);
    }
    int slotCallsWarm = slotCalls();
    assertThat(slotCallsWarm).isEqualTo(ALL_TYPES.size());

    // Bob hosts 104 (product demo), and the team types 201 (round robin) and 202 (collective).
    LocalDate tuesday = MONDAY.plusDays(1);
    Slot first = find(client, 104, tuesday, 1).on(tuesday).get(0);
    assertThat(slotCalls()).as("tuesday of 104 was cached").isEqualTo(slotCallsWarm);
    book(104, first.startInstant());

    assertThat(invalidatedKeys).containsExactly(3);
    // Every other (event type, day) is still a hit: only 104, 201 and 202 on Tuesday go upstream again.
    fake.clearJournal();
    Map<Long, SlotsResult> answers = new TreeMap<>();
    for (long id : ALL_TYPES) {
      answers.put(id, find(client, id, MONDAY, 3));
    }
    List<String> refetched = slotCallsByEventType();
    assertThat(refetched).containsExactlyInAnyOrder("104", "201", "202");
    for (long id : ALL_TYPES) {
      assertThat(answers.get(id)).as("event type %s equals the fake's answer", id).isEqualTo(find(truth, id, MONDAY, 3));
    }
    assertThat(find(client, 104, tuesday, 1).all()).extracting(Slot::startInstant).doesNotContain(first.startInstant());
  }

  @Test
  void readYourWritesTheNextQueryDoesNotOfferTheBookedSlot() {
    SlotsResult before = find(client, 101, MONDAY, 1);
    Slot slot = before.on(MONDAY).get(2);
    Booking booking = book(101, slot.startInstant());

    SlotsResult after = find(client, 101, MONDAY, 1);
    assertThat(after.all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
    assertThat(after.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(after).isEqualTo(find(truth, 101, MONDAY, 1));

    client.bookings().cancel(booking.uid(), CancelBookingRequest.withReason("test"));
    assertThat(find(client, 101, MONDAY, 1).all()).extracting(Slot::startInstant).contains(slot.startInstant());
  }

  @Test
  void aWeeklyLimitWidensTheInvalidationToTheWholeWeek() {
    client.eventTypes().get(301);
    LocalDate from = MONDAY.minusDays(3); // Friday before
    find(client, 301, from, 17);
    Slot wednesday = find(client, 301, MONDAY.plusDays(2), 1).on(MONDAY.plusDays(2)).get(0);
    book(301, wednesday.startInstant());

    fake.clearJournal();
    Map<LocalDate, Boolean> refetched = new TreeMap<>();
    for (int i = 0; i < 17; i++) {
      LocalDate day = from.plusDays(i);
      int before = slotCalls();
      find(client, 301, day, 1);
      refetched.put(day, slotCalls() > before);
    }
    // The ISO week Mon 5 - Sun 11 (with Sunday-start weeks and one day of zone slack either side) was dropped...
    for (LocalDate day = MONDAY; !day.isAfter(MONDAY.plusDays(6)); day = day.plusDays(1)) {
      assertThat(refetched.get(day)).as("%s is in the booked week", day).isTrue();
    }
    // ...and days well outside it kept their entries.
    assertThat(refetched.get(from)).as("the Friday before").isFalse();
    assertThat(refetched.get(MONDAY.plusDays(9))).as("Wednesday of the next week").isFalse();
    assertThat(refetched.get(MONDAY.plusDays(13))).as("Sunday of the next week").isFalse();
  }

  private Booking book(long eventTypeId, Instant start) {
    return client
        .bookings()
        .create(
            CreateBookingRequest.builder()
                .eventTypeId(eventTypeId)
                .start(start)
                .attendee(Attendee.withEmail("Dana", "dana@example.com", "Europe/Berlin"))
                .build());
  }

  private static SlotsResult find(CalcomClient c, long eventTypeId, LocalDate from, int days) {
    Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
    return c.slots()
        .find(
            SlotQuery.forEventType(eventTypeId)
                .between(start, from.plusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
                .timeZone("UTC")
                .build());
  }

  private int slotCalls() {
    return (int) fake.journal().stream().filter(c -> c.path().equals("/v2/slots")).count();
  }

  private List<String> slotCallsByEventType() {
    List<String> out = new ArrayList<>();
    fake.journal().stream()
        .filter(c -> c.path().equals("/v2/slots"))
        .forEach(
            c -> {
              for (String pair : c.query().split("&")) {
                if (pair.startsWith("eventTypeId=")) {
                  out.add(pair.substring("eventTypeId=".length()));
                }
              }
            });
    return out;
  }
}
