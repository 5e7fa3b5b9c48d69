package dev.calcomclient.alternatives;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.ValidationException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code alternatives().find} with per-call {@link RequestOptions}, as every other resource method takes them: the
 * lane, the longest wait for a rate-limit token and the call timeout reach the upstream slots call. On a
 * {@link FakeClock} with a budget of 2 per 60 s, spent by two lookups of other event types before each search, so
 * that the search's token is a window away and nothing it needs is cached.
 */
class AlternativesRequestOptionsTest {
  private static final long EVENT_TYPE = DefaultDataset.PRODUCT_DEMO_ID; // not one of the spending lookups'
  private static final Instant DESIRED = Instant.parse("2050-09-12T10:00:00Z");

  private final FakeClock clock = FakeClock.at(FakeCalcomClients.NOW);
  private final Queue<CalcomRequest> attempts = new ConcurrentLinkedQueue<>();
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    RateLimiterConfig twoPerWindow = RateLimiterConfig.builder().limit(2).headroom(0).burstCapacity(1).build();
    client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build())
            .scheduler(clock.scheduler())
            .rateLimiter(RateLimiter.local(twoPerWindow, clock, clock.scheduler()))
            .addListener(
                new CalcomEventListener() {
                  @Override
                  public void attemptStart(CalcomRequest attempt) {
                    attempts.add(attempt);
                  }
                })
            .build();
    // Two lookups of other event types (intro call, consultation) spend the budget until a window from now.
    client.slots().find(distinctSlotQuery(0));
    client.slots().find(distinctSlotQuery(1));
    attempts.clear();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aSearchWaitsForItsTokenAsLongAsItsMaxWaitAllowsInItsLaneAndWithinItsCallTimeout() {
    RequestOptions patient =
        RequestOptions.builder()
            .lane(Priority.STANDARD)
            .maxWait(Duration.ofSeconds(90))
            .callTimeout(Duration.ofMinutes(5))
            .build();
    Instant asked = clock.instant();
    CompletableFuture<Alternatives> search =
        client.alternatives().findAsync(EVENT_TYPE, DESIRED, AlternativeOptions.defaults(), patient);

    clock.advance(Duration.ofSeconds(59));
    assertThat(search).as("waiting for the token the window frees at 60 s").isNotDone();
    assertThat(callsTo(fake, "GET /v2/slots")).hasSize(2);
    clock.advance(Duration.ofSeconds(2));
    await().atMost(Duration.ofSeconds(20)).until(search::isDone);

    assertThat(search.join().upstreamCalls()).isEqualTo(1);
    assertThat(attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.priority()).as("the options' lane, not AlternativeOptions' INTERACTIVE")
                  .isEqualTo(Priority.STANDARD);
              assertThat(a.maxWait()).contains(Duration.ofSeconds(90));
              assertThat(a.deadline()).isEqualTo(asked.plus(Duration.ofMinutes(5)));
            });
  }

  @Test
  void withoutRequestOptionsOrWithAShortMaxWaitTheSearchIsRefusedAtOnceAndNothingIsSent() {
    // AlternativeOptions' lane (INTERACTIVE, at most 2 s) as before: the token is a window away.
    assertThatThrownBy(() -> client.alternatives().find(EVENT_TYPE, DESIRED, AlternativeOptions.defaults()))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.isLocal()).isTrue());
    // A batch search that may wait only 5 s: refused too, in its own lane.
    RequestOptions brief = RequestOptions.builder().lane(Priority.BATCH).maxWait(Duration.ofSeconds(5)).build();
    CompletableFuture<Alternatives> batch =
        client.alternatives().findAsync(EVENT_TYPE, DESIRED, AlternativeOptions.defaults(), brief);
    assertThat(batch).isCompletedExceptionally();
    assertThat(Futures.unwrap(batch.handle((v, e) -> e).join()))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.isLocal()).isTrue());

    assertThat(attempts).as("attempts sent").isEmpty();
    assertThat(callsTo(fake, "GET /v2/slots")).hasSize(2);
  }

  @Test
  void nullRequestOptionsAreRefusedNamingTheFieldAndNothingIsSent() {
    assertThatThrownBy(() -> client.alternatives().find(EVENT_TYPE, DESIRED, AlternativeOptions.defaults(), null))
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("requestOptions"));
    assertThatThrownBy(
            () -> client.alternatives().findAsync(EVENT_TYPE, DESIRED, AlternativeOptions.defaults(), null))
        .isInstanceOf(ValidationException.class);
    assertThat(attempts).isEmpty();
  }
}
