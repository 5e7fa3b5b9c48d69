package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.spring.boot.test.AutoConfigureFakeCalcom;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.FakeCalcom;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Actuator through its HTTP endpoints: the {@code calcom} health (UP with details and no secret; DOWN with 503 once
 * every circuit is open), the info contributor, and the meters Boot bound.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.endpoints.web.exposure.include=health,info",
      "management.endpoint.health.show-details=always",
      "management.info.env.enabled=false",
      "calcom.circuit-breaker.failure-threshold=1",
      "calcom.retry.enabled=false",
      "calcom.api-versions.bookings=2026-02-25"
    })
@AutoConfigureFakeCalcom
@DirtiesContext
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ActuatorHttpTest {
  @Autowired CalcomClient client;
  @Autowired FakeCalcom fake;
  @Autowired MeterRegistry meters;

  @Value("${local.server.port}")
  int port;

  private String actuator(String path) {
    return "http://127.0.0.1:" + port + "/actuator/" + path;
  }

  @Test
  @Order(2)
  void healthIsUpWithDetailsAndNoSecretThenDownOnceEveryCircuitIsOpen() {
    client.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
    HttpResponse<String> up = Http.get(actuator("health/calcom"));
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body())
        .contains("\"status\":\"UP\"")
        .contains("\"circuits\"")
        .contains("\"rateLimit\"")
        .contains("\"paused\":false")
        .contains("\"invalidationBus\":\"none\"")
        .contains("\"invalidationBacklog\":0")
        .contains("\"credentialId\"")
        .doesNotContain(fake.apiKey());

    // One failure per endpoint group opens its breaker (threshold 1, no retries).
    fake.faults().nextRequests(3, Fault.serverError(503));
    fail(() -> client.eventTypes().get(DefaultDataset.INTRO_CALL_ID + 1000));
    fail(() -> client.bookings().list(BookingListQuery.all()));
    HttpResponse<String> partly = Http.get(actuator("health/calcom"));
    assertThat(partly.statusCode()).as("calls to slots can still succeed").isEqualTo(200);
    fail(() -> client.slots().find(
        dev.calcomclient.model.SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
            .between(Instant.now().plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(31)))
            .build()));

    HttpResponse<String> down = Http.get(actuator("health/calcom"));
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body())
        .contains("\"status\":\"DOWN\"")
        .contains("\"slots\":\"open\"")
        .doesNotContain(fake.apiKey());
  }

  @Test
  @Order(1)
  void infoCarriesTheVersionsAndMetersAreBound() {
    HttpResponse<String> info = Http.get(actuator("info"));
    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.body()).contains("\"calcom\"").contains("\"bookings\":\"2026-02-25\"").contains("\"version\"");

    client.me().get();
    assertThat(meters.find("calcom.client.requests").tag("operation", "me_get").timer())
        .as("Boot bound the starter's binder to its registry")
        .isNotNull();
  }

  private static void fail(Runnable call) {
    try {
      call.run();
    } catch (CalcomException expected) {
      return;
    }
    throw new AssertionError("the call should have failed");
  }
}
