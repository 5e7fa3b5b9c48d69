package dev.calcomclient.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.ValidationException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input records: what valid input builds into, and the combination rules not covered per endpoint. */
class InputModelsTest {
  private static final Instant START = Instant.parse("2050-09-05T07:00:00Z");

  @Test
  void slotQueryBuilderRoundTripsThroughToBuilder() {
    SlotQuery query =
        SlotQuery.forTeamEventType("sales-call", "sales")
            .organizationSlug("acme")
            .between(START, START.plusSeconds(86_400))
            .timeZone("America/New_York")
            .duration(45)
            .format(SlotFormat.RANGE)
            .bookingUidToReschedule("old-uid")
            .build();

    assertThat(query.toBuilder().build()).isEqualTo(query);
    assertThat(query.eventType()).isEqualTo(new EventTypeSelector(null, "sales-call", null, "sales", "acme"));
    assertThat(query.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(query.effectiveFormat()).isEqualTo(SlotFormat.RANGE);
    assertThat(SlotQuery.forEventType(1).between(START, START).build().effectiveFormat()).isEqualTo(SlotFormat.TIME);
  }

  @Test
  void selectorRefusesMixedForms() {
    assertThatThrownBy(() -> new EventTypeSelector(1L, "slug", "u", null, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("eventTypeSlug must not be combined with eventTypeId");
    assertThatThrownBy(() -> new EventTypeSelector(null, "slug", "u", "team", null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("teamSlug must not be combined with username");
    assertThatThrownBy(() -> EventTypeSelector.byId(5).inOrganization("acme"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("organizationSlug only applies when selecting by eventTypeSlug");
    assertThatThrownBy(() -> SlotQuery.builder().organizationSlug("acme"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("organizationSlug");
  }

  @Test
  void createBookingRequestCopiesItsCollections() {
    CreateBookingRequest request =
        CreateBookingRequest.builder()
            .eventType(EventTypeSelector.byUser("intro-call", "alice"))
            .start("2050-09-05T09:00:00+02:00")
            .attendee(Attendee.withPhone("Ada", "+447700900123", ZoneId.of("Europe/London")).withLanguage("en"))
            .guests(List.of("a@example.com", "b@example.com"))
            .lengthInMinutes(30)
            .build();

    assertThat(request.start()).isEqualTo(START);
    assertThat(request.attendee().email()).isNull();
    assertThat(request.guests()).containsExactly("a@example.com", "b@example.com");
    assertThat(request.metadata()).isEmpty();
    assertThatThrownBy(() -> request.guests().add("c@example.com")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void lengthInMinutesMustBePositive() {
    assertThatThrownBy(
            () -> CreateBookingRequest.builder()
                .eventTypeId(1)
                .start(START)
                .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/London"))
                .lengthInMinutes(0)
                .build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("lengthInMinutes must be between 1 and");
  }

  @Test
  void bookingLocationsRenderAsCalcomObjects() {
    assertThat(BookingLocation.integration("zoom").toJson())
        .containsExactly(Map.entry("type", "integration"), Map.entry("integration", "zoom"));
    assertThat(BookingLocation.attendeePhone("+14155550123").toJson()).containsEntry("phone", "+14155550123");
    assertThat(BookingLocation.attendeeAddress("1 Main St").toJson()).containsEntry("address", "1 Main St");
    assertThat(BookingLocation.organizersDefaultApp().toJson()).containsExactly(Map.entry("type", "organizersDefaultApp"));
    assertThatThrownBy(() -> BookingLocation.attendeePhone("call me"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("location.phone");
  }

  @Test
  void bookingListQueryDefaultsAndCopies() {
    BookingListQuery query =
        BookingListQuery.builder()
            .status(BookingListStatus.UPCOMING, BookingListStatus.UNCONFIRMED)
            .eventTypeIds(1, 2)
            .teamIds(21)
            .build();

    assertThat(query.effectiveTake()).isEqualTo(100);
    assertThat(query.effectiveSkip()).isZero();
    assertThat(query.toBuilder().take(250).skip(500).build())
        .satisfies(q -> {
          assertThat(q.take()).isEqualTo(250);
          assertThat(q.skip()).isEqualTo(500);
          assertThat(q.statuses()).containsExactly(BookingListStatus.UPCOMING, BookingListStatus.UNCONFIRMED);
          assertThat(q.eventTypeIds()).containsExactly(1L, 2L);
        });
    assertThatThrownBy(
            () -> BookingListQuery.builder().afterStart(START).beforeEnd(START.minusSeconds(1)).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("beforeEnd must not be before afterStart");
  }

  @Test
  void rescheduleAndCancelRequests() {
    assertThat(RescheduleBookingRequest.to(START).by("host@example.com").because("moved"))
        .isEqualTo(new RescheduleBookingRequest(START, "host@example.com", "moved"));
    assertThatThrownBy(() -> RescheduleBookingRequest.to(null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("start is required");
    assertThatThrownBy(() -> RescheduleBookingRequest.to(START).by("host"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("rescheduledBy must be a valid email");
    assertThat(CancelBookingRequest.withReason("x").andSubsequentBookings())
        .isEqualTo(new CancelBookingRequest("x", true));
  }

  @Test
  void reservationDurationsMustBePositive() {
    assertThat(ReserveSlotRequest.of(1, START).withSlotDuration(60).withReservationDuration(15))
        .isEqualTo(new ReserveSlotRequest(1, START, 60, 15));
    assertThatThrownBy(() -> ReserveSlotRequest.of(1, START).withReservationDuration(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("reservationDuration must be between 1 and");
    assertThatThrownBy(() -> ReserveSlotRequest.of(1, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("slotStart is required");
  }

  @Test
  void eventTypeQueryNeedsUsernameForSlug() {
    assertThat(EventTypeQuery.ofUsers(List.of("alice", "bob")).inOrganization("acme"))
        .isEqualTo(new EventTypeQuery(null, null, List.of("alice", "bob"), "acme", null));
    assertThatThrownBy(() -> new EventTypeQuery(null, "intro-call", List.of(), null, null))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("username is required with eventSlug");
  }
}
