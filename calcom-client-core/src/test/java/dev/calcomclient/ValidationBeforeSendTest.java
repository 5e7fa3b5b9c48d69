package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventTypeSelector;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every input rule fails with a {@link ValidationException} that names the field and the rule, thrown while the
 * caller assembles and sends the request, and Cal.com receives nothing.
 */
class ValidationBeforeSendTest {
  private static final Instant START = Instant.parse("2050-09-05T07:00:00Z");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");

  @RegisterExtension static final FakeCalcomExtension FAKE = FakeCalcomExtension.withDefaultData();

  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FAKE.get();
    client = FakeCalcomClients.client(fake);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  private ValidationException rejected(ThrowingCallable call) {
    ValidationException e = catchThrowableOfType(ValidationException.class, call);
    assertThat(e).as("a ValidationException").isNotNull();
    assertThat(fake.requestCount()).as("requests that reached Cal.com").isZero();
    return e;
  }

  private static void names(ValidationException e, String field, String ruleFragment) {
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.rule()).contains(ruleFragment);
    assertThat(e.getMessage()).contains(field).contains(ruleFragment);
  }

  private void book(String name, ZoneId zone, String email, String phone) {
    client.bookings().create(
        CreateBookingRequest.builder()
            .eventTypeId(101)
            .start(START)
            .attendee(new Attendee(name, zone, email, phone, null))
            .build());
  }

  @Test
  void bookingWithoutAttendeeName() {
    names(rejected(() -> book(" ", LONDON, "ada@example.com", null)), "attendee.name", "is required");
  }

  @Test
  void bookingWithoutTimeZone() {
    names(rejected(() -> book("Ada", null, "ada@example.com", null)), "attendee.timeZone", "is required");
  }

  @Test
  void bookingWithoutEmailAndPhone() {
    names(rejected(() -> book("Ada", LONDON, null, null)), "attendee.email", "or attendee.phoneNumber is required");
  }

  @Test
  void bookingWithUnknownIanaZoneName() {
    names(
        rejected(
            () -> client.bookings().create(
                CreateBookingRequest.builder()
                    .eventTypeId(101)
                    .start(START)
                    .attendee(Attendee.withEmail("Ada", "ada@example.com", "Mars/Olympus_Mons"))
                    .build())),
        "attendee.timeZone",
        "must be an IANA time zone");
  }

  @Test
  void bookingWithFixedOffsetThatNoIanaZoneNames() {
    names(
        rejected(() -> book("Ada", ZoneOffset.ofHoursMinutes(5, 30), "ada@example.com", null)),
        "attendee.timeZone",
        "has no IANA name");
  }

  @Test
  void bookingWithMalformedAttendeeEmail() {
    names(rejected(() -> book("Ada", LONDON, "ada@@example", null)), "attendee.email", "must be a valid email");
  }

  @Test
  void bookingWithMalformedPhoneNumber() {
    names(rejected(() -> book("Ada", LONDON, null, "12345")), "attendee.phoneNumber", "E.164");
  }

  @Test
  void bookingWithMalformedGuestEmail() {
    names(
        rejected(
            () -> client.bookings().create(
                CreateBookingRequest.builder()
                    .eventTypeId(101)
                    .start(START)
                    .attendee(Attendee.withEmail("Ada", "ada@example.com", LONDON))
                    .guest("charles@example.com")
                    .guest("not an email")
                    .build())),
        "guests[1]",
        "must be a valid email");
  }

  @Test
  void bookingWithoutStart() {
    names(
        rejected(
            () -> client.bookings().create(
                CreateBookingRequest.builder()
                    .eventTypeId(101)
                    .attendee(Attendee.withEmail("Ada", "ada@example.com", LONDON))
                    .build())),
        "start",
        "is required");
  }

  @Test
  void bookingWithStartThatIsNotAnInstant() {
    names(
        rejected(() -> CreateBookingRequest.builder().start("next Tuesday at nine")),
        "start",
        "must be an ISO-8601 instant");
  }

  @Test
  void bookingWithLocalDateTimeInsteadOfInstant() {
    names(
        rejected(() -> CreateBookingRequest.builder().start("2050-09-05T09:00:00")),
        "start",
        "must be an ISO-8601 instant");
  }

  @Test
  void bookingWithNonPositiveEventTypeId() {
    names(rejected(() -> CreateBookingRequest.builder().eventTypeId(0)), "eventTypeId", "must be positive");
  }

  @Test
  void bookingWithoutEventTypeSelector() {
    names(
        rejected(
            () -> client.bookings().create(
                CreateBookingRequest.builder()
                    .start(START)
                    .attendee(Attendee.withEmail("Ada", "ada@example.com", LONDON))
                    .build())),
        "eventTypeId",
        "is required");
  }

  @Test
  void metadataWithMoreThan50Keys() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 51; i++) {
      metadata.put("k" + i, "v");
    }
    names(rejected(() -> bookWithMetadata(metadata)), "metadata", "at most 50 keys");
  }

  @Test
  void metadataKeyLongerThan40Characters() {
    names(rejected(() -> bookWithMetadata(Map.of("k".repeat(41), "v"))), "metadata", "at most 40 characters");
  }

  @Test
  void metadataValueLongerThan500Characters() {
    names(rejected(() -> bookWithMetadata(Map.of("note", "v".repeat(501)))), "metadata.note", "at most 500 characters");
  }

  @Test
  void metadataAtTheLimitsIsAccepted() {
    Map<String, String> metadata = new LinkedHashMap<>();
    for (int i = 0; i < 50; i++) {
      metadata.put(String.format("%040d", i), "v".repeat(500));
    }
    assertThat(
            CreateBookingRequest.builder()
                .eventTypeId(101)
                .start(START)
                .attendee(Attendee.withEmail("Ada", "ada@example.com", LONDON))
                .metadata(metadata)
                .build()
                .metadata())
        .hasSize(50);
  }

  private void bookWithMetadata(Map<String, String> metadata) {
    client.bookings().create(
        CreateBookingRequest.builder()
            .eventTypeId(101)
            .start(START)
            .attendee(Attendee.withEmail("Ada", "ada@example.com", LONDON))
            .metadata(metadata)
            .build());
  }

  @Test
  void listWithTakeAbove250() {
    names(rejected(() -> client.bookings().list(BookingListQuery.builder().take(251).build())), "take", "between 1 and 250");
  }

  @Test
  void listWithTakeBelow1() {
    names(rejected(() -> client.bookings().list(BookingListQuery.builder().take(0).build())), "take", "between 1 and 250");
  }

  @Test
  void listWithNegativeSkip() {
    names(rejected(() -> client.bookings().list(BookingListQuery.builder().skip(-1).build())), "skip", "at least 0");
  }

  @Test
  void listWithNonPositiveEventTypeId() {
    names(
        rejected(() -> client.bookings().list(BookingListQuery.builder().eventTypeId(-5).build())),
        "eventTypeIds[0]",
        "must be positive");
  }

  @Test
  void slotQueryWithEndBeforeStart() {
    names(
        rejected(() -> client.slots().find(SlotQuery.forEventType(101).between(START, START.minusSeconds(1)).build())),
        "end",
        "must not be before start");
  }

  @Test
  void slotQueryWithoutSelector() {
    names(
        rejected(() -> client.slots().find(SlotQuery.builder().between(START, START.plusSeconds(3600)).build())),
        "eventTypeId",
        "is required");
  }

  @Test
  void slotQueryWithSlugButNoOwner() {
    names(
        rejected(() -> new EventTypeSelector(null, "intro-call", null, null, null)),
        "username",
        "or teamSlug is required");
  }

  @Test
  void slotQueryWithNonPositiveEventTypeId() {
    names(rejected(() -> SlotQuery.forEventType(-1)), "eventTypeId", "must be positive");
  }

  @Test
  void slotQueryWithNonPositiveDuration() {
    names(
        rejected(
            () -> client.slots().find(
                SlotQuery.forEventType(101).between(START, START.plusSeconds(3600)).duration(0).build())),
        "duration",
        "must be between 1 and");
  }

  @Test
  void slotQueryWithUnknownTimeZone() {
    names(rejected(() -> SlotQuery.forEventType(101).timeZone("Europe/Atlantis")), "timeZone", "IANA time zone");
  }

  @Test
  void reservationWithNonPositiveEventTypeId() {
    names(
        rejected(() -> client.slots().reserve(new ReserveSlotRequest(0, START, null, null))),
        "eventTypeId",
        "must be positive");
  }

  @Test
  void blankUidIsRejectedForEveryUidPath() {
    names(rejected(() -> client.bookings().get(" ")), "bookingUid", "must not be blank");
    names(rejected(() -> client.slots().getReservation("")), "reservationUid", "must not be blank");
    names(rejected(() -> client.slots().deleteReservationAsync(null)), "reservationUid", "is required");
  }

  @Test
  void nonPositiveIdsAreRejectedForEveryIdPath() {
    names(rejected(() -> client.eventTypes().get(0)), "eventTypeId", "must be positive");
    names(rejected(() -> client.eventTypes().listForTeam(-1)), "teamId", "must be positive");
    names(rejected(() -> client.eventTypes().getForTeam(21, 0)), "eventTypeId", "must be positive");
    names(rejected(() -> client.schedules().getAsync(0)), "scheduleId", "must be positive");
  }
}
