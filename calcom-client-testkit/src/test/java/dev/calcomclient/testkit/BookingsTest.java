package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.BOOKINGS;
import static dev.calcomclient.testkit.CalcomHttp.SLOTS;
import static dev.calcomclient.testkit.CalcomHttp.bookingBody;
import static dev.calcomclient.testkit.DefaultDataset.ALICE_ID;
import static dev.calcomclient.testkit.DefaultDataset.BOB_ID;
import static dev.calcomclient.testkit.DefaultDataset.CONSULTATION_ID;
import static dev.calcomclient.testkit.DefaultDataset.INTRO_CALL_ID;
import static dev.calcomclient.testkit.DefaultDataset.QUICK_CHAT_ID;
import static dev.calcomclient.testkit.DefaultDataset.SALES_CALL_ID;
import static dev.calcomclient.testkit.DefaultDataset.SALES_PANEL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BookingsTest {
  private static final String USER_UNAVAILABLE =
      "User either already has booking at this time or is not available";

  private FakeClock clock;
  private FakeCalcom fake;
  private CalcomHttp anonymous;
  private CalcomHttp authed;

  @BeforeEach
  void start() {
    clock = FakeClock.at("2030-01-06T12:00:00Z"); // Sunday
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    anonymous = CalcomHttp.anonymous(fake);
    authed = CalcomHttp.withApiKey(fake);
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Reply book(long eventTypeId, String start, String email) {
    return anonymous.post("/v2/bookings", bookingBody(eventTypeId, start, "Pat Doe", email),
        "cal-api-version", BOOKINGS);
  }

  private List<String> introSlotsMonday() {
    return anonymous.get("/v2/slots?eventTypeId=" + INTRO_CALL_ID + "&start=2030-01-07&end=2030-01-07",
        "cal-api-version", SLOTS).slotStarts();
  }

  @Test
  void createReturns201WithTheBookingOutputShape() {
    Reply reply = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "pat@example.com");

    assertThat(reply.status()).isEqualTo(201);
    JsonNode b = reply.data();
    for (String field : List.of("id", "uid", "title", "description", "hosts", "status", "start", "end", "duration",
        "eventTypeId", "eventType", "location", "absentHost", "createdAt", "updatedAt", "attendees",
        "bookingFieldsResponses")) {
      assertThat(b.has(field)).as(field).isTrue();
    }
    assertThat(b.get("status").asText()).isEqualTo("accepted");
    assertThat(b.get("start").asText()).isEqualTo("2030-01-07T09:00:00.000Z");
    assertThat(b.get("end").asText()).isEqualTo("2030-01-07T09:30:00.000Z");
    assertThat(b.get("duration").asInt()).isEqualTo(30);
    assertThat(b.get("eventType").get("slug").asText()).isEqualTo("intro-call");
    assertThat(b.get("hosts").get(0).get("id").asLong()).isEqualTo(ALICE_ID);
    assertThat(b.get("attendees").get(0).get("email").asText()).isEqualTo("pat@example.com");
    assertThat(b.get("createdAt").asText()).isEqualTo("2030-01-06T12:00:00.000Z");
    assertThat(fake.bookings()).singleElement().satisfies(stored -> {
      assertThat(stored.uid()).isEqualTo(b.get("uid").asText());
      assertThat(stored.status()).isEqualTo(FakeBookingStatus.ACCEPTED);
      assertThat(stored.hostIds()).containsExactly(ALICE_ID);
    });
  }

  @Test
  void bookingATakenSlotIsA400WithCalcomsMessage() {
    assertThat(book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "first@example.com").status()).isEqualTo(201);

    Reply second = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "second@example.com");

    assertThat(second.status()).isEqualTo(400);
    assertThat(second.errorCode()).isEqualTo("BadRequestException");
    assertThat(second.errorMessage()).isEqualTo(USER_UNAVAILABLE);
    assertThat(second.json().path("error").path("details").path("statusCode").asInt()).isEqualTo(400);
  }

  @Test
  void oneBookingBlocksTheHostsOtherEventTypes() {
    book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "first@example.com");

    Reply overlapping = book(QUICK_CHAT_ID, "2030-01-07T09:15:00Z", "second@example.com");

    assertThat(overlapping.status()).isEqualTo(400);
    assertThat(overlapping.errorMessage()).isEqualTo(USER_UNAVAILABLE);
  }

  @Test
  void bookingOutsideWorkingHoursIsRejectedLikeATakenSlot() {
    Reply saturday = book(INTRO_CALL_ID, "2030-01-12T09:00:00Z", "pat@example.com");

    assertThat(saturday.status()).isEqualTo(400);
    assertThat(saturday.errorMessage()).isEqualTo(USER_UNAVAILABLE);
  }

  @Test
  void teamEventTypesUseTheHostsMessageAndRoundRobinPicksAFreeHost() {
    assertThat(book(SALES_PANEL_ID, "2030-01-07T15:00:00Z", "a@example.com").status()).isEqualTo(201);

    Reply collective = book(SALES_PANEL_ID, "2030-01-07T15:00:00Z", "b@example.com");
    Reply roundRobin = book(SALES_CALL_ID, "2030-01-07T09:00:00Z", "c@example.com"); // only Alice works then

    assertThat(collective.status()).isEqualTo(400);
    assertThat(collective.errorMessage())
        .isEqualTo("One of the hosts either already has booking at this time or is not available");
    assertThat(roundRobin.status()).isEqualTo(201);
    assertThat(roundRobin.data().get("hosts").get(0).get("id").asLong()).isEqualTo(ALICE_ID);
    Reply roundRobinAtPanelTime = book(SALES_CALL_ID, "2030-01-07T15:30:00Z", "d@example.com");
    assertThat(roundRobinAtPanelTime.status()).isEqualTo(201);
    // Alice has more sales-call bookings, so Bob gets this one
    assertThat(roundRobinAtPanelTime.data().get("hosts").get(0).get("id").asLong()).isEqualTo(BOB_ID);
  }

  @Test
  void minimumNoticeAndPastStartsAreRejected() {
    clock.set(Instant.parse("2030-01-07T08:30:00Z"));

    Reply past = book(INTRO_CALL_ID, "2030-01-07T08:00:00Z", "pat@example.com");
    Reply tooSoon = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "pat@example.com");
    Reply ok = book(INTRO_CALL_ID, "2030-01-07T09:30:00Z", "pat@example.com");

    assertThat(past.status()).isEqualTo(400);
    assertThat(past.errorMessage()).isEqualTo("Attempting to book a meeting in the past.");
    assertThat(tooSoon.status()).isEqualTo(400);
    assertThat(tooSoon.errorMessage()).startsWith("The event type can't be booked at the \"start\" time provided.");
    assertThat(ok.status()).isEqualTo(201);
  }

  @Test
  void unknownEventTypeIsA404() {
    Reply reply = book(999, "2030-01-07T09:00:00Z", "pat@example.com");

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo("NotFoundException");
    assertThat(reply.errorMessage()).isEqualTo("Event type with id 999 not found.");
  }

  @Test
  void invalidBodyIsA400WithValidationErrors() {
    Reply reply = anonymous.post("/v2/bookings",
        "{\"eventTypeId\":101,\"start\":\"next monday\",\"attendee\":{\"timeZone\":\"Nowhere/Land\"}}",
        "cal-api-version", BOOKINGS);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).isEqualTo("Bad Request Exception");
    JsonNode errors = reply.json().path("error").path("details").path("errors");
    List<String> properties = new ArrayList<>();
    errors.forEach(e -> properties.add(e.get("property").asText()));
    assertThat(properties).containsExactly("start", "attendee");
    List<String> attendeeChildren = new ArrayList<>();
    errors.get(1).get("children").forEach(c -> attendeeChildren.add(c.get("property").asText()));
    assertThat(attendeeChildren).contains("name", "timeZone", "email");
    assertThat(fake.bookings()).isEmpty();
  }

  @Test
  void phoneOnlyAttendeeIsAccepted() {
    Reply reply = anonymous.post("/v2/bookings", "{\"eventTypeId\":101,\"start\":\"2030-01-07T09:00:00Z\","
        + "\"attendee\":{\"name\":\"Pat\",\"phoneNumber\":\"+4915112345678\",\"timeZone\":\"Europe/Berlin\"}}",
        "cal-api-version", BOOKINGS);

    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.data().get("attendees").get(0).get("phoneNumber").asText()).isEqualTo("+4915112345678");
  }

  @Test
  void cancelFreesTheTime() {
    String uid = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "pat@example.com").data().get("uid").asText();
    assertThat(introSlotsMonday()).doesNotContain("2030-01-07T09:00:00.000Z");

    Reply cancelled = anonymous.post("/v2/bookings/" + uid + "/cancel", "{\"cancellationReason\":\"ill\"}",
        "cal-api-version", BOOKINGS);

    assertThat(cancelled.status()).isEqualTo(200);
    assertThat(cancelled.data().get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.data().get("cancellationReason").asText()).isEqualTo("ill");
    assertThat(introSlotsMonday()).contains("2030-01-07T09:00:00.000Z");
    assertThat(book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "other@example.com").status()).isEqualTo(201);
    Reply again = anonymous.post("/v2/bookings/" + uid + "/cancel", "{}", "cal-api-version", BOOKINGS);
    assertThat(again.status()).isEqualTo(400);
  }

  @Test
  void rescheduleCreatesANewBookingAndCancelsTheOldOne() {
    String oldUid = book(CONSULTATION_ID, "2030-01-07T09:00:00Z", "pat@example.com").data().get("uid").asText();

    // overlapping its own old time is fine: the old booking does not count as busy
    Reply moved = anonymous.post("/v2/bookings/" + oldUid + "/reschedule",
        "{\"start\":\"2030-01-07T09:30:00Z\",\"reschedulingReason\":\"later\",\"rescheduledBy\":\"pat@example.com\"}",
        "cal-api-version", BOOKINGS);

    assertThat(moved.status()).isEqualTo(201);
    String newUid = moved.data().get("uid").asText();
    assertThat(newUid).isNotEqualTo(oldUid);
    assertThat(moved.data().get("rescheduledFromUid").asText()).isEqualTo(oldUid);
    assertThat(moved.data().get("start").asText()).isEqualTo("2030-01-07T09:30:00.000Z");
    assertThat(moved.data().get("reschedulingReason").asText()).isEqualTo("later");
    FakeBooking old = fake.booking(oldUid).orElseThrow();
    assertThat(old.status()).isEqualTo(FakeBookingStatus.CANCELLED);
    assertThat(old.rescheduledToUid()).isEqualTo(newUid);
    Reply oldView = anonymous.get("/v2/bookings/" + oldUid, "cal-api-version", BOOKINGS);
    assertThat(oldView.data().get("rescheduledToUid").asText()).isEqualTo(newUid);
    assertThat(introSlotsMonday()).contains("2030-01-07T09:00:00.000Z").doesNotContain("2030-01-07T10:00:00.000Z");

    Reply rescheduleOld = anonymous.post("/v2/bookings/" + oldUid + "/reschedule",
        "{\"start\":\"2030-01-08T09:00:00Z\"}", "cal-api-version", BOOKINGS);
    assertThat(rescheduleOld.status()).isEqualTo(400);
    assertThat(rescheduleOld.errorMessage()).contains("rescheduled already to booking with uid=" + newUid);
  }

  @Test
  void rescheduleOntoATakenTimeIsRejected() {
    String uid = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "a@example.com").data().get("uid").asText();
    book(INTRO_CALL_ID, "2030-01-07T10:00:00Z", "b@example.com");

    Reply reply = anonymous.post("/v2/bookings/" + uid + "/reschedule", "{\"start\":\"2030-01-07T10:00:00Z\"}",
        "cal-api-version", BOOKINGS);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).isEqualTo(USER_UNAVAILABLE);
    assertThat(fake.booking(uid).orElseThrow().status()).isEqualTo(FakeBookingStatus.ACCEPTED);
  }

  @Test
  void unknownUidsAre404() {
    Reply get = anonymous.get("/v2/bookings/nope", "cal-api-version", BOOKINGS);
    Reply cancel = anonymous.post("/v2/bookings/nope/cancel", "{}", "cal-api-version", BOOKINGS);
    Reply reschedule = anonymous.post("/v2/bookings/nope/reschedule", "{\"start\":\"2030-01-07T10:00:00Z\"}",
        "cal-api-version", BOOKINGS);

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.errorMessage()).isEqualTo("Booking with uid=nope was not found in the database");
    assertThat(cancel.status()).isEqualTo(404);
    assertThat(cancel.errorMessage()).isEqualTo("Booking with uid=nope not found");
    assertThat(reschedule.status()).isEqualTo(404);
  }

  @Test
  void listPaginatesAndReportsPagination() {
    for (int i = 0; i < 5; i++) {
      String start = String.format("2030-01-%02dT10:00:00Z", 7 + i);
      assertThat(book(QUICK_CHAT_ID, start, "p" + i + "@example.com").status()).isEqualTo(201);
    }

    Reply page2 = authed.get("/v2/bookings?take=2&skip=2&sortStart=asc", "cal-api-version", BOOKINGS);

    assertThat(page2.status()).isEqualTo(200);
    assertThat(page2.data()).hasSize(2);
    assertThat(page2.data().get(0).get("start").asText()).isEqualTo("2030-01-09T10:00:00.000Z");
    JsonNode p = page2.json().get("pagination");
    assertThat(p.get("totalItems").asInt()).isEqualTo(5);
    assertThat(p.get("returnedItems").asInt()).isEqualTo(2);
    assertThat(p.get("remainingItems").asInt()).isEqualTo(1);
    assertThat(p.get("itemsPerPage").asInt()).isEqualTo(2);
    assertThat(p.get("currentPage").asInt()).isEqualTo(2);
    assertThat(p.get("totalPages").asInt()).isEqualTo(3);
    assertThat(p.get("hasNextPage").asBoolean()).isTrue();
    assertThat(p.get("hasPreviousPage").asBoolean()).isTrue();

    Reply desc = authed.get("/v2/bookings?sortStart=desc&take=1", "cal-api-version", BOOKINGS);
    assertThat(desc.data().get(0).get("start").asText()).isEqualTo("2030-01-11T10:00:00.000Z");
    Reply tooMany = authed.get("/v2/bookings?take=251", "cal-api-version", BOOKINGS);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.json().path("error").path("details").path("errors").get(0).get("property").asText())
        .isEqualTo("take");
  }

  @Test
  void listFiltersByStatusAttendeeEventTypeAndTime() {
    String a = book(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "ann@example.com").data().get("uid").asText();
    book(QUICK_CHAT_ID, "2030-01-08T09:00:00Z", "ben@example.com");
    book(CONSULTATION_ID, "2030-01-09T09:00:00Z", "ann@example.com");
    anonymous.post("/v2/bookings/" + a + "/cancel", "{}", "cal-api-version", BOOKINGS);

    assertThat(uids("status=cancelled")).containsExactly(a);
    assertThat(uids("status=upcoming")).hasSize(2);
    assertThat(uids("attendeeEmail=ann@example.com")).hasSize(2);
    assertThat(uids("eventTypeIds=" + QUICK_CHAT_ID + "," + CONSULTATION_ID)).hasSize(2);
    assertThat(uids("eventTypeId=" + INTRO_CALL_ID)).containsExactly(a);
    assertThat(uids("afterStart=2030-01-08T00:00:00Z&beforeEnd=2030-01-08T23:59:59Z")).hasSize(1);
    clock.advance(Duration.ofDays(2)); // Tuesday 12:00Z: the Tuesday 09:00 booking is past
    assertThat(uids("status=past")).hasSize(1);
    assertThat(authed.get("/v2/bookings?status=done", "cal-api-version", BOOKINGS).status()).isEqualTo(400);
  }

  @Test
  void listRequiresAuthentication() {
    Reply reply = anonymous.get("/v2/bookings", "cal-api-version", BOOKINGS);

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.errorCode()).isEqualTo("UnauthorizedException");
    assertThat(reply.errorMessage()).startsWith("ApiAuthStrategy - ");
  }

  @Test
  void acceptsThe2026BookingsVersion() {
    Reply reply = anonymous.post("/v2/bookings", bookingBody(INTRO_CALL_ID, "2030-01-07T09:00:00Z", "P", "p@x.io"),
        "cal-api-version", "2026-02-25");

    assertThat(reply.status()).isEqualTo(201);
  }

  private List<String> uids(String query) {
    Reply reply = authed.get("/v2/bookings?" + query, "cal-api-version", BOOKINGS);
    assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    List<String> uids = new ArrayList<>();
    reply.data().forEach(b -> uids.add(b.get("uid").asText()));
    return uids;
  }
}
