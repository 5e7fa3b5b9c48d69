package dev.calcomclient;

import static dev.calcomclient.OracleUniverse.CREATE_FAULTS;
import static dev.calcomclient.OracleUniverse.DAYS;
import static dev.calcomclient.OracleUniverse.EVENT_TYPES;
import static dev.calcomclient.OracleUniverse.INSTANCES;
import static dev.calcomclient.OracleUniverse.NOW;
import static dev.calcomclient.OracleUniverse.SECRET;
import static dev.calcomclient.OracleUniverse.TTL;
import static dev.calcomclient.OracleUniverse.ZONES;
import static dev.calcomclient.OracleUniverse.instanceName;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.OracleStep.Kind;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-based truth oracle of issue 12: seeded random schedules ({@link OracleStepGenerator}) run against
 * {@link FakeCalcom} with two caching client instances, A and B, on one in-process L2 and one bus whose deliveries
 * the schedule holds, releases and reorders ({@link OracleBus}). Steps: lookups over random ranges and time zones
 * (DST days, half-hour zones); lookups held in flight ({@link OracleGate}) while the same instance books or
 * reschedules, followed by the same lookup again (read-your-writes through the coalescer, defect 1); lookups while
 * the instance's budget is spent ({@link OracleOverload}: answered from cached days, stale ones included, or refused,
 * never from a day invalidated since it was cached; a stale answer is judged with the age it reports); own creates,
 * cancels, reschedules and reservations on either instance; bookings made elsewhere (announced to A by a signed
 * webhook or not); time passing; faults on creates (5xx before and after storing, a malformed or truncated 201, a
 * connection dropped after processing or reset before it, a timeout after storing, a failing lookup). Event types
 * share hosts (Alice hosts four individual types, one with both buffers, and a round-robin and a collective team
 * type; Bob and Alice host an individual type with buffers; one type has a daily limit, one a weekly limit). With
 * patching on (the default), a booking patches the cached days of its hosts' individual and collective types
 * exactly and their round-robin types conservatively on the instance that learns of it first (issue 17); the run counts the days patched and
 * {@link #aPatchThatIgnoresTheSlotsOwnBuffersIsCaught} shows a wrong patch does not go unnoticed. The instances
 * fetch in blocks of the default 14 UTC days (two ISO weeks), so a lookup stores days it did not ask for and a
 * conservatively patched day is fetched again with its block once the default delay has passed;
 * {@link #everyScheduleKeepsTheContractWithOneDayFetchBlocks} runs schedules with one-day blocks.
 *
 * <p>After every step {@link OracleChecker} judges the answers against the fake's truth and what each instance's
 * {@link OracleModel} says it learned:
 *
 * <ul>
 *   <li><b>I1</b> no answer offers a time that the bookings this instance saw complete before the lookup started
 *       (its own creates and reschedules, webhooks it handled, bus messages from the other instance it received)
 *       take by the fake's own rules, of any event type on the same host: the fake counting only those bookings
 *       does not offer it (each booking widened by its own event type's buffers, the slot by its type's; a
 *       round-robin time needs every host taken; limits count them);
 *   <li><b>I2</b> every create's outcome is what the caller was told: returned ⇒ exists once; failed with anything
 *       but {@link BookingOutcomeUnknownException} ⇒ does not exist; no duplicates;
 *   <li><b>I3</b> a booking made elsewhere is not offered once its webhook was handled (part of I1), and no
 *       booking is offered by an instance that did not see it once the TTL has passed since it was made.
 * </ul>
 *
 * <p>A failing schedule is shrunk ({@link OracleShrinker}) to a minimal list of steps that still fails, printed with
 * its seed. System properties: {@code calcom.oracle.schedules} (default 2,000; raise it for a soak) and
 * {@code calcom.oracle.seed}. Steps run one after another on a {@link FakeClock} with its scheduler; only a held
 * lookup overlaps another call, so a schedule replays exactly.
 */
class TruthOracleTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final int SCHEDULES = Integer.getInteger("calcom.oracle.schedules", 2_000);
  private static final long SEED = Long.getLong("calcom.oracle.seed", 20_261_205L);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How creates ended, for the figures: "returned" or the failure's type. */
  private static final Map<String, Integer> CREATE_OUTCOMES = new ConcurrentHashMap<>();
  /** Overloaded lookups answered stale, for the figures (shrinking runs included). */
  private static final AtomicLong STALE_ANSWERS = new AtomicLong();
  /** L1 entries the instances patched instead of dropping, over every schedule run. */
  private static final AtomicLong PATCHED_ENTRIES = new AtomicLong();
  /** Set while a test runs the instances with a deliberately wrong patch rule (the slots' own buffers ignored). */
  private static volatile boolean wrongPatch;
  /** The instances' fetch blocks; {@code null}: the default ({@link CacheConfig#fetchBlockDays()}, 14 days). */
  private static volatile Integer fetchBlockDays;

  private static FakeClock clock;
  private static FakeCalcom fake;
  private static OkHttpClient http;
  private static OracleChecker checker;
  private static final AtomicReference<World> current = new AtomicReference<>();

  @BeforeAll
  static void startFake() {
    clock = FakeClock.at(NOW);
    fake = OracleUniverse.fake(clock).build().start();
    http = new OkHttpClient.Builder().build();
    checker = new OracleChecker(fake);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Test
  void everyScheduleKeepsTheContractAgainstTheFakesTruth() {
    long started = System.nanoTime();
    PATCHED_ENTRIES.set(0);
    Map<Kind, Integer> steps = new EnumMap<>(Kind.class);
    for (int i = 0; i < SCHEDULES; i++) {
      long seed = SEED + i;
      List<OracleStep> schedule = OracleStepGenerator.generate(seed);
      String violation = run(schedule);
      if (violation != null) {
        List<OracleStep> minimal = OracleShrinker.shrink(schedule, TruthOracleTest::run);
        throw new AssertionError(
            "schedule with seed " + seed + " (-Dcalcom.oracle.seed=" + seed + " -Dcalcom.oracle.schedules=1) broke"
                + " the contract: " + violation + "\nminimal steps (" + minimal.size() + " of " + schedule.size()
                + "), failing with: " + run(minimal) + "\n  " + String.join("\n  ", minimal.stream()
                    .map(OracleStep::toString).toList()));
      }
      schedule.forEach(s -> steps.merge(s.kind(), 1, Integer::sum));
    }
    FIGURES.info(
        "truth oracle: {} schedules, {} steps {}, creates ended {} (shrinking runs included), {} L1 days patched"
            + " instead of dropped, {} overloaded lookups answered stale, in {} ms",
        SCHEDULES, steps.values().stream().mapToInt(Integer::intValue).sum(), steps, CREATE_OUTCOMES,
        PATCHED_ENTRIES.get(), STALE_ANSWERS.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(steps.keySet()).as("every kind of step ran").containsAll(Set.of(Kind.values()));
    assertThat(STALE_ANSWERS.get()).as("some overloaded lookups were answered stale").isPositive();
    // The default 2,000 schedules patched 480 L1 days (for 2,020 returned creates; most creates find none of the
    // days they touch cached on their instance, or touch only team types' days): at least one per ten schedules.
    assertThat(PATCHED_ENTRIES.get()).as("bookings patched cached days (not only dropped them)")
        .isGreaterThanOrEqualTo(SCHEDULES / 10);
  }

  /**
   * The same contract with fetches of only the days a lookup needs ({@code fetchBlockDays(1)}), on a quarter of the
   * schedules (the main run fetches in blocks of the default 14 days).
   */
  @Test
  void everyScheduleKeepsTheContractWithOneDayFetchBlocks() {
    fetchBlockDays = 1;
    try {
      for (int i = 0; i < Math.max(1, SCHEDULES / 4); i++) {
        long seed = SEED + 2_000_000 + i;
        String violation = run(OracleStepGenerator.generate(seed));
        assertThat(violation).as("schedule with seed %s and one-day fetch blocks", seed).isNull();
      }
    } finally {
      fetchBlockDays = null;
    }
  }

  /**
   * The oracle catches a wrong patch: with a rule that ignores the patched slots' own buffers (only the booking's
   * type's are applied), some schedule offers a start the booking took, and I1 says so.
   */
  @Test
  void aPatchThatIgnoresTheSlotsOwnBuffersIsCaught() {
    String violation = null;
    int tried = 0;
    wrongPatch = true;
    try {
      while (violation == null && tried < 2_000) {
        violation = run(OracleStepGenerator.generate(SEED + 1_000_000 + tried));
        tried++;
      }
    } finally {
      wrongPatch = false;
    }
    FIGURES.info("truth oracle: a patch ignoring the slots' own buffers was caught after {} schedules: {}", tried,
        violation);
    assertThat(violation).as("a violation within %s schedules", tried).isNotNull().contains("I1");
  }

  // ---- the world of one schedule -----------------------------------------------------------------------------

  /** Two instances on one L2 and one held bus, with their models, gates and overload switches; A receives webhooks. */
  private static final class World implements AutoCloseable {
    final OracleModel[] models = new OracleModel[INSTANCES];
    final OracleGate[] gates = new OracleGate[INSTANCES];
    final OracleOverload[] overloads = new OracleOverload[INSTANCES];
    /** Each instance's last looked-up range (an overloaded lookup may ask for it again once it expired). */
    final Range[] lastRange = new Range[INSTANCES];
    final CalcomClient[] clients = new CalcomClient[INSTANCES];
    final OracleBus bus = new OracleBus(INSTANCES, (to, learned) -> models[to].known.putAll(learned));
    final CalcomWebhooks hooks;
    final Set<String> announce = ConcurrentHashMap.newKeySet();
    final Set<String> handled = ConcurrentHashMap.newKeySet();
    int creates;

    World() {
      RemoteCache l2 = RemoteCache.inMemory(clock);
      List<CompletableFuture<?>> warming = new java.util.ArrayList<>();
      CacheConfig.Builder cache = CacheConfig.builder();
      if (fetchBlockDays != null) {
        cache.fetchBlockDays(fetchBlockDays);
      }
      for (int i = 0; i < INSTANCES; i++) {
        models[i] = new OracleModel();
        gates[i] = new OracleGate();
        overloads[i] = new OracleOverload();
        clients[i] = CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .okHttpClient(http)
            .clock(clock)
            .scheduler(clock.scheduler())
            .rateLimiter(RateLimiter.disabled())
            .retryPolicy(RetryPolicy.disabled())
            .timeout(EndpointGroup.BOOKINGS, OracleUniverse.BOOKINGS_TIMEOUT)
            .addLayer(gates[i])
            .addLayer(overloads[i])
            .cache(cache
                .ttlPolicy(TtlPolicy.fixed(TTL))
                .refreshAheadOff()
                .staleIfErrorOff()
                .staleIfOverloaded(OracleUniverse.STALE_IF_OVERLOADED)
                .loadEventTypeMetadata(false)
                .remoteCache(l2)
                .build())
            .invalidation(InvalidationConfig.builder()
                .bus(bus.forInstance(i))
                .sourceId("oracle-" + instanceName(i))
                .build())
            .build();
        // The instance knows its event types' hosts (as a warmed client does), so I1 holds across types sharing one.
        warming.add(clients[i].eventTypes().listAsync("alice"));
        warming.add(clients[i].eventTypes().listAsync("bob"));
        warming.add(clients[i].eventTypes().listAsync("carla"));
        warming.add(clients[i].eventTypes().listForTeamAsync(DefaultDataset.SALES_TEAM_ID));
      }
      CompletableFuture.allOf(warming.toArray(CompletableFuture[]::new)).join();
      hooks = clients[0].webhookReceiver().secret(SECRET).build();
      if (wrongPatch) {
        for (CalcomClient c : clients) {
          ClientInternals.invalidator(c).useWrongPatchIgnoringSlotBuffers();
        }
      }
    }

    @Override
    public void close() {
      for (OracleGate g : gates) {
        g.release();
      }
      for (CalcomClient c : clients) {
        if (c != null) {
          PATCHED_ENTRIES.addAndGet(ClientInternals.invalidator(c).patchCounts()[1]);
          c.close();
        }
      }
    }
  }

  /** Runs a schedule from a fresh fake; returns the first violation, or {@code null}. */
  private static String run(List<OracleStep> schedule) {
    fake.reset();
    clock.set(NOW);
    try (World world = new World()) {
      current.set(world);
      fake.webhooks().subscribe(TruthOracleTest::deliverWebhook, SECRET, Set.of("BOOKING_CREATED"));
      for (OracleStep step : schedule) {
        String violation = apply(world, step);
        if (violation == null) {
          violation = checker.checkNoDuplicates();
        }
        if (violation != null) {
          return step + ": " + violation;
        }
      }
      return null;
    } finally {
      current.set(null);
      fake.faults().clear();
    }
  }

  private static void deliverWebhook(byte[] body, Map<String, String> headers) throws Exception {
    World world = current.get();
    if (world == null) {
      return;
    }
    String uid = JSON.readTree(body).path("payload").path("uid").asText("");
    if (world.announce.contains(uid)) {
      world.hooks.handle(body, name -> headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
      world.handled.add(uid);
    }
  }

  // ---- steps ---------------------------------------------------------------------------------------------------

  private static String apply(World world, OracleStep step) {
    int i = step.instance();
    OracleModel model = world.models[i];
    long et = EVENT_TYPES[step.eventType()];
    switch (step.kind()) {
      case LOOKUP -> {
        Range range = Range.of(step);
        world.lastRange[i] = range;
        Instant startedAt = clock.instant();
        Map<String, Long> known = model.knownNow();
        SlotsResult answer;
        try {
          answer = world.clients[i].slots().find(range.query());
        } catch (CalcomException e) {
          return null; // no answer, nothing offered
        }
        return judgeAnswer(world, i, range, startedAt, known, answer);
      }
      case OVERLOADED_LOOKUP -> {
        return overloadedLookup(world, step);
      }
      case GATED_LOOKUP -> {
        return gatedLookup(world, step);
      }
      case CREATE -> {
        List<Instant> candidates = step.flag() ? model.lastOffered.getOrDefault(et, List.of()) : truth(et, step.day());
        return candidates.isEmpty() ? null : create(world, i, et, candidates.get(step.pick() % candidates.size()),
            step.fault());
      }
      case CANCEL -> {
        if (!model.own.isEmpty()) {
          String uid = model.own.get(step.pick() % model.own.size());
          try {
            world.clients[i].bookings().cancel(uid, CancelBookingRequest.withReason("oracle"));
            model.forget(uid);
          } catch (CalcomApiException refused) {
            // cancelling a booking already cancelled or past: refused, nothing changed
          }
        }
        return null;
      }
      case RESCHEDULE -> {
        if (model.own.isEmpty()) {
          return null;
        }
        String uid = model.own.get(step.pick() % model.own.size());
        long bookedType = model.known.getOrDefault(uid, et);
        List<Instant> candidates = truth(bookedType, step.day());
        return candidates.isEmpty() ? null : reschedule(world, i, uid, candidates.get(step.span() % candidates.size()));
      }
      case RESERVE -> {
        List<Instant> candidates = truth(et, step.day());
        if (!candidates.isEmpty()) {
          try {
            world.clients[i].slots().reserve(
                ReserveSlotRequest.of(et, candidates.get(step.pick() % candidates.size())));
          } catch (CalcomApiException refused) {
            // refused reservations are fine here; what matters is what the cache answers next
          }
        }
        return null;
      }
      case ELSEWHERE -> {
        return elsewhere(world, step, et);
      }
      case ADVANCE -> {
        clock.advance(Duration.ofMinutes(step.span()));
        return null;
      }
      case DELIVER -> {
        world.bus.deliver(step.pick(), step.flag());
        return null;
      }
      default -> throw new IllegalStateException(step.kind().name());
    }
  }

  /**
   * A lookup whose upstream answer is held in flight while the same instance books (or reschedules to) a time of
   * its range; then the same lookup again, started after the change returned, which I1 judges with the change
   * known. Before flight scopes, the second lookup joined the held flight and offered the booked time.
   */
  private static String gatedLookup(World world, OracleStep step) {
    int i = step.instance();
    OracleModel model = world.models[i];
    CalcomClient client = world.clients[i];
    OracleGate gate = world.gates[i];
    Range range = Range.of(step);
    world.lastRange[i] = range;
    Map<String, Long> knownBefore = model.knownNow();
    Instant firstAt = clock.instant();
    gate.arm();
    CompletableFuture<SlotsResult> first = client.slots().findAsync(range.query());
    awaitQuietly(Duration.ofSeconds(5), () -> gate.holding() || first.isDone());
    String violation = changeDuringFlight(world, step, range);
    Map<String, Long> knownAfter = model.knownNow();
    Instant secondAt = clock.instant();
    CompletableFuture<SlotsResult> second = client.slots().findAsync(range.query());
    if (!knownAfter.equals(knownBefore)) {
      // After a change, a lookup that (wrongly) joined the held flight waits for it: let it join before releasing.
      // Without a change, joining is right (nothing to read back), so the flight is released at once.
      awaitQuietly(Duration.ofMillis(100), second::isDone);
    }
    gate.release();
    List<Slot> firstOffered = answer(first);
    List<Slot> secondOffered = answer(second);
    if (violation == null && firstOffered != null) {
      violation = judgeAnswer(world, i, range, firstAt, knownBefore, firstOffered);
    }
    if (violation == null && secondOffered != null) {
      violation = judgeAnswer(world, i, range, secondAt, knownAfter, secondOffered);
      if (violation != null) {
        violation = "the lookup after the change: " + violation;
      }
    }
    return violation;
  }

  /**
   * A lookup while the instance's slots requests are refused as by a spent budget: it is answered from cached days
   * (stale ones included, never one invalidated since it was cached) or refused. I1 holds as for any answer; I3 with
   * the answer's reported stale age, so an understated age is a violation too.
   */
  private static String overloadedLookup(World world, OracleStep step) {
    int i = step.instance();
    Range range = Range.of(step);
    if (step.flag()) {
      // The instance's last range again, past the TTL but within the stale window: what it cached then (and no
      // change since invalidated) is expired, not gone.
      range = world.lastRange[i] == null ? range : world.lastRange[i];
      clock.advance(TTL.plusMinutes(step.pick() % OracleUniverse.STALE_IF_OVERLOADED.toMinutes()));
    }
    Instant startedAt = clock.instant();
    Map<String, Long> known = world.models[i].knownNow();
    SlotsResult answer;
    world.overloads[i].on();
    try {
      answer = world.clients[i].slots().find(range.query());
    } catch (RateLimitedException refused) {
      return refused.isLocal() && !refused.retryAfter().isNegative() && !refused.retryAfter().isZero()
          ? null : "an overloaded lookup failed with " + refused + " instead of a local refusal with a retry time";
    } finally {
      world.overloads[i].off();
    }
    if (answer.isStale() != answer.staleAge().isPresent()) {
      return "a stale answer without its age, or an age on an answer that is not stale: " + answer;
    }
    if (answer.isStale()) {
      STALE_ANSWERS.incrementAndGet();
    }
    return judgeAnswer(world, i, range, startedAt, known, answer);
  }

  private static String changeDuringFlight(World world, OracleStep step, Range range) {
    int i = step.instance();
    OracleModel model = world.models[i];
    if (step.flag() && !model.own.isEmpty()) {
      String uid = model.own.get(step.fault() % model.own.size());
      long bookedType = model.known.get(uid);
      List<Instant> candidates = fake.availableStarts(bookedType, range.from(), range.to());
      return candidates.isEmpty() ? null
          : reschedule(world, i, uid, candidates.get(step.pick() % candidates.size()));
    }
    List<Instant> candidates = fake.availableStarts(range.eventTypeId(), range.from(), range.to());
    return candidates.isEmpty() ? null
        : create(world, i, range.eventTypeId(), candidates.get(step.pick() % candidates.size()), -1);
  }

  private static String create(World world, int i, long et, Instant start, int fault) {
    if (fault >= 0) {
      fake.faults().nextRequests("POST /v2/bookings", 1, CREATE_FAULTS[fault % CREATE_FAULTS.length]);
      if (fault >= CREATE_FAULTS.length) {
        fake.faults().nextRequests("GET /v2/bookings", 1, Fault.serviceUnavailable());
      }
    }
    String email = "a" + (world.creates++) + "@oracle.test";
    CreateBookingRequest request = CreateBookingRequest.builder().eventTypeId(et).start(start)
        .attendee(Attendee.withEmail("Oracle", email, "Europe/Berlin")).build();
    int since = world.bus.published(i);
    Booking booking = null;
    Throwable failure = null;
    try {
      booking = world.clients[i].bookings().create(request);
    } catch (RuntimeException e) {
      failure = Futures.unwrap(e);
    }
    fake.faults().clear();
    CREATE_OUTCOMES.merge(failure == null ? "returned" : failure.getClass().getSimpleName(), 1, Integer::sum);
    String violation = checker.judgeCreate(email, booking, failure);
    if (violation == null && booking != null) {
      world.models[i].ownBooking(booking.uid(), et);
      violation = announce(world, i, since, booking.uid(), et);
    }
    return violation;
  }

  private static String reschedule(World world, int i, String uid, Instant to) {
    OracleModel model = world.models[i];
    long bookedType = model.known.get(uid);
    int since = world.bus.published(i);
    try {
      Booking moved = world.clients[i].bookings().reschedule(uid, RescheduleBookingRequest.to(to));
      model.forget(uid);
      model.ownBooking(moved.uid(), bookedType);
      return announce(world, i, since, moved.uid(), bookedType);
    } catch (CalcomApiException refused) {
      return null; // the time was not bookable for this booking (its own buffers, a limit): nothing changed
    }
  }

  private static String elsewhere(World world, OracleStep step, long et) {
    List<Instant> candidates = truth(et, step.day());
    if (candidates.isEmpty()) {
      return null;
    }
    FakeBooking b = fake.seedBooking(et, candidates.get(step.pick() % candidates.size()), "Elsewhere",
        "elsewhere@oracle.test");
    if (!step.flag()) {
      return null;
    }
    world.announce.add(b.uid());
    int since = world.bus.published(0);
    fake.webhooks().trigger("BOOKING_CREATED", b.uid());
    Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
        .until(() -> world.handled.contains(b.uid()));
    world.models[0].known.put(b.uid(), et);
    return announce(world, 0, since, b.uid(), et);
  }

  /** Records that the bus message {@code i} publishes for a change it saw announces it to the other instance. */
  private static String announce(World world, int i, int since, String uid, long et) {
    return world.bus.announce(i, since, uid, et)
        ? null : instanceName(i) + " published no invalidation on the bus for booking " + uid + " it saw complete";
  }

  private static String judgeAnswer(World world, int i, Range range, Instant startedAt, Map<String, Long> known,
      List<Slot> offered) {
    world.models[i].lastOffered.put(range.eventTypeId(), offered.stream().map(Slot::startInstant).toList());
    return checker.checkAnswer(instanceName(i), range.eventTypeId(), range.from(), range.to(), startedAt, known,
        offered, TTL);
  }

  /** Judges an answer whose data may be older than the TTL when it says so ({@link SlotsResult#staleAge()}). */
  private static String judgeAnswer(World world, int i, Range range, Instant startedAt, Map<String, Long> known,
      SlotsResult answer) {
    List<Slot> offered = answer.all();
    Duration maxAge = answer.staleAge().filter(age -> age.compareTo(TTL) > 0).orElse(TTL);
    world.models[i].lastOffered.put(range.eventTypeId(), offered.stream().map(Slot::startInstant).toList());
    return checker.checkAnswer(instanceName(i), range.eventTypeId(), range.from(), range.to(), startedAt, known,
        offered, maxAge);
  }

  private static List<Slot> answer(CompletableFuture<SlotsResult> lookup) {
    try {
      return lookup.get(10, TimeUnit.SECONDS).all();
    } catch (java.util.concurrent.ExecutionException e) {
      return null; // no answer, nothing offered
    } catch (Exception e) {
      throw new AssertionError("a lookup did not complete within 10 s after its flight was released", e);
    }
  }

  private static void awaitQuietly(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    try {
      Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(atMost)
          .until(condition);
    } catch (ConditionTimeoutException e) {
      // bounded wait; the caller judges what happened
    }
  }

  private static List<Instant> truth(long eventTypeId, int day) {
    Instant from = DAYS[day].atStartOfDay(ZoneId.of("UTC")).toInstant();
    return fake.availableStarts(eventTypeId, from, from.plus(Duration.ofDays(1)).minusSeconds(1));
  }

  /** The range a lookup step asks for: whole days in a time zone. */
  private record Range(long eventTypeId, Instant from, Instant to, ZoneId zone) {
    static Range of(OracleStep step) {
      ZoneId zone = ZONES[step.zone()];
      return new Range(EVENT_TYPES[step.eventType()], DAYS[step.day()].atStartOfDay(zone).toInstant(),
          DAYS[step.day()].plusDays(step.span()).atStartOfDay(zone).toInstant().minusSeconds(1), zone);
    }

    SlotQuery query() {
      return SlotQuery.forEventType(eventTypeId).between(from, to).timeZone(zone).build();
    }
  }
}
