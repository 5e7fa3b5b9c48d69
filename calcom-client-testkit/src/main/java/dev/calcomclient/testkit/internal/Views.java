package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.FakeTeam;
import dev.calcomclient.testkit.FakeUser;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;

/** Renders the fake's state into API v2 output shapes (field names and order as in the 2024 outputs). */
final class Views {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private final FakeState state;

  Views(FakeState state) {
    this.state = state;
  }

  /** {@code BookingOutput_2024_08_13}. */
  ObjectNode booking(StoredBooking b) {
    FakeEventType eventType = state.eventTypes.get(b.eventTypeId);
    ObjectNode o = Json.object();
    o.put("id", b.id);
    o.put("uid", b.uid);
    String eventTitle = eventType == null ? "Meeting" : eventType.title();
    String hostName = b.hostIds.isEmpty() ? "" : state.user(b.hostIds.get(0)).map(FakeUser::name).orElse("");
    o.put("title", eventTitle + " between " + hostName + " and " + b.attendeeName);
    o.put("description", eventType == null ? "" : eventType.description());
    ArrayNode hosts = o.putArray("hosts");
    for (long hostId : b.hostIds) {
      state.user(hostId).ifPresent(u -> {
        ObjectNode h = hosts.addObject();
        h.put("id", u.id());
        h.put("name", u.name());
        h.put("email", u.email());
        h.put("username", u.username());
        h.put("timeZone", u.timeZone());
      });
    }
    o.put("status", b.status.wireValue());
    putIfNotNull(o, "cancellationReason", b.cancellationReason);
    putIfNotNull(o, "cancelledByEmail", b.cancelledByEmail);
    putIfNotNull(o, "reschedulingReason", b.reschedulingReason);
    putIfNotNull(o, "rescheduledByEmail", b.rescheduledByEmail);
    putIfNotNull(o, "rescheduledFromUid", b.rescheduledFromUid);
    putIfNotNull(o, "rescheduledToUid", b.rescheduledToUid);
    o.put("start", Times.utc(b.start));
    o.put("end", Times.utc(b.end));
    o.put("duration", Duration.between(b.start, b.end).toMinutes());
    o.put("eventTypeId", b.eventTypeId);
    ObjectNode et = o.putObject("eventType");
    et.put("id", b.eventTypeId);
    et.put("slug", eventType == null ? "" : eventType.slug());
    o.put("meetingUrl", b.location);
    o.put("location", b.location);
    o.put("absentHost", false);
    o.put("createdAt", Times.utc(b.createdAt));
    o.put("updatedAt", Times.utc(b.updatedAt));
    o.set("metadata", b.metadata.deepCopy());
    o.put("icsUid", b.icsUid);
    ObjectNode attendee = o.putArray("attendees").addObject();
    attendee.put("name", b.attendeeName);
    attendee.put("email", b.attendeeEmail == null ? "" : b.attendeeEmail);
    attendee.put("timeZone", b.attendeeTimeZone);
    attendee.put("language", b.attendeeLanguage);
    attendee.put("absent", false);
    putIfNotNull(attendee, "phoneNumber", b.attendeePhone);
    if (!b.guests.isEmpty()) {
      ArrayNode guests = o.putArray("guests");
      b.guests.forEach(guests::add);
    }
    ObjectNode responses = o.putObject("bookingFieldsResponses");
    responses.put("name", b.attendeeName);
    if (b.attendeeEmail != null) {
      responses.put("email", b.attendeeEmail);
    }
    if (b.attendeePhone != null) {
      responses.put("attendeePhoneNumber", b.attendeePhone);
    }
    if (!b.guests.isEmpty()) {
      ArrayNode guests = responses.putArray("guests");
      b.guests.forEach(guests::add);
    }
    return o;
  }

  /** {@code EventTypeOutput_2024_06_14} or, for team event types, {@code TeamEventTypeOutput_2024_06_14}. */
  ObjectNode eventType(FakeEventType e) {
    ObjectNode o = Json.object();
    o.put("id", e.id());
    o.put("lengthInMinutes", e.lengthInMinutes());
    o.put("title", e.title());
    o.put("slug", e.slug());
    o.put("description", e.description());
    ObjectNode location = o.putArray("locations").addObject();
    location.put("type", "integration");
    location.put("integration", "cal-video");
    ArrayNode fields = o.putArray("bookingFields");
    fields.addObject().put("type", "name").put("slug", "name").put("label", "Your name").put("required", true)
        .put("isDefault", true);
    fields.addObject().put("type", "email").put("slug", "email").put("label", "Email Address")
        .put("required", true).put("isDefault", true);
    o.put("disableGuests", false);
    if (e.slotInterval() == null) {
      o.putNull("slotInterval");
    } else {
      o.put("slotInterval", e.slotInterval());
    }
    o.put("minimumBookingNotice", e.minimumBookingNotice());
    o.put("beforeEventBuffer", e.beforeEventBuffer());
    o.put("afterEventBuffer", e.afterEventBuffer());
    o.putNull("recurrence");
    o.putObject("metadata");
    o.put("price", 0);
    o.put("currency", "usd");
    o.put("lockTimeZoneToggleOnBookingPage", false);
    o.putNull("seatsPerTimeSlot");
    o.putNull("forwardParamsSuccessRedirect");
    o.putNull("successRedirectUrl");
    o.put("isInstantEvent", false);
    o.put("seatsShowAvailabilityCount", false);
    if (e.scheduleId() == null) {
      o.putNull("scheduleId");
    } else {
      o.put("scheduleId", e.scheduleId());
    }
    if (!e.bookingLimits().isEmpty()) {
      ObjectNode limits = o.putObject("bookingLimitsCount");
      e.bookingLimits().forEach((period, count) -> limits.put(period.name(), count));
    }
    o.put("onlyShowFirstAvailableSlot", false);
    o.putArray("bookingWindow");
    o.put("hidden", false);
    o.put("bookingRequiresAuthentication", false);
    if (e.isTeamEvent()) {
      o.put("teamId", e.teamId());
      o.putNull("ownerId");
      o.putNull("parentEventTypeId");
      ArrayNode hosts = o.putArray("hosts");
      for (long hostId : e.hostIds()) {
        state.user(hostId).ifPresent(u -> hosts.addObject()
            .put("userId", u.id()).put("name", u.name()).put("username", u.username()).putNull("avatarUrl")
            .put("mandatory", false).put("priority", "medium"));
      }
      o.put("assignAllTeamMembers", false);
      o.put("schedulingType", e.schedulingType().wireValue());
      Optional<FakeTeam> team = Optional.ofNullable(state.teams.get(e.teamId()));
      ObjectNode t = o.putObject("team");
      t.put("id", e.teamId());
      t.put("slug", team.map(FakeTeam::slug).orElse(""));
      t.putNull("bannerUrl");
      t.put("name", team.map(FakeTeam::name).orElse(""));
      t.putNull("logoUrl");
      t.put("weekStart", "Monday");
      t.putNull("brandColor");
      t.putNull("darkBrandColor");
      t.putNull("theme");
    } else {
      o.put("ownerId", e.ownerId());
      ArrayNode users = o.putArray("users");
      for (long userId : e.hostIds()) {
        state.user(userId).ifPresent(u -> users.addObject()
            .put("id", u.id()).put("name", u.name()).put("username", u.username()).putNull("avatarUrl")
            .put("weekStart", "Monday").put("brandColor", "#292929").put("darkBrandColor", "#fafafa")
            .set("metadata", Json.object()));
      }
    }
    return o;
  }

  /** {@code ScheduleOutput_2024_06_11}. */
  ObjectNode schedule(FakeSchedule s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("ownerId", s.ownerId());
    o.put("name", s.name());
    o.put("timeZone", s.timeZone());
    ArrayNode availability = o.putArray("availability");
    for (FakeSchedule.Availability a : s.availability()) {
      ObjectNode entry = availability.addObject();
      ArrayNode days = entry.putArray("days");
      for (DayOfWeek day : DayOfWeek.values()) {
        if (a.days().contains(day)) {
          days.add(day.getDisplayName(TextStyle.FULL, Locale.ENGLISH));
        }
      }
      entry.put("startTime", HH_MM.format(a.startTime()));
      entry.put("endTime", HH_MM.format(a.endTime()));
    }
    o.put("isDefault", state.defaultSchedule(s.ownerId()).map(d -> d.id() == s.id()).orElse(false));
    ArrayNode overrides = o.putArray("overrides");
    for (FakeSchedule.Override ov : s.overrides()) {
      overrides.addObject().put("date", ov.date().toString()).put("startTime", HH_MM.format(ov.startTime()))
          .put("endTime", HH_MM.format(ov.endTime()));
    }
    return o;
  }

  /** {@code MeOutput}. */
  ObjectNode me(FakeUser u) {
    ObjectNode o = Json.object();
    o.put("id", u.id());
    o.put("username", u.username());
    o.put("email", u.email());
    o.put("timeFormat", 24); // MeOutput has no name (the spec forbids extra properties; OpenApiConformanceTest)
    Optional<FakeSchedule> schedule = state.defaultSchedule(u.id());
    if (schedule.isPresent()) {
      o.put("defaultScheduleId", schedule.get().id());
    } else {
      o.putNull("defaultScheduleId");
    }
    o.put("weekStart", "Monday");
    o.put("timeZone", u.timeZone());
    o.putNull("organizationId");
    return o;
  }

  private static void putIfNotNull(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }
}
