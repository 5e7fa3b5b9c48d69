package dev.calcomclient.alternatives;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.alternatives.internal.DefaultAlternativesService;
import dev.calcomclient.cache.internal.SlotDaySource;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The finder against {@link FakeCalcom}'s real availability (schedules, bookings, minimum notice): every search
 * costs at most one {@code GET /v2/slots} in the fake's journal, and its answer equals the brute-force search over
 * the fake's slots fetched separately.
 *
 * <p>The slot days come from {@link ClientSlotDays}, a minimal uncached adapter over a plain client (one slots
 * request per {@code days} call), so that this test does not depend on the slot cache; with the cache wired in,
 * {@link #slotDays()} is the one place to switch (cold: at most one request, warm: none).
 */
class AlternativesAgainstFakeCalcomTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final Instant NOW = Instant.parse(FakeCalcomClients.NOW);
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");
  private static final ZoneId UTC = ZoneId.of("UTC");

  private FakeClock clock;
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    clock = FakeClock.at(NOW);
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    // The fake's clock stands still, so the client's own bucket would never refill; the fake's 120/60 s still holds.
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .clock(clock)
            .rateLimiter(RateLimiter.disabled())
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  /** The slot days the finder runs on. */
  private ClientSlotDays slotDays() {
    return new ClientSlotDays(client);
  }

  private record Search(long eventTypeId, Instant desired, AlternativeOptions options) {}

  private static Instant local(String dateTime, ZoneId zone) {
    return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
  }

  @Test
  void everySearchCostsAtMostOneSlotsRequestAndMatchesTheBruteForceOverTheFakesSlots() {
    // Monday 10:00 in Berlin is taken.
    fake.seedBooking(
        DefaultDataset.INTRO_CALL_ID, local("2050-09-05T10:00", BERLIN), "Taken Already", "taken@example.com");
    ClientSlotDays days = slotDays();
    for (long id : new long[] {101, 104, 105, 201}) {
      days.learnEventType(id);
    }
    assertThat(days.noticeOf(101)).as("intro-call's metadata is known").isEqualTo(Duration.ofMinutes(60));
    AlternativesService finder = new DefaultAlternativesService(days, clock);
    AlternativeOptions berlin = AlternativeOptions.builder().timeZone(BERLIN).build();
    List<Search> searches =
        List.of(
            new Search(101, local("2050-09-05T10:00", BERLIN), berlin),
            new Search(
                101,
                local("2050-09-05T10:00", BERLIN),
                berlin.toBuilder().count(6).horizon(Duration.ofDays(7)).build()),
            new Search(101, local("2050-09-09T16:30", BERLIN), berlin.toBuilder().count(5).build()),
            new Search(101, local("2050-09-10T11:00", BERLIN), berlin.toBuilder().count(4).build()),
            new Search(101, NOW.plus(Duration.ofMinutes(30)), AlternativeOptions.builder().count(5).build()),
            new Search(101, Instant.parse("2050-08-31T12:00:00Z"), AlternativeOptions.defaults()),
            new Search(
                104,
                local("2050-09-05T10:00", NEW_YORK),
                AlternativeOptions.builder().timeZone(NEW_YORK).count(4).build()),
            new Search(
                104, local("2050-09-07T14:15", NEW_YORK), AlternativeOptions.builder().timeZone(NEW_YORK).build()),
            new Search(
                105,
                local("2050-09-06T11:00", KOLKATA),
                AlternativeOptions.builder()
                    .timeZone(KOLKATA)
                    .workdays(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY))
                    .count(5)
                    .build()),
            new Search(201, local("2050-09-12T09:00", UTC), AlternativeOptions.builder().count(3).build()));

    Map<Long, List<Instant>> allSlots = new LinkedHashMap<>();
    for (long id : new long[] {101, 104, 105, 201}) {
      allSlots.put(id, fetchAll(id));
    }
    int desiredAvailable = 0;
    for (Search s : searches) {
      fake.clearJournal();

      Alternatives actual = finder.find(s.eventTypeId(), s.desired(), s.options());

      assertThat(callsTo(fake, SLOTS)).as("slots requests for " + s).hasSizeLessThanOrEqualTo(1);
      assertThat(actual.upstreamCalls()).as(s.toString()).isLessThanOrEqualTo(1);
      Instant earliest = NOW.plus(days.noticeOf(s.eventTypeId()));
      BruteForceAlternatives.Expected expected =
          BruteForceAlternatives.search(allSlots.get(s.eventTypeId()), earliest, s.desired(), s.options());
      assertThat(actual.alternatives()).as(s.toString()).isEqualTo(expected.alternatives());
      assertThat(actual.desiredAvailable()).as(s.toString()).isEqualTo(expected.desiredAvailable());
      assertThat(actual.alternatives()).as(s.toString()).isNotEmpty();
      desiredAvailable += actual.desiredAvailable() ? 1 : 0;
    }
    assertThat(days.calls()).isEqualTo(searches.size());
    assertThat(desiredAvailable).as("some searches ask for a free slot").isPositive();
  }

  @Test
  void aTakenSlotGetsItsNeighboursAsTheNearestAlternatives() {
    fake.seedBooking(
        DefaultDataset.INTRO_CALL_ID, local("2050-09-05T10:00", BERLIN), "Taken Already", "taken@example.com");
    AlternativesService finder = new DefaultAlternativesService(slotDays(), clock);
    fake.clearJournal();

    Alternatives answer =
        finder.find(
            DefaultDataset.INTRO_CALL_ID,
            local("2050-09-05T10:00", BERLIN),
            AlternativeOptions.builder().timeZone(BERLIN).build());

    assertThat(answer.desiredAvailable()).isFalse();
    assertThat(answer.alternatives())
        .extracting(a -> a.slot().start().toLocalDateTime().toString(), Alternative::strategy)
        .containsExactly(
            tuple("2050-09-05T09:30", AlternativeStrategy.SAME_DAY_EARLIER),
            tuple("2050-09-05T10:30", AlternativeStrategy.SAME_DAY_LATER),
            tuple("2050-09-05T11:00", AlternativeStrategy.NEXT_AVAILABLE));
    assertThat(callsTo(fake, SLOTS)).hasSize(1);
  }

  /** Every slot start of the event type in the next 61 days, in one request outside any search. */
  private List<Instant> fetchAll(long eventTypeId) {
    List<Instant> out = new ArrayList<>();
    client
        .slots()
        .find(
            SlotQuery.forEventType(eventTypeId)
                .between(NOW, NOW.plus(Duration.ofDays(61)))
                .timeZone("UTC")
                .build())
        .all()
        .forEach(slot -> out.add(slot.startInstant()));
    return out;
  }

  /**
   * A minimal, uncached {@link SlotDaySource} over a plain client: one {@code GET /v2/slots} per {@code days} call,
   * covering its UTC days in UTC. The lane is not passed on (the plain slots service has none).
   */
  static final class ClientSlotDays implements SlotDaySource {
    private final CalcomClient client;
    private final Map<Long, EventType> known = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    ClientSlotDays(CalcomClient client) {
      this.client = client;
    }

    /** Fetches the event type's metadata so that {@link #knownEventType} has it (absent if not readable). */
    void learnEventType(long eventTypeId) {
      try {
        client.eventTypes().get(eventTypeId).ifPresent(et -> known.put(eventTypeId, et));
      } catch (CalcomException e) {
        // Not readable with this key: the finder then applies no notice of its own, and the fake still does.
      }
    }

    /** The notice the finder applies for the event type. */
    Duration noticeOf(long eventTypeId) {
      return knownEventType(eventTypeId)
          .map(EventType::minimumBookingNotice)
          .map(Duration::ofMinutes)
          .orElse(Duration.ZERO);
    }

    int calls() {
      return calls.get();
    }

    @Override
    public CompletableFuture<DaySpan> days(
        long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
      calls.incrementAndGet();
      SlotQuery.Builder q =
          SlotQuery.forEventType(eventTypeId)
              .between(
                  fromUtc.atStartOfDay(ZoneOffset.UTC).toInstant(),
                  toUtcInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
              .timeZone("UTC");
      if (durationMinutes != null) {
        q.duration(durationMinutes);
      }
      return client
          .slots()
          .findAsync(q.build())
          .thenApply(
              result -> {
                Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
                for (LocalDate d = fromUtc; !d.isAfter(toUtcInclusive); d = d.plusDays(1)) {
                  byDay.put(d, result.on(d));
                }
                return new DaySpan(byDay, 1, false);
              });
    }

    @Override
    public Optional<EventType> knownEventType(long eventTypeId) {
      return Optional.ofNullable(known.get(eventTypeId));
    }
  }
}
