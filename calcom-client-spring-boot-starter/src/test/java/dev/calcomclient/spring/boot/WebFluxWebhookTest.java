package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookSignature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The WebFlux route (a reactive application gets it instead of the MVC one): a real signed delivery captured from
 * the fake is answered 200 and published, a forged one 401, an oversized one 413.
 */
@Timeout(60)
class WebFluxWebhookTest {
  private static final String SECRET = "whsec_reactive";
  private static FakeCalcom fake;
  private static Captured delivery;

  record Captured(byte[] body, Map<String, String> headers) {}

  @BeforeAll
  static void captureARealDelivery() {
    fake = FakeCalcom.builder().withDefaultData().build().start();
    List<Captured> captured = new CopyOnWriteArrayList<>();
    fake.webhooks().subscribe((body, headers) -> captured.add(new Captured(body, headers)), SECRET,
        Set.of("BOOKING_CREATED"));
    FakeBooking booking =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, Instant.now().plus(Duration.ofDays(10)), "A", "a@example.com");
    fake.webhooks().trigger("BOOKING_CREATED", booking.uid());
    fake.webhooks().awaitDeliveries(1, Duration.ofSeconds(10));
    delivery = captured.get(0);
  }

  @AfterAll
  static void stopFake() {
    fake.close();
  }

  private static String[] properties() {
    return new String[] {
      "calcom.base-url=" + fake.baseUrl(),
      "calcom.api-key=" + fake.apiKey(),
      "calcom.webhooks.enabled=true",
      "calcom.webhooks.secrets=" + SECRET,
      "calcom.webhooks.max-body-size=2KB"
    };
  }

  @Test
  void aReactiveApplicationGetsTheWebFluxRoute() {
    List<CalcomWebhookReceivedEvent> events = new CopyOnWriteArrayList<>();
    new ReactiveWebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CalcomAutoConfiguration.class, CalcomWebhookAutoConfiguration.class))
        .withPropertyValues(properties())
        .withBean(ApplicationListener.class, () -> (ApplicationListener<CalcomWebhookReceivedEvent>) events::add)
        .run(
            context -> {
              @SuppressWarnings("unchecked")
              RouterFunction<ServerResponse> route = context.getBean("calcomWebhookRoute", RouterFunction.class);
              WebTestClient web = WebTestClient.bindToRouterFunction(route).build();

              assertThat(post(web, delivery.body(), delivery.headers().get(WebhookSignature.HEADER))).isEqualTo(200);
              assertThat(events).singleElement()
                  .satisfies(e -> assertThat(e.event().trigger().name()).isEqualTo("BOOKING_CREATED"));

              assertThat(post(web, delivery.body(), WebhookSignature.sign("whsec_wrong", delivery.body())))
                  .isEqualTo(401);
              byte[] big = new byte[3 * 1024];
              java.util.Arrays.fill(big, (byte) ' ');
              assertThat(post(web, big, WebhookSignature.sign(SECRET, big))).isEqualTo(413);
              assertThat(events).hasSize(1);
            });
  }

  @Test
  void aServletApplicationGetsNoWebFluxRoute() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CalcomAutoConfiguration.class, CalcomWebhookAutoConfiguration.class))
        .withPropertyValues(properties())
        .run(
            context -> {
              assertThat(context.getBean("calcomWebhookRoute"))
                  .isInstanceOf(org.springframework.web.servlet.function.RouterFunction.class);
            });
  }

  /** The status answered (read from the exchange result: its assertion API differs between Spring 6 and 7). */
  private static int post(WebTestClient web, byte[] body, String signature) {
    return web.post()
        .uri("/calcom/webhooks")
        .contentType(MediaType.APPLICATION_JSON)
        .header(WebhookSignature.HEADER, signature)
        .bodyValue(body)
        .exchange()
        .returnResult(byte[].class)
        .getStatus()
        .value();
  }
}
