package dev.calcomclient.breaker;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The slots circuit breaker against {@link FakeCalcom}, on a manual clock shared by client and fake: a 503 burst
 * opens it after 5 failed calls, it then fails fast without reaching the fake, half-opens after 60 s and closes
 * after 2 successful trials; 404s and 429s do not count as failures.
 *
 * <p>Retries stay on (2 per GET, as by default) with zero backoff, so that each failed call is three 503 answers,
 * as it would be against Cal.com, without needing the scheduler to be advanced between attempts.
 */
class CircuitBreakerAgainstFakeCalcomTest {
  private static final String SLOTS = "GET /v2/slots";
  private static final int ATTEMPTS_PER_CALL = 3;

  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private final List<String> transitions = new CopyOnWriteArrayList<>();
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
            .cache(CacheConfig.disabled()) // about the breaker below the cache: every find must reach it
            .retryPolicy(RetryPolicy.builder().baseBackoff(Duration.ZERO).maxBackoff(Duration.ZERO).build())
            .addListener(
                new CalcomEventListener() {
                  @Override
                  public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
                    transitions.add(group + ":" + from + "->" + to);
                  }
                })
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  private CircuitState slotsBreaker() {
    return client.stats().circuitStates().get(EndpointGroup.SLOTS);
  }

  private void failWith503(SlotQuery query) {
    assertThatThrownBy(() -> client.slots().find(query))
        .isInstanceOfSatisfying(ServerErrorException.class, e -> assertThat(e.status()).isEqualTo(503));
  }

  @Test
  void a503BurstOpensTheSlotsBreakerAfterFiveFailuresThenItFailsFastHalfOpensAndClosesAfterTwoSuccesses() {
    fake.faults().nextRequests(SLOTS, 5 * ATTEMPTS_PER_CALL, Fault.serviceUnavailable());

    for (int i = 0; i < 4; i++) {
      failWith503(distinctSlotQuery(i));
      assertThat(slotsBreaker()).isEqualTo(CircuitState.CLOSED);
    }
    failWith503(distinctSlotQuery(4));
    assertThat(slotsBreaker()).isEqualTo(CircuitState.OPEN);
    assertThat(callsTo(fake, SLOTS)).hasSize(5 * ATTEMPTS_PER_CALL).allMatch(c -> c.responseStatus() == 503);

    // Open: calls fail fast and never reach the fake.
    int seen = fake.requestCount();
    for (int i = 5; i < 8; i++) {
      SlotQuery q = distinctSlotQuery(i);
      assertThatThrownBy(() -> client.slots().find(q))
          .isInstanceOfSatisfying(
              CircuitOpenException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60)));
    }
    s.advance(Duration.ofSeconds(59));
    assertThatThrownBy(() -> client.slots().find(distinctSlotQuery(8)))
        .isInstanceOfSatisfying(
            CircuitOpenException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
    assertThat(fake.requestCount()).as("requests reaching the fake while open").isEqualTo(seen);
    // Other endpoint groups have their own breaker.
    assertThat(client.stats().circuitStates().get(EndpointGroup.BOOKINGS)).isEqualTo(CircuitState.CLOSED);

    // 60 s after opening: half-open; the fake has recovered (the burst is over), two trials close it.
    s.advance(Duration.ofSeconds(1));
    assertThat(fake.faults().pendingCount()).isZero();
    assertThat(client.slots().find(distinctSlotQuery(9)).days()).isNotEmpty();
    assertThat(slotsBreaker()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(client.slots().find(distinctSlotQuery(10)).days()).isNotEmpty();
    assertThat(slotsBreaker()).isEqualTo(CircuitState.CLOSED);
    assertThat(fake.requestCount()).isEqualTo(seen + 2);
    assertThat(transitions)
        .containsExactly("SLOTS:CLOSED->OPEN", "SLOTS:OPEN->HALF_OPEN", "SLOTS:HALF_OPEN->CLOSED");
  }

  @Test
  void notFoundAnswersAndA429DoNotCountAsFailures() {
    // Ten 404s (unknown event type): the server is answering, the breaker stays closed.
    SlotQuery unknownEventType =
        SlotQuery.forEventType(999_999)
            .between(Instant.parse(FakeCalcomClients.MONDAY + "T00:00:00Z"),
                Instant.parse(FakeCalcomClients.MONDAY + "T23:59:00Z"))
            .build();
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> client.slots().find(unknownEventType)).isInstanceOf(NotFoundException.class);
    }
    assertThat(slotsBreaker()).isEqualTo(CircuitState.CLOSED);
    assertThat(callsTo(fake, SLOTS)).hasSize(10).allMatch(c -> c.responseStatus() == 404);
    s.advance(Duration.ofSeconds(20)); // refills the 20-token bucket (1.5 per second): the clock is manual

    // 4 failures, a 404, 4 failures: still closed, because the 404 counts as a success and resets the count.
    fake.faults().nextRequests(SLOTS, 4 * ATTEMPTS_PER_CALL, Fault.serviceUnavailable());
    for (int i = 0; i < 4; i++) {
      failWith503(distinctSlotQuery(i));
    }
    assertThatThrownBy(() -> client.slots().find(unknownEventType)).isInstanceOf(NotFoundException.class);
    s.advance(Duration.ofSeconds(20));
    fake.faults().nextRequests(SLOTS, 4 * ATTEMPTS_PER_CALL, Fault.serviceUnavailable());
    for (int i = 4; i < 8; i++) {
      failWith503(distinctSlotQuery(i));
    }
    assertThat(slotsBreaker()).isEqualTo(CircuitState.CLOSED);

    // A 429 after those 4 failures: not a failure (else this would be the fifth and open the breaker)...
    fake.faults().nextRequests(SLOTS, 1, Fault.tooManyRequests());
    assertThatThrownBy(() -> client.slots().find(distinctSlotQuery(8)))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.isLocal()).isFalse());
    assertThat(slotsBreaker()).isEqualTo(CircuitState.CLOSED);
    // ...and not a success either: after the 60 s pause, one more failure is the fifth in a row.
    s.advance(Duration.ofSeconds(60));
    fake.faults().nextRequests(SLOTS, ATTEMPTS_PER_CALL, Fault.serviceUnavailable());
    failWith503(distinctSlotQuery(9));
    assertThat(slotsBreaker()).isEqualTo(CircuitState.OPEN);
    assertThat(transitions).containsExactly("SLOTS:CLOSED->OPEN");
    List<RecordedCall> slots = callsTo(fake, SLOTS);
    assertThat(slots).filteredOn(c -> c.responseStatus() == 503).hasSize(9 * ATTEMPTS_PER_CALL);
    assertThat(slots).filteredOn(c -> c.responseStatus() == 429).hasSize(1);
  }
}
