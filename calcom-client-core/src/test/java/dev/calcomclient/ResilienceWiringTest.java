package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.metrics.OperationStats;
import dev.calcomclient.model.Me;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

/** The built-in layers as the client wires them, over a stub transport added with {@code addLayer}. */
class ResilienceWiringTest {
  private static final byte[] ME =
      "{\"status\":\"success\",\"data\":{\"id\":1,\"username\":\"ada\",\"email\":\"ada@example.com\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private final ManualScheduler s = new ManualScheduler();
  private final List<CalcomRequest> upstream = Collections.synchronizedList(new ArrayList<>());
  private IntSupplier status = () -> 200;
  private Duration latency = Duration.ofMillis(100);

  /** Answers after {@link #latency} on the manual scheduler, never calling the real transport. */
  private final Layer stubTransport =
      (request, chain) -> {
        upstream.add(request);
        int st = status.getAsInt();
        CompletableFuture<CalcomResponse> f = new CompletableFuture<>();
        s.schedule(() -> f.complete(new CalcomResponse(st, Map.of(), st == 200 ? ME : new byte[0])),
            latency.toNanos(), TimeUnit.NANOSECONDS);
        return f;
      };

  private CalcomClient.Builder builder() {
    return CalcomClient.builder()
        .apiKey("cal_test_wiring")
        .baseUrl("http://localhost:9")
        .clock(s.clock())
        .scheduler(s)
        .cache(CacheConfig.disabled()) // the layers below the cache: every call must reach them
        .addLayer(stubTransport);
  }

  @Test
  void statsReportCallsLatencyUpstreamWindowAndBreakerStates() {
    try (CalcomClient client = builder().build()) {
      List<CompletableFuture<Me>> calls = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        calls.add(client.me().getAsync());
        s.advance(Duration.ofSeconds(1));
      }
      assertThat(calls).allSatisfy(f -> assertThat(f.join().username()).isEqualTo("ada"));

      ClientStats stats = client.stats();
      OperationStats me = stats.operation(Operation.ME_GET);
      assertThat(me.calls()).isEqualTo(3);
      assertThat(me.errors()).isZero();
      assertThat(me.p50()).isBetween(Duration.ofMillis(99), Duration.ofMillis(101));
      assertThat(me.p99()).isBetween(Duration.ofMillis(99), Duration.ofMillis(101));
      assertThat(stats.requests()).isEqualTo(3);
      assertThat(stats.upstreamRequests()).isEqualTo(3);
      assertThat(stats.upstreamRequestsLast60s()).isEqualTo(3);
      assertThat(stats.rateLimit()).isEqualTo(120);
      assertThat(stats.rateLimitBudget()).isEqualTo(110);
      assertThat(stats.circuitStates())
          .containsOnlyKeys(EndpointGroup.values())
          .allSatisfy((g, st) -> assertThat(st).isEqualTo(CircuitState.CLOSED));

      s.advance(Duration.ofSeconds(61));
      assertThat(client.stats().upstreamRequestsLast60s()).isZero();
      assertThat(client.stats().upstreamRequests()).isEqualTo(3);
    }
  }

  @Test
  void concurrentIdenticalReadsCountAsCoalescingSavings() {
    try (CalcomClient client = builder().build()) {
      List<CompletableFuture<Me>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(client.me().getAsync());
      }
      s.advance(Duration.ofSeconds(1));
      assertThat(calls).allSatisfy(f -> assertThat(f).isCompleted());
      assertThat(upstream).hasSize(1);
      assertThat(client.stats().coalescedJoins()).isEqualTo(9);
      assertThat(client.stats().operation(Operation.ME_GET).calls()).isEqualTo(10);
    }
  }

  @Test
  void aFailingGetIsRetriedUnderOneBreakerOutcomeAndEveryAttemptIsCounted() {
    status = () -> 503;
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    CalcomEventListener recorder =
        new CalcomEventListener() {
          @Override
          public void requestStart(CalcomRequest request) {
            events.add("request " + request.operation());
          }

          @Override
          public void attemptStart(CalcomRequest attempt) {
            events.add("attempt " + attempt.attempt());
          }

          @Override
          public void retryDecision(CalcomRequest a, boolean retrying, String reason, Duration backoff) {
            events.add((retrying ? "retry " : "stop ") + reason);
          }
        };
    try (CalcomClient client = builder().addListener(recorder).build()) {
      CompletableFuture<Me> f = client.me().getAsync();
      s.advance(Duration.ofSeconds(10));
      assertThatThrownBy(() -> Futures.join(f)).isInstanceOf(ServerErrorException.class);
      assertThat(upstream).extracting(CalcomRequest::attempt).containsExactly(1, 2, 3);
      assertThat(events)
          .containsExactly(
              "request ME_GET",
              "attempt 1",
              "retry HTTP 503",
              "attempt 2",
              "retry HTTP 503",
              "attempt 3",
              "stop HTTP 503; no retries left");
      ClientStats stats = client.stats();
      assertThat(stats.requests()).isEqualTo(1);
      assertThat(stats.upstreamRequests()).isEqualTo(3);
      assertThat(stats.retries()).isEqualTo(2);
      assertThat(stats.operation(Operation.ME_GET).errors()).isEqualTo(1);
      assertThat(stats.circuitStates()).containsEntry(EndpointGroup.OTHER, CircuitState.CLOSED);
    }
  }

  @Test
  void anOpenBreakerRejectsBeforeATokenIsSpent() {
    status = () -> 503;
    try (CalcomClient client = builder().retryPolicy(RetryPolicy.disabled()).build()) {
      for (int i = 0; i < 5; i++) {
        client.me().getAsync();
        s.advance(Duration.ofSeconds(1));
      }
      assertThat(client.stats().circuitStates()).containsEntry(EndpointGroup.OTHER, CircuitState.OPEN);
      CompletableFuture<Me> rejected = client.me().getAsync();
      assertThatThrownBy(() -> Futures.join(rejected)).isInstanceOf(CircuitOpenException.class);
      assertThat(upstream).hasSize(5);
      assertThat(client.stats().circuitRejections()).isEqualTo(1);
      assertThat(client.stats().upstreamRequests()).isEqualTo(5);
    }
  }

  @Test
  void theLocalLimiterRefusesBurstsBeyondTheBudgetWithoutSending() {
    latency = Duration.ZERO;
    try (CalcomClient client =
        builder()
            .coalescer(Coalescer.disabled())
            .rateLimiterConfig(RateLimiterConfig.builder().limit(7).headroom(2).burstCapacity(1).build())
            .build()) {
      List<CompletableFuture<Me>> calls = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        calls.add(client.me().getAsync());
      }
      s.runDue();
      // The budget of 5 at once; the next token frees when the first send leaves the window, past any wait.
      long refused =
          calls.stream()
              .filter(CompletableFuture::isCompletedExceptionally)
              .map(f -> Futures.unwrap(f.handle((r, e) -> e).join()))
              .filter(e -> e instanceof RateLimitedException && ((RateLimitedException) e).isLocal())
              .count();
      assertThat(upstream).hasSize(5);
      assertThat(refused).isEqualTo(5);
      assertThat(client.stats().rateLimitRejections()).isEqualTo(5);
      s.advance(Duration.ofSeconds(61));
      client.me().getAsync();
      s.runDue();
      assertThat(upstream).hasSize(6);
    }
  }

  @Test
  void everyLayerCanBeSwitchedOff() {
    status = () -> 503;
    try (CalcomClient client =
        builder()
            .rateLimiter(RateLimiter.disabled())
            .circuitBreakerConfig(CircuitBreakerConfig.disabled())
            .retryPolicy(RetryPolicy.disabled())
            .coalescer(Coalescer.disabled())
            .build()) {
      for (int i = 0; i < 200; i++) {
        client.me().getAsync();
      }
      s.advance(Duration.ofSeconds(1));
      assertThat(upstream).hasSize(200);
      ClientStats stats = client.stats();
      assertThat(stats.rateLimit()).isZero();
      assertThat(stats.circuitStates()).isEmpty();
      assertThat(stats.retries()).isZero();
      assertThat(stats.coalescedJoins()).isZero();
    }
  }

  @Test
  void severalListenersSeeEveryEventAndAThrowingOneBreaksNothing() {
    List<String> first = Collections.synchronizedList(new ArrayList<>());
    List<String> second = Collections.synchronizedList(new ArrayList<>());
    CalcomEventListener throwing =
        new CalcomEventListener() {
          @Override
          public void requestStart(CalcomRequest request) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (CalcomClient client =
        builder()
            .addListener(event(first))
            .addListener(throwing)
            .addListener(event(second))
            .build()) {
      CompletableFuture<Me> f = client.me().getAsync();
      s.advance(Duration.ofSeconds(1));
      assertThat(f.join().id()).isEqualTo(1);
      assertThat(first).containsExactly("start ME_GET", "end 200 PT0.1S");
      assertThat(second).isEqualTo(first);
    }
  }

  private static CalcomEventListener event(List<String> sink) {
    return new CalcomEventListener() {
      @Override
      public void requestStart(CalcomRequest request) {
        sink.add("start " + request.operation());
      }

      @Override
      public void requestEnd(CalcomRequest request, int status, Duration latency) {
        sink.add("end " + status + " " + latency);
      }
    };
  }

  @Test
  void theBuilderRefusesBothACustomLimiterAndAConfig() {
    assertThatThrownBy(
            () ->
                CalcomClient.builder()
                    .apiKey("cal_test_x")
                    .rateLimiter(RateLimiter.disabled())
                    .rateLimiterConfig(RateLimiterConfig.defaults())
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("set either rateLimiter(...) or rateLimiterConfig(...)");
  }

  @Test
  void closeLeavesASuppliedSchedulerToItsOwner() {
    builder().build().close();
    assertThat(s.isShutdown()).isFalse();
  }
}
