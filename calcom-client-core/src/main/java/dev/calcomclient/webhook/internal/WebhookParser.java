package dev.calcomclient.webhook.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.webhook.BookingPayload;
import dev.calcomclient.webhook.RejectionReason;
import dev.calcomclient.webhook.WebhookAttendee;
import dev.calcomclient.webhook.WebhookEvent;
import dev.calcomclient.webhook.WebhookException;
import dev.calcomclient.webhook.WebhookTrigger;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  /**
   * Whether {@code tree} has the default envelope's shape ({@code triggerEvent} and {@code payload} members), or is
   * a flat meeting event ({@link #isFlatMeetingEvent}).
   */
  public static boolean isEnvelope(JsonNode tree) {
    return tree.isObject() && tree.has("triggerEvent") && (tree.has("payload") || isFlatMeetingEvent(tree));
  }

  /**
   * Whether {@code tree} is a {@code MEETING_STARTED} / {@code MEETING_ENDED} delivery as Cal.com's scheduled jobs
   * send it: the booking's fields beside {@code triggerEvent}, without a {@code payload} member.
   */
  public static boolean isFlatMeetingEvent(JsonNode tree) {
    if (!tree.isObject() || tree.has("payload")) {
      return false;
    }
    String trigger = tree.path("triggerEvent").asText("");
    return trigger.equals("MEETING_STARTED") || trigger.equals("MEETING_ENDED");
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
    if (isFlatMeetingEvent(tree)) {
      return flatMeetingEvent(trigger, (ObjectNode) tree);
    }
    Instant createdAt = instant(tree, "createdAt", "createdAt");
    if (createdAt == null) {
      throw malformed("createdAt is missing");
    }
    JsonNode payload = tree.get("payload");
    if (payload == null || !payload.isObject()) {
      throw malformed("payload must be a JSON object");
    }
    if (isOutOfOffice(trigger)) {
      outOfOffice(payload); // strict: its times decide what gets invalidated
    }
    Optional<BookingPayload> booking;
    if (trigger.changesAvailability()) {
      booking = Optional.of(booking(payload));
    } else {
      booking = lenientBooking(payload);
    }
    return new WebhookEvent(trigger, createdAt, payload, booking);
  }

  /**
   * A flat meeting event: the booking's fields are the payload. Its {@code createdAt} is the booking's (Cal.com
   * sends the booking as it is stored), else its start, else the epoch: the trigger changes no availability.
   */
  private static WebhookEvent flatMeetingEvent(WebhookTrigger trigger, ObjectNode tree) {
    ObjectNode payload = tree.deepCopy();
    payload.remove("triggerEvent");
    Instant createdAt = lenientInstant(payload, "createdAt");
    if (createdAt == null) {
      createdAt = lenientInstant(payload, "startTime");
    }
    return new WebhookEvent(
        trigger, createdAt == null ? Instant.EPOCH : createdAt, payload, lenientBooking(payload));
  }

  private static Instant lenientInstant(JsonNode node, String name) {
    try {
      return instant(node, name, name);
    } catch (WebhookException e) {
      return null;
    }
  }

  /** Whether the trigger reports an out-of-office entry ({@code OOO_CREATED}, and any later {@code OOO_*}). */
  public static boolean isOutOfOffice(WebhookTrigger trigger) {
    return trigger.name().startsWith("OOO_");
  }

  /**
   * The out-of-office entry of an {@code OOO_*} payload ({@code payload.oooEntry{start, end, user.id}}) as the
   * change of its user's availability over that range; the user's id is {@code null} when not sent.
   */
  public static BookingChange outOfOffice(JsonNode payload) {
    JsonNode entry = payload.path("oooEntry");
    if (!entry.isObject()) {
      throw malformed("payload.oooEntry must be a JSON object");
    }
    Instant start = instant(entry, "start", "payload.oooEntry.start");
    Instant end = instant(entry, "end", "payload.oooEntry.end");
    if (start == null || end == null) {
      throw malformed("payload.oooEntry.start and payload.oooEntry.end are required");
    }
    if (end.isBefore(start)) {
      throw malformed("payload.oooEntry.end is before payload.oooEntry.start");
    }
    JsonNode user = entry.path("user");
    Long userId = user.isObject() ? id(user, "id", "payload.oooEntry.user.id") : null;
    // Unknown user: no hosts, no event type: the invalidator drops every cached event type on those days.
    return BookingChange.created(null, null, start, end, userId == null ? Set.of() : Set.of(userId));
  }

  /**
   * The occurrences of a recurring series around one occurrence: a payload with {@code recurringEvent{freq,
   * count, interval}} describes one occurrence, while Cal.com cancels (or rejects, or creates) the whole series.
   * Every possible occurrence from {@code count - 1} steps before to {@code count - 1} steps after is returned (the
   * payload's occurrence may be any of them), each widened by an hour on both sides (the series keeps its local
   * time across daylight-saving changes). Empty when the payload is not recurring.
   *
   * @param payload the delivery's payload
   * @param start the described occurrence's start
   * @param end the described occurrence's end
   * @return {@code [start, end]} pairs of the other occurrences, empty when not recurring
   */
  public static List<Instant[]> otherOccurrences(JsonNode payload, Instant start, Instant end) {
    JsonNode recurring = payload.path("recurringEvent");
    if (!recurring.isObject()) {
      return List.of();
    }
    int count = Math.min(MAX_OCCURRENCES, Math.max(0, recurring.path("count").asInt(0)));
    int interval = Math.max(1, recurring.path("interval").asInt(1));
    ChronoUnit unit = FREQUENCIES.get(recurring.path("freq").asInt(-1));
    if (count < 2 || unit == null) {
      return List.of();
    }
    List<Instant[]> out = new ArrayList<>();
    OffsetDateTime s = start.atOffset(ZoneOffset.UTC);
    OffsetDateTime e = end.atOffset(ZoneOffset.UTC);
    for (int k = -(count - 1); k <= count - 1; k++) {
      if (k == 0) {
        continue;
      }
      long step = (long) k * interval;
      out.add(
          new Instant[] {
            s.plus(step, unit).toInstant().minus(Duration.ofHours(1)),
            e.plus(step, unit).toInstant().plus(Duration.ofHours(1))
          });
    }
    return out;
  }

  /** Cal.com's {@code Frequency} (RRule's numbering) to the step between occurrences. */
  private static final Map<Integer, ChronoUnit> FREQUENCIES =
      Map.of(0, ChronoUnit.YEARS, 1, ChronoUnit.MONTHS, 2, ChronoUnit.WEEKS, 3, ChronoUnit.DAYS, 4, ChronoUnit.HOURS);

  /** Cal.com's own limit on a series is far below this; it bounds the work a forged count could cause. */
  private static final int MAX_OCCURRENCES = 730;

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
    Set<Long> members = teamMembers(p);
    Long organizerId = organizer.isObject() ? id(organizer, "id", "payload.organizer.id") : null;
    if (members == null) {
      // A host without an id: report no hosts rather than some, so the invalidator takes every host of the event
      // type (never narrower than the booking's real hosts).
      organizerId = null;
      members = Set.of();
    }
    return new BookingPayload(
        text(p.get("uid")),
        id(p, "bookingId", "payload.bookingId"),
        id(p, "eventTypeId", "payload.eventTypeId"),
        text(p.get("type")),
        text(p.get("title")),
        start,
        end,
        text(p.get("status")),
        organizerId,
        organizer.isObject() ? text(organizer.get("email")) : null,
        members,
        attendees(p),
        text(p.get("rescheduleUid")),
        instant(p, "rescheduleStartTime", "payload.rescheduleStartTime"),
        instant(p, "rescheduleEndTime", "payload.rescheduleEndTime"),
        text(p.get("cancellationReason")));
  }

  /**
   * The team members' ids, or {@code null} when a member is listed without one (Cal.com's cancellations list
   * {@code team.members[]} with name, email and time zone only): the hosts are then unknown.
   */
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
        if (id == null) {
          return null;
        }
        ids.add(id);
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
