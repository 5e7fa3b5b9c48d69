package dev.calcomclient.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.testkit.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Parsing of signed deliveries: Cal.com's payload fields, the trigger to booking change mapping, custom payloads,
 * and every kind of bad input answered with its status and a detail naming the field, never with an exception.
 */
class WebhookParsingTest {
  private static final String SECRET = "whsec_parsing";
  private static final Instant START = Instant.parse("2050-09-05T07:00:00Z");
  private static final Instant END = Instant.parse("2050-09-05T07:30:00Z");

  private final List<BookingChange> changes = new ArrayList<>();
  private final List<CustomPayload> custom = new ArrayList<>();

  private CalcomWebhooks.Builder builder() {
    return CalcomWebhooks.builder()
        .secret(SECRET)
        .onBookingChange(
            c -> {
              changes.add(c);
              return CompletableFuture.completedFuture(null);
            });
  }

  /** A booking payload as Cal.com sends it (abridged to the fields this library reads plus a few others). */
  private static String payload(String extra) {
    return "{\"type\":\"intro-call\",\"title\":\"Intro Call between Alice and Guest\",\"description\":\"\","
        + "\"startTime\":\"2050-09-05T07:00:00Z\",\"endTime\":\"2050-09-05T07:30:00Z\","
        + "\"organizer\":{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\",\"timeZone\":\"Europe/Berlin\","
        + "\"language\":{\"locale\":\"en\"}},"
        + "\"responses\":{\"name\":{\"label\":\"your_name\",\"value\":\"Guest\"}},"
        + "\"attendees\":[{\"email\":\"guest@example.com\",\"name\":\"Guest\",\"timeZone\":\"Europe/London\","
        + "\"language\":{\"locale\":\"en\"}}],"
        + "\"eventTypeId\":101,\"uid\":\"bk-1\",\"bookingId\":7001,\"length\":30,\"status\":\"ACCEPTED\""
        + extra
        + "}";
  }

  private static String envelope(String trigger, String payload) {
    return "{\"triggerEvent\":\"" + trigger + "\",\"createdAt\":\"2050-09-01T10:00:00.123Z\",\"payload\":" + payload
        + "}";
  }

  private static WebhookResult handleSigned(CalcomWebhooks w, String body) {
    return handleSigned(w, body, "application/json");
  }

  private static WebhookResult handleSigned(CalcomWebhooks w, String body, String contentType) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new HashMap<>();
    headers.put("X-Cal-Signature-256", List.of(WebhookSignature.sign(SECRET, bytes)));
    if (contentType != null) {
      headers.put("Content-Type", List.of(contentType));
    }
    return w.handle(bytes, headers);
  }

  private static WebhookEvent accepted(WebhookResult result) {
    assertThat(result).isInstanceOf(WebhookResult.Accepted.class);
    return ((WebhookResult.Accepted) result).event();
  }

  private static void assertRejected(WebhookResult result, RejectionReason reason, String detailPart) {
    assertThat(result)
        .isInstanceOfSatisfying(
            WebhookResult.Rejected.class,
            r -> {
              assertThat(r.reason()).isEqualTo(reason);
              assertThat(r.detail()).contains(detailPart);
            });
    assertThat(result.httpStatus()).isEqualTo(reason.httpStatus());
  }

  @Test
  void aBookingCreatedDeliveryIsReadIntoATypedEvent() {
    WebhookEvent event = accepted(handleSigned(builder().build(), envelope("BOOKING_CREATED", payload(""))));

    assertThat(event.trigger()).isEqualTo(WebhookTrigger.BOOKING_CREATED);
    assertThat(event.trigger().isKnown()).isTrue();
    assertThat(event.createdAt()).isEqualTo(Instant.parse("2050-09-01T10:00:00.123Z"));
    assertThat(event.payload().path("responses").path("name").path("value").asText()).isEqualTo("Guest");
    BookingPayload b = event.booking().orElseThrow();
    assertThat(b.uid()).isEqualTo("bk-1");
    assertThat(b.bookingId()).isEqualTo(7001L);
    assertThat(b.eventTypeId()).isEqualTo(101L);
    assertThat(b.eventTypeSlug()).isEqualTo("intro-call");
    assertThat(b.startTime()).isEqualTo(START);
    assertThat(b.endTime()).isEqualTo(END);
    assertThat(b.status()).isEqualTo("ACCEPTED");
    assertThat(b.organizerId()).isEqualTo(1L);
    assertThat(b.organizerEmail()).isEqualTo("alice@example.com");
    assertThat(b.attendees()).containsExactly(new WebhookAttendee("Guest", "guest@example.com", "Europe/London"));
    assertThat(b.rescheduleUid()).isNull();
    assertThat(changes).containsExactly(BookingChange.created("bk-1", 101L, START, END, Set.of(1L)));
  }

  @Test
  void theEventsPayloadCannotBeChangedThroughWhatItReturns() {
    WebhookEvent event = accepted(handleSigned(builder().build(), envelope("BOOKING_CREATED", payload(""))));

    ((ObjectNode) event.payload()).put("uid", "changed");

    assertThat(event.payload().path("uid").asText()).isEqualTo("bk-1");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "BOOKING_CREATED, CREATED",
    "BOOKING_REQUESTED, CREATED",
    "BOOKING_PAYMENT_INITIATED, CREATED",
    "BOOKING_PAID, CREATED",
    "BOOKING_CANCELLED, CANCELLED",
    "BOOKING_REJECTED, CANCELLED"
  })
  void bookingTriggersMapToTheKindOfAvailabilityChange(String trigger, BookingChange.Kind kind) {
    accepted(handleSigned(builder().build(), envelope(trigger, payload(""))));

    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(kind);
      assertThat(c.start()).isEqualTo(START);
      assertThat(c.end()).isEqualTo(END);
      assertThat(c.previousStart()).isNull();
    });
  }

  @Test
  void aRescheduleCarriesTheNewTimeAndTheOldOneFromRescheduleStartAndEndTime() {
    String body =
        envelope(
            "BOOKING_RESCHEDULED",
            payload(
                ",\"rescheduleId\":7000,\"rescheduleUid\":\"bk-0\",\"rescheduleStartTime\":\"2050-09-04T13:00:00Z\","
                    + "\"rescheduleEndTime\":\"2050-09-04T13:30:00Z\",\"rescheduledBy\":\"guest@example.com\""));

    WebhookEvent event = accepted(handleSigned(builder().build(), body));

    assertThat(event.booking().orElseThrow().rescheduleUid()).isEqualTo("bk-0");
    assertThat(changes)
        .containsExactly(
            BookingChange.rescheduled(
                "bk-1",
                101L,
                START,
                END,
                Instant.parse("2050-09-04T13:00:00Z"),
                Instant.parse("2050-09-04T13:30:00Z"),
                Set.of(1L)));
  }

  @Test
  void aRescheduleWithoutTheOldTimeIsStillAChangeWithThePreviousTimeUnknown() {
    accepted(handleSigned(builder().build(), envelope("BOOKING_RESCHEDULED", payload(",\"rescheduleUid\":\"bk-0\""))));

    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(BookingChange.Kind.RESCHEDULED);
      assertThat(c.previousStart()).isNull();
      assertThat(c.previousEnd()).isNull();
    });
  }

  @Test
  void teamMembersAreHostsNextToTheOrganizer() {
    String team = ",\"team\":{\"id\":21,\"name\":\"Team\",\"members\":[{\"id\":2,\"name\":\"Bob\"},{\"id\":\"3\"}]}";

    accepted(handleSigned(builder().build(), envelope("BOOKING_CREATED", payload(team))));

    assertThat(changes).singleElement().extracting(BookingChange::hostUserIds).isEqualTo(Set.of(1L, 2L, 3L));
  }

  @Test
  void offsetsAndFractionsInTimesAreUnderstoodAndANullEventTypeIsUnknown() {
    String p =
        payload("")
            .replace("\"2050-09-05T07:00:00Z\"", "\"2050-09-05T09:00:00.000+02:00\"")
            .replace("\"eventTypeId\":101", "\"eventTypeId\":null");

    accepted(handleSigned(builder().build(), envelope("BOOKING_CREATED", p)));

    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.start()).isEqualTo(START);
      assertThat(c.eventTypeId()).isNull();
    });
  }

  @Test
  void triggersThatDoNotChangeAvailabilityAreAcceptedWithoutAChange() {
    CalcomWebhooks w = builder().build();

    WebhookEvent ended = accepted(handleSigned(w, envelope("MEETING_ENDED", payload(""))));
    WebhookEvent noShow =
        accepted(
            handleSigned(
                w,
                envelope(
                    "BOOKING_NO_SHOW_UPDATED",
                    "{\"message\":\"x\",\"bookingUid\":\"bk-1\","
                        + "\"attendees\":[{\"email\":\"g@x\",\"noShow\":true}]}")));
    WebhookEvent ping = accepted(handleSigned(w, envelope("PING", "{\"type\":\"Test\"}")));

    assertThat(ended.booking()).isPresent();
    assertThat(ended.bookingChange()).isEmpty();
    assertThat(noShow.booking()).isEmpty();
    assertThat(noShow.trigger().isBookingTrigger()).isTrue();
    assertThat(noShow.trigger().changesAvailability()).isFalse();
    assertThat(ping.trigger().isKnown()).isFalse();
    assertThat(changes).isEmpty();
  }

  @Test
  void aNonAvailabilityTriggerWithAnUnreadableBookingIsAcceptedWithoutIt() {
    WebhookEvent event =
        accepted(
            handleSigned(builder().build(), envelope("MEETING_STARTED", payload("").replace("07:30:00Z", "soon"))));

    assertThat(event.booking()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "startTime missing | BOOKING_CREATED | \"startTime\":\"2050-09-05T07:00:00Z\", | | payload.startTime",
        "endTime not a time | BOOKING_CANCELLED | 2050-09-05T07:30:00Z | tomorrow | payload.endTime",
        "endTime without offset | BOOKING_CREATED | 2050-09-05T07:30:00Z | 2050-09-05T07:30:00 | payload.endTime",
        "endTime before start | BOOKING_CREATED | 2050-09-05T07:30:00Z | 2050-09-05T06:30:00Z | before",
        "startTime a number | BOOKING_CREATED | \"2050-09-05T07:00:00Z\" | 12 | payload.startTime",
        "eventTypeId text | BOOKING_CREATED | \"eventTypeId\":101 | \"eventTypeId\":\"abc\" | payload.eventTypeId",
        "eventTypeId fraction | BOOKING_CREATED | \"eventTypeId\":101 | \"eventTypeId\":1.5 | payload.eventTypeId",
        "organizer id object | BOOKING_REJECTED | \"id\":1 | \"id\":{} | payload.organizer.id",
        "bookingId too big | BOOKING_PAID | \"bookingId\":7001 | \"bookingId\":99999999999999999999 | payload.bookingId"
      })
  void aBookingTriggerWhosePayloadLacksWhatDecidesInvalidationIsRefusedNamingTheField(
      String name, String trigger, String from, String to, String field) {
    String body = envelope(trigger, payload("").replace(from, to == null ? "" : to));

    assertRejected(handleSigned(builder().build(), body), RejectionReason.MALFORMED_BODY, field);
    assertThat(changes).isEmpty();
  }

  @Test
  void aBadTeamMemberIdIsRefusedNamingItsPosition() {
    String team = ",\"team\":{\"members\":[{\"id\":2},{\"id\":\"two\"}]}";

    assertRejected(
        handleSigned(builder().build(), envelope("BOOKING_CREATED", payload(team))),
        RejectionReason.MALFORMED_BODY,
        "payload.team.members[1].id");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not JSON | hello | not valid JSON",
        "empty | '' | empty",
        "trailing | {\"triggerEvent\":\"X\",\"createdAt\":\"2050-09-01T10:00Z\",\"payload\":{}} x | not valid JSON",
        "array | [1,2] | envelope",
        "string | \"BOOKING_CREATED\" | envelope",
        "no payload | {\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2050-09-01T10:00:00Z\"} | envelope",
        "payload 1 | {\"triggerEvent\":\"X\",\"createdAt\":\"2050-09-01T10:00Z\",\"payload\":1} | payload must be",
        "trigger 42 | {\"triggerEvent\":42,\"createdAt\":\"2050-09-01T10:00Z\",\"payload\":{}} | triggerEvent",
        "trigger blank | {\"triggerEvent\":\" \",\"createdAt\":\"2050-09-01T10:00Z\",\"payload\":{}} | triggerEvent",
        "createdAt missing | {\"triggerEvent\":\"X\",\"payload\":{}} | createdAt",
        "createdAt not a time | {\"triggerEvent\":\"X\",\"createdAt\":\"yesterday\",\"payload\":{}} | createdAt",
        "duplicate key | {\"triggerEvent\":\"X\",\"triggerEvent\":\"Y\",\"payload\":{}} | not valid JSON",
        "truncated | {\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"2050- | not valid JSON"
      })
  void malformedBodiesAreAnswered400WithADetail(String name, String body, String detailPart) {
    assertRejected(handleSigned(builder().build(), body), RejectionReason.MALFORMED_BODY, detailPart);
  }

  @Test
  void jacksonsMessagesWhichQuoteTheBodyDoNotReachTheDetail() {
    WebhookResult result = handleSigned(builder().build(), "{\"triggerEvent\": secret-token-of-the-body}");

    assertRejected(result, RejectionReason.MALFORMED_BODY, "line 1, column");
    assertThat(((WebhookResult.Rejected) result).detail()).doesNotContain("secret-token");
  }

  @Test
  void aBodyOverTheLimitIsAnswered413BeforeItsSignatureIsLookedAt() {
    CalcomWebhooks w = builder().maxBodyBytes(1024).build();
    byte[] big = new byte[1025];

    assertRejected(w.handle(big, Map.of()), RejectionReason.BODY_TOO_LARGE, "1025 bytes");
    assertThatThrownBy(() -> w.parse(big))
        .isInstanceOfSatisfying(
            WebhookException.class, e -> assertThat(e.reason()).isEqualTo(RejectionReason.BODY_TOO_LARGE));
    String fits = envelope("BOOKING_CREATED", payload(""));
    assertThat(fits.length()).isLessThan(1024);
    assertThat(handleSigned(w, fits).isAccepted()).isTrue();
  }

  @Test
  void theDefaultLimitIsOneMebibyte() {
    CalcomWebhooks w = builder().build();
    String body = envelope("BOOKING_CREATED", payload(""));
    String exactlyMax = body + " ".repeat(CalcomWebhooks.DEFAULT_MAX_BODY_BYTES - body.length());

    assertThat(handleSigned(w, exactlyMax).isAccepted()).isTrue();
    assertRejected(handleSigned(w, exactlyMax + " "), RejectionReason.BODY_TOO_LARGE, "1048577 bytes");
  }

  @Test
  void contentTypesOtherThanJsonAreAnswered415AndAMissingOneIsAccepted() {
    CalcomWebhooks w = builder().build();
    String body = envelope("BOOKING_CREATED", payload(""));

    assertRejected(handleSigned(w, body, "text/plain"), RejectionReason.UNSUPPORTED_CONTENT_TYPE, "text/plain");
    assertRejected(
        handleSigned(w, body, "application/x-www-form-urlencoded"),
        RejectionReason.UNSUPPORTED_CONTENT_TYPE,
        "application/x-www-form-urlencoded");
    assertThat(handleSigned(w, body, "application/json; charset=utf-8").isAccepted()).isTrue();
    assertThat(handleSigned(w, body, "Application/JSON").isAccepted()).isTrue();
    assertThat(handleSigned(w, body, "application/vnd.calcom+json").isAccepted()).isTrue();
    assertThat(handleSigned(w, body, null).isAccepted()).isTrue();
    assertThat(changes).hasSize(4);
  }

  @Test
  void customPayloadsArePassedThroughUntouchedWhenAHookIsConfigured() {
    CalcomWebhooks w = builder().onCustomPayload(custom::add).build();
    String json = "{\"uid\":\"bk-1\",\"when\":\"{{startTime}}\"}";
    String form = "uid=bk-1&start=2050-09-05T07%3A00%3A00Z";

    WebhookResult a = handleSigned(w, json);
    WebhookResult b = handleSigned(w, form, "application/x-www-form-urlencoded");
    WebhookResult c = handleSigned(w, "plain text template output", null);

    assertThat(List.of(a, b, c)).allSatisfy(r -> assertThat(r).isInstanceOf(WebhookResult.CustomPayloadAccepted.class));
    assertThat(custom)
        .extracting(CustomPayload::bodyAsString)
        .containsExactly(json, form, "plain text template output");
    assertThat(custom.get(1).contentType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(changes).isEmpty();
    // A default envelope still becomes a typed event.
    assertThat(handleSigned(w, envelope("BOOKING_CREATED", payload(""))).isAccepted()).isTrue();
    assertThat(changes).hasSize(1);
    assertThat(custom).hasSize(3);
  }

  @Test
  void aCustomPayloadIsStillVerifiedFirst() {
    CalcomWebhooks w = builder().onCustomPayload(custom::add).build();

    WebhookResult result =
        w.handle(
            "{\"uid\":\"bk-1\"}".getBytes(StandardCharsets.UTF_8),
            Map.of("X-Cal-Signature-256", List.of("0".repeat(64))));

    assertRejected(result, RejectionReason.SIGNATURE_INVALID, "does not match");
    assertThat(custom).isEmpty();
  }

  @Test
  void withoutACustomPayloadHookANonEnvelopeBodyIsMalformed() {
    assertRejected(
        handleSigned(builder().build(), "{\"uid\":\"bk-1\"}"), RejectionReason.MALFORMED_BODY, "onCustomPayload");
  }

  @Test
  void parseAndVerifyWorkOnTheirOwn() {
    CalcomWebhooks w = builder().build();
    byte[] body = envelope("BOOKING_CANCELLED", payload("")).getBytes(StandardCharsets.UTF_8);

    w.verify(body, WebhookSignature.sign(SECRET, body));
    WebhookEvent event = w.parse(body);

    assertThat(event.bookingChange()).hasValue(BookingChange.cancelled("bk-1", 101L, START, END, Set.of(1L)));
    assertThat(changes).as("parse calls no hook").isEmpty();
    assertThatThrownBy(() -> w.parse("{".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            WebhookException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectionReason.MALFORMED_BODY);
              assertThat(e.httpStatus()).isEqualTo(400);
            });
  }

  @Test
  void handleAsyncCompletesAfterTheSinksStageAndFailsWithIt() {
    CompletableFuture<Object> invalidation = new CompletableFuture<>();
    CalcomWebhooks w = CalcomWebhooks.builder().secret(SECRET).onBookingChange(c -> invalidation).build();
    byte[] body = envelope("BOOKING_CREATED", payload("")).getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("X-Cal-Signature-256", List.of(WebhookSignature.sign(SECRET, body)));

    assertThat(w.handle(body, headers).isAccepted()).as("handle does not wait for the sink's stage").isTrue();
    CompletableFuture<WebhookResult> pending = w.handleAsync(body, headers);
    assertThat(pending).isNotDone();
    invalidation.completeExceptionally(new IllegalStateException("L2 unreachable"));

    assertThat(pending).isCompletedExceptionally();
    CompletableFuture<WebhookResult> rejected = w.handleAsync(body, name -> null);
    assertThat(rejected.join().httpStatus()).isEqualTo(401);
  }

  @Test
  void anExceptionFromTheCallersHookIsTheCallersAndPropagates() {
    CalcomWebhooks w =
        CalcomWebhooks.builder()
            .secret(SECRET)
            .onBookingChange(
                c -> {
                  throw new IllegalStateException("sink down");
                })
            .build();
    byte[] body = envelope("BOOKING_CREATED", payload("")).getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = Map.of("X-Cal-Signature-256", List.of(WebhookSignature.sign(SECRET, body)));

    assertThatThrownBy(() -> w.handle(body, headers)).hasMessage("sink down");
    assertThat(w.handleAsync(body, headers)).isCompletedExceptionally();
  }

  @Test
  void triggersAreOpenValues() {
    assertThat(WebhookTrigger.of("BOOKING_CREATED")).isEqualTo(WebhookTrigger.BOOKING_CREATED);
    assertThat(WebhookTrigger.of("BOOKING_REASSIGNED").isKnown()).isTrue();
    assertThat(WebhookTrigger.of("SOMETHING_NEW").isKnown()).isFalse();
    assertThat(WebhookTrigger.of("SOMETHING_NEW").bookingChangeKind()).isEmpty();
    assertThatThrownBy(() -> WebhookTrigger.of(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
