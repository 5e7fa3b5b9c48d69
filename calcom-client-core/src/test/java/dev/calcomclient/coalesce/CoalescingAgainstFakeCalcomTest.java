package dev.calcomclient.coalesce;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyDistribution;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The coalescer through a real client against {@link FakeCalcom}, whose slot answers take 2 s so that concurrent
 * identical queries overlap: they share one upstream request, and a failure reaches only the callers of the
 * flight that failed.
 */
class CoalescingAgainstFakeCalcomTest {
  private static final String SLOTS = "GET /v2/slots";
  // Long enough that a loaded machine still makes the 100 calls of a test while the first is in flight; the
  // client's attempt timeout is well above it, so that a slow answer is not retried (a retry is a second request).
  private static final Duration SLOTS_LATENCY = Duration.ofSeconds(2);

  private FakeCalcom fake;
  private CalcomClient client;
  private ExecutorService callers;

  @BeforeEach
  void setUp() {
    fake =
        FakeCalcom.builder()
            .withDefaultData()
            .latency(LatencyProfile.none().with("slots", LatencyDistribution.fixed(SLOTS_LATENCY)))
            .build()
            .start();
    // About the coalescer below the cache: identical finds must reach it rather than be answered from cache.
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .timeout(EndpointGroup.SLOTS, SLOTS_LATENCY.multipliedBy(5))
            .cache(CacheConfig.disabled())
            .build();
    callers = Executors.newFixedThreadPool(16);
  }

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
    client.close();
    fake.close();
  }

  /** {@code n} calls of {@code query}, started together from 16 threads; the futures of their results. */
  private List<CompletableFuture<SlotsResult>> concurrently(int n, SlotQuery query) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<CompletableFuture<SlotsResult>>> submitted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      submitted.add(
          callers.submit(
              () -> {
                go.await();
                return client.slots().findAsync(query);
              }));
    }
    go.countDown();
    List<CompletableFuture<SlotsResult>> results = new ArrayList<>();
    for (Future<CompletableFuture<SlotsResult>> f : submitted) {
      results.add(f.get(30, TimeUnit.SECONDS));
    }
    return results;
  }

  private static void awaitAll(List<? extends CompletableFuture<?>> futures) throws Exception {
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
        .handle((v, t) -> null)
        .get(60, TimeUnit.SECONDS);
  }

  @Test
  void hundredConcurrentIdenticalSlotQueriesMakeExactlyOneUpstreamRequest() throws Exception {
    SlotQuery query = distinctSlotQuery(0);
    Instant before = Instant.now();

    List<CompletableFuture<SlotsResult>> calls = concurrently(100, query);
    assertThat(Duration.between(before, Instant.now()))
        .as("all 100 calls were made while the first was still in flight")
        .isLessThan(SLOTS_LATENCY);
    awaitAll(calls);

    SlotsResult first = calls.get(0).join();
    assertThat(first.isEmpty()).isFalse();
    assertThat(calls).allSatisfy(c -> assertThat(c.join()).isEqualTo(first));
    assertThat(callsTo(fake, SLOTS)).as("upstream slot requests").hasSize(1);
    assertThat(fake.requestCount()).isEqualTo(1);
    assertThat(client.stats().coalescedJoins()).isEqualTo(99);
    assertThat(client.stats().upstreamRequests()).isEqualTo(1);
  }

  @Test
  void aFailureIsSharedByTheJoinersOfThatFlightOnly() throws Exception {
    SlotQuery unknown =
        SlotQuery.forEventType(999_999)
            .between(Instant.parse(FakeCalcomClients.MONDAY + "T00:00:00Z"),
                Instant.parse(FakeCalcomClients.MONDAY + "T23:59:00Z"))
            .build();
    SlotQuery healthy = distinctSlotQuery(1);

    // Two flights in the air at once: 50 callers of a failing query, 50 of a healthy one.
    List<CompletableFuture<SlotsResult>> failing = concurrently(50, unknown);
    List<CompletableFuture<SlotsResult>> succeeding = concurrently(50, healthy);
    awaitAll(failing);
    awaitAll(succeeding);

    assertThat(failing).allSatisfy(f -> assertThat(failureOf(f)).isInstanceOf(NotFoundException.class));
    SlotsResult healthyResult = succeeding.get(0).join();
    assertThat(succeeding).allSatisfy(f -> assertThat(f.join()).isEqualTo(healthyResult));
    assertThat(callsTo(fake, SLOTS)).hasSize(2);

    // The failure was not kept: the same query made after the flight ended goes upstream again.
    List<CompletableFuture<SlotsResult>> again = concurrently(50, unknown);
    awaitAll(again);
    assertThat(again).allSatisfy(f -> assertThat(failureOf(f)).isInstanceOf(NotFoundException.class));
    List<RecordedCall> slots = callsTo(fake, SLOTS);
    assertThat(slots).hasSize(3);
    assertThat(slots).filteredOn(c -> c.responseStatus() == 404).hasSize(2);
    assertThat(client.stats().coalescedJoins()).isEqualTo(3 * 49);
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    Supplier<Throwable> none = () -> new AssertionError("expected a failure, got " + f.join());
    return f.handle((v, t) -> t == null ? none.get() : Futures.unwrap(t)).join();
  }
}
