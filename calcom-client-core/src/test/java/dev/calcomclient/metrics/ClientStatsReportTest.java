package dev.calcomclient.metrics;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.internal.StatsRecorder;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testing.Requests;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@link ClientStats#toReport()}: the compact text report, from scripted events and from a real client. */
class ClientStatsReportTest {
  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));

  @Test
  void theReportShowsEveryFigureOnItsLine() {
    StatsRecorder r = new StatsRecorder(s.clock());
    CalcomRequest slots = Requests.request(Operation.SLOTS_FIND, Priority.STANDARD, s.now().plusSeconds(30));
    CalcomRequest create = Requests.request(Operation.BOOKING_CREATE, Priority.INTERACTIVE, s.now().plusSeconds(30));
    for (int i = 1; i <= 100; i++) {
      r.requestStart(slots);
      r.requestEnd(slots, 200, Duration.ofMillis(i));
    }
    r.requestStart(create);
    r.requestFailed(create, new IllegalStateException("x"), Duration.ofMillis(25));
    for (int i = 0; i < 37; i++) {
      r.attemptStart(slots);
    }
    r.rateLimitWaited(slots, Duration.ofMillis(5));
    r.rateLimitPaused(slots, Duration.ofSeconds(60));
    r.retryDecision(slots, true, "503", Duration.ZERO);
    for (int i = 0; i < 12; i++) {
      r.coalescedJoin(slots);
    }
    for (int i = 0; i < 80; i++) {
      r.cacheHit(CacheTier.L1, "k");
    }
    for (int i = 0; i < 20; i++) {
      r.cacheMiss(CacheTier.L1, "k");
    }
    for (int i = 0; i < 10; i++) {
      r.cacheHit(CacheTier.L2, "k");
    }
    for (int i = 0; i < 10; i++) {
      r.cacheMiss(CacheTier.L2, "k");
    }
    r.invalidated(3, Duration.ofMillis(2));
    r.invalidated(5, Duration.ofMillis(2));
    r.invalidationQueued(5);
    r.webhookVerified("BOOKING_CREATED");
    r.webhookRejected("SIGNATURE_INVALID");

    String report =
        r.snapshot(
                Map.of(
                    EndpointGroup.SLOTS, CircuitState.CLOSED,
                    EndpointGroup.BOOKINGS, CircuitState.OPEN,
                    EndpointGroup.OTHER, CircuitState.CLOSED),
                Optional.of(RateLimiterConfig.defaults()),
                OptionalLong.of(73))
            .toReport();

    assertThat(report)
        .startsWith("Cal.com client stats at 2050-09-01T00:00:00Z\n")
        .contains("Rate limit: 37/110 upstream requests in the last 60 s (Cal.com limit 120), 73 tokens available")
        .contains("waits 1, local rejections 0, 429 pauses 1")
        .contains("Requests: 101 through the client, 37 upstream attempts, 1 retries")
        .contains("Cache: 90.0% hits of 100 lookups; L1 80.0% (80/100), L2 50.0% (10/20)")
        .contains("Coalescing: 12 reads joined an identical call in flight (12 upstream calls saved)")
        .contains("Circuit breakers: SLOTS CLOSED, BOOKINGS OPEN, OTHER CLOSED; 0 requests refused while open")
        .contains("Invalidations: 2, 8 keys (median 3, max 5 per invalidation, p99 2.0 ms), 1 queued, 0 dropped")
        .contains("Webhooks: 1 verified, 1 rejected")
        .endsWith("\n");
    assertThat(report.lines().filter(l -> l.startsWith("  SLOTS_FIND")).findFirst().orElseThrow())
        .contains("calls    100")
        .contains("errors     0")
        .contains("p50    50 ms")
        .contains("p95    95 ms")
        .contains("p99    99 ms")
        .contains("max   100 ms");
    assertThat(report.lines().filter(l -> l.startsWith("  BOOKING_CREATE")).findFirst().orElseThrow())
        .contains("errors     1")
        .contains("p50    25 ms");
    assertThat(report.indexOf("SLOTS_FIND"))
        .as("operations in declaration order")
        .isLessThan(report.indexOf("BOOKING_CREATE"));
  }

  @Test
  void aFreshClientsReportSaysWhatIsNotThereAndItsCallsAppear() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(s.clock())
                .scheduler(s)
                .build()) {
      String empty = client.stats().toReport();
      client.slots().find(distinctSlotQuery(0));
      client.me().get();
      String report = client.stats().toReport();

      assertThat(empty).contains("Cache: no lookups").doesNotContain("Operations:");
      assertThat(report)
          .contains("Rate limit: 2/110 upstream requests in the last 60 s (Cal.com limit 120)")
          .contains("Requests: 2 through the client, 2 upstream attempts, 0 retries")
          .contains("  SLOTS_FIND")
          .contains("  ME_GET")
          .contains("Circuit breakers: SLOTS CLOSED, BOOKINGS CLOSED, OTHER CLOSED")
          .doesNotContain(fake.apiKey());
      assertThat(report.lines().count()).isLessThan(20);
    }
  }

  @Test
  void withoutALimiterOrBreakerTheReportSaysSo() {
    StatsRecorder r = new StatsRecorder(s.clock());

    String report = r.snapshot(Map.of(), Optional.empty()).toReport();

    assertThat(report)
        .contains("Rate limit: 0 upstream requests in the last 60 s (no client-side limit)")
        .contains("Circuit breakers: disabled")
        .doesNotContain("tokens available");
  }
}
