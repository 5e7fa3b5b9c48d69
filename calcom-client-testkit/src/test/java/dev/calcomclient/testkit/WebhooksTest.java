package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.BOOKINGS;
import static dev.calcomclient.testkit.CalcomHttp.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Webhook management endpoints and signed deliveries to a real HTTP receiver (issue 3 acceptance). */
class WebhooksTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String SECRET = "whsec_test_1234";

  private final FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
  private FakeCalcom fake;
  private CalcomHttp alice;
  private MockWebServer receiver;

  @BeforeEach
  void start() throws Exception {
    fake = FakeCalcom.builder().withDefaultData().clock(clock)
        .addApiKey("cal_test_bob", DefaultDataset.BOB_ID).build().start();
    alice = CalcomHttp.withApiKey(fake);
    receiver = new MockWebServer();
    receiver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        boolean valid = consumerVerifies(request.getBody().toByteArray(),
            request.getHeaders().get("X-Cal-Signature-256"));
        return new MockResponse.Builder().code(valid ? 200 : 401).build();
      }
    });
    receiver.start();
  }

  @AfterEach
  void stop() {
    fake.close();
    receiver.close();
  }

  /** How a consumer verifies a delivery, written independently of the testkit's signer. */
  private static boolean consumerVerifies(byte[] rawBody, String header) {
    if (header == null) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = HexFormat.of().formatHex(mac.doFinal(rawBody)).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.US_ASCII));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String subscribe(CalcomHttp http, String url, String triggers) {
    Reply created = http.post("/v2/webhooks", "{\"active\":true,\"subscriberUrl\":\"" + url
        + "\",\"triggers\":" + triggers + ",\"secret\":\"" + SECRET + "\"}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return created.data().get("id").asText();
  }

  private Reply book(long eventTypeId, String start) {
    return CalcomHttp.anonymous(fake).post("/v2/bookings", bookingBody(eventTypeId, start, "Pat Doe",
        "pat@example.com"), "cal-api-version", BOOKINGS);
  }

  @Test
  void receiverVerifiesRealDeliveriesAndRejectsTamperedOnes() throws Exception {
    subscribe(alice, receiver.url("/cal/webhooks").toString(),
        "[\"BOOKING_CREATED\",\"BOOKING_CANCELLED\",\"BOOKING_RESCHEDULED\"]");

    String uid = book(DefaultDataset.INTRO_CALL_ID, "2030-01-07T09:00:00Z").data().get("uid").asText();
    String newUid = CalcomHttp.anonymous(fake).post("/v2/bookings/" + uid + "/reschedule",
        "{\"start\":\"2030-01-07T10:00:00Z\"}", "cal-api-version", BOOKINGS).data().get("uid").asText();
    CalcomHttp.anonymous(fake).post("/v2/bookings/" + newUid + "/cancel", "{\"cancellationReason\":\"sick\"}",
        "cal-api-version", BOOKINGS);
    book(DefaultDataset.PRODUCT_DEMO_ID, "2030-01-07T15:00:00Z"); // Bob's event type: not Alice's webhook

    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(3, WAIT);
    assertThat(deliveries).extracting(WebhookDelivery::triggerEvent)
        .containsExactly("BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED");
    assertThat(deliveries).allSatisfy(d -> assertThat(d.responseStatus()).as(d.body()).isEqualTo(200));

    RecordedRequest created = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(created.getHeaders().get("X-Cal-Webhook-Version")).isEqualTo("2021-10-20");
    assertThat(created.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = MAPPER.readTree(created.getBody().toByteArray());
    assertThat(body.get("triggerEvent").asText()).isEqualTo("BOOKING_CREATED");
    assertThat(body.get("createdAt").asText()).isEqualTo("2030-01-06T12:00:00.000Z");
    assertThat(body.path("payload").path("uid").asText()).isEqualTo(uid);
    assertThat(body.path("payload").path("type").asText()).isEqualTo("intro-call");
    assertThat(body.path("payload").path("status").asText()).isEqualTo("ACCEPTED");
    assertThat(body.path("payload").path("organizer").path("email").asText()).isEqualTo("alice@example.com");
    assertThat(body.path("payload").path("attendees").get(0).path("email").asText()).isEqualTo("pat@example.com");
    JsonNode rescheduled = MAPPER.readTree(receiver.takeRequest(30, TimeUnit.SECONDS).getBody().toByteArray());
    assertThat(rescheduled.path("payload").path("rescheduleUid").asText()).isEqualTo(uid);
    assertThat(rescheduled.path("payload").path("uid").asText()).isEqualTo(newUid);
    JsonNode cancelled = MAPPER.readTree(receiver.takeRequest(30, TimeUnit.SECONDS).getBody().toByteArray());
    assertThat(cancelled.path("payload").path("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.path("payload").path("cancellationReason").asText()).isEqualTo("sick");

    // negative tests: the receiver must reject every corrupted delivery
    fake.webhooks().clearDeliveries();
    for (WebhookTampering tampering : WebhookTampering.values()) {
      fake.webhooks().tamperNext(1, tampering);
    }
    for (int i = 0; i < WebhookTampering.values().length; i++) {
      book(DefaultDataset.QUICK_CHAT_ID, "2030-01-08T0" + (8 + i % 2) + ":" + (i / 2 * 15 == 0 ? "00"
          : String.valueOf(i / 2 * 15)) + ":00Z");
    }
    List<WebhookDelivery> tampered = fake.webhooks().awaitDeliveries(WebhookTampering.values().length, WAIT);
    assertThat(tampered).extracting(WebhookDelivery::tampering).containsExactly(WebhookTampering.values());
    assertThat(tampered).allSatisfy(d -> assertThat(d.responseStatus()).isEqualTo(401));
  }

  @Test
  void managementEndpoints() {
    String url = receiver.url("/hooks").toString();
    Reply created = alice.post("/v2/webhooks", "{\"active\":true,\"subscriberUrl\":\"" + url
        + "\",\"triggers\":[\"BOOKING_CREATED\"],\"secret\":\"s\"}");
    assertThat(created.status()).isEqualTo(201);
    JsonNode hook = created.data();
    String id = hook.get("id").asText();
    assertThat(hook.get("id").isTextual()).isTrue();
    assertThat(hook.get("userId").asLong()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(hook.get("triggers")).hasSize(1);
    assertThat(hook.get("subscriberUrl").asText()).isEqualTo(url);
    assertThat(hook.get("active").asBoolean()).isTrue();
    assertThat(hook.get("payloadTemplate").isNull()).isTrue();
    assertThat(fake.webhooks().subscriptions()).extracting(WebhookSubscription::id).containsExactly(id);

    assertThat(alice.get("/v2/webhooks").data()).hasSize(1);
    assertThat(alice.get("/v2/webhooks/" + id).data().get("id").asText()).isEqualTo(id);
    Reply patched = alice.send("PATCH", "/v2/webhooks/" + id,
        "{\"active\":false,\"triggers\":[\"BOOKING_CANCELLED\",\"BOOKING_CREATED\"]}");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.data().get("active").asBoolean()).isFalse();
    assertThat(patched.data().get("triggers")).hasSize(2);
    assertThat(patched.data().get("secret").asText()).isEqualTo("s");

    Reply duplicate = alice.post("/v2/webhooks", "{\"active\":true,\"subscriberUrl\":\"" + url
        + "\",\"triggers\":[\"BOOKING_CREATED\"]}");
    assertThat(duplicate.status()).isEqualTo(409);
    Reply invalid = alice.post("/v2/webhooks", "{\"subscriberUrl\":\"" + url
        + "x\",\"triggers\":\"BOOKING_CREATED\"}");
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().path("error").path("details").path("errors").findValuesAsText("property"))
        .containsExactlyInAnyOrder("active", "triggers");
    assertThat(alice.post("/v2/webhooks", "{\"active\":true,\"subscriberUrl\":\"" + url
        + "y\",\"triggers\":[\"BOOKING_CONFIRMED\"]}").status()).as("not a real trigger").isEqualTo(400);

    Reply bobs = CalcomHttp.anonymous(fake).get("/v2/webhooks/" + id, "Authorization", "Bearer cal_test_bob");
    assertThat(bobs.status()).isEqualTo(403);
    assertThat(CalcomHttp.anonymous(fake).get("/v2/webhooks").status()).isEqualTo(401);
    assertThat(alice.get("/v2/webhooks/nope").status()).isEqualTo(404);

    Reply deleted = alice.send("DELETE", "/v2/webhooks/" + id, null);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.data().get("id").asText()).isEqualTo(id);
    assertThat(alice.get("/v2/webhooks").data()).isEmpty();
    assertThat(fake.webhooks().subscriptions()).isEmpty();
  }

  @Test
  void inProcessReceiverAndUnsignedWebhooks() {
    List<String> signatures = new java.util.concurrent.CopyOnWriteArrayList<>();
    fake.webhooks().subscribe((body, headers) -> signatures.add(headers.get("X-Cal-Signature-256")), null,
        Set.of("BOOKING_CREATED"));
    book(DefaultDataset.INTRO_CALL_ID, "2030-01-07T09:00:00Z");
    fake.webhooks().awaitDeliveries(1, WAIT);
    assertThat(signatures).containsExactly("no-secret-provided");
  }
}
