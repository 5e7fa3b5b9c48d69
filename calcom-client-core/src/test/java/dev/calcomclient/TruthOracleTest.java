package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model-based truth oracle of issue 12: seeded random schedules of lookups (random ranges, time zones with DST
 * and half-hour offsets), own creates, cancels, reschedules and reservations, bookings made elsewhere (announced by
 * a signed webhook or not), time passing, and faults on creates (5xx before and after storing, a malformed or
 * truncated 201, a connection dropped after processing or reset before it, a failing lookup), run against
 * {@link FakeCalcom} with a caching client. After every step the client's answers are checked against the fake's own
 * truth:
 *
 * <ul>
 *   <li><b>I1</b> no answer offers a time of the same event type that the fake no longer offers and that a booking
 *       this client saw complete (its own create or reschedule, or a webhook it handled) before the lookup started
 *       overlaps;
 *   <li><b>I2</b> every create's outcome is what the caller was told: returned ⇒ exists once; failed with anything
 *       but {@link BookingOutcomeUnknownException} ⇒ does not exist; no duplicates;
 *   <li><b>I3</b> a booking made elsewhere is not offered once its webhook was handled (part of I1's known set),
 *       and never after the time to live of the entries (a fixed TTL here) has passed.
 * </ul>
 *
 * <p>A failing schedule is shrunk to a minimal list of steps that still fails, printed with its seed. System
 * properties: {@code calcom.oracle.schedules} (default 2,000; raise it for a soak) and {@code calcom.oracle.seed}.
 * Steps run one after another on a {@link FakeClock} with its scheduler, so a schedule replays exactly; the scope
 * left out (two instances on a bus and L2, concurrent interleavings, timeouts, invalidations across event types
 * sharing a host) is stated in the issue's note.
 */
class TruthOracleTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final int SCHEDULES = Integer.getInteger("calcom.oracle.schedules", 2_000);
  private static final long SEED = Long.getLong("calcom.oracle.seed", 20_261_205L);
  private static final Instant NOW = Instant.parse("2050-09-01T00:00:00Z");
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final String SECRET = "oracle-webhook-secret";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final long[] EVENT_TYPES = {
    DefaultDataset.INTRO_CALL_ID,
    DefaultDataset.CONSULTATION_ID,
    DefaultDataset.QUICK_CHAT_ID,
    DefaultDataset.SALES_CALL_ID,
    DefaultDataset.SALES_PANEL_ID
  };
  private static final LocalDate[] DAYS = {
    LocalDate.parse("2050-09-05"), LocalDate.parse("2050-09-06"), LocalDate.parse("2050-09-07"),
    LocalDate.parse("2050-10-02"), LocalDate.parse("2050-10-30")
  };
  private static final ZoneId[] ZONES = {
    ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("America/New_York"),
    ZoneId.of("Australia/Adelaide")
  };
  private static final Fault[] CREATE_FAULTS = {
    Fault.serverError(500),
    Fault.serverErrorAfterProcessing(500),
    Fault.serverError(503),
    Fault.malformedJson(),
    Fault.truncatedBody(),
    Fault.connectionDroppedAfterProcessing(),
    Fault.connectionReset()
  };

  private static FakeClock clock;
  private static FakeCalcom fake;
  private static OkHttpClient http;
  private static final AtomicReference<Run> current = new AtomicReference<>();

  @BeforeAll
  static void startFake() {
    clock = FakeClock.at(NOW);
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    http = new OkHttpClient.Builder().build();
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
    Map<Kind, Integer> steps = new HashMap<>();
    for (int i = 0; i < SCHEDULES; i++) {
      long seed = SEED + i;
      List<Step> schedule = generate(seed);
      String violation = run(schedule);
      if (violation != null) {
        List<Step> minimal = shrink(schedule);
        throw new AssertionError(
            "schedule with seed " + seed + " (-Dcalcom.oracle.seed=" + seed + " -Dcalcom.oracle.schedules=1) broke"
                + " the contract: " + violation + "\nminimal steps (" + minimal.size() + " of " + schedule.size()
                + "), failing with: " + run(minimal) + "\n  " + String.join("\n  ", minimal.stream()
                    .map(Step::toString).toList()));
      }
      schedule.forEach(s -> steps.merge(s.kind, 1, Integer::sum));
    }
    FIGURES.info(
        "truth oracle: {} schedules, steps {}, in {} ms",
        SCHEDULES, steps, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    assertThat(steps.keySet()).as("every kind of step ran").containsAll(Set.of(Kind.values()));
  }

  // ---- schedules ---------------------------------------------------------------------------------------------

  enum Kind { LOOKUP, CREATE, CANCEL, RESCHEDULE, RESERVE, ELSEWHERE, ADVANCE }

  /** One step; its numbers pick among what exists when it runs (modulo), so a shrunk schedule still replays. */
  record Step(Kind kind, int eventType, int day, int zone, int span, int pick, int fault, boolean flag) {
    @Override
    public String toString() {
      long et = EVENT_TYPES[eventType];
      return switch (kind) {
        case LOOKUP -> "LOOKUP event type " + et + ", " + span + " day(s) from " + DAYS[day] + " in " + ZONES[zone];
        case CREATE -> "CREATE event type " + et + " on " + DAYS[day] + ", pick " + pick
            + (flag ? " from the client's last answer" : " from the truth")
            + (fault < 0 ? "" : ", fault " + CREATE_FAULTS[fault % CREATE_FAULTS.length]
                + (fault >= CREATE_FAULTS.length ? " and a failing lookup" : ""));
        case CANCEL -> "CANCEL own booking #" + pick;
        case RESCHEDULE -> "RESCHEDULE own booking #" + pick + " to pick " + span + " on " + DAYS[day];
        case RESERVE -> "RESERVE event type " + et + " on " + DAYS[day] + ", pick " + pick;
        case ELSEWHERE -> "ELSEWHERE booking of event type " + et + " on " + DAYS[day] + ", pick " + pick
            + (flag ? ", announced by webhook" : ", not announced");
        case ADVANCE -> "ADVANCE clock " + span + " min";
      };
    }
  }

  private static List<Step> generate(long seed) {
    Random r = new Random(seed);
    int n = 6 + r.nextInt(10);
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int w = r.nextInt(100);
      Kind kind = w < 35 ? Kind.LOOKUP : w < 55 ? Kind.CREATE : w < 62 ? Kind.CANCEL : w < 70 ? Kind.RESCHEDULE
          : w < 75 ? Kind.RESERVE : w < 90 ? Kind.ELSEWHERE : Kind.ADVANCE;
      int fault = kind == Kind.CREATE && r.nextInt(3) == 0 ? r.nextInt(CREATE_FAULTS.length * 2) : -1;
      int span = kind == Kind.ADVANCE ? 1 + r.nextInt(15) : kind == Kind.RESCHEDULE ? r.nextInt(40) : 1 + r.nextInt(2);
      out.add(new Step(kind, r.nextInt(EVENT_TYPES.length), r.nextInt(DAYS.length), r.nextInt(ZONES.length),
          span, r.nextInt(40), fault, r.nextBoolean()));
    }
    return out;
  }

  /** Removes steps while the schedule still fails, until no single removal keeps it failing. */
  private static List<Step> shrink(List<Step> failing) {
    List<Step> best = new ArrayList<>(failing);
    boolean removed = true;
    while (removed) {
      removed = false;
      for (int i = best.size() - 1; i >= 0; i--) {
        List<Step> candidate = new ArrayList<>(best);
        candidate.remove(i);
        if (run(candidate) != null) {
          best = candidate;
          removed = true;
        }
      }
    }
    return best;
  }

  // ---- running ---------------------------------------------------------------------------------------------

  /** What the client was seen to do, against which its answers are judged. */
  private static final class Run {
    final CalcomClient client;
    final CalcomWebhooks hooks;
    final Set<String> announce = ConcurrentHashMap.newKeySet();
    final Set<String> handled = ConcurrentHashMap.newKeySet();
    /** Bookings this client saw complete (own, or announced and handled): uid to its event type. */
    final Map<String, Long> known = new LinkedHashMap<>();
    /** Bookings made elsewhere and never announced: uid to when they were made. */
    final Map<String, Instant> unannounced = new LinkedHashMap<>();
    final List<String> own = new ArrayList<>();
    final Map<Long, List<Instant>> lastOffered = new HashMap<>();
    int creates;

    Run(CalcomClient client) {
      this.client = client;
      this.hooks = client.webhookReceiver().secret(SECRET).build();
    }
  }

  /** Runs a schedule from a fresh fake; returns the first violation, or {@code null}. */
  private static String run(List<Step> schedule) {
    fake.reset();
    clock.set(NOW);
    try (CalcomClient client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .okHttpClient(http)
            .clock(clock)
            .scheduler(clock.scheduler())
            .rateLimiter(RateLimiter.disabled())
            .retryPolicy(RetryPolicy.disabled())
            .timeout(EndpointGroup.BOOKINGS, Duration.ofSeconds(2))
            .cache(
                CacheConfig.builder()
                    .ttlPolicy(TtlPolicy.fixed(TTL))
                    .refreshAheadOff()
                    .staleIfErrorOff()
                    .loadEventTypeMetadata(false)
                    .build())
            .build()) {
      Run run = new Run(client);
      current.set(run);
      fake.webhooks().subscribe((body, headers) -> deliver(body, headers), SECRET, Set.of("BOOKING_CREATED"));
      for (Step step : schedule) {
        String violation = apply(run, step);
        if (violation == null) {
          violation = checkOutcomes(run);
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

  private static void deliver(byte[] body, Map<String, String> headers) throws Exception {
    Run run = current.get();
    if (run == null) {
      return;
    }
    String uid = JSON.readTree(body).path("payload").path("uid").asText("");
    if (run.announce.contains(uid)) {
      run.hooks.handle(body, name -> headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
      run.handled.add(uid);
    }
  }

  private static String apply(Run run, Step step) {
    long et = EVENT_TYPES[step.eventType];
    switch (step.kind) {
      case LOOKUP -> {
        return lookup(run, step);
      }
      case CREATE -> {
        List<Instant> candidates = step.flag ? run.lastOffered.getOrDefault(et, List.of()) : truth(et, step.day);
        if (candidates.isEmpty()) {
          return null;
        }
        if (step.fault >= 0) {
          fake.faults().nextRequests("POST /v2/bookings", 1, CREATE_FAULTS[step.fault % CREATE_FAULTS.length]);
          if (step.fault >= CREATE_FAULTS.length) {
            fake.faults().nextRequests("GET /v2/bookings", 1, Fault.serviceUnavailable());
          }
        }
        String email = "a" + (run.creates++) + "@oracle.test";
        Instant start = candidates.get(step.pick % candidates.size());
        CreateBookingRequest request = CreateBookingRequest.builder().eventTypeId(et).start(start)
            .attendee(Attendee.withEmail("Oracle", email, "Europe/Berlin")).build();
        Booking booking = null;
        Throwable failure = null;
        try {
          booking = run.client.bookings().create(request);
        } catch (RuntimeException e) {
          failure = Futures.unwrap(e);
        }
        fake.faults().clear();
        return judgeCreate(run, et, email, booking, failure);
      }
      case CANCEL -> {
        if (run.own.isEmpty()) {
          return null;
        }
        String uid = run.own.get(step.pick % run.own.size());
        try {
          run.client.bookings().cancel(uid, CancelBookingRequest.withReason("oracle"));
          run.known.remove(uid);
          run.own.remove(uid);
        } catch (CalcomApiException refused) {
          // cancelling a booking already cancelled or past: refused, nothing changed
        }
        return null;
      }
      case RESCHEDULE -> {
        if (run.own.isEmpty()) {
          return null;
        }
        String uid = run.own.get(step.pick % run.own.size());
        long bookedType = run.known.getOrDefault(uid, et);
        List<Instant> candidates = truth(bookedType, step.day);
        if (candidates.isEmpty()) {
          return null;
        }
        try {
          Booking moved = run.client.bookings().reschedule(uid,
              RescheduleBookingRequest.to(candidates.get(step.span % candidates.size())));
          run.known.remove(uid);
          run.own.remove(uid);
          run.known.put(moved.uid(), bookedType);
          run.own.add(moved.uid());
        } catch (CalcomApiException refused) {
          // the time was not bookable for this booking (its own buffers, a limit): nothing changed
        }
        return null;
      }
      case RESERVE -> {
        List<Instant> candidates = truth(et, step.day);
        if (!candidates.isEmpty()) {
          try {
            run.client.slots().reserve(ReserveSlotRequest.of(et, candidates.get(step.pick % candidates.size())));
          } catch (CalcomApiException refused) {
            // refused reservations are fine here; what matters is what the cache answers next
          }
        }
        return null;
      }
      case ELSEWHERE -> {
        List<Instant> candidates = truth(et, step.day);
        if (candidates.isEmpty()) {
          return null;
        }
        FakeBooking b = fake.seedBooking(et, candidates.get(step.pick % candidates.size()), "Elsewhere",
            "elsewhere@oracle.test");
        if (step.flag) {
          run.announce.add(b.uid());
          fake.webhooks().trigger("BOOKING_CREATED", b.uid());
          Awaitility.await()
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(1))
              .atMost(Duration.ofSeconds(10))
              .until(() -> run.handled.contains(b.uid()));
          run.known.put(b.uid(), et);
        } else {
          run.unannounced.put(b.uid(), clock.instant());
        }
        return null;
      }
      case ADVANCE -> {
        clock.advance(Duration.ofMinutes(step.span));
        return null;
      }
      default -> throw new IllegalStateException(step.kind.name());
    }
  }

  /** I2 for one create. */
  private static String judgeCreate(Run run, long et, String email, Booking booking, Throwable failure) {
    List<FakeBooking> stored = fake.bookings().stream().filter(b -> email.equals(b.attendeeEmail())).toList();
    if (booking != null) {
      if (stored.size() != 1 || !stored.get(0).uid().equals(booking.uid())) {
        return "I2: create returned " + booking.uid() + " but the fake holds " + stored;
      }
      run.known.put(booking.uid(), et);
      run.own.add(booking.uid());
      return null;
    }
    if (failure instanceof BookingOutcomeUnknownException) {
      return stored.size() > 1 ? "I2: duplicate bookings " + stored : null;
    }
    if (!stored.isEmpty()) {
      return "I2: create failed with " + failure + " (which says: not created) but the fake holds " + stored;
    }
    return null;
  }

  /** I1 and I3 for one lookup. */
  private static String lookup(Run run, Step step) {
    long et = EVENT_TYPES[step.eventType];
    ZoneId zone = ZONES[step.zone];
    Instant from = DAYS[step.day].atStartOfDay(zone).toInstant();
    Instant to = DAYS[step.day].plusDays(step.span).atStartOfDay(zone).toInstant().minusSeconds(1);
    Instant startedAt = clock.instant();
    Map<String, Long> known = new HashMap<>(run.known);
    List<Slot> offered;
    try {
      offered = run.client.slots().find(SlotQuery.forEventType(et).between(from, to).timeZone(zone).build()).all();
    } catch (CalcomException e) {
      return null; // no answer, nothing offered
    }
    run.lastOffered.put(et, offered.stream().map(Slot::startInstant).toList());
    // A time the truth still offers is not taken, whatever overlaps it (a round-robin type needs one free host).
    Set<Instant> truth = Set.copyOf(fake.availableStarts(et, from, to));
    Duration length = Duration.ofMinutes(eventType(et).lengthInMinutes());
    for (FakeBooking b : fake.bookings()) {
      if (!b.status().occupiesTime() || b.eventTypeId() != et) {
        continue;
      }
      boolean seen = known.containsKey(b.uid());
      Instant madeAt = run.unannounced.get(b.uid());
      boolean expired = madeAt != null && startedAt.isAfter(madeAt.plus(TTL));
      if (!seen && !expired) {
        continue;
      }
      for (Slot s : offered) {
        Instant start = s.startInstant();
        if (truth.contains(start)) {
          continue;
        }
        Instant end = start.plus(s.duration().orElse(length));
        if (start.isBefore(b.end()) && b.start().isBefore(end)) {
          return (seen ? "I1" : "I3") + ": offered " + start + " of event type " + et + ", taken by "
              + (seen ? "booking " + b.uid() + " this client saw complete" : "booking " + b.uid()
                  + " made elsewhere at " + madeAt + ", past the " + TTL + " TTL at " + startedAt);
        }
      }
    }
    return null;
  }

  /** No duplicates, at every step. */
  private static String checkOutcomes(Run run) {
    List<List<FakeBooking>> duplicates = fake.duplicateBookings();
    return duplicates.isEmpty() ? null : "I2: duplicate bookings " + duplicates;
  }

  private static List<Instant> truth(long eventTypeId, int day) {
    Instant from = DAYS[day].atStartOfDay(ZoneId.of("UTC")).toInstant();
    return fake.availableStarts(eventTypeId, from, from.plus(Duration.ofDays(1)).minusSeconds(1));
  }

  private static FakeEventType eventType(long id) {
    return fake.eventTypes().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
  }
}
