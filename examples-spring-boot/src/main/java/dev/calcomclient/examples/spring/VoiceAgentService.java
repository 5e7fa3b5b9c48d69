package dev.calcomclient.examples.spring;

import dev.calcomclient.testkit.FakeCalcom;
import java.security.SecureRandom;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A voice-agent-style booking service on the calcom-client Spring Boot starter: {@code GET /availability},
 * {@code GET /alternatives}, {@code POST /bookings} ({@link AgentController}) and the starter's webhook endpoint
 * {@code POST /calcom/webhooks}, with {@code /actuator/health/calcom}.
 *
 * <p>Without {@code CALCOM_API_KEY} it starts an embedded {@link FakeCalcom} (default data: event type 101, Alice's
 * 30-minute intro call in Europe/Berlin), points {@code calcom.base-url}/{@code calcom.api-key} at it, enables the
 * webhook endpoint with a random secret and subscribes the fake to it, so a booking made on the fake is pushed to
 * the service. With {@code CALCOM_API_KEY} (and {@code CALCOM_WEBHOOK_SECRET} to receive webhooks) it serves a real
 * account. It serves until stopped (Ctrl-C):
 *
 * <pre>
 * mvn -B -q -pl examples-spring-boot -am package -DskipTests exec:java
 * curl 'http://127.0.0.1:8080/availability?eventTypeId=101&amp;date=2030-03-04&amp;zone=Europe/Berlin'
 * </pre>
 */
@SpringBootApplication
public class VoiceAgentService {

  /**
   * Starts the service.
   *
   * @param args Spring Boot arguments, for example {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(VoiceAgentService.class);
    if (System.getenv("CALCOM_API_KEY") != null) {
      Map<String, Object> real = new LinkedHashMap<>();
      real.put("calcom.api-key", System.getenv("CALCOM_API_KEY"));
      if (System.getenv("CALCOM_BASE_URL") != null) {
        real.put("calcom.base-url", System.getenv("CALCOM_BASE_URL"));
      }
      if (System.getenv("CALCOM_WEBHOOK_SECRET") != null) {
        real.put("calcom.webhooks.enabled", "true");
        real.put("calcom.webhooks.secrets", System.getenv("CALCOM_WEBHOOK_SECRET"));
      }
      app.setDefaultProperties(real);
      app.run(args);
      return;
    }
    FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
    String secret = "whsec_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    app.setDefaultProperties(
        Map.of(
            "calcom.base-url", fake.baseUrl(),
            "calcom.api-key", fake.apiKey(),
            "calcom.webhooks.enabled", "true",
            "calcom.webhooks.secrets", secret));
    ConfigurableApplicationContext context = app.run(args);
    String port = context.getEnvironment().getProperty("local.server.port");
    fake.webhooks()
        .subscribe(
            "http://127.0.0.1:" + port + "/calcom/webhooks",
            secret,
            Set.of("BOOKING_CREATED", "BOOKING_CANCELLED", "BOOKING_RESCHEDULED"));
    context.addApplicationListener(
        event -> {
          if (event instanceof org.springframework.context.event.ContextClosedEvent) {
            fake.close();
          }
        });
    System.out.printf(
        "%nVoice agent service on http://127.0.0.1:%s against an embedded FakeCalcom (event type 101, Europe/Berlin):"
            + "%n  curl 'http://127.0.0.1:%s/availability?eventTypeId=101&date=%s&zone=Europe/Berlin'"
            + "%n  curl 'http://127.0.0.1:%s/alternatives?eventTypeId=101&at=%sT10:00&zone=Europe/Berlin'"
            + "%n  curl -X POST -H 'Content-Type: application/json' http://127.0.0.1:%s/bookings -d"
            + " '{\"eventTypeId\":101,\"start\":\"%s\",\"name\":\"Ada\",\"email\":\"ada@example.com\","
            + "\"timeZone\":\"Europe/Berlin\"}'"
            + "%n  curl http://127.0.0.1:%s/actuator/health/calcom%nCtrl-C stops it.%n",
        port,
        port,
        AgentController.sampleDay(),
        port,
        AgentController.sampleDay(),
        port,
        AgentController.sampleDay().atTime(9, 30).atZone(ZoneId.of("Europe/Berlin")).toOffsetDateTime(),
        port);
  }
}
