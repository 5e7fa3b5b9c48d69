package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeTeam;
import dev.calcomclient.testkit.FakeUser;
import dev.calcomclient.testkit.FakeSchedulingType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@code /v2/bookings*} (cal-api-version 2024-08-13). */
final class BookingsApi {
  static final String USER_UNAVAILABLE = "User either already has booking at this time or is not available";
  static final String HOSTS_UNAVAILABLE = "One of the hosts either already has booking at this time or is not available";
  static final String IN_THE_PAST = "Attempting to book a meeting in the past.";
  static final String OUT_OF_BOUNDS = "The event type can't be booked at the \"start\" time provided. This could be "
      + "because it's too soon (violating the minimum booking notice) or too far in the future (outside the event's "
      + "scheduling window). Try fetching available slots first using the GET /v2/slots endpoint and then make a "
      + "booking with \"start\" time equal to one of the available slots: "
      + "https://cal.com/docs/api-reference/v2/slots";
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Set<String> STATUSES = Set.of("upcoming", "recurring", "past", "cancelled", "unconfirmed");

  private final FakeState state;
  private final SlotEngine engine;
  private final Views views;
  private final Clock clock;
  private final BookingEvents events;

  BookingsApi(FakeState state, SlotEngine engine, Views views, Clock clock, BookingEvents events) {
    this.state = state;
    this.engine = engine;
    this.views = views;
    this.clock = clock;
    this.events = events;
  }

  // ---- create ------------------------------------------------------------------------------------------------

  FakeResponse create(FakeExchange ex) {
    JsonNode body = Json.parseBody(ex.body());
    Validation v = new Validation();
    JsonNode startNode = body.path("start");
    Instant start = startNode.isTextual() ? Times.parseInstant(startNode.asText()) : null;
    if (start == null) {
      v.add("start", startNode, "isISO8601", "start must be a valid ISO 8601 date string");
    }
    JsonNode attendee = body.path("attendee");
    if (!attendee.isObject()) {
      v.add("attendee", attendee, "isDefined", "attendee should not be null or undefined");
    } else {
      JsonNode name = attendee.path("name");
      if (!name.isTextual() || name.asText().isBlank()) {
        v.addNested("attendee", attendee, "name", name, "isString", "name must be a string");
      }
      JsonNode tz = attendee.path("timeZone");
      if (!tz.isTextual() || Times.zoneOrNull(tz.asText()) == null) {
        v.addNested("attendee", attendee, "timeZone", tz, "isTimezone",
            "timeZone must be a valid IANA time zone");
      }
      JsonNode email = attendee.path("email");
      JsonNode phone = attendee.path("phoneNumber");
      if (!email.isMissingNode() && !email.isNull() && (!email.isTextual() || !EMAIL.matcher(email.asText()).matches())) {
        v.addNested("attendee", attendee, "email", email, "isEmail", "email must be an email");
      }
      if (!hasText(email) && !hasText(phone)) {
        v.addNested("attendee", attendee, "email", email, "requireEmailOrPhone",
            "Attendee must have at least one contact field: email or phoneNumber");
      }
    }
    JsonNode eventTypeIdNode = body.path("eventTypeId");
    if (!eventTypeIdNode.isMissingNode() && !eventTypeIdNode.isIntegralNumber()) {
      v.add("eventTypeId", eventTypeIdNode, "isInt", "eventTypeId must be an integer number");
    }
    JsonNode guests = body.path("guests");
    if (!guests.isMissingNode() && !guests.isArray()) {
      v.add("guests", guests, "isArray", "guests must be an array");
    }
    v.throwIfAny();

    FakeEventType eventType = resolveEventType(body);
    JsonNode lengthNode = body.path("lengthInMinutes");
    if (lengthNode.isNumber() && lengthNode.asInt() != eventType.lengthInMinutes()) {
      throw ApiError.badRequest("Can't specify 'lengthInMinutes' because event type does not have multiple "
          + "possible lengths. Please, remove the 'lengthInMinutes' field from the request.");
    }
    Instant now = clock.instant();
    checkBounds(eventType, start, now);
    List<Long> hosts = engine.assignHosts(eventType, start, eventType.lengthInMinutes(), null, now, null);
    if (hosts.isEmpty()) {
      throw ApiError.badRequest(eventType.isTeamEvent() ? HOSTS_UNAVAILABLE : USER_UNAVAILABLE);
    }
    StoredBooking b = new StoredBooking();
    b.eventTypeId = eventType.id();
    b.start = start;
    b.end = start.plus(Duration.ofMinutes(eventType.lengthInMinutes()));
    b.attendeeName = attendee.path("name").asText();
    b.attendeeEmail = hasText(attendee.path("email")) ? attendee.path("email").asText() : null;
    b.attendeePhone = hasText(attendee.path("phoneNumber")) ? attendee.path("phoneNumber").asText() : null;
    b.attendeeTimeZone = attendee.path("timeZone").asText();
    b.attendeeLanguage = hasText(attendee.path("language")) ? attendee.path("language").asText() : "en";
    List<String> guestList = new ArrayList<>();
    guests.forEach(g -> guestList.add(g.asText()));
    b.guests = List.copyOf(guestList);
    b.hostIds = hosts;
    JsonNode metadata = body.path("metadata");
    if (metadata.isObject()) {
      b.metadata = (ObjectNode) metadata.deepCopy();
    }
    store(b, now, body.path("location"));
    events.bookingCreated(b);
    return FakeResponse.success(201, views.booking(b));
  }

  /** Seeds a booking without availability checks (test setup). */
  StoredBooking seed(FakeEventType eventType, Instant start, String attendeeName, String attendeeEmail) {
    Instant now = clock.instant();
    List<Long> hosts = engine.assignHosts(eventType, start, eventType.lengthInMinutes(), null, now, null);
    StoredBooking b = new StoredBooking();
    b.eventTypeId = eventType.id();
    b.start = start;
    b.end = start.plus(Duration.ofMinutes(eventType.lengthInMinutes()));
    b.attendeeName = attendeeName;
    b.attendeeEmail = attendeeEmail;
    b.attendeeTimeZone = "UTC";
    b.attendeeLanguage = "en";
    b.hostIds = hosts.isEmpty()
        ? (eventType.schedulingType() == FakeSchedulingType.ROUND_ROBIN
            ? List.of(eventType.hostIds().get(0)) : eventType.hostIds())
        : hosts;
    store(b, now, null);
    return b;
  }

  private void store(StoredBooking b, Instant now, JsonNode location) {
    b.id = state.nextBookingId();
    b.uid = state.newUid();
    b.icsUid = b.uid + "@Cal.com";
    b.status = FakeBookingStatus.ACCEPTED;
    b.createdAt = now;
    b.updatedAt = now;
    b.location = location(location, b.uid);
    state.bookings.put(b.uid, b);
  }

  private static String location(JsonNode location, String uid) {
    if (location == null || !location.isObject()) {
      return "https://app.cal.com/video/" + uid;
    }
    String type = location.path("type").asText("");
    return switch (type) {
      case "address" -> location.path("address").asText("address");
      case "attendeeAddress" -> location.path("address").asText("");
      case "attendeeDefined" -> location.path("location").asText("");
      case "attendeePhone" -> location.path("phone").asText("");
      case "link" -> location.path("link").asText("link");
      case "phone" -> location.path("phone").asText("phone");
      case "integration" -> location.path("integration").asText("cal-video").equals("cal-video")
          ? "https://app.cal.com/video/" + uid : "integrations:" + location.path("integration").asText();
      default -> "https://app.cal.com/video/" + uid;
    };
  }

  private FakeEventType resolveEventType(JsonNode body) {
    JsonNode id = body.path("eventTypeId");
    String slug = body.path("eventTypeSlug").asText(null);
    String username = body.path("username").asText(null);
    String teamSlug = body.path("teamSlug").asText(null);
    if (id.isIntegralNumber()) {
      FakeEventType et = state.eventTypes.get(id.asLong());
      if (et == null) {
        throw ApiError.notFound("Event type with id " + id.asLong() + " not found.");
      }
      return et;
    }
    if (slug != null && username != null) {
      FakeUser user = state.userByUsername(username).orElse(null);
      return state.eventTypes.values().stream()
          .filter(e -> user != null && !e.isTeamEvent() && e.ownerId() == user.id() && e.slug().equals(slug))
          .findFirst()
          .orElseThrow(() -> ApiError.notFound(
              "Event type with slug " + slug + " belonging to user " + username + " not found."));
    }
    if (slug != null && teamSlug != null) {
      FakeTeam team = state.teamBySlug(teamSlug).orElse(null);
      return state.eventTypes.values().stream()
          .filter(e -> team != null && e.isTeamEvent() && e.teamId() == team.id() && e.slug().equals(slug))
          .findFirst()
          .orElseThrow(() -> ApiError.notFound(
              "Event type with slug " + slug + " belonging to team " + teamSlug + " not found."));
    }
    throw ApiError.badRequest("Either eventTypeId or eventTypeSlug + username or eventTypeSlug + teamSlug must be "
        + "provided.");
  }

  private static void checkBounds(FakeEventType eventType, Instant start, Instant now) {
    if (start.isBefore(now)) {
      throw ApiError.badRequest(IN_THE_PAST);
    }
    if (start.isBefore(now.plus(Duration.ofMinutes(eventType.minimumBookingNotice())))) {
      throw ApiError.badRequest(OUT_OF_BOUNDS);
    }
  }

  // ---- read --------------------------------------------------------------------------------------------------

  FakeResponse get(FakeExchange ex) {
    String uid = ex.pathParam("uid");
    StoredBooking b = state.bookings.get(uid);
    if (b == null) {
      throw ApiError.notFound("Booking with uid=" + uid + " was not found in the database");
    }
    return FakeResponse.success(200, views.booking(b));
  }

  FakeResponse list(FakeExchange ex) {
    Validation v = new Validation();
    List<Predicate<StoredBooking>> filters = new ArrayList<>();
    Instant now = clock.instant();
    FakeUser me = state.users.get(ex.principal().userId());
    filters.add(b -> b.hostIds.contains(me.id()) || me.email().equalsIgnoreCase(b.attendeeEmail));

    String status = ex.queryParam("status");
    if (status != null && !status.isEmpty()) {
      List<String> wanted = List.of(status.split(","));
      if (!STATUSES.containsAll(wanted.stream().map(String::trim).toList())) {
        v.add("status", status, "isEnum", "Invalid status. Allowed are upcoming, recurring, past, cancelled, "
            + "unconfirmed");
      } else {
        filters.add(b -> wanted.stream().map(String::trim).anyMatch(s -> statusMatches(s, b, now)));
      }
    }
    textFilter(ex, "attendeeEmail", b -> b.attendeeEmail, filters);
    textFilter(ex, "attendeeName", b -> b.attendeeName, filters);
    textFilter(ex, "bookingUid", b -> b.uid, filters);
    String eventTypeIds = ex.queryParam("eventTypeIds");
    String eventTypeId = ex.queryParam("eventTypeId");
    if (eventTypeIds != null && !eventTypeIds.isEmpty()) {
      try {
        List<Long> ids = List.of(eventTypeIds.split(",")).stream().map(s -> Long.parseLong(s.trim())).toList();
        filters.add(b -> ids.contains(b.eventTypeId));
      } catch (NumberFormatException e) {
        v.add("eventTypeIds", eventTypeIds, "isNumber",
            "each value in eventTypeIds must be a number conforming to the specified constraints");
      }
    } else if (eventTypeId != null && !eventTypeId.isEmpty()) {
      try {
        long id = Long.parseLong(eventTypeId.trim());
        filters.add(b -> b.eventTypeId == id);
      } catch (NumberFormatException e) {
        v.add("eventTypeId", eventTypeId, "isInt", "eventTypeId must be an integer number");
      }
    }
    dateFilter(ex, v, "afterStart", "fromDate", (b, t) -> !b.start.isBefore(t), filters);
    dateFilter(ex, v, "beforeEnd", "toDate", (b, t) -> !b.end.isAfter(t), filters);
    dateFilter(ex, v, "afterCreatedAt", "fromDate", (b, t) -> !b.createdAt.isBefore(t), filters);
    dateFilter(ex, v, "beforeCreatedAt", "toDate", (b, t) -> !b.createdAt.isAfter(t), filters);
    dateFilter(ex, v, "afterUpdatedAt", "fromDate", (b, t) -> !b.updatedAt.isBefore(t), filters);
    dateFilter(ex, v, "beforeUpdatedAt", "toDate", (b, t) -> !b.updatedAt.isAfter(t), filters);

    Comparator<StoredBooking> order = Comparator.comparing(StoredBooking::start);
    String[][] sorts = {{"sortStart", "SortStart"}, {"sortEnd", "SortEnd"}, {"sortCreated", "SortCreated"},
        {"sortUpdatedAt", "SortCreated"}};
    boolean sorted = false;
    for (String[] sort : sorts) {
      String value = ex.queryParam(sort[0]);
      if (value == null) {
        continue;
      }
      if (!value.equals("asc") && !value.equals("desc")) {
        v.add(sort[0], value, "isEnum", sort[1] + " must be either \"asc\" or \"desc\".");
        continue;
      }
      if (sorted) {
        continue; // only the first sort parameter applies
      }
      sorted = true;
      Comparator<StoredBooking> c = switch (sort[0]) {
        case "sortStart" -> Comparator.comparing(b -> b.start);
        case "sortEnd" -> Comparator.comparing(b -> b.end);
        case "sortCreated" -> Comparator.comparing(b -> b.createdAt);
        default -> Comparator.comparing(b -> b.updatedAt);
      };
      order = value.equals("desc") ? c.reversed() : c;
    }
    Integer take = v.intParam("take", ex.queryParam("take"));
    Integer skip = v.intParam("skip", ex.queryParam("skip"));
    if (take != null && take > 250) {
      v.add("take", ex.queryParam("take"), "max", "take must not be greater than 250");
    }
    if (take != null && take < 1) {
      v.add("take", ex.queryParam("take"), "min", "take must not be less than 1");
    }
    if (skip != null && skip < 0) {
      v.add("skip", ex.queryParam("skip"), "min", "skip must not be less than 0");
    }
    v.throwIfAny();
    int t = take == null ? 100 : take;
    int s = skip == null ? 0 : skip;

    List<StoredBooking> matching = state.bookings.values().stream()
        .filter(b -> filters.stream().allMatch(f -> f.test(b)))
        .sorted(order.thenComparing(b -> b.id))
        .toList();
    int total = matching.size();
    List<StoredBooking> page = matching.subList(Math.min(s, total), Math.min(s + t, total));
    ArrayNode data = Json.array();
    page.forEach(b -> data.add(views.booking(b)));

    ObjectNode envelope = Json.object();
    envelope.put("status", "success");
    envelope.set("data", data);
    ObjectNode pagination = envelope.putObject("pagination");
    int totalPages = (int) Math.ceil(total / (double) t);
    pagination.put("totalItems", total);
    pagination.put("remainingItems", Math.max(total - s - page.size(), 0));
    pagination.put("returnedItems", page.size());
    pagination.put("itemsPerPage", t);
    pagination.put("currentPage", s / t + 1);
    pagination.put("totalPages", totalPages);
    pagination.put("hasNextPage", s + t < total);
    pagination.put("hasPreviousPage", s > 0);
    return FakeResponse.json(200, envelope);
  }

  private static boolean statusMatches(String status, StoredBooking b, Instant now) {
    boolean ended = !b.end.isAfter(now);
    boolean cancelled = b.status == FakeBookingStatus.CANCELLED || b.status == FakeBookingStatus.REJECTED;
    return switch (status) {
      case "upcoming" -> !ended && !cancelled;
      case "past" -> ended && !cancelled;
      case "cancelled" -> cancelled;
      case "unconfirmed" -> !ended && b.status == FakeBookingStatus.PENDING;
      default -> false; // recurring: the fake has no recurring bookings
    };
  }

  private static void textFilter(FakeExchange ex, String param, Function<StoredBooking, String> f,
      List<Predicate<StoredBooking>> filters) {
    String value = ex.queryParam(param);
    if (value != null && !value.trim().isEmpty()) {
      String wanted = value.trim();
      filters.add(b -> f.apply(b) != null && f.apply(b).toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)));
    }
  }

  private static void dateFilter(FakeExchange ex, Validation v, String param, String messageName,
      BiPredicate<StoredBooking, Instant> test, List<Predicate<StoredBooking>> filters) {
    String value = ex.queryParam(param);
    if (value == null) {
      return;
    }
    Instant t = Times.parseInstant(value);
    if (t == null) {
      v.add(param, value, "isIso8601", messageName + " must be a valid ISO 8601 date.");
      return;
    }
    filters.add(b -> test.test(b, t));
  }

  // ---- cancel / reschedule -----------------------------------------------------------------------------------

  FakeResponse cancel(FakeExchange ex) {
    String uid = ex.pathParam("uid");
    StoredBooking b = state.bookings.get(uid);
    if (b == null) {
      throw ApiError.notFound("Booking with uid=" + uid + " not found");
    }
    JsonNode body = Json.parseBody(ex.body());
    JsonNode reason = body.path("cancellationReason");
    if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
      Validation v = new Validation();
      v.add("cancellationReason", reason, "isString", "cancellationReason must be a string");
      v.throwIfAny();
    }
    if (!b.status.occupiesTime()) {
      throw ApiError.badRequest("This booking has already been cancelled.");
    }
    Instant now = clock.instant();
    if (!b.end.isAfter(now)) {
      throw ApiError.badRequest("Cannot cancel a booking that has already ended");
    }
    b.status = FakeBookingStatus.CANCELLED;
    b.cancellationReason = reason.isTextual() ? reason.asText() : null;
    b.cancelledByEmail = ex.principal() != null
        ? state.user(ex.principal().userId()).map(FakeUser::email).orElse(b.attendeeEmail)
        : b.attendeeEmail;
    b.updatedAt = now;
    events.bookingCancelled(b);
    return FakeResponse.success(200, views.booking(b));
  }

  FakeResponse reschedule(FakeExchange ex) {
    String uid = ex.pathParam("uid");
    StoredBooking old = state.bookings.get(uid);
    if (old == null) {
      throw ApiError.notFound("Booking with uid=" + uid + " was not found in the database");
    }
    JsonNode body = Json.parseBody(ex.body());
    Validation v = new Validation();
    JsonNode startNode = body.path("start");
    Instant start = startNode.isTextual() ? Times.parseInstant(startNode.asText()) : null;
    if (start == null) {
      v.add("start", startNode, "isISO8601", "start must be a valid ISO 8601 date string");
    }
    JsonNode rescheduledBy = body.path("rescheduledBy");
    if (!rescheduledBy.isMissingNode() && !rescheduledBy.isNull() && !rescheduledBy.isTextual()) {
      v.add("rescheduledBy", rescheduledBy, "isEmail", "rescheduledBy must be an email");
    }
    JsonNode reason = body.path("reschedulingReason");
    if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
      v.add("reschedulingReason", reason, "isString", "reschedulingReason must be a string");
    }
    v.throwIfAny();
    if (old.status == FakeBookingStatus.CANCELLED && old.rescheduledToUid != null) {
      throw ApiError.badRequest("Can't reschedule booking with uid=" + uid + " because it has been cancelled and "
          + "rescheduled already to booking with uid=" + old.rescheduledToUid + ". You probably want to reschedule "
          + old.rescheduledToUid + " instead by passing it within the request URL.");
    }
    if (!old.status.occupiesTime()) {
      throw ApiError.badRequest("Can't reschedule booking with uid=" + uid + " because it has been cancelled. "
          + "Please provide uid of a booking that is not cancelled.");
    }
    FakeEventType eventType = state.eventTypes.get(old.eventTypeId);
    if (eventType == null) {
      throw ApiError.notFound("Booking with uid=" + uid + " is missing event type");
    }
    Instant now = clock.instant();
    checkBounds(eventType, start, now);
    int minutes = (int) Duration.between(old.start, old.end).toMinutes();
    List<Long> hosts = engine.assignHosts(eventType, start, minutes, old.uid, now, old.hostIds.get(0));
    if (hosts.isEmpty()) {
      throw ApiError.badRequest(USER_UNAVAILABLE); // Cal.com reports reschedules with the individual text
    }
    StoredBooking b = new StoredBooking();
    b.eventTypeId = old.eventTypeId;
    b.start = start;
    b.end = start.plus(Duration.ofMinutes(minutes));
    b.attendeeName = old.attendeeName;
    b.attendeeEmail = old.attendeeEmail;
    b.attendeePhone = old.attendeePhone;
    b.attendeeTimeZone = old.attendeeTimeZone;
    b.attendeeLanguage = old.attendeeLanguage;
    b.guests = old.guests;
    b.hostIds = hosts;
    b.metadata = old.metadata.deepCopy();
    store(b, now, null);
    b.location = old.location.endsWith("/video/" + old.uid) ? "https://app.cal.com/video/" + b.uid : old.location;
    b.icsUid = old.icsUid;
    b.rescheduledFromUid = old.uid;
    b.reschedulingReason = reason.isTextual() ? reason.asText() : null;
    b.rescheduledByEmail = rescheduledBy.isTextual() ? rescheduledBy.asText() : null;
    old.status = FakeBookingStatus.CANCELLED;
    old.rescheduledToUid = b.uid;
    old.updatedAt = now;
    events.bookingRescheduled(old, b);
    return FakeResponse.success(201, views.booking(b));
  }

  private static boolean hasText(JsonNode node) {
    return node.isTextual() && !node.asText().isBlank();
  }
}
