package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic-stack peer behaves as the libraries it is made of do, on the scenario's simulated clock. */
class GenericStackClientTest {
  private static final long INTRO_CALL = DefaultDataset.INTRO_CALL_ID;
  private static final long PRODUCT_DEMO = DefaultDataset.PRODUCT_DEMO_ID;

  /** The wall clock under the simulated time: it moves only when the test says so. */
  private final AtomicLong nanos = new AtomicLong();
  private double scale;
  private final OkHttpClient http = new OkHttpClient();
  private FakeCalcom fake;

  @AfterEach
  void close() {
    if (fake != null) {
      fake.close();
    }
    http.dispatcher().executorService().shutdown();
  }

  private GenericStackClient client(RateLimitPolicy limit, double scale) {
    this.scale = scale;
    fake = FakeCalcom.builder().withDefaultData().rateLimit(limit).build().start();
    return new GenericStackClient(1, fake.baseUrl(), fake.apiKey(), http,
        new SimTime(scale, true, Instant::now, nanos::get));
  }

  private void advance(Duration simulated) {
    nanos.addAndGet(Math.round(simulated.toNanos() / scale));
  }

  private static LocalDate day(int workday) {
    return TrafficRunner.upcomingWorkdays(LocalDate.now(TrafficRunner.ZONE), workday + 1).get(workday);
  }

  private static List<Instant> lookup(GenericStackClient c, long eventTypeId, LocalDate day) throws Exception {
    return c.availability("op", eventTypeId, day.atStartOfDay(TrafficRunner.ZONE).toInstant(),
        day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant(), TrafficRunner.ZONE);
  }

  private long slotRequests() {
    return fake.journal().stream().filter(c -> "/v2/slots".equals(c.path())).count();
  }

  @Test
  void anAnswerIsCachedForSixtySimulatedSeconds() throws Exception {
    GenericStackClient c = client(RateLimitPolicy.disabled(), 60);
    LocalDate day = day(3);

    List<Instant> first = lookup(c, INTRO_CALL, day);
    advance(Duration.ofSeconds(59));
    List<Instant> second = lookup(c, INTRO_CALL, day);

    assertThat(second).isEqualTo(first);
    assertThat(slotRequests()).isEqualTo(1);

    advance(Duration.ofSeconds(2));
    lookup(c, INTRO_CALL, day);
    assertThat(slotRequests()).as("expired on the simulated clock").isEqualTo(2);
  }

  @Test
  void aBookingEvictsTheBookedEventTypesAnswersOnly() throws Exception {
    GenericStackClient c = client(RateLimitPolicy.disabled(), 60);
    LocalDate day = day(3);
    List<Instant> free = lookup(c, INTRO_CALL, day);
    lookup(c, INTRO_CALL, day.plusDays(1));
    lookup(c, PRODUCT_DEMO, day);

    c.book("op", INTRO_CALL, free.get(0), "Someone", "someone@load.test", TrafficRunner.ZONE);
    assertThat(c.invalidatedKeysPerBooking()).containsExactly(2);

    lookup(c, PRODUCT_DEMO, day);
    assertThat(slotRequests()).as("another event type's answer stays cached").isEqualTo(3);
    assertThat(lookup(c, INTRO_CALL, day)).doesNotContain(free.get(0));
    assertThat(slotRequests()).isEqualTo(4);
  }

  @Test
  void theLimiterRefusesPastOneHundredTwentyAMinuteAndRecordsTheShortfall() throws Exception {
    GenericStackClient c = client(RateLimitPolicy.disabled(), 60);
    LocalDate day = day(3);
    Instant start = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
    for (int i = 0; i < GenericStackClient.LIMIT_PER_MINUTE; i++) {
      // a different query each time, so that every lookup needs a permit
      c.availability("op", INTRO_CALL, start.plusSeconds(i), start.plus(Duration.ofHours(12)), TrafficRunner.ZONE);
    }
    assertThat(c.budgetShortfalls()).isEmpty();

    Throwable refused = catchThrowable(() -> lookup(c, INTRO_CALL, day));

    assertThat(Outcome.classify(refused, false)).isEqualTo(Outcome.LOCAL_RATE_LIMIT);
    assertThat(c.budgetShortfalls()).hasSize(1);
    assertThat(slotRequests()).isEqualTo(GenericStackClient.LIMIT_PER_MINUTE);

    advance(Duration.ofSeconds(60));
    lookup(c, INTRO_CALL, day);
    assertThat(slotRequests()).as("a new cycle of the limiter, on the simulated clock").isEqualTo(121);
  }

  @Test
  void a429IsRetriedThenReportedAsA429() throws Exception {
    // one request a minute for the key: the second lookup gets 429s, and the key stays blocked while it retries
    GenericStackClient c = client(RateLimitPolicy.calcomDefaults()
        .withDefaultLimit(RateLimitPolicy.CredentialKind.API_KEY, 1), 1000);
    LocalDate day = day(3);
    lookup(c, INTRO_CALL, day);

    Throwable failed = catchThrowable(() -> lookup(c, INTRO_CALL, day.plusDays(1)));

    assertThat(Outcome.classify(failed, false)).isEqualTo(Outcome.HTTP_429);
    assertThat(fake.journal().stream().filter(r -> r.responseStatus() == 429).count())
        .isEqualTo(GenericStackClient.MAX_ATTEMPTS);
  }
}
