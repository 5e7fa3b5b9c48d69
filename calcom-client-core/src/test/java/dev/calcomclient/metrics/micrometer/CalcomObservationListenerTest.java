package dev.calcomclient.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.FakeCalcom;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CalcomObservationListener} without Spring: one observation per call (not per attempt), its parent taken on
 * the calling thread even when the call finishes on the client's scheduler after a retry, and failures tagged.
 */
@Timeout(30)
class CalcomObservationListenerTest {
  private final ObservationRegistry registry = ObservationRegistry.create();
  private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }

              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }
            });
    fake = FakeCalcom.builder().withDefaultData().build().start();
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .retryPolicy(RetryPolicy.builder().baseBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5)).build())
            .circuitBreakerConfig(CircuitBreakerConfig.builder().failureThreshold(2).build())
            .addListener(new CalcomObservationListener(registry))
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aRetriedCallIsOneObservationUnderTheCallersObservation() {
    fake.faults().nextRequests(1, Fault.serverError(503));
    Observation parent = Observation.start("caller", registry);
    try (Observation.Scope scope = parent.openScope()) {
      client.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
    } finally {
      parent.stop();
    }

    assertThat(fake.requestCount()).as("the 503 and its retry").isEqualTo(2);
    List<Observation.Context> calls = calls();
    assertThat(calls).singleElement().satisfies(c -> {
      assertThat(c.getParentObservation()).isSameAs(parent);
      assertThat(c.getLowCardinalityKeyValue("operation").getValue()).isEqualTo("event_type_get");
      assertThat(c.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
      assertThat(c.getLowCardinalityKeyValue("status").getValue()).isEqualTo("200");
      assertThat(c.getError()).isNull();
    });
  }

  @Test
  void aCallAnOpenCircuitRefusesIsAnErrorWithoutStatus() {
    fake.faults().nextRequests(6, Fault.serverError(503));
    for (int i = 0; i < 2; i++) {
      int n = i;
      assertThatThrownBy(() -> client.me().get()).isNotNull();
      assertThat(calls()).hasSize(n + 1);
    }
    assertThatThrownBy(() -> client.me().get()).isInstanceOf(CircuitOpenException.class);

    Observation.Context refused = calls().get(2);
    assertThat(refused.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("circuit_open");
    assertThat(refused.getLowCardinalityKeyValue("status").getValue()).isEqualTo("none");
    assertThat(refused.getError()).isInstanceOf(CircuitOpenException.class);
    assertThat(calls().get(0).getLowCardinalityKeyValue("status").getValue()).isEqualTo("503");
  }

  @Test
  void aNoopRegistryObservesNothing() {
    CalcomObservationListener listener = new CalcomObservationListener(ObservationRegistry.NOOP);
    try (CalcomClient quiet =
        CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).addListener(listener).build()) {
      quiet.me().get();
    }
    assertThat(listener.toString()).contains("inFlight=0");
    assertThat(stopped).isEmpty();
  }

  private List<Observation.Context> calls() {
    return stopped.stream().filter(c -> c.getName().equals(CalcomObservationListener.OBSERVATION_NAME)).toList();
  }
}
