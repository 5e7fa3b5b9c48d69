package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.SLOTS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotComputationTest {
  /** Sunday 2030-01-06 00:00 UTC: the whole next week lies ahead. */
  private static final FakeClock CLOCK_SUNDAY = FakeClock.at("2030-01-06T00:00:00Z");

  private static FakeCalcom.Builder berlinHost(FakeEventType.Builder eventType) {
    return FakeCalcom.builder()
        .clock(CLOCK_SUNDAY)
        .user(FakeUser.of(1, "anna", "anna@example.com", "Anna", "Europe/Berlin"))
        .schedule(FakeSchedule.weekdays(10, 1, "Europe/Berlin", "09:00", "17:00"))
        .eventType(eventType.ownerId(1).build());
  }

  private static Reply slots(FakeCalcom fake, String query) {
    return CalcomHttp.anonymous(fake).get("/v2/slots?" + query, "cal-api-version", SLOTS);
  }

  @Test
  void slotsAreGroupedByDayInTheRequestedZoneWithItsOffsetAndMillis() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(60)).build().start()) {
      Reply reply = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("status").asText()).isEqualTo("success");
      assertThat(iterable(reply.data().fieldNames())).containsExactly("2030-01-07");
      assertThat(reply.slotStarts()).containsExactly(
          "2030-01-07T09:00:00.000+01:00", "2030-01-07T10:00:00.000+01:00", "2030-01-07T11:00:00.000+01:00",
          "2030-01-07T12:00:00.000+01:00", "2030-01-07T13:00:00.000+01:00", "2030-01-07T14:00:00.000+01:00",
          "2030-01-07T15:00:00.000+01:00", "2030-01-07T16:00:00.000+01:00");
    }
  }

  @Test
  void utcIsTheDefaultZoneAndIsWrittenWithZ() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(60)).build().start()) {
      Reply reply = slots(fake, "eventTypeId=5&start=2030-01-07T00:00:00Z&end=2030-01-07T23:59:59Z");

      assertThat(reply.slotStarts()).first().isEqualTo("2030-01-07T08:00:00.000Z");
      assertThat(reply.slotStarts()).last().isEqualTo("2030-01-07T15:00:00.000Z");
    }
  }

  @Test
  void slotsFollowTheHostsLocalWorkingHoursAcrossADstChange() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(60)).build().start()) {
      Reply before = slots(fake, "eventTypeId=5&start=2030-03-25&end=2030-03-25");
      Reply after = slots(fake, "eventTypeId=5&start=2030-04-01&end=2030-04-01");

      // 09:00 Berlin is 08:00Z in winter (CET) and 07:00Z after the switch to CEST on 2030-03-31.
      assertThat(before.slotStarts()).first().isEqualTo("2030-03-25T08:00:00.000Z");
      assertThat(after.slotStarts()).first().isEqualTo("2030-04-01T07:00:00.000Z");
      assertThat(slots(fake, "eventTypeId=5&start=2030-04-01&end=2030-04-01&timeZone=Europe/Berlin").slotStarts())
          .first().isEqualTo("2030-04-01T09:00:00.000+02:00");
    }
  }

  @Test
  void dstFreeZoneKeepsItsHalfHourOffsetAndDaysShiftInTheRequestedZone() {
    FakeCalcom.Builder builder = FakeCalcom.builder().clock(CLOCK_SUNDAY)
        .user(FakeUser.of(3, "carla", "carla@example.com", "Carla", "Asia/Kolkata"))
        .schedule(FakeSchedule.weekdays(30, 3, "Asia/Kolkata", "09:00", "10:00"))
        .eventType(FakeEventType.builder(7, "mentoring").ownerId(3).lengthInMinutes(30).build());
    try (FakeCalcom fake = builder.build().start()) {
      Reply kolkata = slots(fake, "eventTypeId=7&start=2030-01-07T00:00:00Z&end=2030-01-07T23:59:59Z"
          + "&timeZone=Asia/Kolkata");
      Reply newYork = slots(fake, "eventTypeId=7&start=2030-01-07T00:00:00Z&end=2030-01-07T23:59:59Z"
          + "&timeZone=America/New_York");

      assertThat(kolkata.slotStarts())
          .containsExactly("2030-01-07T09:00:00.000+05:30", "2030-01-07T09:30:00.000+05:30");
      // 09:00 IST Monday = 22:30 EST on Sunday: the slots are listed under Sunday's date in New York.
      assertThat(iterable(newYork.data().fieldNames())).containsExactly("2030-01-06");
      assertThat(newYork.slotStarts())
          .containsExactly("2030-01-06T22:30:00.000-05:00", "2030-01-06T23:00:00.000-05:00");
    }
  }

  @Test
  void slotIntervalSetsTheStepBetweenStarts() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30).slotInterval(15))
        .build().start()) {
      List<String> starts = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin")
          .slotStarts();

      assertThat(starts).startsWith("2030-01-07T09:00:00.000+01:00", "2030-01-07T09:15:00.000+01:00",
          "2030-01-07T09:30:00.000+01:00");
      assertThat(starts).last().isEqualTo("2030-01-07T16:30:00.000+01:00"); // 16:30 + 30 min = 17:00
      assertThat(starts).hasSize(31);
    }
  }

  @Test
  void rangeFormatAddsEndAndDurationOverridesTheLength() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(60)).build().start()) {
      JsonNode first = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin"
          + "&format=range&duration=30").data().get("2030-01-07").get(0);

      assertThat(first.get("start").asText()).isEqualTo("2030-01-07T09:00:00.000+01:00");
      assertThat(first.get("end").asText()).isEqualTo("2030-01-07T09:30:00.000+01:00");
    }
  }

  @Test
  void minimumNoticeDropsStartsTooCloseToTheInjectedNow() {
    FakeClock clock = FakeClock.at("2030-01-07T08:10:00Z"); // Monday 09:10 Berlin
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30).minimumBookingNotice(60))
        .clock(clock).build().start()) {
      List<String> starts = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin")
          .slotStarts();
      assertThat(starts).first().isEqualTo("2030-01-07T10:30:00.000+01:00"); // first start >= 10:10

      clock.advance(Duration.ofHours(5)); // 14:10 Berlin
      assertThat(slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin").slotStarts())
          .first().isEqualTo("2030-01-07T15:30:00.000+01:00");
    }
  }

  @Test
  void bookingOfAnotherEventTypeOfTheSameHostBlocksTheSlot() {
    FakeCalcom.Builder builder = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30))
        .eventType(FakeEventType.builder(6, "long-talk").ownerId(1).lengthInMinutes(60).build())
        .booking(6, Instant.parse("2030-01-07T09:00:00Z"), "Zed", "zed@example.com"); // 10:00-11:00 Berlin
    try (FakeCalcom fake = builder.build().start()) {
      List<String> starts = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin")
          .slotStarts();

      assertThat(starts).contains("2030-01-07T09:30:00.000+01:00", "2030-01-07T11:00:00.000+01:00")
          .doesNotContain("2030-01-07T10:00:00.000+01:00", "2030-01-07T10:30:00.000+01:00");
    }
  }

  @Test
  void buffersOfTheCandidateAndOfTheExistingBookingBothKeepTimeFree() {
    FakeCalcom.Builder builder = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30))
        .eventType(FakeEventType.builder(6, "buffered").ownerId(1).lengthInMinutes(30).afterEventBuffer(15).build())
        .eventType(FakeEventType.builder(8, "prepared").ownerId(1).lengthInMinutes(30).beforeEventBuffer(30).build())
        .booking(6, Instant.parse("2030-01-07T09:00:00Z"), "Zed", "zed@example.com"); // 10:00-10:30 +15 Berlin
    try (FakeCalcom fake = builder.build().start()) {
      List<String> plain = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin")
          .slotStarts();
      List<String> prepared = slots(fake, "eventTypeId=8&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin")
          .slotStarts();

      // the booking's own after-buffer (until 10:45) blocks 10:30
      assertThat(plain).contains("2030-01-07T09:30:00.000+01:00", "2030-01-07T11:00:00.000+01:00")
          .doesNotContain("2030-01-07T10:30:00.000+01:00");
      // a 30 min before-buffer on the candidate also blocks 11:00 ([10:30, 11:30] overlaps [10:00, 10:45])
      assertThat(prepared).contains("2030-01-07T11:30:00.000+01:00")
          .doesNotContain("2030-01-07T10:30:00.000+01:00", "2030-01-07T11:00:00.000+01:00");
      // buffers need no working hours: only the meeting itself must lie inside them
      assertThat(prepared).contains("2030-01-07T09:00:00.000+01:00");
    }
  }

  @Test
  void dateOverridesReplaceTheWeeklyHoursOfThatDate() {
    FakeCalcom.Builder builder = FakeCalcom.builder().clock(CLOCK_SUNDAY)
        .user(FakeUser.of(1, "anna", "anna@example.com", "Anna", "Europe/Berlin"))
        .schedule(FakeSchedule.builder(10, 1).timeZone("Europe/Berlin").weekdays("09:00", "17:00")
            .override(LocalDate.parse("2030-01-08"), "12:00", "13:00")
            .override(LocalDate.parse("2030-01-12"), "10:00", "11:00") // a Saturday
            .dayOff(LocalDate.parse("2030-01-09"))
            .build())
        .eventType(FakeEventType.builder(5, "talk").ownerId(1).lengthInMinutes(30).build());
    try (FakeCalcom fake = builder.build().start()) {
      JsonNode data = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-12&timeZone=Europe/Berlin").data();

      assertThat(iterable(data.fieldNames()))
          .containsExactly("2030-01-07", "2030-01-08", "2030-01-10", "2030-01-11", "2030-01-12");
      assertThat(data.get("2030-01-08")).hasSize(2);
      assertThat(data.get("2030-01-08").get(0).get("start").asText()).isEqualTo("2030-01-08T12:00:00.000+01:00");
      assertThat(data.get("2030-01-12").get(0).get("start").asText()).isEqualTo("2030-01-12T10:00:00.000+01:00");
    }
  }

  @Test
  void roundRobinNeedsAnyHostAndCollectiveNeedsAllHosts() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(CLOCK_SUNDAY).build().start()) {
      String day = "&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin";
      List<String> roundRobin = slots(fake, "eventTypeId=" + DefaultDataset.SALES_CALL_ID + day).slotStarts();
      List<String> collective = slots(fake, "eventTypeId=" + DefaultDataset.SALES_PANEL_ID + day).slotStarts();

      // Alice works 09-17 Berlin, Bob 09-17 New York = 15-23 Berlin in January
      assertThat(roundRobin).first().isEqualTo("2030-01-07T09:00:00.000+01:00");
      assertThat(roundRobin).last().isEqualTo("2030-01-07T22:30:00.000+01:00");
      assertThat(collective).containsExactly("2030-01-07T15:00:00.000+01:00", "2030-01-07T15:30:00.000+01:00",
          "2030-01-07T16:00:00.000+01:00", "2030-01-07T16:30:00.000+01:00");

      // Alice is busy at 15:00 Berlin with one of her own event types
      fake.seedBooking(DefaultDataset.QUICK_CHAT_ID, Instant.parse("2030-01-07T14:00:00Z"), "Zed", "z@example.com");
      assertThat(slots(fake, "eventTypeId=" + DefaultDataset.SALES_CALL_ID + day).slotStarts())
          .contains("2030-01-07T15:00:00.000+01:00");
      assertThat(slots(fake, "eventTypeId=" + DefaultDataset.SALES_PANEL_ID + day).slotStarts())
          .containsExactly("2030-01-07T15:30:00.000+01:00", "2030-01-07T16:00:00.000+01:00",
              "2030-01-07T16:30:00.000+01:00");
    }
  }

  @Test
  void availableStartsWithOnlySomeBookingsIgnoresTheOthersForBusyTimeBuffersAndLimits() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(CLOCK_SUNDAY).build().start()) {
      Instant from = Instant.parse("2030-01-07T00:00:00Z");
      Instant to = Instant.parse("2030-01-07T23:59:59Z");
      Instant both = Instant.parse("2030-01-07T14:00:00Z"); // 15:00 Berlin, 09:00 New York: Alice and Bob work
      FakeBooking alice = fake.seedBooking(DefaultDataset.INTRO_CALL_ID, both, "A", "a@example.com");
      FakeBooking bob = fake.seedBooking(DefaultDataset.PRODUCT_DEMO_ID, both, "B", "b@example.com");
      assertThat(fake.availableStarts(DefaultDataset.SALES_CALL_ID, from, to)).doesNotContain(both);

      // round robin: with only Alice's booking, Bob is still free at that time
      assertThat(fake.availableStarts(DefaultDataset.SALES_CALL_ID, from, to, b -> b.uid().equals(alice.uid())))
          .contains(both);
      assertThat(fake.availableStarts(DefaultDataset.SALES_CALL_ID, from, to,
          b -> b.uid().equals(alice.uid()) || b.uid().equals(bob.uid()))).doesNotContain(both);
      // counting every booking is the truth itself
      assertThat(fake.availableStarts(DefaultDataset.SALES_CALL_ID, from, to, b -> true))
          .isEqualTo(fake.availableStarts(DefaultDataset.SALES_CALL_ID, from, to));

      // a counted booking's buffer takes time beyond its interval (consultation: 15 min after-buffer)
      Instant consultation = Instant.parse("2030-01-07T09:00:00Z");
      FakeBooking buffered = fake.seedBooking(DefaultDataset.CONSULTATION_ID, consultation, "C", "c@example.com");
      Instant afterIt = consultation.plus(Duration.ofMinutes(60));
      assertThat(fake.availableStarts(DefaultDataset.INTRO_CALL_ID, from, to, b -> b.uid().equals(buffered.uid())))
          .doesNotContain(afterIt);
      assertThat(fake.availableStarts(DefaultDataset.INTRO_CALL_ID, from, to, b -> false)).contains(afterIt);

      // a booking limit counts only the counted bookings (quick-chat: at most 4 per day)
      List<FakeBooking> chats = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        chats.add(fake.seedBooking(DefaultDataset.QUICK_CHAT_ID, Instant.parse("2030-01-07T12:00:00Z")
            .plus(Duration.ofMinutes(15L * i)), "Q" + i, "q" + i + "@example.com"));
      }
      Instant laterChat = Instant.parse("2030-01-07T13:00:00Z");
      assertThat(fake.availableStarts(DefaultDataset.QUICK_CHAT_ID, from, to)).isEmpty();
      assertThat(fake.availableStarts(DefaultDataset.QUICK_CHAT_ID, from, to, b -> !b.uid().equals(chats.get(0).uid())))
          .contains(laterChat);
    }
  }

  @Test
  void reachedDailyLimitRemovesThatDayOnly() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30)
        .bookingLimit(BookingLimitPeriod.PER_DAY, 2)).build().start()) {
      fake.seedBooking(5, Instant.parse("2030-01-07T08:00:00Z"), "A", "a@example.com");
      String week = "eventTypeId=5&start=2030-01-07&end=2030-01-08&timeZone=Europe/Berlin";
      assertThat(slots(fake, week).data().has("2030-01-07")).isTrue();

      fake.seedBooking(5, Instant.parse("2030-01-07T13:00:00Z"), "B", "b@example.com");
      JsonNode data = slots(fake, week).data();
      assertThat(data.has("2030-01-07")).isFalse();
      assertThat(data.has("2030-01-08")).isTrue();
    }
  }

  @Test
  void reachedWeeklyLimitRemovesTheRestOfThatWeek() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30)
        .bookingLimit(BookingLimitPeriod.PER_WEEK, 1)).build().start()) {
      fake.seedBooking(5, Instant.parse("2030-01-08T08:00:00Z"), "A", "a@example.com");

      JsonNode data = slots(fake, "eventTypeId=5&start=2030-01-07&end=2030-01-14&timeZone=Europe/Berlin").data();
      assertThat(iterable(data.fieldNames())).containsExactly("2030-01-14"); // only next week's Monday
    }
  }

  @Test
  void bookingUidToRescheduleCountsThatBookingsTimeAsFree() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30)).build().start()) {
      FakeBooking booking = fake.seedBooking(5, Instant.parse("2030-01-07T08:00:00Z"), "A", "a@example.com");
      String day = "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin";

      assertThat(slots(fake, day).slotStarts()).doesNotContain("2030-01-07T09:00:00.000+01:00");
      assertThat(slots(fake, day + "&bookingUidToReschedule=" + booking.uid()).slotStarts())
          .contains("2030-01-07T09:00:00.000+01:00");
    }
  }

  @Test
  void reservationHoldsTheSlotUntilItExpires() {
    FakeClock clock = FakeClock.at("2030-01-06T00:00:00Z");
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk").lengthInMinutes(30)).clock(clock)
        .build().start()) {
      Reply reserved = CalcomHttp.anonymous(fake).post("/v2/slots/reservations",
          "{\"eventTypeId\":5,\"slotStart\":\"2030-01-07T08:00:00Z\"}", "cal-api-version", SLOTS);
      assertThat(reserved.status()).isEqualTo(201);
      assertThat(reserved.data().get("slotEnd").asText()).isEqualTo("2030-01-07T08:30:00.000Z");
      assertThat(reserved.data().get("reservationDuration").asInt()).isEqualTo(5);
      assertThat(reserved.data().get("reservationUntil").asText()).isEqualTo("2030-01-06T00:05:00.000Z");

      String day = "eventTypeId=5&start=2030-01-07&end=2030-01-07&timeZone=Europe/Berlin";
      assertThat(slots(fake, day).slotStarts()).doesNotContain("2030-01-07T09:00:00.000+01:00");

      clock.advance(Duration.ofMinutes(5));
      assertThat(slots(fake, day).slotStarts()).contains("2030-01-07T09:00:00.000+01:00");
    }
  }

  @Test
  void noSlotsIsAnEmptyObject() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk")).build().start()) {
      Reply weekend = slots(fake, "eventTypeId=5&start=2030-01-12&end=2030-01-13");

      assertThat(weekend.status()).isEqualTo(200);
      assertThat(weekend.data().isObject()).isTrue();
      assertThat(weekend.data().size()).isZero();
    }
  }

  @Test
  void slugSelectorsFindIndividualAndTeamEventTypes() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(CLOCK_SUNDAY).build().start()) {
      Reply byUser = slots(fake, "eventTypeSlug=intro-call&username=alice&start=2030-01-07&end=2030-01-07");
      Reply byTeam = slots(fake, "eventTypeSlug=sales-panel&teamSlug=sales&start=2030-01-07&end=2030-01-07");
      Reply unknown = slots(fake, "eventTypeSlug=nope&username=alice&start=2030-01-07&end=2030-01-07");

      assertThat(byUser.slotStarts()).first().isEqualTo("2030-01-07T08:00:00.000Z");
      assertThat(byTeam.slotStarts()).first().isEqualTo("2030-01-07T14:00:00.000Z");
      assertThat(unknown.status()).isEqualTo(404);
      assertThat(unknown.errorMessage()).isEqualTo("Event type with slug nope belonging to user alice not found.");
    }
  }

  @Test
  void invalidQueryIsA400WithValidationDetails() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk")).build().start()) {
      Reply reply = slots(fake, "eventTypeId=5&end=2030-01-07&timeZone=Mars/Olympus");

      assertThat(reply.status()).isEqualTo(400);
      assertThat(reply.errorCode()).isEqualTo("BadRequestException");
      JsonNode errors = reply.json().path("error").path("details").path("errors");
      List<String> properties = new ArrayList<>();
      errors.forEach(e -> properties.add(e.get("property").asText()));
      assertThat(properties).containsExactlyInAnyOrder("timeZone", "start");
      assertThat(errors.get(0).get("constraints").isObject()).isTrue();
    }
  }

  @Test
  void unknownEventTypeIsA404() {
    try (FakeCalcom fake = berlinHost(FakeEventType.builder(5, "talk")).build().start()) {
      Reply reply = slots(fake, "eventTypeId=999&start=2030-01-07&end=2030-01-07");

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo("NotFoundException");
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
