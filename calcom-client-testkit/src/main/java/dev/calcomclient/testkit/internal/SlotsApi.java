package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeTeam;
import dev.calcomclient.testkit.FakeUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** {@code GET /v2/slots} and {@code /v2/slots/reservations*} (cal-api-version 2024-09-04). */
final class SlotsApi {
  private static final int DEFAULT_RESERVATION_MINUTES = 5;

  private final FakeState state;
  private final SlotEngine engine;
  private final Clock clock;

  SlotsApi(FakeState state, SlotEngine engine, Clock clock) {
    this.state = state;
    this.engine = engine;
    this.clock = clock;
  }

  FakeResponse getSlots(FakeExchange ex) {
    Validation v = new Validation();
    String start = ex.queryParam("start");
    String end = ex.queryParam("end");
    String timeZone = ex.queryParam("timeZone");
    String format = ex.queryParam("format");
    ZoneId zone = ZoneOffset.UTC;
    if (timeZone != null) {
      zone = Times.zoneOrNull(timeZone);
      if (zone == null || !timeZone.contains("/") && !timeZone.equals("UTC")) {
        v.add("timeZone", timeZone, "isTimeZone", "timeZone must be a valid IANA time zone");
        zone = ZoneOffset.UTC;
      }
    }
    Instant from = start == null ? null : Times.parseRangeBound(start, zone, false);
    Instant to = end == null ? null : Times.parseRangeBound(end, zone, true);
    if (from == null) {
      v.add("start", start, "isDateString", "start must be a valid ISO 8601 date string");
    }
    if (to == null) {
      v.add("end", end, "isDateString", "end must be a valid ISO 8601 date string");
    }
    if (format != null && !format.isEmpty() && !format.equalsIgnoreCase("time") && !format.equalsIgnoreCase("range")) {
      v.add("format", format, "isEnum", "format must be one of the following values: time, range");
    }
    Integer eventTypeId = v.intParam("eventTypeId", ex.queryParam("eventTypeId"));
    Integer duration = v.intParam("duration", ex.queryParam("duration"));
    if (duration != null && duration <= 0) {
      v.add("duration", ex.queryParam("duration"), "min", "duration must not be less than 1");
    }
    v.throwIfAny();
    if (to.isBefore(from)) {
      throw ApiError.badRequest("Invalid time range: 'end' must not be before 'start'.");
    }
    FakeEventType eventType = selectEventType(ex, eventTypeId);
    int length = duration != null ? duration : eventType.lengthInMinutes();
    String rescheduleUid = ex.queryParam("bookingUidToReschedule");
    List<Instant> starts = engine.slots(eventType, from, to, length, rescheduleUid, clock.instant());
    boolean range = "range".equalsIgnoreCase(format);
    Map<String, ArrayNode> byDay = new TreeMap<>();
    for (Instant s : starts) {
      String day = s.atZone(zone).toLocalDate().toString();
      ObjectNode slot = byDay.computeIfAbsent(day, d -> Json.array()).addObject();
      slot.put("start", Times.inZone(s, zone));
      if (range) {
        slot.put("end", Times.inZone(s.plus(Duration.ofMinutes(length)), zone));
      }
    }
    ObjectNode data = Json.object();
    byDay.forEach(data::set);
    return FakeResponse.success(200, data);
  }

  private FakeEventType selectEventType(FakeExchange ex, Integer eventTypeId) {
    String slug = ex.queryParam("eventTypeSlug");
    String username = ex.queryParam("username");
    String teamSlug = ex.queryParam("teamSlug");
    if (eventTypeId != null) {
      FakeEventType et = state.eventTypes.get((long) eventTypeId);
      if (et == null) {
        throw ApiError.notFound("Event Type not found");
      }
      return et;
    }
    if (slug != null && username != null) {
      FakeUser user = state.userByUsername(username)
          .orElseThrow(() -> ApiError.notFound("User with username " + username + " not found"));
      return state.eventTypes.values().stream()
          .filter(e -> !e.isTeamEvent() && e.ownerId() == user.id() && e.slug().equals(slug)).findFirst()
          .orElseThrow(() -> ApiError.notFound(
              "Event type with slug " + slug + " belonging to user " + username + " not found."));
    }
    if (slug != null && teamSlug != null) {
      FakeTeam team = state.teamBySlug(teamSlug)
          .orElseThrow(() -> ApiError.notFound("Team with slug " + teamSlug + " not found"));
      return state.eventTypes.values().stream()
          .filter(e -> e.isTeamEvent() && e.teamId() == team.id() && e.slug().equals(slug)).findFirst()
          .orElseThrow(() -> ApiError.notFound(
              "Event type with slug " + slug + " belonging to team " + teamSlug + " not found."));
    }
    if (ex.queryParam("usernames") != null) {
      throw ApiError.badRequest("FakeCalcom does not emulate dynamic event types (usernames); "
          + "use eventTypeId, eventTypeSlug + username or eventTypeSlug + teamSlug.");
    }
    throw ApiError.badRequest("Either eventTypeId, eventTypeSlug + username, eventTypeSlug + teamSlug "
        + "or usernames + organizationSlug must be provided.");
  }

  FakeResponse reserve(FakeExchange ex) {
    Reservation r = reservationFromBody(ex, UUID.randomUUID().toString());
    state.reservations.put(r.uid(), r);
    return FakeResponse.success(201, view(r));
  }

  FakeResponse getReservation(FakeExchange ex) {
    Reservation r = state.reservations.get(ex.pathParam("uid"));
    return FakeResponse.success(200, r == null ? NullNode.getInstance() : view(r));
  }

  FakeResponse updateReservation(FakeExchange ex) {
    String uid = ex.pathParam("uid");
    if (!state.reservations.containsKey(uid)) {
      throw ApiError.notFound("Reserved slot with uid=" + uid + " not found");
    }
    Reservation r = reservationFromBody(ex, uid);
    state.reservations.put(uid, r);
    return FakeResponse.success(200, view(r));
  }

  FakeResponse deleteReservation(FakeExchange ex) {
    String uid = ex.pathParam("uid");
    if (state.reservations.remove(uid) == null) {
      throw ApiError.notFound("Reserved slot with uid=" + uid + " not found");
    }
    ObjectNode body = Json.object();
    body.put("status", "success");
    return FakeResponse.json(200, body);
  }

  private Reservation reservationFromBody(FakeExchange ex, String uid) {
    JsonNode body = Json.parseBody(ex.body());
    Validation v = new Validation();
    JsonNode eventTypeId = body.path("eventTypeId");
    if (!eventTypeId.isIntegralNumber()) {
      v.add("eventTypeId", eventTypeId, "isInt", "eventTypeId must be an integer number");
    }
    JsonNode slotStart = body.path("slotStart");
    Instant start = slotStart.isTextual() ? Times.parseInstant(slotStart.asText()) : null;
    if (start == null) {
      v.add("slotStart", slotStart, "isISO8601", "slotStart must be a valid ISO 8601 date string");
    }
    JsonNode slotDuration = body.path("slotDuration");
    if (!slotDuration.isMissingNode() && !slotDuration.isIntegralNumber()) {
      v.add("slotDuration", slotDuration, "isInt", "slotDuration must be an integer number");
    }
    JsonNode reservationDuration = body.path("reservationDuration");
    if (!reservationDuration.isMissingNode() && !reservationDuration.isIntegralNumber()) {
      v.add("reservationDuration", reservationDuration, "isInt", "reservationDuration must be an integer number");
    }
    v.throwIfAny();
    FakeEventType et = state.eventTypes.get(eventTypeId.asLong());
    if (et == null) {
      throw ApiError.notFound("Event Type with ID=" + eventTypeId.asLong() + " not found");
    }
    int length = slotDuration.isIntegralNumber() ? slotDuration.asInt() : et.lengthInMinutes();
    // Cal.com honours a custom reservationDuration only for authenticated callers.
    int holdMinutes = ex.principal() != null && reservationDuration.isIntegralNumber()
        ? reservationDuration.asInt() : DEFAULT_RESERVATION_MINUTES;
    Instant until = clock.instant().plus(Duration.ofMinutes(holdMinutes));
    Instant end = start.plus(Duration.ofMinutes(length));
    // Cal.com's SlotsService_2024_09_04 refuses a non-seated event type's time that an active booking overlaps.
    for (StoredBooking b : state.bookings.values()) {
      if (b.eventTypeId == et.id() && b.status().occupiesTime() && b.start().isBefore(end)
          && start.isBefore(b.end())) {
        throw ApiError.nest(422, "UnprocessableEntityException", "Unprocessable Entity",
            "Can't reserve a slot if the event is already booked.");
      }
    }
    return new Reservation(uid, et.id(), start, start.plus(Duration.ofMinutes(length)), length, holdMinutes, until);
  }

  private static ObjectNode view(Reservation r) {
    ObjectNode o = Json.object();
    o.put("eventTypeId", r.eventTypeId());
    o.put("slotStart", Times.utc(r.slotStart()));
    o.put("slotEnd", Times.utc(r.slotEnd()));
    o.put("slotDuration", r.slotDuration());
    o.put("reservationUid", r.uid());
    o.put("reservationDuration", r.reservationDuration());
    o.put("reservationUntil", Times.utc(r.until()));
    return o;
  }
}
