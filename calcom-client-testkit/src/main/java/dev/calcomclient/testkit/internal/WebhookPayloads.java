package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeUser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The bodies Cal.com POSTs to webhook subscribers ({@code packages/features/webhooks}): the envelope
 * {@code {"triggerEvent","createdAt","payload"}} and the booking payload (a {@code CalendarEvent} plus extras),
 * with the field names, formats and upper-case {@code status} of the real deliveries.
 */
final class WebhookPayloads {
  /** {@code dayjs(...).utc().format()}: seconds precision, {@code Z}. */
  private static final DateTimeFormatter DAYJS_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  private WebhookPayloads() {}

  /** {@code {"triggerEvent": trigger, "createdAt": <ISO with millis>, "payload": payload}}. */
  public static ObjectNode envelope(String triggerEvent, Instant createdAt, ObjectNode payload) {
    ObjectNode body = Json.object();
    body.put("triggerEvent", triggerEvent);
    body.put("createdAt", Times.utc(createdAt));
    body.set("payload", payload);
    return body;
  }

  /** The payload of BOOKING_CREATED (and the base of the cancel and reschedule payloads). */
  public static ObjectNode booking(StoredBooking b, FakeEventType eventType, FakeUser organizer) {
    ObjectNode p = Json.object();
    String title = title(eventType, organizer, b.attendeeName);
    p.put("type", eventType.slug());
    p.put("title", title);
    p.put("description", eventType.description());
    p.put("additionalNotes", "");
    p.set("customInputs", Json.object());
    p.put("startTime", dayjs(b.start));
    p.put("endTime", dayjs(b.end));

    ObjectNode org = p.putObject("organizer");
    org.put("id", organizer.id());
    org.put("name", organizer.name());
    org.put("email", organizer.email());
    org.put("username", organizer.username());
    org.put("timeZone", organizer.timeZone());
    org.putObject("language").put("locale", "en");
    org.put("timeFormat", "h:mma");
    org.put("utcOffset", utcOffsetMinutes(organizer.timeZone(), b.start));

    ObjectNode responses = p.putObject("responses");
    labelled(responses, "name", "your_name", b.attendeeName);
    labelled(responses, "email", "email_address", b.attendeeEmail);
    if (b.location != null) {
      ObjectNode location = responses.putObject("location");
      location.put("label", "location");
      location.putObject("value").put("optionValue", "").put("value", b.location);
    }
    ArrayNode guests = Json.array();
    b.guests.forEach(guests::add);
    if (!guests.isEmpty()) {
      responses.putObject("guests").put("label", "additional_guests").set("value", guests);
    }
    p.set("userFieldsResponses", Json.object());

    ArrayNode attendees = p.putArray("attendees");
    ObjectNode attendee = attendees.addObject();
    attendee.put("email", b.attendeeEmail);
    attendee.put("name", b.attendeeName);
    attendee.put("firstName", "");
    attendee.put("lastName", "");
    attendee.put("timeZone", b.attendeeTimeZone);
    attendee.putObject("language").put("locale", b.attendeeLanguage == null ? "en" : b.attendeeLanguage);
    attendee.put("utcOffset", utcOffsetMinutes(b.attendeeTimeZone, b.start));
    for (String guest : b.guests) {
      ObjectNode g = attendees.addObject();
      g.put("email", guest);
      g.put("name", "");
      g.put("firstName", "");
      g.put("lastName", "");
      g.put("timeZone", b.attendeeTimeZone);
      g.putObject("language").put("locale", "en");
      g.put("utcOffset", utcOffsetMinutes(b.attendeeTimeZone, b.start));
    }

    if (b.location == null) {
      p.putNull("location");
    } else {
      p.put("location", b.location);
    }
    p.putNull("destinationCalendar");
    p.put("hideCalendarNotes", false);
    p.put("requiresConfirmation", false);
    p.put("eventTypeId", b.eventTypeId);
    p.put("seatsShowAttendees", true);
    p.putNull("seatsPerTimeSlot");
    p.put("uid", b.uid);
    p.put("bookingId", b.id);
    p.put("eventTitle", eventType.title());
    p.put("eventDescription", eventType.description());
    p.put("price", 0);
    p.put("currency", "usd");
    p.put("length", Math.toIntExact(ChronoUnit.MINUTES.between(b.start, b.end)));
    ObjectNode metadata = p.putObject("metadata");
    if (b.metadata != null && b.metadata.has("videoCallUrl")) {
      metadata.set("videoCallUrl", b.metadata.get("videoCallUrl"));
    }
    p.put("status", b.status.name().toUpperCase(Locale.ROOT));
    return p;
  }

  /**
   * A cancellation as Cal.com's {@code handleCancelBooking} sends it (the wire-quirks option): times written with
   * {@code +00:00} instead of {@code Z}, and a team booking's other hosts listed in {@code team.members[]} with name,
   * email and time zone but no {@code id}.
   */
  public static void asCalcomCancels(ObjectNode p, StoredBooking b, List<FakeUser> otherHosts) {
    p.put("startTime", b.start.atOffset(java.time.ZoneOffset.UTC).toString().replace("Z", "+00:00"));
    p.put("endTime", b.end.atOffset(java.time.ZoneOffset.UTC).toString().replace("Z", "+00:00"));
    if (!otherHosts.isEmpty()) {
      ArrayNode members = p.putObject("team").put("name", "team").putArray("members");
      for (FakeUser u : otherHosts) {
        members.addObject().put("name", u.name()).put("email", u.email()).put("timeZone", u.timeZone())
            .putObject("language").put("locale", "en");
      }
    }
  }

  /** BOOKING_CANCELLED: the booking payload plus {@code cancellationReason} and {@code cancelledBy}. */
  public static ObjectNode cancelled(StoredBooking b, FakeEventType eventType, FakeUser organizer) {
    ObjectNode p = booking(b, eventType, organizer);
    p.put("cancellationReason", b.cancellationReason == null ? "" : b.cancellationReason);
    p.put("cancelledBy", b.cancelledByEmail == null ? b.attendeeEmail : b.cancelledByEmail);
    return p;
  }

  /**
   * BOOKING_RESCHEDULED: the new booking's payload plus {@code rescheduleId}, {@code rescheduleUid},
   * {@code rescheduleStartTime}, {@code rescheduleEndTime} (the old booking) and {@code rescheduledBy}.
   */
  public static ObjectNode rescheduled(StoredBooking newBooking, StoredBooking old, FakeEventType eventType,
      FakeUser organizer) {
    ObjectNode p = booking(newBooking, eventType, organizer);
    p.put("rescheduleId", old.id);
    p.put("rescheduleUid", old.uid);
    p.put("rescheduleStartTime", dayjs(old.start));
    p.put("rescheduleEndTime", dayjs(old.end));
    String by = newBooking.rescheduledByEmail != null ? newBooking.rescheduledByEmail : old.rescheduledByEmail;
    p.put("rescheduledBy", by == null ? newBooking.attendeeEmail : by);
    return p;
  }

  /** Cal.com's default event name: {@code "<event type title> between <organizer> and <attendee>"}. */
  public static String title(FakeEventType eventType, FakeUser organizer, String attendeeName) {
    return eventType.title() + " between " + organizer.name() + " and " + attendeeName;
  }

  static String dayjs(Instant instant) {
    return DAYJS_UTC.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
  }

  private static int utcOffsetMinutes(String zone, Instant at) {
    ZoneId id = Times.zoneOrNull(zone);
    return id == null ? 0 : id.getRules().getOffset(at).getTotalSeconds() / 60;
  }

  private static void labelled(ObjectNode responses, String field, String label, String value) {
    if (value != null) {
      ObjectNode node = responses.putObject(field);
      node.put("label", label);
      node.put("value", value);
    }
  }
}
