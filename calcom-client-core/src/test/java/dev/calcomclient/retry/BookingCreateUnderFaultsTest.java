package dev.calcomclient.retry;

import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.introCallSlot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitPolicy;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 1,000 {@code bookings().create} calls against {@link FakeCalcom} while it resets connections, drops them after
 * creating the booking, answers 500/502/503/504 (with and without storing the booking first), answers 201 with a
 * malformed or truncated body, and answers too late for the client's timeout; the lookups the
 * client makes after an ambiguous failure get 503s and resets too. Each call books its own slot for its own
 * attendee, so any second booking of a (event type, start, attendee) is a duplicate the client caused.
 *
 * <p>Rate limiting is not under test here: the fake gives the key a limit it cannot reach and the client's limiter
 * is configured to match, so the run takes real time only for the scaled latencies (bookings 1.5-5 s simulated at
 * time scale 100: 15-50 ms) and the slow answers (1 s of real time, twice the client's 500 ms timeout). The
 * bookings breaker opens only after 50 consecutive failures, so that a random cluster of faults does not turn
 * the rest of the run into fast failures (that case is {@code CircuitBreakerAgainstFakeCalcomTest}'s).
 */
class BookingCreateUnderFaultsTest {
  private static final int CALLS = 1000;
  private static final int THREADS = 16;
  private static final long SEED = 20_260_421L;
  private static final String CREATE = "POST /v2/bookings";
  private static final String LOOKUP = "GET /v2/bookings";
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private static final Duration SLOW = Duration.ofSeconds(1);

  /** How one call ended. */
  private record Outcome(int index, CreateBookingRequest request, Booking booking, Throwable failure) {}

  @Test
  void thousandCreatesUnderFaultsMakeNoDuplicateAndEveryCallReturnsTheBookingOrSaysWhetherItMayExist()
      throws Exception {
    try (FakeCalcom fake =
            FakeCalcom.builder()
                .withDefaultData()
                .timeScale(100)
                .latency(LatencyProfile.calcomLike())
                .rateLimit(RateLimitPolicy.calcomDefaults().withLimit(FakeCalcom.DEFAULT_API_KEY, 1_000_000))
                .faultSeed(SEED)
                .build()
                .start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .timeout(EndpointGroup.BOOKINGS, TIMEOUT)
                .rateLimiterConfig(RateLimiterConfig.builder().limit(1_000_000).burstCapacity(100_000).build())
                .circuitBreakerConfig(CircuitBreakerConfig.builder().failureThreshold(50).build())
                .retryPolicy(
                    RetryPolicy.builder()
                        .baseBackoff(Duration.ofMillis(20))
                        .maxBackoff(Duration.ofMillis(100))
                        .random(new Random(SEED))
                        .build())
                .build()) {
      fake.faults()
          .randomly(CREATE, 0.04, Fault.connectionReset())
          .randomly(CREATE, 0.05, Fault.connectionDroppedAfterProcessing())
          .randomly(CREATE, 0.02, Fault.serverError(500))
          .randomly(CREATE, 0.02, Fault.serverError(502))
          .randomly(CREATE, 0.02, Fault.serviceUnavailable())
          .randomly(CREATE, 0.02, Fault.serverError(504))
          .randomly(CREATE, 0.03, Fault.slowResponse(SLOW))
          .randomly(CREATE, 0.02, Fault.serverErrorAfterProcessing(500))
          .randomly(CREATE, 0.02, Fault.malformedJson())
          .randomly(CREATE, 0.02, Fault.truncatedBody())
          .randomly(LOOKUP, 0.10, Fault.serviceUnavailable())
          .randomly(LOOKUP, 0.05, Fault.connectionReset());

      List<Outcome> outcomes = createAll(client);

      List<FakeBooking> inFake = fake.bookings();
      List<RecordedCall> journal = fake.journal();

      // 0 duplicates: no (event type, start, attendee) was booked twice, and no create was ever posted twice.
      assertThat(fake.duplicateBookings()).as("duplicate bookings in the fake").isEmpty();
      Map<String, Long> postsPerAttendee =
          journal.stream()
              .filter(c -> CREATE.equals(c.endpoint()))
              .collect(Collectors.groupingBy(BookingCreateUnderFaultsTest::attendeeEmail, Collectors.counting()));
      assertThat(postsPerAttendee.values()).as("POSTs per attendee").allMatch(n -> n == 1);

      // Every call returned the booking (which exists) or threw a typed exception; when that exception does not
      // say "may exist", the booking indeed does not exist.
      Map<String, FakeBooking> byAttendee = new LinkedHashMap<>();
      for (FakeBooking b : inFake) {
        assertThat(byAttendee.put(b.attendeeEmail(), b)).as("one booking per attendee").isNull();
      }
      Map<String, Integer> counts = new TreeMap<>();
      for (Outcome o : outcomes) {
        String email = o.request().attendee().email();
        FakeBooking stored = byAttendee.get(email);
        if (o.booking() != null) {
          assertThat(stored).as("the booking returned to call %d exists", o.index()).isNotNull();
          assertThat(stored.uid()).isEqualTo(o.booking().uid());
          assertThat(stored.eventTypeId()).isEqualTo(DefaultDataset.INTRO_CALL_ID);
          assertThat(stored.start()).isEqualTo(introCallSlot(o.index()));
          counts.merge(recovered(journal, email) ? "returned after a lookup" : "returned", 1, Integer::sum);
        } else if (o.failure() instanceof BookingOutcomeUnknownException) {
          counts.merge(
              "may exist (" + (stored != null ? "exists" : "absent") + ", lookedUp="
                  + ((BookingOutcomeUnknownException) o.failure()).lookedUp() + ")",
              1,
              Integer::sum);
        } else {
          assertThat(o.failure()).as("call %d failed with a typed exception", o.index())
              .isInstanceOf(CalcomException.class);
          assertThat(stored).as("call %d failed with %s, which means not created", o.index(), o.failure())
              .isNull();
          counts.merge("not created (" + o.failure().getClass().getSimpleName() + ")", 1, Integer::sum);
        }
      }

      // Not vacuous: the faults happened, and each way out was taken.
      Map<String, Long> injected =
          journal.stream()
              .filter(c -> CREATE.equals(c.endpoint()) && c.fault() != null)
              .collect(Collectors.groupingBy(c -> c.fault().getClass().getSimpleName(), Collectors.counting()));
      assertThat(injected)
          .containsKeys("ConnectionReset", "ConnectionDroppedAfterProcessing", "ServerError", "SlowResponse",
              "ServerErrorAfterProcessing", "MalformedJson", "TruncatedBody");
      // Every fault here either never reached Cal.com (a reset: retried) or may have been applied (looked up), so
      // no create ends "not created"; the loop above checks that any such ending is true.
      assertThat(counts.keySet())
          .anyMatch(k -> k.equals("returned"))
          .anyMatch(k -> k.equals("returned after a lookup"))
          .anyMatch(k -> k.startsWith("may exist"));
      assertThat(outcomes).hasSize(CALLS);
    }
  }

  private static List<Outcome> createAll(CalcomClient client) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        int index = i;
        CreateBookingRequest request = introCallBooking("faults", i, i);
        futures.add(
            pool.submit(
                () -> {
                  try {
                    return new Outcome(index, request, client.bookings().create(request), null);
                  } catch (RuntimeException e) {
                    return new Outcome(index, request, null, e);
                  }
                }));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get(60, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Whether the create for {@code email} got a fault after which the booking existed (so a lookup found it). */
  private static boolean recovered(List<RecordedCall> journal, String email) {
    return journal.stream()
        .anyMatch(c -> CREATE.equals(c.endpoint()) && email.equals(attendeeEmail(c)) && c.fault() != null
            && c.fault().processesRequest());
  }

  private static String attendeeEmail(RecordedCall call) {
    int at = call.body().indexOf("\"email\":\"");
    if (at < 0) {
      return "";
    }
    int start = at + "\"email\":\"".length();
    return call.body().substring(start, call.body().indexOf('"', start));
  }
}
