package dev.calcomclient.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.calcomclient.internal.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lenient decoding: unknown properties and values survive, optional fields may be absent or null. */
class ModelDecodingTest {

  private static <T> T decode(String json, Class<T> type) throws IOException {
    return Json.mapper().readValue(json, type);
  }

  @Test
  void slotKeepsTheOffsetCalcomSent() throws IOException {
    Slot slot = decode("{\"start\":\"2050-09-05T09:00:00.000+02:00\",\"end\":\"2050-09-05T09:30:00.000+02:00\"}", Slot.class);

    assertThat(slot.start().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(slot.start().toLocalTime()).hasToString("09:00");
    assertThat(slot.startInstant()).isEqualTo(Instant.parse("2050-09-05T07:00:00Z"));
    assertThat(slot.endTime()).contains(OffsetDateTime.parse("2050-09-05T09:30+02:00"));
    assertThat(slot.isSeated()).isFalse();
  }

  @Test
  void seatedSlotCarriesSeatCounts() throws IOException {
    Slot slot =
        decode(
            "{\"start\":\"2050-09-05T09:00:00.000Z\",\"seatsBooked\":2,\"seatsRemaining\":3,\"seatsTotal\":5,"
                + "\"bookingUid\":\"b1\",\"attendeesCount\":2}",
            Slot.class);

    assertThat(slot.isSeated()).isTrue();
    assertThat(slot.seatsRemaining()).isEqualTo(3);
    assertThat(slot.bookingUid()).isEqualTo("b1");
  }

  @Test
  void slotGivenAsBareStringDecodes() throws IOException {
    Slot slot = decode("\"2050-09-05T09:00:00.000+02:00\"", Slot.class);

    assertThat(slot.start()).isEqualTo(OffsetDateTime.parse("2050-09-05T09:00+02:00"));
    assertThat(slot.end()).isNull();
  }

  @Test
  void slotsResultOrdersDaysAndSlots() throws IOException {
    Map<LocalDate, List<Slot>> days =
        Json.mapper()
            .readValue(
                "{\"2050-09-06\":[{\"start\":\"2050-09-06T10:00:00Z\"},{\"start\":\"2050-09-06T09:00:00Z\"}],"
                    + "\"2050-09-05\":[{\"start\":\"2050-09-05T09:00:00Z\"}],\"2050-09-07\":[]}",
                new TypeReference<Map<LocalDate, List<Slot>>>() {});

    SlotsResult result = new SlotsResult(days);

    assertThat(result.days().keySet()).containsExactly(LocalDate.parse("2050-09-05"), LocalDate.parse("2050-09-06"));
    assertThat(result.all()).extracting(s -> s.start().toString())
        .containsExactly("2050-09-05T09:00Z", "2050-09-06T09:00Z", "2050-09-06T10:00Z");
    assertThat(result.size()).isEqualTo(3);
    assertThat(result.on(LocalDate.parse("2050-09-07"))).isEmpty();
    assertThat(SlotsResult.empty().isEmpty()).isTrue();
    assertThat(SlotsResult.empty().first()).isEmpty();
  }

  @Test
  void slotsResultSourceByDayCoversExactlyTheDaysWithSlotsAndDefaultsToTheSummary() {
    LocalDate mon = LocalDate.parse("2050-09-05");
    LocalDate tue = mon.plusDays(1);
    LocalDate wed = mon.plusDays(2);
    Slot monSlot = new Slot(OffsetDateTime.parse("2050-09-05T09:00Z"), null, null, null, null, null);
    Slot tueSlot = new Slot(OffsetDateTime.parse("2050-09-06T09:00Z"), null, null, null, null, null);
    Map<LocalDate, List<Slot>> days = Map.of(mon, List.of(monSlot), tue, List.of(tueSlot), wed, List.of());

    SlotsResult perDay =
        new SlotsResult(days, SlotsSource.L1, List.of(), Map.of(tue, SlotsSource.UPSTREAM, wed, SlotsSource.L2));
    assertThat(perDay.sourceByDay()).as("Monday unnamed gets the summary; Wednesday has no slots")
        .containsExactly(Map.entry(mon, SlotsSource.L1), Map.entry(tue, SlotsSource.UPSTREAM));
    assertThat(perDay.sourceOn(wed)).isEmpty();
    assertThat(perDay).as("provenance is not part of the value").isEqualTo(new SlotsResult(days));

    assertThat(new SlotsResult(days, SlotsSource.STALE).sourceByDay()).containsOnly(
        Map.entry(mon, SlotsSource.STALE), Map.entry(tue, SlotsSource.STALE));
    assertThat(new SlotsResult(days).sourceOn(mon)).contains(SlotsSource.UPSTREAM);
  }

  @Test
  void unknownBookingStatusIsKeptRaw() throws IOException {
    Booking booking = decode("{\"id\":1,\"uid\":\"u\",\"status\":\"awaiting_host\"}", Booking.class);

    assertThat(booking.status().value()).isEqualTo("awaiting_host");
    assertThat(booking.status().isKnown()).isFalse();
    assertThat(Json.mapper().writeValueAsString(booking.status())).isEqualTo("\"awaiting_host\"");
  }

  @Test
  void knownStatusesAreTheConstantsWhateverTheCase() {
    assertThat(BookingStatus.of("ACCEPTED")).isSameAs(BookingStatus.ACCEPTED);
    assertThat(BookingStatus.of("cancelled")).isSameAs(BookingStatus.CANCELLED);
    assertThat(SchedulingType.of("ROUND_ROBIN")).isSameAs(SchedulingType.ROUND_ROBIN);
    assertThat(SchedulingType.of("fixedHost").isKnown()).isFalse();
    assertThat(SchedulingType.of("fixedHost")).isEqualTo(SchedulingType.of("fixedHost"));
  }

  @Test
  void bookingWithNullUpdatedAtAndMissingCollectionsDecodes() throws IOException {
    Booking booking =
        decode(
            "{\"id\":7,\"uid\":\"u7\",\"status\":\"pending\",\"start\":\"2050-09-05T07:00:00.000Z\","
                + "\"end\":\"2050-09-05T07:30:00.000Z\",\"updatedAt\":null,\"eventType\":{\"id\":101,\"slug\":\"x\"},"
                + "\"metadata\":{\"n\":1,\"nested\":{\"a\":true}},\"someFutureField\":[1,2,3]}",
            Booking.class);

    assertThat(booking.updatedAt()).isNull();
    assertThat(booking.hosts()).isEmpty();
    assertThat(booking.attendees()).isEmpty();
    assertThat(booking.guests()).isEmpty();
    assertThat(booking.bookingFieldsResponses()).isEmpty();
    assertThat(booking.metadata()).containsEntry("n", 1);
    assertThat(booking.length()).hasValueSatisfying(d -> assertThat(d.toMinutes()).isEqualTo(30));
    assertThat(booking.resolvedEventTypeId()).contains(101L);
    assertThat(booking.status()).isEqualTo(BookingStatus.PENDING);
  }

  @Test
  void bookingInstantsAcceptOffsets() throws IOException {
    Booking booking = decode("{\"id\":1,\"start\":\"2050-09-05T09:00:00.000+02:00\"}", Booking.class);

    assertThat(booking.start()).isEqualTo(Instant.parse("2050-09-05T07:00:00Z"));
  }

  @Test
  void unknownTimeZoneDoesNotFailDecoding() throws IOException {
    BookingAttendee attendee =
        decode("{\"name\":\"A\",\"email\":\"a@example.com\",\"timeZone\":\"Mars/Olympus\"}", BookingAttendee.class);
    Schedule schedule = decode("{\"id\":1,\"timeZone\":\"Europe/Kyiv\",\"isDefault\":true}", Schedule.class);

    assertThat(attendee.timeZone()).isEqualTo("Mars/Olympus");
    assertThat(attendee.zone()).isEmpty();
    assertThat(schedule.zone()).contains(ZoneId.of("Europe/Kyiv"));
    assertThat(schedule.isDefault()).isTrue();
  }

  @Test
  void eventTypeUsersAndHostsDecodeAsObjectsOrStrings() throws IOException {
    EventType personal =
        decode("{\"id\":1,\"ownerId\":10,\"users\":[{\"id\":10,\"username\":\"jane\"},\"joe\"]}", EventType.class);
    EventType team =
        decode(
            "{\"id\":2,\"teamId\":5,\"schedulingType\":\"collective\",\"hosts\":[{\"userId\":10,\"priority\":\"high\"},"
                + "{\"userId\":11}],\"bookingLimitsDuration\":{\"week\":120,\"disabled\":false},\"isInstantEvent\":true}",
            EventType.class);

    assertThat(personal.users()).extracting(EventTypeUser::username).containsExactly("jane", "joe");
    assertThat(personal.hostUserIds()).containsExactly(10L);
    assertThat(team.hostUserIds()).containsExactly(10L, 11L);
    assertThat(team.schedulingType()).isEqualTo(SchedulingType.COLLECTIVE);
    assertThat(team.limitedPeriods()).containsExactly("week");
    assertThat(team.instantEvent()).isTrue();
  }

  @Test
  void scheduleDecodesHoursAndOverrides() throws IOException {
    Schedule schedule =
        decode(
            "{\"id\":254,\"ownerId\":478,\"name\":\"Catch up\",\"timeZone\":\"Europe/Rome\",\"isDefault\":false,"
                + "\"availability\":[{\"days\":[\"Monday\",\"Funday\"],\"startTime\":\"17:00\",\"endTime\":\"19:00\"}],"
                + "\"overrides\":[{\"date\":\"2024-05-20\",\"startTime\":\"18:00\",\"endTime\":\"21:00\"}]}",
            Schedule.class);

    assertThat(schedule.availability().get(0).daysOfWeek()).containsExactly(java.time.DayOfWeek.MONDAY);
    assertThat(schedule.overrides().get(0).date()).isEqualTo(LocalDate.parse("2024-05-20"));
    assertThat(schedule.overrides().get(0).endTime()).hasToString("21:00");
    assertThat(schedule.isDefault()).isFalse();
  }

  @Test
  void meDecodesOrganization() throws IOException {
    Me me =
        decode(
            "{\"id\":1,\"username\":\"a\",\"timeFormat\":12,\"defaultScheduleId\":null,\"organizationId\":9,"
                + "\"organization\":{\"id\":9,\"isPlatform\":true}}",
            Me.class);

    assertThat(me.defaultScheduleId()).isNull();
    assertThat(me.organization().id()).isEqualTo(9);
    assertThat(me.organization().isPlatform()).isTrue();
    assertThat(me.timeFormat()).isEqualTo(12);
  }

  @Test
  void paginationDecodes() throws IOException {
    BookingPage page =
        new BookingPage(
            null,
            decode(
                "{\"totalItems\":123,\"remainingItems\":103,\"returnedItems\":10,\"itemsPerPage\":10,"
                    + "\"currentPage\":2,\"totalPages\":13,\"hasNextPage\":true,\"hasPreviousPage\":true}",
                Pagination.class));

    assertThat(page.items()).isEmpty();
    assertThat(page.hasNextPage()).isTrue();
    assertThat(page.pagination().totalItems()).isEqualTo(123);
  }
}
