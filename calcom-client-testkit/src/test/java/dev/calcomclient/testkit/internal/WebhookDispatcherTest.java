package dev.calcomclient.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeUser;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.testkit.WebhookSubscription;
import dev.calcomclient.testkit.WebhookTampering;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final FakeClock clock = FakeClock.at("2050-09-01T08:00:00Z");
  private final FakeState state = new FakeState();
  private final WebhookDispatcher webhooks = new WebhookDispatcher(state, clock);

  private record Received(byte[] body, Map<String, String> headers) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    webhooks.close();
  }

  private StoredBooking seed() {
    state.lock().lock();
    try {
      state.putUser(FakeUser.of(1, "alice", "alice@example.com", "Alice Host", "Europe/Berlin"));
      state.putUser(FakeUser.of(2, "bob", "bob@example.com", "Bob Host", "America/New_York"));
      state.putEventType(FakeEventType.builder(10, "intro").title("Intro call").description("Say hi")
          .lengthInMinutes(30).ownerId(1L).build());
      StoredBooking b = booking(7, Instant.parse("2050-09-05T07:00:00Z"));
      state.bookings.put(b.uid, b);
      return b;
    } finally {
      state.lock().unlock();
    }
  }

  /** An accepted 30-minute booking of event type 10 by Carol, hosted by user 1. */
  private StoredBooking booking(long id, Instant start) {
    StoredBooking b = new StoredBooking();
    b.id = id;
    b.uid = "bookingUid" + id;
    b.eventTypeId = 10;
    b.start = start;
    b.end = start.plusSeconds(30 * 60);
    b.status = FakeBookingStatus.ACCEPTED;
    b.attendeeName = "Carol Caller";
    b.attendeeEmail = "carol@example.com";
    b.attendeeTimeZone = "America/New_York";
    b.hostIds = List.of(1L);
    b.createdAt = clock.instant();
    return b;
  }

  private void underLock(Runnable r) {
    state.lock().lock();
    try {
      r.run();
    } finally {
      state.lock().unlock();
    }
  }

  @Test
  void bookingCreatedBodyIsCalcomsAndSigned() throws Exception {
    StoredBooking b = seed();
    webhooks.subscribe((body, headers) -> received.add(new Received(body, headers)), "s3cret",
        Set.of("BOOKING_CREATED"));

    underLock(() -> webhooks.bookingCreated(b));
    WebhookDelivery delivery = webhooks.awaitDeliveries(1, WAIT).get(0);

    Received r = received.get(0);
    assertThat(r.headers()).containsEntry("Content-Type", "application/json")
        .containsEntry("X-Cal-Webhook-Version", "2021-10-20")
        .containsEntry("X-Cal-Signature-256", WebhookSignature.sign("s3cret", r.body()));
    assertThat(WebhookSignature.verify("s3cret", r.body(), r.headers().get("X-Cal-Signature-256"))).isTrue();
    assertThat(delivery.succeeded()).isTrue();
    assertThat(delivery.bodyBytes()).isEqualTo(r.body());

    JsonNode json = Json.MAPPER.readTree(r.body());
    assertThat(json.fieldNames()).toIterable().containsExactly("triggerEvent", "createdAt", "payload");
    assertThat(json.get("triggerEvent").asText()).isEqualTo("BOOKING_CREATED");
    assertThat(json.get("createdAt").asText()).isEqualTo("2050-09-01T08:00:00.000Z");
    JsonNode p = json.get("payload");
    assertThat(p.get("type").asText()).isEqualTo("intro");
    assertThat(p.get("title").asText()).isEqualTo("Intro call between Alice Host and Carol Caller");
    assertThat(p.get("startTime").asText()).isEqualTo("2050-09-05T07:00:00Z");
    assertThat(p.get("endTime").asText()).isEqualTo("2050-09-05T07:30:00Z");
    assertThat(p.get("organizer").get("email").asText()).isEqualTo("alice@example.com");
    assertThat(p.get("organizer").get("utcOffset").asInt()).isEqualTo(120);
    assertThat(p.get("organizer").get("language").get("locale").asText()).isEqualTo("en");
    assertThat(p.get("attendees").get(0).get("email").asText()).isEqualTo("carol@example.com");
    assertThat(p.get("attendees").get(0).get("utcOffset").asInt()).isEqualTo(-240);
    assertThat(p.get("responses").get("email").get("value").asText()).isEqualTo("carol@example.com");
    assertThat(p.get("uid").asText()).isEqualTo("bookingUid7");
    assertThat(p.get("bookingId").asLong()).isEqualTo(7);
    assertThat(p.get("eventTypeId").asLong()).isEqualTo(10);
    assertThat(p.get("length").asInt()).isEqualTo(30);
    assertThat(p.get("status").asText()).isEqualTo("ACCEPTED");
    assertThat(p.has("cancellationReason")).isFalse();
  }

  @Test
  void cancelAndRescheduleAddTheirFields() throws Exception {
    StoredBooking old = seed();
    webhooks.subscribe((body, headers) -> received.add(new Received(body, headers)), null,
        Set.of("BOOKING_CANCELLED", "BOOKING_RESCHEDULED"));
    StoredBooking moved = booking(8, Instant.parse("2050-09-06T07:00:00Z"));
    moved.rescheduledFromUid = old.uid;
    moved.rescheduledByEmail = "alice@example.com";
    underLock(() -> {
      old.status = FakeBookingStatus.CANCELLED;
      old.cancellationReason = "conflict";
      webhooks.bookingCancelled(old);
      webhooks.bookingRescheduled(old, moved);
      webhooks.bookingCreated(moved); // not subscribed: no delivery
    });
    List<WebhookDelivery> deliveries = webhooks.awaitDeliveries(2, WAIT);

    assertThat(deliveries).extracting(WebhookDelivery::triggerEvent)
        .containsExactly("BOOKING_CANCELLED", "BOOKING_RESCHEDULED");
    assertThat(deliveries).allSatisfy(d -> assertThat(d.signature()).isEqualTo("no-secret-provided"));
    JsonNode cancelled = Json.MAPPER.readTree(received.get(0).body()).get("payload");
    assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
    assertThat(cancelled.get("cancellationReason").asText()).isEqualTo("conflict");
    assertThat(cancelled.get("cancelledBy").asText()).isEqualTo("carol@example.com");
    JsonNode rescheduled = Json.MAPPER.readTree(received.get(1).body()).get("payload");
    assertThat(rescheduled.get("uid").asText()).isEqualTo("bookingUid8");
    assertThat(rescheduled.get("rescheduleId").asLong()).isEqualTo(7);
    assertThat(rescheduled.get("rescheduleUid").asText()).isEqualTo("bookingUid7");
    assertThat(rescheduled.get("rescheduleStartTime").asText()).isEqualTo("2050-09-05T07:00:00Z");
    assertThat(rescheduled.get("rescheduleEndTime").asText()).isEqualTo("2050-09-05T07:30:00Z");
    assertThat(rescheduled.get("rescheduledBy").asText()).isEqualTo("alice@example.com");
  }

  @Test
  void httpSubscriberReceivesTheSignedRawBody() throws Exception {
    StoredBooking b = seed();
    try (MockWebServer subscriber = new MockWebServer()) {
      subscriber.enqueue(new MockResponse.Builder().code(200).build());
      subscriber.start();
      webhooks.subscribe(subscriber.url("/hooks/cal").toString(), "whsec", Set.of("BOOKING_CREATED"));

      underLock(() -> webhooks.bookingCreated(b));
      WebhookDelivery delivery = webhooks.awaitDeliveries(1, WAIT).get(0);

      RecordedRequest request = subscriber.takeRequest(30, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getMethod()).isEqualTo("POST");
      byte[] body = request.getBody().toByteArray();
      assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(delivery.body());
      assertThat(WebhookSignature.verify("whsec", body, request.getHeaders().get("X-Cal-Signature-256"))).isTrue();
      assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
      assertThat(delivery.responseStatus()).isEqualTo(200);
    }
  }

  @Test
  void tamperedDeliveriesFailVerification() {
    StoredBooking b = seed();
    webhooks.subscribe((body, headers) -> received.add(new Received(body, headers)), "s3cret",
        Set.of("BOOKING_CREATED"));
    webhooks.tamperNext(1, WebhookTampering.BODY_CHANGED);
    webhooks.tamperNext(1, WebhookTampering.WRONG_SECRET);
    webhooks.tamperNext(1, WebhookTampering.SIGNATURE_MISSING);
    webhooks.tamperNext(1, WebhookTampering.NO_SECRET_PROVIDED);
    underLock(() -> {
      for (int i = 0; i < 5; i++) {
        webhooks.bookingCreated(b);
      }
    });
    List<WebhookDelivery> deliveries = webhooks.awaitDeliveries(5, WAIT);

    assertThat(deliveries).extracting(WebhookDelivery::tampering).containsExactly(WebhookTampering.BODY_CHANGED,
        WebhookTampering.WRONG_SECRET, WebhookTampering.SIGNATURE_MISSING, WebhookTampering.NO_SECRET_PROVIDED, null);
    assertThat(received).extracting(r -> WebhookSignature.verify("s3cret", r.body(),
        r.headers().get("X-Cal-Signature-256"))).containsExactly(false, false, false, false, true);
    assertThat(received.get(2).headers()).doesNotContainKey("X-Cal-Signature-256");
  }

  @Test
  void deliveryDoesNotBlockTheEmittingThread() throws Exception {
    StoredBooking b = seed();
    CountDownLatch release = new CountDownLatch(1);
    webhooks.subscribe((body, headers) -> release.await(), "s", Set.of("BOOKING_CREATED"));

    underLock(() -> webhooks.bookingCreated(b)); // returns although the receiver is still waiting
    assertThat(webhooks.deliveries()).isEmpty();
    release.countDown();
    assertThat(webhooks.awaitDeliveries(1, WAIT)).hasSize(1);
  }

  @Test
  void onlyActiveSubscriptionsOfTheHostOrGlobalOnesReceive() {
    StoredBooking b = seed();
    webhooks.put(new WebhookSubscription("mine", 1L, "inprocess:mine", Set.of("BOOKING_CREATED"), null, true, null),
        (body, headers) -> { });
    webhooks.put(new WebhookSubscription("bobs", 2L, "inprocess:bobs", Set.of("BOOKING_CREATED"), null, true, null),
        (body, headers) -> { });
    webhooks.put(new WebhookSubscription("off", 1L, "inprocess:off", Set.of("BOOKING_CREATED"), null, false, null),
        (body, headers) -> { });
    underLock(() -> webhooks.bookingCreated(b));
    assertThat(webhooks.awaitDeliveries(1, WAIT)).extracting(WebhookDelivery::subscriptionId).containsExactly("mine");
  }

  @Test
  void failingReceiverIsRecordedAndAwaitReportsShortfall() {
    StoredBooking b = seed();
    webhooks.subscribe((body, headers) -> {
      throw new IllegalStateException("boom");
    }, "s", Set.of("BOOKING_CREATED"));
    underLock(() -> webhooks.bookingCreated(b));
    WebhookDelivery d = webhooks.awaitDeliveries(1, WAIT).get(0);
    assertThat(d.responseStatus()).isEqualTo(500);
    assertThat(d.failure()).contains("boom");
    assertThatThrownBy(() -> webhooks.awaitDeliveries(2, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected at least 2");
  }

  @Test
  void triggerOnDemandReplaysAnExistingBooking() {
    seed();
    webhooks.subscribe((body, headers) -> received.add(new Received(body, headers)), "s",
        Set.of("BOOKING_CREATED"));
    webhooks.trigger("BOOKING_CREATED", "bookingUid7");
    assertThat(webhooks.awaitDeliveries(1, WAIT)).hasSize(1);
    assertThatThrownBy(() -> webhooks.trigger("BOOKING_CREATED", "nope")).hasMessageContaining("no booking");
  }
}
