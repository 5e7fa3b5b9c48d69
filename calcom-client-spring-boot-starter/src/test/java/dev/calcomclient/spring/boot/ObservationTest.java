package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyDistribution;
import dev.calcomclient.testkit.LatencyProfile;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The observation hook with Micrometer's {@link TestObservationRegistry}: one {@code calcom.client.request}
 * observation per call with low-cardinality operation/outcome/status, and the caller's observation as parent across
 * the client's asynchronous hops (two callers coalesced onto one upstream request keep their own parents).
 */
@Timeout(60)
class ObservationTest {
  private static FakeCalcom fake;

  @BeforeAll
  static void startFake() {
    // Slots answer after 400 ms, so two concurrent identical reads overlap and coalesce.
    fake =
        FakeCalcom.builder()
            .withDefaultData()
            .latency(LatencyProfile.none().with("GET /v2/slots", LatencyDistribution.fixed(Duration.ofMillis(400))))
            .build()
            .start();
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  private ApplicationContextRunner runner(TestObservationRegistry registry) {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(CalcomAutoConfiguration.class, CalcomMetricsAutoConfiguration.class))
        .withBean(ObservationRegistry.class, () -> registry)
        .withPropertyValues("calcom.base-url=" + fake.baseUrl(), "calcom.api-key=" + fake.apiKey());
  }

  @Test
  void eachCallIsAnObservationWithLowCardinalityTagsUnderTheCallersObservation() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Stopped stopped = recording(registry);
    runner(registry)
        .run(
            context -> {
              CalcomClient client = context.getBean(CalcomClient.class);
              Observation parent = Observation.start("caller", registry);
              try (Observation.Scope scope = parent.openScope()) {
                client.me().get();
              } finally {
                parent.stop();
              }
              try {
                client.eventTypes().get(987_654);
              } catch (NotFoundException expected) {
                // a 404 is an answer: outcome client_error, status 404
              }

              TestObservationRegistryAssert.assertThat(registry)
                  .hasNumberOfObservationsWithNameEqualTo("calcom.client.request", 2);
              List<Observation.Context> calls = stopped.contexts;
              Observation.Context me = calls.get(0);
              assertThat(me.getLowCardinalityKeyValue("operation").getValue()).isEqualTo("me_get");
              assertThat(me.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success");
              assertThat(me.getLowCardinalityKeyValue("status").getValue()).isEqualTo("200");
              assertThat(me.getParentObservation()).isSameAs(parent);
              assertThat(me.getHighCardinalityKeyValues()).isEmpty();
              Observation.Context missing = calls.get(1);
              assertThat(missing.getLowCardinalityKeyValue("operation").getValue()).isEqualTo("event_type_get");
              assertThat(missing.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("client_error");
              assertThat(missing.getLowCardinalityKeyValue("status").getValue()).isEqualTo("404");
              assertThat(missing.getParentObservation()).isNull();
              assertThat(missing.getError()).as("a 4xx answer is not an error of the call").isNull();
            });
  }

  @Test
  void coalescedCallersEachKeepTheirOwnParentAcrossThreads() {
    TestObservationRegistry registry = TestObservationRegistry.create();
    Stopped stopped = recording(registry);
    runner(registry)
        .withPropertyValues("calcom.cache.enabled=false")
        .run(
            context -> {
              CalcomClient client = context.getBean(CalcomClient.class);
              fake.clearJournal();
              SlotQuery query =
                  SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                      .between(Instant.now().plus(Duration.ofDays(20)), Instant.now().plus(Duration.ofDays(21)))
                      .build();
              CountDownLatch bothStarted = new CountDownLatch(2);
              Observation[] parents = new Observation[2];
              CompletableFuture<?>[] calls = new CompletableFuture<?>[2];
              Thread[] threads = new Thread[2];
              for (int i = 0; i < 2; i++) {
                int n = i;
                threads[i] =
                    new Thread(
                        () -> {
                          parents[n] = Observation.start("caller-" + n, registry);
                          try (Observation.Scope scope = parents[n].openScope()) {
                            calls[n] = client.slots().findAsync(query);
                          }
                          bothStarted.countDown();
                        });
                threads[i].start();
              }
              assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
              CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);
              parents[0].stop();
              parents[1].stop();

              assertThat(fake.requests().count("GET /v2/slots")).as("one upstream request").isEqualTo(1);
              List<Observation.Context> observed = stopped.contexts;
              assertThat(observed).hasSize(2);
              assertThat(observed)
                  .extracting(Observation.Context::getParentObservation)
                  .containsExactlyInAnyOrder(parents[0], parents[1]);
              assertThat(observed).allSatisfy(c ->
                  assertThat(c.getLowCardinalityKeyValue("outcome").getValue()).isEqualTo("success"));
            });
  }

  /** Records the contexts of stopped observations, in the order they stopped. */
  private static final class Stopped implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

    @Override
    public void onStop(Observation.Context context) {
      if ("calcom.client.request".equals(context.getName())) {
        contexts.add(context);
      }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  private static Stopped recording(TestObservationRegistry registry) {
    Stopped stopped = new Stopped();
    registry.observationConfig().observationHandler(stopped);
    return stopped;
  }
}
