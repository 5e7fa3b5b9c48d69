package dev.calcomclient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotFormat;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slot cache as the client wires it, against {@link FakeCalcom} on a manual clock and scheduler shared by fake
 * and clients: every cached answer is compared with what a cache-disabled client gets from the fake for the same
 * query at the same moment.
 */
class SlotCacheAgainstFakeCalcomTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final long INTRO_CALL = DefaultDataset.INTRO_CALL_ID;
  private static final LocalDate MONDAY = LocalDate.parse(FakeCalcomClients.MONDAY);
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private FakeCalcom fake;
  private CalcomClient direct;
  private CalcomClient cached;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
    direct = client(b -> b.cache(CacheConfig.disabled()));
    cached = client(b -> b.cache(oneDayFetches().build()));
  }

  /**
   * The cached client of these tests fetches only the days a query needs ({@code fetchBlockDays(1)}), so that each
   * test's count of calls and sources per day follows its own query; the default blocks are tested against the fake
   * in {@link #withTheDefaultBlocksOneCallCoversTheFortnightFromTodayAndEveryDayOfItEqualsTheFakesAnswer}.
   */
  private static CacheConfig.Builder oneDayFetches() {
    return CacheConfig.builder().fetchBlockDays(1);
  }

  @AfterEach
  void tearDown() {
    cached.close();
    direct.close();
    fake.close();
  }

  private CalcomClient client(UnaryOperator<CalcomClient.Builder> custom) {
    return custom
        .apply(
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(s.clock())
                .scheduler(s)
                .retryPolicy(RetryPolicy.builder().baseBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build()))
        .build();
  }

  private long slotCalls() {
    return fake.requests().count(SLOTS);
  }

  private static Instant at(LocalDate day, int hour, int minute) {
    return day.atTime(hour, minute).toInstant(ZoneOffset.UTC);
  }

  private static SlotQuery query(long eventTypeId, Instant start, Instant end, ZoneId zone) {
    return SlotQuery.forEventType(eventTypeId).between(start, end).timeZone(zone).build();
  }

  /** The cached answer for {@code q}, asserted equal to the fake's own answer for it. */
  private SlotsResult assertSameAsDirect(SlotQuery q) {
    SlotsResult fromCache = cached.slots().find(q);
    assertThat(fromCache.days()).as("cached answer of %s", q).isEqualTo(direct.slots().find(q).days());
    return fromCache;
  }

  @Test
  void queriesInNewYorkBerlinAndKolkataShareOneUpstreamCallAndEachEqualsTheFakesAnswerForItsZone() {
    Instant start = MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = MONDAY.plusDays(4).atTime(LocalTime.of(23, 59, 59)).toInstant(ZoneOffset.UTC);

    SlotsResult ny = cached.slots().find(query(INTRO_CALL, start, end, NEW_YORK));
    SlotsResult berlin = cached.slots().find(query(INTRO_CALL, start, end, BERLIN));
    SlotsResult kolkata = cached.slots().find(query(INTRO_CALL, start, end, KOLKATA));
    assertThat(slotCalls()).as("one upstream slots call for the three zones").isEqualTo(1);
    assertThat(ny.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(berlin.source()).isEqualTo(SlotsSource.L1);
    assertThat(kolkata.source()).isEqualTo(SlotsSource.L1);

    assertThat(ny.days()).isEqualTo(direct.slots().find(query(INTRO_CALL, start, end, NEW_YORK)).days());
    assertThat(berlin.days()).isEqualTo(direct.slots().find(query(INTRO_CALL, start, end, BERLIN)).days());
    assertThat(kolkata.days()).isEqualTo(direct.slots().find(query(INTRO_CALL, start, end, KOLKATA)).days());
    assertThat(ny.all().get(0).start().getOffset()).isEqualTo(ZoneOffset.ofHours(-4));
    assertThat(kolkata.all().get(0).start().getOffset()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(ny.size()).isEqualTo(80);
  }

  @Test
  void anAnswerWithOneCachedDayAndOneFetchedDayReportsEachDaysSource() {
    cached.slots().find(query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), null));
    assertThat(slotCalls()).isEqualTo(1);

    SlotsResult mixed = assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY.plusDays(1), 23, 59), null));
    assertThat(slotCalls()).as("Tuesday fetched; the direct client's call is the third").isEqualTo(3);
    assertThat(mixed.days()).containsOnlyKeys(MONDAY, MONDAY.plusDays(1));
    assertThat(mixed.sourceByDay())
        .containsExactly(entry(MONDAY, SlotsSource.L1), entry(MONDAY.plusDays(1), SlotsSource.UPSTREAM));
    assertThat(mixed.sourceOn(MONDAY.plusDays(1))).contains(SlotsSource.UPSTREAM);
    assertThat(mixed.sourceOn(MONDAY.plusDays(2))).as("no slots that day").isEmpty();
    assertThat(mixed.source()).as("the summary is the least fresh day").isEqualTo(SlotsSource.L1);
    assertThat(mixed.isStale()).isFalse();
  }

  @Test
  void aLocalDayTakingSlotsFromACachedAndAFetchedUtcDayReportsTheLessFreshSource() {
    cached.slots().find(query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), null));
    // UTC+14: local Tuesday is Monday 10:00Z..Tuesday 10:00Z (cached Monday, fetched Tuesday), local Wednesday is
    // Tuesday 10:00Z..Wednesday 10:00Z (both fetched by this search).
    ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
    Instant start = MONDAY.plusDays(1).atStartOfDay(kiritimati).toInstant();
    Instant end = MONDAY.plusDays(3).atStartOfDay(kiritimati).toInstant().minusSeconds(1);
    SlotsResult r = assertSameAsDirect(query(INTRO_CALL, start, end, kiritimati));
    assertThat(r.on(MONDAY.plusDays(1))).extracting(Slot::startInstant)
        .as("local Tuesday holds slots of UTC Monday and UTC Tuesday")
        .anyMatch(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).equals(MONDAY))
        .anyMatch(t -> LocalDate.ofInstant(t, ZoneOffset.UTC).equals(MONDAY.plusDays(1)));
    assertThat(r.sourceByDay())
        .containsExactly(entry(MONDAY.plusDays(1), SlotsSource.L1), entry(MONDAY.plusDays(2), SlotsSource.UPSTREAM));
    assertThat(r.source()).isEqualTo(SlotsSource.L1);
  }

  @Test
  void localDayRangesOfEachZoneAreAnsweredFromTheDaysAWiderQueryCached() {
    // Warm the UTC days Sunday..Saturday once; then each zone's own Monday..Friday needs no call.
    cached.slots().find(query(INTRO_CALL, at(MONDAY.minusDays(1), 0, 0), at(MONDAY.plusDays(5), 23, 59), null));
    assertThat(slotCalls()).isEqualTo(1);
    for (ZoneId zone : List.of(NEW_YORK, BERLIN, KOLKATA)) {
      Instant start = MONDAY.atStartOfDay(zone).toInstant();
      Instant end = MONDAY.plusDays(5).atStartOfDay(zone).toInstant().minusSeconds(1);
      SlotsResult r = cached.slots().find(query(INTRO_CALL, start, end, zone));
      assertThat(r.source()).isEqualTo(SlotsSource.L1);
      assertThat(r.days().keySet()).as("local weekdays in " + zone)
          .containsExactly(MONDAY, MONDAY.plusDays(1), MONDAY.plusDays(2), MONDAY.plusDays(3), MONDAY.plusDays(4));
    }
    assertThat(slotCalls()).isEqualTo(1);
    for (ZoneId zone : List.of(NEW_YORK, BERLIN, KOLKATA)) {
      Instant start = MONDAY.atStartOfDay(zone).toInstant();
      Instant end = MONDAY.plusDays(5).atStartOfDay(zone).toInstant().minusSeconds(1);
      assertSameAsDirect(query(INTRO_CALL, start, end, zone));
    }
  }

  @Test
  void rangesStartingAndEndingMidDayAndOnASlotStartAreFilteredLikeTheFake() {
    // 08:15Z..13:45Z in Berlin: starts mid-slot, ends mid-slot.
    assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 8, 15), at(MONDAY, 13, 45), BERLIN));
    // Ends exactly on a slot start: the fake's end bound is inclusive.
    SlotsResult inclusive = assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 7, 0), at(MONDAY, 9, 0), null));
    assertThat(inclusive.all()).extracting(Slot::startInstant)
        .containsExactly(at(MONDAY, 7, 0), at(MONDAY, 7, 30), at(MONDAY, 8, 0), at(MONDAY, 8, 30), at(MONDAY, 9, 0));
    // An empty range at one instant.
    assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 10, 0), at(MONDAY, 10, 0), KOLKATA));
    // Across a weekend, several days, another event type and zone.
    assertSameAsDirect(query(DefaultDataset.PRODUCT_DEMO_ID, at(MONDAY.minusDays(3), 13, 0),
        at(MONDAY.plusDays(1), 2, 0), NEW_YORK));
    // Range format and a duration are their own dimensions.
    assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN).toBuilder()
        .format(SlotFormat.RANGE).build());
    assertSameAsDirect(query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN).toBuilder()
        .duration(60).format(SlotFormat.RANGE).build());
    assertSameAsDirect(query(DefaultDataset.SALES_CALL_ID, at(MONDAY, 0, 0), at(MONDAY, 23, 59), NEW_YORK));
  }

  @Test
  void daysAroundDaylightSavingTimeChangesMatchTheFake() {
    // Europe/Berlin leaves summer time on Sunday 2050-10-30, America/New_York on Sunday 2050-11-06.
    LocalDate berlinChange = LocalDate.parse("2050-10-30");
    LocalDate newYorkChange = LocalDate.parse("2050-11-06");
    assertSameAsDirect(query(INTRO_CALL, berlinChange.minusDays(3).atStartOfDay(BERLIN).toInstant(),
        berlinChange.plusDays(3).atStartOfDay(BERLIN).toInstant(), BERLIN));
    // The 25-hour local day itself, in the zone that changes.
    assertSameAsDirect(query(INTRO_CALL, berlinChange.atStartOfDay(BERLIN).toInstant(),
        berlinChange.plusDays(1).atStartOfDay(BERLIN).toInstant(), BERLIN));
    assertSameAsDirect(query(DefaultDataset.PRODUCT_DEMO_ID, newYorkChange.minusDays(3).atStartOfDay(NEW_YORK)
        .toInstant(), newYorkChange.plusDays(2).atStartOfDay(NEW_YORK).toInstant(), KOLKATA));
    SlotsResult monday = assertSameAsDirect(query(DefaultDataset.PRODUCT_DEMO_ID,
        newYorkChange.plusDays(1).atStartOfDay(NEW_YORK).toInstant(),
        newYorkChange.plusDays(2).atStartOfDay(NEW_YORK).toInstant(), NEW_YORK));
    assertThat(monday.all().get(0).start().toLocalTime()).isEqualTo(LocalTime.of(9, 0));
    assertThat(monday.all().get(0).start().getOffset()).isEqualTo(ZoneOffset.ofHours(-5));
  }

  @Test
  void aCachedAnswerLeavesOutSlotsThatStartedOrFallInsideTheMinimumNoticeByNow() {
    cached.close();
    cached = client(b -> b.cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofDays(30))).build()));
    SlotQuery monday = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN);
    cached.slots().find(monday);
    EventTypeCatalog catalog = ClientInternals.catalog(cached);
    assertThat(catalog.get(INTRO_CALL)).isEmpty();
    s.runDue(); // starts the background load of intro-call's metadata (minimum notice 60 min)
    await().atMost(Duration.ofSeconds(30)).until(() -> catalog.get(INTRO_CALL).isPresent());
    assertThat(fake.requests().countsByEndpoint()).containsEntry("GET /v2/event-types/{id}", 1L);

    // Monday 10:10 in Berlin: the fake offers nothing before 11:10.
    s.advance(Duration.between(s.now(), at(MONDAY, 8, 10)));
    SlotsResult r = assertSameAsDirect(monday);
    assertThat(r.source()).isEqualTo(SlotsSource.L1);
    assertThat(r.all().get(0).start().toLocalTime()).isEqualTo(LocalTime.of(11, 30));
    assertThat(fake.requests().count(SLOTS)).as("one cached fill, one direct call").isEqualTo(2);
  }

  @Test
  void aSlowFillThatStartedBeforeAnInvalidationIsNotStoredAndNeverServed() throws Exception {
    CountDownLatch fakeAnswered = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicBoolean gate = new AtomicBoolean(true);
    cached.close();
    cached =
        client(
            b ->
                b.addLayer(
                    (request, chain) -> {
                      if (!gate.get() || request.operation() != Operation.SLOTS_FIND) {
                        return chain.proceed(request);
                      }
                      // The fake has answered (before the booking); hold the answer until released.
                      return chain
                          .proceed(request)
                          .thenCompose(
                              response -> {
                                fakeAnswered.countDown();
                                return release.thenApply(v -> response);
                              });
                    }));
    SlotStore slotCache = ClientInternals.store(cached).orElseThrow();
    SlotQuery monday = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN);
    Instant taken = at(MONDAY, 8, 0); // 10:00 in Berlin

    CompletableFuture<SlotsResult> slowFill = cached.slots().findAsync(monday);
    assertThat(fakeAnswered.await(30, TimeUnit.SECONDS)).as("the fake answered the slow fill").isTrue();
    FakeBooking booking = fake.seedBooking(INTRO_CALL, taken, "Late Booker", "late@example.com");
    slotCache.invalidateLocal(List.of(new SlotTag(INTRO_CALL, MONDAY)));
    gate.set(false);
    release.complete(null);

    assertThat(slowFill.get(30, TimeUnit.SECONDS).all()).extracting(Slot::startInstant).contains(taken);
    SlotsResult after = assertSameAsDirect(monday);
    assertThat(after.all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(after.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(cached.slots().find(monday).all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(fake.requests().where(c -> SLOTS.equals(c.endpoint()) && !c.query().contains("format=range")))
        .as("the direct client's call").hasSize(1);
    assertThat(slotCalls()).as("slow fill, refill after the invalidation, direct").isEqualTo(3);
    assertThat(booking.start()).isEqualTo(taken);
  }

  @Test
  void aLookupStartedAfterABookingReturnedJoinedAnUpstreamFlightFromBeforeTheBookingAndOfferedTheBookedTime()
      throws Exception {
    CountDownLatch fakeAnswered = new CountDownLatch(1);
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicBoolean holdNextSlotsCall = new AtomicBoolean(true);
    cached.close();
    cached =
        client(
            b ->
                b.addLayer(
                    (request, chain) -> {
                      if (request.operation() != Operation.SLOTS_FIND || !holdNextSlotsCall.getAndSet(false)) {
                        return chain.proceed(request);
                      }
                      // A slow lookup: the fake has answered (before the booking), the answer is still on its way.
                      return chain
                          .proceed(request)
                          .thenCompose(
                              response -> {
                                fakeAnswered.countDown();
                                return release.thenApply(v -> response);
                              });
                    }));
    SlotQuery monday = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN);
    Instant taken = at(MONDAY, 8, 0); // 10:00 in Berlin

    CompletableFuture<SlotsResult> slowLookup = cached.slots().findAsync(monday);
    assertThat(fakeAnswered.await(30, TimeUnit.SECONDS)).as("the fake answered the slow lookup").isTrue();
    Booking booking =
        cached
            .bookings()
            .create(
                CreateBookingRequest.builder()
                    .eventTypeId(INTRO_CALL)
                    .start(taken)
                    .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/Berlin"))
                    .build());

    // Starts after the booking returned, while the pre-booking flight is still in the air.
    CompletableFuture<SlotsResult> afterBooking = cached.slots().findAsync(monday);
    release.complete(null);

    assertThat(afterBooking.get(30, TimeUnit.SECONDS).all())
        .as("read-your-writes: the booked time is not offered").extracting(Slot::startInstant)
        .doesNotContain(taken);
    assertThat(slowLookup.get(30, TimeUnit.SECONDS).all())
        .as("the lookup that started before the booking may see it free").extracting(Slot::startInstant)
        .contains(taken);
    assertThat(slotCalls()).as("the slow lookup's flight and a new one after the booking").isEqualTo(2);
    assertThat(booking.start()).isEqualTo(taken);
  }

  @Test
  void whileTheFakeFailsAndTheBreakerIsOpenCachedDaysAreServedStaleAndUncachedOnesFail() {
    cached.close();
    // The breaker stays open for 10 min, so that every call below meets it open.
    cached = client(b -> b.cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfError(Duration.ofMinutes(5)).build())
        .circuitBreakerConfig(CircuitBreakerConfig.builder().openDuration(Duration.ofMinutes(10)).build()));
    SlotQuery cachedDays = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY.plusDays(1), 23, 59), BERLIN);
    SlotsResult fresh = cached.slots().find(cachedDays);
    s.advance(Duration.ofSeconds(90)); // past the 60 s TTL

    fake.faults().randomly(SLOTS, 1.0, Fault.serviceUnavailable());
    // Five failing calls for other days open the slots breaker (the cached days are served stale meanwhile).
    for (int i = 0; i < 5; i++) {
      LocalDate day = MONDAY.plusDays(7 + i);
      assertThatThrownBy(() -> cached.slots().find(query(INTRO_CALL, at(day, 0, 0), at(day, 23, 59), BERLIN)))
          .isInstanceOf(ServerErrorException.class);
    }
    assertThat(cached.stats().circuitStates().get(EndpointGroup.SLOTS)).isEqualTo(CircuitState.OPEN);
    long before = fake.requestCount();

    SlotsResult stale = cached.slots().find(cachedDays);
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.isStale()).isTrue();
    assertThat(stale).isEqualTo(fresh);
    SlotsResult part = cached.slots().find(query(INTRO_CALL, at(MONDAY, 12, 0), at(MONDAY, 14, 0), NEW_YORK));
    assertThat(part.source()).isEqualTo(SlotsSource.STALE);
    assertThat(part.all()).extracting(Slot::startInstant)
        .containsExactly(at(MONDAY, 12, 0), at(MONDAY, 12, 30), at(MONDAY, 13, 0), at(MONDAY, 13, 30),
            at(MONDAY, 14, 0));

    SlotQuery uncached = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY.plusDays(2), 23, 59), BERLIN);
    assertThatThrownBy(() -> cached.slots().find(uncached)).isInstanceOf(CircuitOpenException.class);
    assertThat(fake.requestCount()).as("nothing reached the fake while open").isEqualTo(before);

    // Beyond the maximum staleness the cached days fail too.
    s.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> cached.slots().find(cachedDays)).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void aBookingUidToRescheduleIsItsOwnDimension() {
    FakeBooking existing = fake.seedBooking(INTRO_CALL, at(MONDAY, 9, 0), "Ann", "ann@example.com");
    SlotQuery monday = query(INTRO_CALL, at(MONDAY, 0, 0), at(MONDAY, 23, 59), BERLIN);
    SlotQuery reschedule = monday.toBuilder().bookingUidToReschedule(existing.uid()).build();
    assertThat(assertSameAsDirect(monday).all()).extracting(Slot::startInstant).doesNotContain(at(MONDAY, 9, 0));
    assertThat(assertSameAsDirect(reschedule).all()).extracting(Slot::startInstant).contains(at(MONDAY, 9, 0));
    assertThat(cached.slots().find(reschedule).source()).isEqualTo(SlotsSource.L1);
    assertThat(cached.slots().find(monday).all()).extracting(Slot::startInstant).doesNotContain(at(MONDAY, 9, 0));
  }

  @Test
  void slugSelectorsBypassTheCache() {
    SlotQuery bySlug = SlotQuery.forUserEventType("intro-call", "alice")
        .between(at(MONDAY, 0, 0), at(MONDAY, 23, 59)).timeZone(BERLIN).build();
    SlotsResult first = cached.slots().find(bySlug);
    SlotsResult second = cached.slots().find(bySlug);
    assertThat(second).isEqualTo(first);
    assertThat(second.source()).isEqualTo(SlotsSource.UPSTREAM);
    List<RecordedCall> calls = fake.requests().where(c -> SLOTS.equals(c.endpoint()));
    assertThat(calls).hasSize(2).allSatisfy(c -> {
      assertThat(FakeCalcomClients.query(c)).containsEntry("eventTypeSlug", "intro-call").containsEntry("timeZone",
          "Europe/Berlin").doesNotContainKey("format");
    });
  }

  @Test
  void theUpstreamSpanCallIsOneRangeFormatRequestInUtc() {
    cached.slots().find(query(INTRO_CALL, at(MONDAY, 10, 0), at(MONDAY.plusDays(2), 3, 0), KOLKATA));
    RecordedCall call = fake.requests().where(c -> SLOTS.equals(c.endpoint())).get(0);
    assertThat(FakeCalcomClients.query(call))
        .containsExactly(
            entry("eventTypeId", "101"),
            entry("start", MONDAY + "T00:00:00Z"),
            entry("end", MONDAY.plusDays(3) + "T00:00:00Z"),
            entry("format", "range"));
    assertThat(call.header("cal-api-version")).isEqualTo("2024-09-04");
  }

  @Test
  void withTheDefaultBlocksOneCallCoversTheFortnightFromTodayAndEveryDayOfItEqualsTheFakesAnswer() {
    cached.close();
    cached = client(b -> b); // the default: blocks of 14 UTC days from Monday 1970-01-05; today is 2050-09-01
    LocalDate today = LocalDate.parse("2050-09-01");
    LocalDate nextBlock = LocalDate.parse("2050-09-12");

    cached.slots().find(query(INTRO_CALL, at(MONDAY, 10, 0), at(MONDAY, 20, 0), KOLKATA));
    RecordedCall call = fake.requests().where(c -> SLOTS.equals(c.endpoint())).get(0);
    assertThat(FakeCalcomClients.query(call))
        .as("the block from Monday 2050-08-29, cut at today")
        .containsEntry("start", today + "T00:00:00Z")
        .containsEntry("end", nextBlock + "T00:00:00Z");

    for (ZoneId zone : List.of(NEW_YORK, BERLIN, KOLKATA)) {
      LocalDate last = nextBlock.minusDays(2); // a local day of the zone inside the block's UTC days
      SlotsResult r = assertSameAsDirect(query(INTRO_CALL, today.plusDays(1).atStartOfDay(zone).toInstant(),
          last.atTime(LocalTime.MAX).atZone(zone).toInstant(), zone));
      assertThat(r.source()).isEqualTo(SlotsSource.L1);
    }
    assertThat(slotCalls()).as("one call of the cached client, three of the direct one").isEqualTo(4);

    cached.slots().find(query(INTRO_CALL, at(nextBlock, 0, 0), at(nextBlock, 23, 59), null));
    RecordedCall next = fake.requests().where(c -> SLOTS.equals(c.endpoint())).get(4);
    assertThat(FakeCalcomClients.query(next))
        .containsEntry("start", nextBlock + "T00:00:00Z")
        .containsEntry("end", nextBlock.plusDays(14) + "T00:00:00Z");
  }
}
