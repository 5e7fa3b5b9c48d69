package dev.calcomclient.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.spring.boot.test.AutoConfigureFakeCalcom;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The service over HTTP against the fake the starter's test support starts: a caller's day, alternatives to a
 * taken time, a booking (the slot is gone at once), and a booking made elsewhere that only the webhook reveals.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"calcom.webhooks.enabled=true", "calcom.webhooks.secrets=" + VoiceAgentServiceTest.SECRET})
@AutoConfigureFakeCalcom
@Timeout(60)
class VoiceAgentServiceTest {
  static final String SECRET = "whsec_example_test";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired FakeCalcom fake;

  @Value("${local.server.port}")
  int port;

  @Test
  void theAgentFindsAlternativesBooksAndHearsOfBookingsMadeElsewhere() throws Exception {
    LocalDate day = AgentController.sampleDay();
    String availability = "/availability?eventTypeId=101&date=" + day + "&zone=Europe/Berlin";

    fake.seedBooking(
        DefaultDataset.INTRO_CALL_ID,
        day.atTime(10, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant(),
        "Someone",
        "someone@example.com");
    String free = get(availability);
    assertThat(free)
        .contains("\"source\":\"UPSTREAM\"")
        .contains(at(day, 9, 30))
        .doesNotContain(at(day, 10, 0));

    String proposal = get("/alternatives?eventTypeId=101&at=" + day + "T10:00&zone=Europe/Berlin");
    assertThat(proposal).contains("\"desiredAvailable\":false").contains("\"strategy\":");

    HttpResponse<String> booked =
        HTTP.send(
            HttpRequest.newBuilder(url("/bookings"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"eventTypeId\":101,\"start\":\"" + at(day, 9, 30) + "\",\"name\":\"Ada\","
                            + "\"email\":\"ada@example.com\",\"timeZone\":\"Europe/Berlin\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(booked.statusCode()).isEqualTo(201);
    assertThat(booked.body()).containsIgnoringCase("\"status\":\"accepted\"");
    assertThat(get(availability)).as("read-your-writes").doesNotContain(at(day, 9, 30));

    String subscription =
        fake.webhooks().subscribe(url("/calcom/webhooks").toString(), SECRET, Set.of("BOOKING_CREATED")).id();
    try {
      FakeBooking elsewhere =
          fake.seedBooking(
              DefaultDataset.INTRO_CALL_ID,
              day.atTime(11, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant(),
              "Walk-in",
              "walk-in@example.com");
      assertThat(get(availability)).as("cached: the service cannot know yet").contains(at(day, 11, 0));
      fake.webhooks().trigger("BOOKING_CREATED", elsewhere.uid());
      assertThat(fake.webhooks().awaitDeliveries(1, Duration.ofSeconds(10)).get(0).responseStatus())
          .isEqualTo(200);
      assertThat(get(availability)).doesNotContain(at(day, 11, 0));
    } finally {
      fake.webhooks().unsubscribe(subscription);
    }
    assertThat(get("/actuator/health/calcom")).contains("\"status\":\"UP\"");
  }

  /** A local Berlin time as the service prints it (offset included, which depends on the season). */
  private static String at(LocalDate day, int hour, int minute) {
    return day.atTime(hour, minute).atZone(ZoneId.of("Europe/Berlin")).toOffsetDateTime().toString();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(HttpRequest.newBuilder(url(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return r.body();
  }
}
