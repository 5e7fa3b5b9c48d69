package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.spring.boot.test.AutoConfigureFakeCalcom;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.testkit.WebhookTampering;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The webhook endpoint over real HTTP in a servlet application: the fake Cal.com delivers signed webhooks to it.
 */
@SpringBootTest(
    classes = TestApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "calcom.webhooks.enabled=true",
      "calcom.webhooks.secrets=whsec_old_rotated_out,whsec_current",
      "calcom.webhooks.max-body-size=4KB",
      "calcom.webhooks.replay-window=10m",
      "calcom.webhooks.max-delivery-age=10m"
    })
@AutoConfigureFakeCalcom
@Timeout(60)
class WebhookEndpointHttpTest {
  private static final String SECRET = "whsec_current";
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Autowired CalcomClient client;
  @Autowired FakeCalcom fake;
  @Autowired TestApp.Received received;

  @Value("${local.server.port}")
  int port;

  private String subscription;
  private LocalDate day;

  @BeforeEach
  void subscribe() {
    received.events.clear();
    fake.webhooks().clearDeliveries();
    subscription =
        fake.webhooks()
            .subscribe(url(), SECRET, Set.of("BOOKING_CREATED", "BOOKING_CANCELLED", "BOOKING_RESCHEDULED"))
            .id();
    day = LocalDate.now(BERLIN).plusDays(14).with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
  }

  @AfterEach
  void unsubscribe() {
    fake.webhooks().unsubscribe(subscription);
  }

  private String url() {
    return "http://127.0.0.1:" + port + "/calcom/webhooks";
  }

  @Test
  void aSignedDeliveryIsAnswered200TakesTheBookedTimeOutOfTheDayAndPublishesAnEvent() {
    Instant ten = day.atTime(LocalTime.of(10, 0)).atZone(BERLIN).toInstant();
    assertThat(find().all()).extracting(s -> s.start().toInstant()).contains(ten);
    assertThat(find().source()).isEqualTo(SlotsSource.L1);

    FakeBooking elsewhere = fake.seedBooking(DefaultDataset.INTRO_CALL_ID, ten, "Walk-in", "walk-in@example.com");
    assertThat(find().source()).as("the cache cannot know yet").isEqualTo(SlotsSource.L1);

    WebhookDelivery delivery = deliver(null);

    assertThat(delivery.responseStatus()).isEqualTo(200);
    long slotRequests = fake.requests().count("GET /v2/slots");
    SlotsResult after = find();
    // Patched in place when the event type's facts are known (no request), else dropped and fetched again (one).
    assertThat(fake.requests().count("GET /v2/slots") - slotRequests)
        .as("the day is patched or fetched again")
        .isBetween(0L, 1L);
    assertThat(after.source()).isIn(SlotsSource.L1, SlotsSource.UPSTREAM);
    assertThat(after.all()).extracting(s -> s.start().toInstant()).doesNotContain(ten);
    assertThat(received.events).singleElement().satisfies(e -> {
      assertThat(e.event().trigger().name()).isEqualTo("BOOKING_CREATED");
      assertThat(e.event().booking()).hasValueSatisfying(b -> assertThat(b.uid()).isEqualTo(elsewhere.uid()));
    });
    assertThat(client.stats().webhooksVerified()).isPositive();
  }

  @Test
  void aReplayedDeliveryIsAnswered200AndActsOnce() {
    Instant noon = day.atTime(LocalTime.of(12, 0)).atZone(BERLIN).toInstant();
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, noon, "Replay", "replay@example.com");
    WebhookDelivery first = deliver(null);
    assertThat(first.responseStatus()).isEqualTo(200);
    assertThat(received.events).hasSize(1);

    HttpResponse<String> again =
        Http.post(
            url(),
            first.bodyBytes(),
            Map.of("Content-Type", "application/json", WebhookSignature.HEADER, first.signature()));

    assertThat(again.statusCode()).as("Cal.com must not retry it").isEqualTo(200);
    assertThat(received.events).as("no second event").hasSize(1);
  }

  @Test
  void forgedDeliveriesAreAnswered401AndChangeNothing() {
    Instant eleven = day.atTime(LocalTime.of(11, 0)).atZone(BERLIN).toInstant();
    find();
    FakeBooking elsewhere = fake.seedBooking(DefaultDataset.INTRO_CALL_ID, eleven, "Walk-in", "w@example.com");

    assertThat(deliver(WebhookTampering.WRONG_SECRET).responseStatus()).isEqualTo(401);
    assertThat(deliver(WebhookTampering.BODY_CHANGED).responseStatus()).isEqualTo(401);
    HttpResponse<String> unsigned =
        Http.post(url(), fake.webhooks().deliveries().get(0).bodyBytes(), Map.of("Content-Type", "application/json"));
    assertThat(unsigned.statusCode()).isEqualTo(401);

    assertThat(received.events).isEmpty();
    assertThat(find().source()).as("nothing was invalidated").isEqualTo(SlotsSource.L1);
    assertThat(elsewhere.uid()).isNotBlank();
  }

  @Test
  void aBodyOverTheLimitIsAnswered413WhetherOrNotItsLengthIsAnnounced() {
    byte[] big = ("{\"triggerEvent\":\"BOOKING_CREATED\",\"pad\":\"" + "x".repeat(5000) + "\"}").getBytes();
    Map<String, String> signed =
        Map.of("Content-Type", "application/json", WebhookSignature.HEADER, WebhookSignature.sign(SECRET, big));

    assertThat(Http.post(url(), big, signed).statusCode()).isEqualTo(413);
    assertThat(Http.postChunked(url(), big, signed).statusCode()).isEqualTo(413);
    assertThat(received.events).isEmpty();
  }

  private WebhookDelivery deliver(WebhookTampering tampering) {
    int count = fake.webhooks().deliveries().size() + 1;
    if (tampering != null) {
      fake.webhooks().tamperNext(1, tampering);
    }
    String uid = fake.bookings().get(fake.bookings().size() - 1).uid();
    fake.webhooks().trigger("BOOKING_CREATED", uid);
    return fake.webhooks().awaitDeliveries(count, Duration.ofSeconds(10)).get(count - 1);
  }

  private SlotsResult find() {
    return client.slots()
        .find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(day.atStartOfDay(BERLIN).toInstant(), day.plusDays(1).atStartOfDay(BERLIN).toInstant())
                .timeZone(BERLIN.getId())
                .build());
  }
}
