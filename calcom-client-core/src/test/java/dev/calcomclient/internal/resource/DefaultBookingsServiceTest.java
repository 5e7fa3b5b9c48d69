package dev.calcomclient.internal.resource;

import static org.awaitility.Awaitility.await;
import static dev.calcomclient.support.FakeCalcomClients.MONDAY;
import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static dev.calcomclient.support.FakeCalcomClients.assertApiKeyHeaders;
import static dev.calcomclient.support.FakeCalcomClients.onlyCall;
import static dev.calcomclient.support.FakeCalcomClients.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.BadRequestException;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingListStatus;
import dev.calcomclient.model.BookingLocation;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.BookingStatus;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.SortOrder;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.MockCalcom;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RecordedCall;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultBookingsServiceTest {
  private static final FakeClock CLOCK = FakeClock.at(NOW);
  private static final Instant NINE_BERLIN = Instant.parse(MONDAY + "T07:00:00Z");

  @RegisterExtension
  static final FakeCalcomExtension FAKE =
      FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    CLOCK.set(Instant.parse(NOW));
    fake = FAKE.get();
    client = FakeCalcomClients.client(fake);
  }

  /**
   * A booking of an event type whose facts the client does not know loads them in the background (so that later
   * invalidations are precise): wait for that load before clearing the journal, so the next assertions see only the
   * call under test.
   */
  private void clearJournalOnceTheFactsAreLoaded() {
    EventTypeCatalog catalog = ClientInternals.catalog(client);
    await().atMost(Duration.ofSeconds(30)).until(() -> catalog.get(DefaultDataset.INTRO_CALL_ID).isPresent());
    fake.clearJournal();
  }

  @AfterEach
  void tearDown() {
    // A booking's background load of its event type's facts must not land in the next test's journal.
    EventTypeCatalog catalog = ClientInternals.catalog(client);
    await().atMost(Duration.ofSeconds(30)).until(() -> !catalog.pending(DefaultDataset.INTRO_CALL_ID));
    client.close();
  }

  private static CreateBookingRequest.Builder ada(Instant start) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(start)
        .attendee(Attendee.withEmail("Ada Lovelace", "ada@example.com", ZoneId.of("Europe/London")));
  }

  @Test
  void createSendsTheBookingAndDecodesTheCreatedBooking() {
    Booking booking =
        client.bookings().create(
            ada(NINE_BERLIN)
                .guest("charles@example.com")
                .location(BookingLocation.integration("cal-video"))
                .metadata("crmId", "42")
                .bookingFieldsResponses(Map.of("notes", "hello"))
                .build());

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v2/bookings");
    assertThat(call.query()).isNull();
    assertThat(call.responseStatus()).isEqualTo(201);
    assertApiKeyHeaders(call, fake, "2024-08-13");
    assertThat(json(call.body()))
        .isEqualTo(
            json(
                "{\"start\":\"2050-09-05T07:00:00Z\","
                    + "\"attendee\":{\"name\":\"Ada Lovelace\",\"timeZone\":\"Europe/London\",\"email\":\"ada@example.com\"},"
                    + "\"eventTypeId\":101,\"guests\":[\"charles@example.com\"],"
                    + "\"location\":{\"type\":\"integration\",\"integration\":\"cal-video\"},"
                    + "\"metadata\":{\"crmId\":\"42\"},\"bookingFieldsResponses\":{\"notes\":\"hello\"}}"));

    assertThat(booking.uid()).isNotBlank();
    assertThat(booking.status()).isEqualTo(BookingStatus.ACCEPTED);
    assertThat(booking.start()).isEqualTo(NINE_BERLIN);
    assertThat(booking.end()).isEqualTo(NINE_BERLIN.plus(Duration.ofMinutes(30)));
    assertThat(booking.duration()).isEqualTo(30);
    assertThat(booking.eventType().id()).isEqualTo(DefaultDataset.INTRO_CALL_ID);
    assertThat(booking.eventType().slug()).isEqualTo("intro-call");
    assertThat(booking.hosts()).extracting(h -> h.username()).containsExactly("alice");
    assertThat(booking.hosts().get(0).zone()).contains(ZoneId.of("Europe/Berlin"));
    assertThat(booking.attendees()).singleElement().satisfies(a -> {
      assertThat(a.name()).isEqualTo("Ada Lovelace");
      assertThat(a.email()).isEqualTo("ada@example.com");
      assertThat(a.timeZone()).isEqualTo("Europe/London");
    });
    assertThat(booking.guests()).containsExactly("charles@example.com");
    assertThat(booking.metadata()).containsEntry("crmId", "42");
    assertThat(booking.createdAt()).isEqualTo(Instant.parse(NOW));
    assertThat(fake.booking(booking.uid())).isPresent();
  }

  @Test
  void createOfATakenSlotFailsWithBadRequest() {
    client.bookings().create(ada(NINE_BERLIN).build());

    assertThatThrownBy(() -> client.bookings().create(ada(NINE_BERLIN).build()))
        .isInstanceOf(BadRequestException.class)
        .satisfies(e -> assertThat(((BadRequestException) e).status()).isEqualTo(400));
  }

  @Test
  void getFetchesOneBookingByUid() {
    Booking created = client.bookings().create(ada(NINE_BERLIN).build());
    clearJournalOnceTheFactsAreLoaded();

    Booking fetched = client.bookings().get(created.uid());

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/bookings/" + created.uid());
    assertApiKeyHeaders(call, fake, "2024-08-13");
    assertThat(fetched).isEqualTo(created);
  }

  @Test
  void getOfAnUnknownUidFailsWithNotFound() {
    assertThatThrownBy(() -> client.bookings().get("no-such-booking"))
        .isInstanceOf(NotFoundException.class)
        .satisfies(e -> assertThat(((NotFoundException) e).requestId()).isNotBlank());
  }

  @Test
  void listSendsFiltersAndDecodesItemsAndPagination() {
    client.bookings().create(ada(NINE_BERLIN).build());
    client.bookings().create(ada(NINE_BERLIN.plus(Duration.ofHours(1))).build());
    clearJournalOnceTheFactsAreLoaded();

    BookingPage page =
        client.bookings().list(
            BookingListQuery.builder()
                .status(BookingListStatus.UPCOMING)
                .attendeeEmail("ada@example.com")
                .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                .afterStart(Instant.parse(MONDAY + "T00:00:00Z"))
                .sortStart(SortOrder.DESC)
                .take(1)
                .skip(0)
                .build());

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/bookings");
    assertThat(query(call))
        .containsExactly(
            entry("status", "upcoming"),
            entry("attendeeEmail", "ada@example.com"),
            entry("eventTypeId", "101"),
            entry("afterStart", MONDAY + "T00:00:00Z"),
            entry("sortStart", "desc"),
            entry("take", "1"),
            entry("skip", "0"));
    assertApiKeyHeaders(call, fake, "2024-08-13");
    assertThat(page.items()).singleElement().extracting(Booking::start)
        .isEqualTo(NINE_BERLIN.plus(Duration.ofHours(1)));
    assertThat(page.pagination().totalItems()).isEqualTo(2);
    assertThat(page.pagination().returnedItems()).isEqualTo(1);
    assertThat(page.hasNextPage()).isTrue();
  }

  @Test
  void listAllWalksEveryPageWithSkipAndTake() {
    for (int i = 0; i < 5; i++) {
      client.bookings().create(ada(NINE_BERLIN.plus(Duration.ofMinutes(30L * i))).build());
    }
    clearJournalOnceTheFactsAreLoaded();

    List<Booking> all =
        client.bookings().listAll(BookingListQuery.builder().sortStart(SortOrder.ASC).take(2).build()).toList();

    assertThat(all).extracting(Booking::start)
        .containsExactly(
            NINE_BERLIN,
            NINE_BERLIN.plus(Duration.ofMinutes(30)),
            NINE_BERLIN.plus(Duration.ofMinutes(60)),
            NINE_BERLIN.plus(Duration.ofMinutes(90)),
            NINE_BERLIN.plus(Duration.ofMinutes(120)));
    assertThat(fake.journal()).extracting(c -> query(c).get("skip") + "/" + query(c).get("take"))
        .containsExactly("0/2", "2/2", "4/2");
  }

  @Test
  void listAllFetchesTheNextPageOnlyWhenConsumed() {
    for (int i = 0; i < 5; i++) {
      client.bookings().create(ada(NINE_BERLIN.plus(Duration.ofMinutes(30L * i))).build());
    }
    clearJournalOnceTheFactsAreLoaded();

    Stream<Booking> stream = client.bookings().listAll(BookingListQuery.builder().take(2).build());
    assertThat(fake.requestCount()).isZero();

    Iterator<Booking> it = stream.iterator();
    it.next();
    it.next();
    assertThat(fake.requestCount()).isEqualTo(1);
    it.next();
    assertThat(fake.requestCount()).isEqualTo(2);

    assertThat(client.bookings().listAll(BookingListQuery.builder().take(2).build()).limit(1).count()).isOne();
    assertThat(fake.requestCount()).isEqualTo(3);
  }

  @Test
  void listAllOfNothingMakesOneRequest() {
    assertThat(client.bookings().listAll(BookingListQuery.all())).isEmpty();
    assertThat(fake.requestCount()).isOne();
  }

  @Test
  void cancelSendsTheReasonAndReturnsTheCancelledBooking() {
    Booking created = client.bookings().create(ada(NINE_BERLIN).build());
    clearJournalOnceTheFactsAreLoaded();

    Booking cancelled = client.bookings().cancel(created.uid(), CancelBookingRequest.withReason("Double booked"));

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v2/bookings/" + created.uid() + "/cancel");
    assertThat(call.responseStatus()).isEqualTo(200);
    assertApiKeyHeaders(call, fake, "2024-08-13");
    assertThat(json(call.body())).isEqualTo(json("{\"cancellationReason\":\"Double booked\"}"));
    assertThat(cancelled.uid()).isEqualTo(created.uid());
    assertThat(cancelled.status()).isEqualTo(BookingStatus.CANCELLED);
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(cancelled.cancellationReason()).isEqualTo("Double booked");
  }

  @Test
  void rescheduleSendsTheNewStartAndReturnsTheNewBooking() {
    Booking created = client.bookings().create(ada(NINE_BERLIN).build());
    clearJournalOnceTheFactsAreLoaded();
    Instant later = NINE_BERLIN.plus(Duration.ofHours(2));

    Booking moved =
        client.bookings().reschedule(
            created.uid(), RescheduleBookingRequest.to(later).by("ada@example.com").because("Clash"));

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v2/bookings/" + created.uid() + "/reschedule");
    assertThat(call.responseStatus()).isEqualTo(201);
    assertApiKeyHeaders(call, fake, "2024-08-13");
    assertThat(json(call.body()))
        .isEqualTo(
            json(
                "{\"start\":\"2050-09-05T09:00:00Z\",\"rescheduledBy\":\"ada@example.com\","
                    + "\"reschedulingReason\":\"Clash\"}"));
    assertThat(moved.uid()).isNotEqualTo(created.uid());
    assertThat(moved.start()).isEqualTo(later);
    assertThat(moved.rescheduledFromUid()).isEqualTo(created.uid());
    assertThat(client.bookings().get(created.uid()).rescheduledToUid()).isEqualTo(moved.uid());
  }

  @Test
  void uidsArePercentEncodedIntoOnePathSegment() throws Exception {
    try (MockWebServer server = MockCalcom.start();
        CalcomClient mockClient = MockCalcom.client(server)) {
      server.enqueue(MockCalcom.json(404, MockCalcom.errorEnvelope("NotFoundException", "not found")));

      assertThatThrownBy(() -> mockClient.bookings().get("a/b c?d#e%f"))
          .isInstanceOf(NotFoundException.class);

      RecordedRequest request = MockCalcom.take(server);
      assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/bookings/a%2Fb%20c%3Fd%23e%25f");
      assertThat(request.getUrl().pathSegments()).containsExactly("v2", "bookings", "a/b c?d#e%f");
    }
  }

  @Test
  void recurringSeriesAnswerDecodesAsItsFirstOccurrence() {
    try (MockWebServer server = MockCalcom.start();
        CalcomClient mockClient = MockCalcom.client(server)) {
      server.enqueue(
          MockCalcom.success(
              "[{\"id\":1,\"uid\":\"first\",\"status\":\"accepted\",\"recurringBookingUid\":\"series\","
                  + "\"start\":\"2030-01-07T10:00:00Z\",\"end\":\"2030-01-07T10:30:00Z\",\"eventTypeId\":7},"
                  + "{\"id\":2,\"uid\":\"second\",\"status\":\"accepted\",\"recurringBookingUid\":\"series\","
                  + "\"start\":\"2030-01-14T10:00:00Z\",\"end\":\"2030-01-14T10:30:00Z\",\"eventTypeId\":7}]"));

      Booking booking = mockClient.bookings().get("series");

      assertThat(booking.uid()).isEqualTo("first");
      assertThat(booking.isRecurring()).isTrue();
    }
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
