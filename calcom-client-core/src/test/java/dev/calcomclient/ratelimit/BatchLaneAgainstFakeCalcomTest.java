package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static dev.calcomclient.support.FakeCalcomClients.query;
import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The batch lane end to end, on a {@link FakeClock} (the client's waits and the fake's windows on the same time) with
 * the default limiter (an exact sliding log of 110 sends per 60 s, reserve 10, batch paced at 10 at once and then 100
 * a minute): a batch job's lookups wait as long as their deadline allows, past the moment the window is full and until
 * its first sends leave it, while interactive lookups made meanwhile get their tokens at once. Time moves only when the test moves it;
 * requests travel in real time meanwhile, so each interactive lookup is awaited (bounded) before time moves on: one
 * that had to wait for a token could not complete, and the test would say so.
 */
class BatchLaneAgainstFakeCalcomTest {
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final RequestOptions BATCH =
      RequestOptions.builder().lane(Priority.BATCH).callTimeout(Duration.ofMinutes(5)).build();
  private static final RequestOptions INTERACTIVE = RequestOptions.builder().lane(Priority.INTERACTIVE).build();
  private static final Duration STEP = Duration.ofMillis(100);
  private static final Duration BOUND = Duration.ofSeconds(20);
  private static final Duration ATTEMPT = Duration.ofSeconds(10);
  private static final int BATCH_LOOKUPS = 120;

  private final FakeClock clock = FakeClock.at(NOW);
  private final LaneWaits waits = new LaneWaits();
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .clock(clock)
            .scheduler(clock.scheduler())
            // Without the event-type catalog's background loads every token is one of the test's lookups.
            // each distinct lookup is one request: no fetch block stores the next one's day ahead of it
            .cache(CacheConfig.builder().loadEventTypeMetadata(false).fetchBlockDays(1).build())
            // Requests travel in real time while the fake clock stands still: a slow machine must not turn an
            // attempt into a timeout, nor a timeout into a retry whose backoff waits for the fake clock.
            .timeout(EndpointGroup.SLOTS, ATTEMPT)
            .retryPolicy(RetryPolicy.disabled())
            .addListener(waits)
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aBatchJobWaitsPastASecondAndCompletesWhileInteractiveLookupsAreNotDelayed() {
    List<CompletableFuture<SlotsResult>> batch = new ArrayList<>();
    for (int i = 0; i < BATCH_LOOKUPS; i++) {
      batch.add(client.slots().findAsync(distinctSlotQuery(i), BATCH));
    }
    // The standard lane would have refused those beyond the window's 110 (its next token a window away); batch
    // queues them all, to take the tokens above the reserve as the pace and the window allow.
    assertThat(batch).filteredOn(f -> f.isCompletedExceptionally()).isEmpty();

    int interactive = 0;
    for (int step = 0; step < 1500 && !batch.stream().allMatch(CompletableFuture::isDone); step++) {
      if (step % 40 == 5) { // one interactive lookup every 4 s, between the batch job's tokens
        CompletableFuture<SlotsResult> call =
            client.slots().findAsync(distinctSlotQuery(1000 + interactive), INTERACTIVE);
        interactive++;
        soon().until(call::isDone);
        assertThat(call).as("interactive lookup at %s", clock.instant()).isCompleted();
      }
      clock.advance(STEP);
      awaitGrantedRequests(batch);
    }
    soon().until(() -> batch.stream().allMatch(CompletableFuture::isDone));

    assertThat(batch).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(interactive).as("interactive lookups made while the batch job ran").isGreaterThanOrEqualTo(10);
    assertThat(waits.of(Priority.INTERACTIVE)).as("interactive waits for a token").isEmpty();
    assertThat(waits.refused).as("refusals").isEmpty();
    List<Duration> batchWaits = waits.of(Priority.BATCH);
    FIGURES.info(String.format(java.util.Locale.ROOT, 
        "%d batch lookups: %d waited, longest %s; %d interactive lookups, none waited; busiest 60 s at the fake %d",
        BATCH_LOOKUPS, batchWaits.size(), batchWaits.stream().max(Duration::compareTo).orElseThrow(), interactive,
        fake.rateLimitUsage(fake.apiKey()).maxInAnyWindow()));
    assertThat(batchWaits)
        .as("batch waits for a token (the pace's burst of 10 went at once)")
        .hasSize(BATCH_LOOKUPS - 10)
        .anySatisfy(w -> assertThat(w).as("past the window's edge").isGreaterThan(Duration.ofSeconds(60)))
        .allSatisfy(w -> assertThat(w).isPositive());
    assertThat(throttled(fake)).isZero();
    assertThat(fake.rateLimitUsage(fake.apiKey()).maxInAnyWindow()).isLessThanOrEqualTo(110);
  }

  @Test
  void aBatchLookupWhoseDeadlinePassesWhileWaitingIsRefusedAndNothingIsSent() {
    interactiveLookups(0, 1); // leaves the window in 60 s: the batch call's token
    clock.advance(Duration.ofSeconds(58));
    interactiveLookups(1, 99); // the window is down to the reserve
    SlotQuery late = distinctSlotQuery(500);
    // 13 s for the call: it waits for a token until one slot attempt (10 s) before its deadline, 3 s from now.
    CompletableFuture<SlotsResult> batch =
        client.slots().findAsync(late, BATCH.toBuilder().callTimeout(ATTEMPT.plusSeconds(3)).build());
    assertThat(batch).as("its token (the first lookup leaving the window in 2 s) was expected within its wait")
        .isNotDone();
    interactiveLookups(100, 10); // callers spend the reserve: its token now lies past its deadline

    for (int step = 0; step < 29; step++) {
      clock.advance(STEP);
    }
    assertThat(batch).as("still waiting at 2.9 s").isNotDone();
    clock.advance(Duration.ofMillis(200));

    soon().until(batch::isDone);
    Throwable failure = Futures.unwrap(batch.handle((v, e) -> e).join());
    assertThat(failure).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) failure).isLocal()).isTrue();
    assertThat(failure.getMessage()).contains("Cal.com was not called");
    assertThat(callsTo(fake, "GET /v2/slots"))
        .as("slot requests sent")
        .hasSize(110)
        .noneMatch(c -> late.start().toString().equals(query(c).get("start")));
  }

  /** Makes {@code count} interactive lookups of distinct days, each answered before the next. */
  private void interactiveLookups(int from, int count) {
    for (int i = from; i < from + count; i++) {
      CompletableFuture<SlotsResult> call = client.slots().findAsync(distinctSlotQuery(i), INTERACTIVE);
      soon().until(call::isDone);
      assertThat(call).isCompleted();
    }
  }

  /** A bounded wait that looks often: the tests wait for real requests many times over. */
  private static ConditionFactory soon() {
    return await().atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2));
  }

  /** Lets the requests of the batch lookups granted in the last step reach the fake before time moves on. */
  private void awaitGrantedRequests(List<CompletableFuture<SlotsResult>> batch) {
    long granted = waits.of(Priority.BATCH).size() + 10; // ten went at once, the others after a wait
    soon().until(() -> batch.stream().filter(CompletableFuture::isDone).count() >= Math.min(granted, batch.size()));
  }

  /** Limiter waits by lane and refusals, as the limiter measured them on the fake clock. */
  private static final class LaneWaits implements CalcomEventListener {
    final Queue<Map.Entry<Priority, Duration>> waited = new ConcurrentLinkedQueue<>();
    final Queue<Instant> refused = new ConcurrentLinkedQueue<>();

    @Override
    public void rateLimitWaited(CalcomRequest attempt, Duration wait) {
      waited.add(Map.entry(attempt.priority(), wait));
    }

    @Override
    public void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {
      refused.add(Instant.now());
    }

    List<Duration> of(Priority lane) {
      return waited.stream().filter(e -> e.getKey() == lane).map(Map.Entry::getValue).toList();
    }
  }
}
