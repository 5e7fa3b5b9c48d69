package dev.calcomclient.metrics.micrometer;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CacheStats;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.metrics.InvalidationStats;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.webhook.CalcomWebhooks;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer binder on a scripted run of a client against {@link FakeCalcom} on a manual clock: successful
 * slot lookups, a 429 that pauses the credential (with a read coalescing onto the paused one), a 503 burst that
 * opens the slots breaker and its recovery, webhooks, then the cache and invalidation events other layers emit.
 */
class CalcomMicrometerBinderTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final String SECRET = "whsec_metrics";

  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CalcomMicrometerBinder binder = new CalcomMicrometerBinder(Tags.of("client", "test"));
  private final AtomicInteger pauses = new AtomicInteger();
  private final AtomicInteger retries = new AtomicInteger();
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .clock(s.clock())
            .scheduler(s)
            // deadline = 3 x timeout = 120 s on the manual clock: room for the 60 s pause
            .timeout(EndpointGroup.SLOTS, Duration.ofSeconds(40))
            .rateLimiterConfig(RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(90)).build())
            .retryPolicy(RetryPolicy.builder().baseBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
            // each distinct query goes upstream: no fetch block stores the next one's day ahead of it
            .cache(CacheConfig.builder().fetchBlockDays(1).build())
            .addListener(binder)
            .addListener(
                new CalcomEventListener() {
                  @Override
                  public void rateLimitPaused(CalcomRequest attempt, Duration pause) {
                    pauses.incrementAndGet();
                  }

                  @Override
                  public void retryDecision(CalcomRequest a, boolean retrying, String reason, Duration backoff) {
                    if (retrying) {
                      retries.incrementAndGet();
                    }
                  }
                })
            .build();
    binder.monitor(client::stats).bindTo(registry);
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
    registry.close();
  }

  private double count(String name, String... tags) {
    Meter meter = registry.find(name).tags("client", "test").tags(tags).meter();
    assertThat(meter).as(name + " " + List.of(tags)).isNotNull();
    double total = 0;
    for (var m : meter.measure()) {
      if (m.getStatistic().name().equals("COUNT") || m.getStatistic().name().equals("VALUE")) {
        total += m.getValue();
      }
    }
    return total;
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags("client", "test").tags(tags).gauge().value();
  }

  private double state(EndpointGroup group, CircuitState state) {
    return gauge(
        "calcom.client.circuit.state", "group", group.name().toLowerCase(), "state", state.name().toLowerCase());
  }

  @Test
  void aScriptedRunIsVisibleInTheMetersWithBoundedTags() {
    // 1. Two successful slot lookups.
    client.slots().find(distinctSlotQuery(0));
    client.slots().find(distinctSlotQuery(1));

    // 2. A 429: the credential pauses; an identical read joins the paused flight; both succeed after the pause.
    fake.faults().nextRequests(1, Fault.tooManyRequests());
    SlotQuery paused = distinctSlotQuery(2);
    CompletableFuture<SlotsResult> first = client.slots().findAsync(paused);
    await().atMost(Duration.ofSeconds(30)).until(() -> pauses.get() == 1);
    CompletableFuture<SlotsResult> joined = client.slots().findAsync(paused);
    s.advance(Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> first.isDone() && joined.isDone());
    assertThat(joined.join()).isEqualTo(first.join());

    // 3. A 503 burst: five failed lookups (3 attempts each) open the slots breaker; one more is refused.
    fake.faults().nextRequests(SLOTS, 15, Fault.serviceUnavailable());
    for (int i = 3; i < 8; i++) {
      SlotQuery q = distinctSlotQuery(i);
      assertThatThrownBy(() -> client.slots().find(q)).isInstanceOf(ServerErrorException.class);
    }
    assertThat(state(EndpointGroup.SLOTS, CircuitState.OPEN)).isEqualTo(1);
    assertThat(state(EndpointGroup.SLOTS, CircuitState.CLOSED)).isZero();
    assertThatThrownBy(() -> client.slots().find(distinctSlotQuery(8))).isInstanceOf(CircuitOpenException.class);

    // 4. Recovery: half-open after 60 s, closed after two successful trials.
    s.advance(Duration.ofSeconds(60));
    client.slots().find(distinctSlotQuery(9));
    client.slots().find(distinctSlotQuery(10));

    // Requests: timer per operation, outcome and status.
    assertThat(count("calcom.client.requests", "operation", "slots_find", "outcome", "success", "status", "200"))
        .isEqualTo(2 + 2 + 2);
    assertThat(count("calcom.client.requests", "operation", "slots_find", "outcome", "server_error", "status", "503"))
        .isEqualTo(5);
    assertThat(count("calcom.client.requests", "operation", "slots_find", "outcome", "circuit_open", "status", "none"))
        .isEqualTo(1);
    assertThat(registry.get("calcom.client.requests").timers().stream().mapToLong(t -> t.count()).sum())
        .as("every request is timed once")
        .isEqualTo(client.stats().requests());
    // Attempts: the 429, the 15 503s, and one success per upstream call.
    assertThat(count("calcom.client.attempts", "operation", "slots_find", "outcome", "rate_limited", "status", "429"))
        .isEqualTo(1);
    assertThat(count("calcom.client.attempts", "operation", "slots_find", "outcome", "server_error", "status", "503"))
        .isEqualTo(15);
    assertThat(count("calcom.client.attempts", "operation", "slots_find", "outcome", "success", "status", "200"))
        .as("the joined read made no attempt")
        .isEqualTo(5);
    assertThat(registry.get("calcom.client.attempts").timers().stream().mapToLong(t -> t.count()).sum())
        .isEqualTo(fake.requestCount());
    // Limiter, coalescer, breaker, retries.
    assertThat(count("calcom.client.ratelimit.pauses")).isEqualTo(1);
    assertThat(count("calcom.client.coalesced", "operation", "slots_find")).isEqualTo(1);
    assertThat(count("calcom.client.circuit.transitions", "group", "slots", "from", "closed", "to", "open"))
        .isEqualTo(1);
    assertThat(count("calcom.client.circuit.transitions", "group", "slots", "from", "open", "to", "half_open"))
        .isEqualTo(1);
    assertThat(count("calcom.client.circuit.transitions", "group", "slots", "from", "half_open", "to", "closed"))
        .isEqualTo(1);
    assertThat(state(EndpointGroup.SLOTS, CircuitState.CLOSED)).isEqualTo(1);
    assertThat(state(EndpointGroup.SLOTS, CircuitState.OPEN)).isZero();
    assertThat(state(EndpointGroup.BOOKINGS, CircuitState.CLOSED)).isEqualTo(1);
    assertThat(count("calcom.client.circuit.rejections", "group", "slots")).isEqualTo(1);
    assertThat(count("calcom.client.retries", "operation", "slots_find"))
        .as("2 retries for each of the 5 failed lookups, plus whatever else the retry layer reported")
        .isGreaterThanOrEqualTo(10)
        .isEqualTo(retries.get());
    // Gauges read from client.stats().
    assertThat(gauge("calcom.client.ratelimit.window.requests")).isEqualTo(client.stats().upstreamRequestsLast60s());
    // Tokens: what client.stats() reports (NaN while the client does not pass its limiter's tokens to the stats).
    OptionalLong tokens = client.stats().rateLimitAvailableTokens();
    double available = gauge("calcom.client.ratelimit.available");
    if (tokens.isPresent()) {
      assertThat(available).isEqualTo(tokens.getAsLong());
    } else {
      assertThat(available).isNaN();
    }

    // Tags stay bounded: no meter is tagged with a key, a uid or a path.
    assertThat(registry.getMeters())
        .allSatisfy(
            m ->
                m.getId()
                    .getTags()
                    .forEach(t -> assertThat(t.getValue()).matches("[a-z0-9_]{1,20}")));
  }

  @Test
  void webhookCacheAndInvalidationEventsBecomeCountersAndSummaries() {
    CalcomWebhooks webhooks =
        CalcomWebhooks.builder()
            .secret(SECRET)
            .onBookingChange(c -> CompletableFuture.completedFuture(null))
            .addListener(binder)
            .build();
    byte[] body =
        ("{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2050-09-01T00:00:00Z\",\"payload\":{"
                + "\"startTime\":\"2050-09-05T07:00:00Z\",\"endTime\":\"2050-09-05T07:30:00Z\",\"uid\":\"u\"}}")
            .getBytes(StandardCharsets.UTF_8);
    webhooks.handle(body, Map.of("X-Cal-Signature-256", List.of(WebhookSignature.sign(SECRET, body))));
    webhooks.handle(body, Map.of("X-Cal-Signature-256", List.of(WebhookSignature.sign("wrong", body))));
    webhooks.handle(body, Map.of());
    webhooks.handle(body, Map.of("X-Cal-Signature-256", List.of("no-secret-provided")));
    // Another component reporting a free-form reason cannot create an unbounded tag value.
    binder.webhookRejected("reason with user input 12345");

    // The events the cache and invalidator emit (their layers are wired by the client in other modules' tests).
    binder.cacheHit(CacheTier.L1, "calcom:v1:slots:et:101:d:2050-09-05");
    binder.cacheHit(CacheTier.L1, "k2");
    binder.cacheMiss(CacheTier.L1, "k3");
    binder.cacheHit(CacheTier.L2, "k3");
    binder.invalidated(3, Duration.ofMillis(2));
    binder.invalidated(5, Duration.ofMillis(4));
    binder.invalidationQueued(5);
    binder.invalidationDropped(5);

    assertThat(count("calcom.client.webhooks", "result", "verified", "reason", "none")).isEqualTo(1);
    assertThat(count("calcom.client.webhooks", "result", "rejected", "reason", "signature_invalid")).isEqualTo(1);
    assertThat(count("calcom.client.webhooks", "result", "rejected", "reason", "signature_missing")).isEqualTo(1);
    assertThat(count("calcom.client.webhooks", "result", "rejected", "reason", "no_secret_provided")).isEqualTo(1);
    assertThat(count("calcom.client.webhooks", "result", "rejected", "reason", "other")).isEqualTo(1);
    assertThat(count("calcom.client.cache.gets", "tier", "l1", "result", "hit")).isEqualTo(2);
    assertThat(count("calcom.client.cache.gets", "tier", "l1", "result", "miss")).isEqualTo(1);
    assertThat(count("calcom.client.cache.gets", "tier", "l2", "result", "hit")).isEqualTo(1);
    assertThat(count("calcom.client.cache.gets", "tier", "l2", "result", "miss")).as("registered at zero").isZero();
    var keys = registry.get("calcom.client.invalidations.keys").tags("client", "test").summary();
    assertThat(keys.count()).isEqualTo(2);
    assertThat(keys.totalAmount()).isEqualTo(8);
    var durations = registry.get("calcom.client.invalidations").tags("client", "test").timer();
    assertThat(durations.count()).isEqualTo(2);
    assertThat(durations.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6);
    assertThat(count("calcom.client.invalidations.queued")).isEqualTo(1);
    assertThat(count("calcom.client.invalidations.dropped")).isEqualTo(1);
    assertThat(registry.getMeters())
        .noneMatch(m -> m.getId().getTags().stream().anyMatch(t -> t.getValue().contains("k3")));
  }

  @Test
  void theAvailableTokensGaugeShowsWhatTheStatsReport() {
    CalcomMicrometerBinder tokens = new CalcomMicrometerBinder();
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    ClientStats withTokens =
        new ClientStats(
            Instant.EPOCH,
            Map.of(),
            0,
            0,
            7,
            120,
            110,
            Map.of(),
            0,
            0,
            0,
            0,
            0,
            0,
            OptionalLong.of(42),
            CacheStats.EMPTY,
            InvalidationStats.EMPTY,
            0,
            0);
    tokens.monitor(() -> withTokens).bindTo(own);

    assertThat(own.get("calcom.client.ratelimit.available").gauge().value()).isEqualTo(42);
    assertThat(own.get("calcom.client.ratelimit.window.requests").gauge().value()).isEqualTo(7);
    assertThatThrownBy(() -> tokens.monitor(() -> withTokens)).isInstanceOf(IllegalStateException.class);
    own.close();
  }

  @Test
  void aPausedCredentialShowsItsEndTimeInTheGauge() {
    CalcomMicrometerBinder paused = new CalcomMicrometerBinder();
    SimpleMeterRegistry own = new SimpleMeterRegistry();
    Instant end = Instant.parse("2050-09-01T00:05:00Z");
    java.util.concurrent.atomic.AtomicReference<java.util.Optional<Instant>> pause =
        new java.util.concurrent.atomic.AtomicReference<>(java.util.Optional.of(end));
    paused
        .monitor(
            () -> new ClientStats(
                Instant.EPOCH, Map.of(), 0, 0, 0, 120, 110, Map.of(), 0, 0, 0, 1, 0, 0, OptionalLong.empty(),
                CacheStats.EMPTY, InvalidationStats.EMPTY, 0, 0, pause.get()))
        .bindTo(own);

    assertThat(own.get("calcom.client.ratelimit.paused.until").gauge().value()).isEqualTo(end.getEpochSecond());
    pause.set(java.util.Optional.empty());
    assertThat(own.get("calcom.client.ratelimit.paused.until").gauge().value()).isZero();
    own.close();
  }

  @Test
  void aRegistryBoundLaterSeesMetersFromThenOnAndTwoRegistriesSeeTheSame() {
    CalcomMicrometerBinder late = new CalcomMicrometerBinder();
    late.cacheHit(CacheTier.L1, "before-binding");
    SimpleMeterRegistry one = new SimpleMeterRegistry();
    SimpleMeterRegistry two = new SimpleMeterRegistry();
    late.bindTo(one);
    late.bindTo(two);

    late.cacheHit(CacheTier.L1, "after-binding");

    for (SimpleMeterRegistry r : List.of(one, two)) {
      assertThat(r.get("calcom.client.cache.gets").tags("tier", "l1", "result", "hit").counter().count()).isEqualTo(1);
      assertThat(r.get("calcom.client.circuit.state").tags("group", "other", "state", "closed").gauge().value())
          .isEqualTo(1);
    }
    assertThat(Optional.ofNullable(one.find("calcom.client.ratelimit.available").gauge()))
        .as("no stats gauges without monitor(...)")
        .isEmpty();
  }
}
