package dev.calcomclient.webhook.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.calcomclient.webhook.BookingPayload;
import dev.calcomclient.webhook.RejectionReason;
import dev.calcomclient.webhook.WebhookAttendee;
import dev.calcomclient.webhook.WebhookEvent;
import dev.calcomclient.webhook.WebhookException;
import dev.calcomclient.webhook.WebhookTrigger;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Cal.com's webhook JSON into a {@link WebhookEvent}. Every failure is a {@link WebhookException} with
 * {@link RejectionReason#MALFORMED_BODY} naming the field; no other exception escapes, whatever the bytes.
 *
 * <p>Fields that decide what gets invalidated are strict (times, event type and user ids: present and wrong is an
 * error); descriptive fields (title, attendees, status) are lenient (wrong is left out).
 */
public final class WebhookParser {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private WebhookParser() {}

  /** Parses {@code body} as JSON (any shape). */
  public static JsonNode readTree(byte[] body) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's messages quote tokens of the body; only the position is reported, so no content reaches logs.
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw malformed("body is not valid JSON" + where);
    } catch (IOException | RuntimeException e) {
      throw malformed("body could not be read as JSON (" + e.getClass().getSimpleName() + ")");
    }
    if (tree == null || tree.isMissingNode()) {
      throw malformed("body is empty");
    }
    return tree;
  }

  /** Whether {@code tree} has the default envelope's shape ({@code triggerEvent} and {@code payload} members). */
  public static boolean isEnvelope(JsonNode tree) {
    return tree.isObject() && tree.has("triggerEvent") && tree.has("payload");
  }

  /** Reads an envelope into an event. */
  public static WebhookEvent toEvent(JsonNode tree) {
    if (!tree.isObject()) {
      throw malformed("body must be a JSON object");
    }
    JsonNode triggerNode = tree.get("triggerEvent");
    if (triggerNode == null || !triggerNode.isTextual() || triggerNode.asText().isBlank()) {
      throw malformed("triggerEvent must be a non-blank string");
    }
    WebhookTrigger trigger = WebhookTrigger.of(triggerNode.asText());
    Instant createdAt = instant(tree, "createdAt", "createdAt");
    if (createdAt == null) {
      throw malformed("createdAt is missing");
    }
    JsonNode payload = tree.get("payload");
    if (payload == null || !payload.isObject()) {
      throw malformed("payload must be a JSON object");
    }
    Optional<BookingPayload> booking;
    if (trigger.changesAvailability()) {
      booking = Optional.of(booking(payload));
    } else {
      booking = lenientBooking(payload);
    }
    return new WebhookEvent(trigger, createdAt, payload, booking);
  }

  private static Optional<BookingPayload> lenientBooking(JsonNode payload) {
    if (!payload.has("startTime") || !payload.has("endTime")) {
      return Optional.empty();
    }
    try {
      return Optional.of(booking(payload));
    } catch (WebhookException e) {
      return Optional.empty();
    }
  }

  private static BookingPayload booking(JsonNode p) {
    Instant start = instant(p, "startTime", "payload.startTime");
    Instant end = instant(p, "endTime", "payload.endTime");
    if (start == null) {
      throw malformed("payload.startTime is missing");
    }
    if (end == null) {
      throw malformed("payload.endTime is missing");
    }
    if (end.isBefore(start)) {
      throw malformed("payload.endTime is before payload.startTime");
    }
    JsonNode organizer = p.path("organizer");
    return new BookingPayload(
        text(p.get("uid")),
        id(p, "bookingId", "payload.bookingId"),
        id(p, "eventTypeId", "payload.eventTypeId"),
        text(p.get("type")),
        text(p.get("title")),
        start,
        end,
        text(p.get("status")),
        organizer.isObject() ? id(organizer, "id", "payload.organizer.id") : null,
        organizer.isObject() ? text(organizer.get("email")) : null,
        teamMembers(p),
        attendees(p),
        text(p.get("rescheduleUid")),
        instant(p, "rescheduleStartTime", "payload.rescheduleStartTime"),
        instant(p, "rescheduleEndTime", "payload.rescheduleEndTime"),
        text(p.get("cancellationReason")));
  }

  private static Set<Long> teamMembers(JsonNode p) {
    JsonNode members = p.path("team").path("members");
    Set<Long> ids = new LinkedHashSet<>();
    if (!members.isArray()) {
      return ids;
    }
    for (int i = 0; i < members.size(); i++) {
      JsonNode m = members.get(i);
      if (m.isObject()) {
        Long id = id(m, "id", "payload.team.members[" + i + "].id");
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  private static List<WebhookAttendee> attendees(JsonNode p) {
    JsonNode list = p.path("attendees");
    List<WebhookAttendee> out = new ArrayList<>();
    if (!list.isArray()) {
      return out;
    }
    for (JsonNode a : list) {
      if (a.isObject()) {
        out.add(new WebhookAttendee(text(a.get("name")), text(a.get("email")), text(a.get("timeZone"))));
      }
    }
    return out;
  }

  /** A string value, or {@code null} when absent, null or not a string. */
  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  /** An id: an integral number or a string of digits; {@code null} when absent or null; else malformed. */
  private static Long id(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.asLong();
    }
    if (node.isTextual() && node.asText().matches("[0-9]{1,18}")) {
      return Long.parseLong(node.asText());
    }
    throw malformed(path + " must be an integer id");
  }

  /** An ISO-8601 date-time with offset; {@code null} when absent, null or {@code ""}; else malformed. */
  private static Instant instant(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
      return null;
    }
    if (!node.isTextual()) {
      throw malformed(path + " must be an ISO-8601 date-time string");
    }
    try {
      return OffsetDateTime.parse(node.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      throw malformed(path + " is not an ISO-8601 date-time with offset");
    }
  }

  private static WebhookException malformed(String detail) {
    return new WebhookException(RejectionReason.MALFORMED_BODY, detail);
  }
}
