package dev.calcomclient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.Alternatives;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Graceful overload against {@link FakeCalcom} on a manual clock: once the client's rate budget is spent, a read
 * whose every day is cached (expired ones included) is answered from the cache, marked stale with its age and
 * counted; a read with a day not cached, or with a day this client's own booking invalidated, is refused with the
 * time to retry; an alternative search uses the cached days only; and a booking still gets the next token ahead of
 * a read waiting for one.
 *
 * <p>The budget is spent by lookups of far days (each one upstream call) until the limiter has no token left, so
 * the tests do not depend on how the limiter accounts for its tokens. Stale-if-error is off: every stale answer here
 * comes from the overload path.
 */
class StaleUnderOverloadAgainstFakeCalcomTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final long INTRO_CALL = DefaultDataset.INTRO_CALL_ID;
  private static final LocalDate MONDAY = LocalDate.parse(FakeCalcomClients.MONDAY);
  private static final Duration TTL = Duration.ofSeconds(60);

  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> staleEvents = new CopyOnWriteArrayList<>();
  /** The operation of every attempt sent to Cal.com, in the order the limiter let them go. */
  private final List<Operation> attempts = new CopyOnWriteArrayList<>();
  private FakeCalcom fake;
  private CalcomClient client;
  private int farDays;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
    client = client(b -> b);
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  /** A client with a small budget (24 per window, no headroom), stale-if-error off, then {@code custom}. */
  private CalcomClient client(UnaryOperator<CalcomClient.Builder> custom) {
    CalcomMicrometerBinder metrics = new CalcomMicrometerBinder();
    metrics.bindTo(registry);
    CalcomClient.Builder b = CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(s.clock())
        .scheduler(s)
        .retryPolicy(RetryPolicy.disabled())
        .rateLimiterConfig(RateLimiterConfig.builder().limit(24).headroom(0).build())
        // time stands still while a request is in flight; a loaded machine must not time it out
        .timeout(EndpointGroup.SLOTS, Duration.ofSeconds(30))
        .cache(CacheConfig.builder()
            .ttlPolicy(TtlPolicy.fixed(TTL))
            .staleIfErrorOff()
            .staleIfOverloaded(Duration.ofMinutes(5))
            .refreshAheadOff()
            .loadEventTypeMetadata(false)
            // each read caches the days it asks for, no more: which days are cached is what these tests are about
            .fetchBlockDays(1)
            .build())
        .addListener(metrics)
        .addListener(new CalcomEventListener() {
          @Override
          public void answeredStale(Operation operation, StaleReason reason, Duration age) {
            staleEvents.add(operation + " " + reason + " " + age);
          }

          @Override
          public void attemptStart(CalcomRequest attempt) {
            attempts.add(attempt.operation());
          }
        });
    return custom.apply(b).build();
  }

  private static SlotQuery utcDays(LocalDate first, LocalDate last) {
    return SlotQuery.forEventType(INTRO_CALL)
        .between(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
            last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
        .timeZone(ZoneOffset.UTC)
        .build();
  }

  /** Looks up far days, one upstream call each, until the limiter has no token left for this credential. */
  private void spendTheBudget() {
    for (int i = 0; i < 500 && client.stats().rateLimitAvailableTokens().orElseThrow() > 0; i++) {
      LocalDate far = MONDAY.plusDays(60 + farDays++);
      client.slots().find(utcDays(far, far));
    }
    assertThat(client.stats().rateLimitAvailableTokens().orElseThrow()).as("budget spent").isZero();
  }

  private long slotCalls() {
    return fake.requests().count(SLOTS);
  }

  @Test
  void cachedThenExpiredDaysAreServedStaleWithTheirAgeAndCountedWhenNoTokenIsAvailable() {
    SlotsResult fresh = client.slots().find(utcDays(MONDAY, MONDAY.plusDays(1)));
    assertThat(fresh.isStale()).isFalse();
    assertThat(fresh.staleAge()).isEmpty();
    s.advance(Duration.ofSeconds(90)); // 30 s past the TTL
    spendTheBudget();
    long before = slotCalls();

    SlotsResult stale = client.slots().find(utcDays(MONDAY, MONDAY.plusDays(1)));

    assertThat(stale).as("the cached days' slots").isEqualTo(fresh);
    assertThat(stale.isStale()).isTrue();
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.sourceByDay()).containsValues(SlotsSource.STALE).doesNotContainValue(SlotsSource.L1);
    assertThat(stale.staleAge()).as("fetched 90 s ago").contains(Duration.ofSeconds(90));
    assertThat(slotCalls()).as("nothing reached Cal.com").isEqualTo(before);
    assertThat(client.stats().cache().staleAnswers(StaleReason.OVERLOADED)).isEqualTo(1);
    assertThat(client.stats().cache().staleAnswers(StaleReason.UNAVAILABLE)).isZero();
    assertThat(client.stats().toReport()).contains("stale answers 1 under overload, 0 while Cal.com failed");
    assertThat(staleEvents).containsExactly("SLOTS_FIND OVERLOADED PT1M30S");
    Timer timer = registry.get("calcom.client.cache.stale").tag("reason", "overloaded").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.max(TimeUnit.SECONDS)).isEqualTo(90.0);
  }

  @Test
  void aReadWithADayNotCachedIsRefusedWithTheTimeToRetryNotAnsweredInPart() {
    client.slots().find(utcDays(MONDAY, MONDAY));
    s.advance(Duration.ofSeconds(90));
    spendTheBudget();

    assertThatThrownBy(() -> client.slots().find(utcDays(MONDAY, MONDAY.plusDays(1))))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.isLocal()).isTrue();
          assertThat(e.retryAfter()).isPositive();
        });
    assertThat(client.stats().cache().staleAnswers(StaleReason.OVERLOADED)).isZero();
    assertThat(staleEvents).isEmpty();
    // the day that is cached alone is answered
    assertThat(client.slots().find(utcDays(MONDAY, MONDAY)).isStale()).isTrue();
  }

  @Test
  void aDayInvalidatedByTheClientsOwnBookingIsNotServedStale() {
    SlotsResult monday = client.slots().find(utcDays(MONDAY, MONDAY));
    Instant taken = monday.all().get(3).startInstant();
    s.advance(Duration.ofSeconds(90));
    Booking booking = client.bookings().create(CreateBookingRequest.builder()
        .eventTypeId(INTRO_CALL)
        .start(taken)
        .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/London"))
        .build());
    assertThat(booking.start()).isEqualTo(taken);
    spendTheBudget();

    assertThatThrownBy(() -> client.slots().find(utcDays(MONDAY, MONDAY)))
        .as("the pre-booking copy of Monday is not served")
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.isLocal()).isTrue());
    assertThat(client.stats().cache().staleAnswers(StaleReason.OVERLOADED)).isZero();
  }

  @Test
  void underOverloadAnAlternativeSearchUsesTheCachedDaysOnly() {
    client.slots().find(utcDays(MONDAY, MONDAY.plusDays(1)));
    s.advance(Duration.ofSeconds(90));
    spendTheBudget();
    long before = slotCalls();
    Instant desired = MONDAY.atTime(10, 0).toInstant(ZoneOffset.UTC);
    AlternativeOptions options =
        AlternativeOptions.builder().timeZone(ZoneOffset.UTC).count(50).horizon(Duration.ofDays(4)).build();

    Alternatives found = client.alternatives().find(INTRO_CALL, desired, options);

    assertThat(found.isPartial()).isTrue();
    assertThat(found.daysNotSearched())
        .containsExactly(MONDAY.plusDays(2), MONDAY.plusDays(3), MONDAY.plusDays(4));
    assertThat(found.stale()).isTrue();
    assertThat(found.staleAge()).contains(Duration.ofSeconds(90));
    assertThat(found.alternatives()).isNotEmpty().allSatisfy(a -> assertThat(
        LocalDate.ofInstant(a.slot().startInstant(), ZoneOffset.UTC)).isBetween(MONDAY, MONDAY.plusDays(1)));
    assertThat(slotCalls()).as("nothing reached Cal.com").isEqualTo(before);
    assertThat(client.stats().cache().staleAnswers(StaleReason.OVERLOADED)).isEqualTo(1);

    Instant uncached = MONDAY.plusDays(20).atTime(10, 0).toInstant(ZoneOffset.UTC);
    assertThatThrownBy(() -> client.alternatives().find(INTRO_CALL, uncached, options))
        .as("no day of the window cached: refused")
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.isLocal()).isTrue();
          assertThat(e.retryAfter()).isPositive();
        });
  }

  @Test
  void aBookingGetsTheNextTokenAheadOfAReadWaitingForOne() {
    client.close();
    // Long waits and deadlines, so that both calls queue until a token comes, however the limiter refills.
    client = client(b -> b
        .timeout(EndpointGroup.SLOTS, Duration.ofMinutes(2))
        .timeout(EndpointGroup.BOOKINGS, Duration.ofMinutes(2))
        .rateLimiterConfig(RateLimiterConfig.builder().limit(24).headroom(0)
            .maxWait(Priority.STANDARD, Duration.ofMinutes(3))
            .maxWait(Priority.INTERACTIVE, Duration.ofMinutes(3)).build()));
    Instant start = client.slots().find(utcDays(MONDAY, MONDAY)).all().get(2).startInstant();
    spendTheBudget();

    CompletableFuture<SlotsResult> read = client.slots().findAsync(utcDays(MONDAY.plusDays(1), MONDAY.plusDays(1)));
    CompletableFuture<Booking> booking = client.bookings().createAsync(CreateBookingRequest.builder()
        .eventTypeId(INTRO_CALL)
        .start(start)
        .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/London"))
        .build());
    int spent = attempts.size();
    for (int i = 0; i < 360 && attempts.size() < spent + 2; i++) {
      s.advance(Duration.ofSeconds(1));
    }
    assertThat(attempts.subList(spent, attempts.size()))
        .as("the booking, queued after the read, was sent first")
        .startsWith(Operation.BOOKING_CREATE, Operation.SLOTS_FIND);
    await().atMost(Duration.ofSeconds(10)).until(() -> booking.isDone() && read.isDone());
    assertThat(booking.join().start()).isEqualTo(start);
    assertThat(read.join().all()).extracting(Slot::startInstant).isNotEmpty();
  }
}
