package dev.calcomclient.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.BadRequestException;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.internal.resource.DefaultBookingsService;
import dev.calcomclient.invalidate.internal.NoopInvalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.HttpMethod;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Booking-create recovery through the bookings service, over a stubbed pipeline. */
class BookingCreateRecoveryTest {
  private static final String BOOKING_JSON =
      "{\"id\":7,\"uid\":\"bk-7\",\"status\":\"accepted\",\"start\":\"2050-09-05T11:00:00.000+02:00\","
          + "\"end\":\"2050-09-05T11:30:00.000+02:00\","
          + "\"eventTypeId\":42,\"attendees\":[{\"name\":\"Ada\",\"email\":\"ADA@example.com\"}]}";

  private final ManualScheduler s = new ManualScheduler();
  private final List<CalcomRequest> sent = new ArrayList<>();
  private final List<Boolean> lookups = new ArrayList<>();
  private Function<CalcomRequest, CompletableFuture<CalcomResponse>> create;
  private Function<CalcomRequest, CompletableFuture<CalcomResponse>> list = r -> ok(200, "[]");

  private final ApiCaller caller =
      new ApiCaller(
          new Pipeline(
              List.of(
                  (request, chain) -> {
                    sent.add(request);
                    return request.method() == HttpMethod.POST ? create.apply(request) : list.apply(request);
                  })),
          Credentials.apiKey("cal_test_recovery"),
          Map.of(),
          Map.of(EndpointGroup.BOOKINGS, Duration.ofSeconds(10)),
          s.clock());
  private final DefaultBookingsService bookings =
      new DefaultBookingsService(
          caller,
          new CalcomEventListener() {
            @Override
            public void bookingCreateLookup(CalcomRequest c, boolean found) {
              lookups.add(found);
            }
          },
          NoopInvalidator.INSTANCE,
          0);

  private static CompletableFuture<CalcomResponse> ok(int status, String data) {
    return raw(status, "{\"status\":\"success\",\"data\":" + data + "}");
  }

  private static CompletableFuture<CalcomResponse> raw(int status, String body) {
    return CompletableFuture.completedFuture(
        new CalcomResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
  }

  private static CreateBookingRequest request() {
    return CreateBookingRequest.builder()
        .start(Instant.parse("2050-09-05T09:00:00Z"))
        .eventTypeId(42)
        .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/Berlin"))
        .build();
  }

  private Throwable failureOf(CompletableFuture<Booking> f) {
    return Futures.unwrap(f.handle((r, e) -> e).join());
  }

  private long posts() {
    return sent.stream().filter(r -> r.method() == HttpMethod.POST).count();
  }

  @Test
  void aSuccessfulCreateIsReturnedAsIs() {
    create = r -> ok(201, BOOKING_JSON);
    assertThat(bookings.createAsync(request()).join().uid()).isEqualTo("bk-7");
    assertThat(sent).hasSize(1);
  }

  @Test
  void afterATimeoutTheBookingIsLookedUpWithinTheCreatesDeadlineAndReturnedWithoutPostingAgain() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":6,\"status\":\"cancelled\",\"start\":\"2050-09-05T09:00:00Z\",\"eventTypeId\":42,"
        + "\"attendees\":[{\"email\":\"ada@example.com\"}]}," + BOOKING_JSON + "]");
    Booking b = bookings.createAsync(request()).join();
    assertThat(b.uid()).isEqualTo("bk-7");
    assertThat(posts()).isEqualTo(1);
    CalcomRequest lookup = sent.get(1);
    assertThat(lookup.operation()).isEqualTo(Operation.BOOKING_LIST);
    assertThat(lookup.queryParameter("attendeeEmail")).isEqualTo("ada@example.com");
    assertThat(lookup.queryParameter("eventTypeId")).isEqualTo("42");
    assertThat(lookup.queryParameter("afterStart")).isEqualTo("2050-09-05T08:59:00Z");
    assertThat(lookup.queryParameter("beforeEnd")).isEqualTo("2050-09-06T09:00:00Z");
    assertThat(lookup.priority()).isEqualTo(Priority.INTERACTIVE);
    assertThat(lookup.deadline()).as("the lookup shares the create's deadline").isEqualTo(sent.get(0).deadline());
    assertThat(lookups).containsExactly(true);
  }

  @Test
  void aConnectionDroppedAfterSendingIsRecoveredTheSameWay() {
    create = r -> CompletableFuture.failedFuture(new CalcomConnectionException("reset", true, null));
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(bookings.createAsync(request()).join().uid()).isEqualTo("bk-7");
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void aGatewayTimeoutIsAmbiguousToo() {
    create = r -> raw(504, "");
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(bookings.createAsync(request()).join().uid()).isEqualTo("bk-7");
  }

  @Test
  void a500AfterTheBookingWasStoredIsLookedUpNotReportedAsNotCreated() {
    create = r -> raw(500, "{\"status\":\"error\",\"error\":{\"code\":\"InternalServerErrorException\"}}");
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(bookings.createAsync(request()).join().uid()).isEqualTo("bk-7");
    assertThat(lookups).containsExactly(true);
  }

  @Test
  void an201WhoseBodyCannotBeDecodedIsLookedUpNotReportedAsADecodingError() {
    create = r -> raw(201, "{\"status\":\"success\",\"data\":{\"id\":7,\"uid\":\"bk-");
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(bookings.createAsync(request()).join().uid()).isEqualTo("bk-7");
    create = r -> raw(201, "<html>not json</html>");
    list = r -> ok(200, "[]");
    assertThat(failureOf(bookings.createAsync(request())))
        .isInstanceOfSatisfying(BookingOutcomeUnknownException.class, e -> assertThat(e.lookedUp()).isTrue());
    assertThat(posts()).isEqualTo(2);
  }

  @Test
  void whenTheLookupFindsNothingTheCallerIsToldTheOutcomeIsUnknown() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":8,\"status\":\"accepted\",\"start\":\"2050-09-05T10:00:00Z\",\"eventTypeId\":42,"
        + "\"attendees\":[{\"email\":\"ada@example.com\"}]}]");
    Throwable t = failureOf(bookings.createAsync(request()));
    assertThat(t).isInstanceOf(BookingOutcomeUnknownException.class);
    assertThat(((BookingOutcomeUnknownException) t).lookedUp()).isTrue();
    assertThat(((BookingOutcomeUnknownException) t).requestMayHaveBeenSent()).isTrue();
    assertThat(t.getCause()).isInstanceOf(CalcomTimeoutException.class);
    assertThat(posts()).isEqualTo(1);
    assertThat(lookups).containsExactly(false);
  }

  @Test
  void whenTheLookupFailsTooTheOutcomeIsUnknownAndTheLookupFailureIsAttached() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> CompletableFuture.failedFuture(new CalcomConnectionException("down", false, null));
    assertThatThrownBy(() -> Futures.join(bookings.createAsync(request())))
        .isInstanceOfSatisfying(
            BookingOutcomeUnknownException.class,
            e -> {
              assertThat(e.lookedUp()).isFalse();
              assertThat(e.getSuppressed()).singleElement().isInstanceOf(CalcomConnectionException.class);
            });
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void aCreateThatUsedUpItsDeadlineIsNotLookedUpPastIt() {
    create =
        r -> {
          s.advance(Duration.between(s.now(), r.deadline()));
          return CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
        };
    assertThat(failureOf(bookings.createAsync(request())))
        .isInstanceOfSatisfying(BookingOutcomeUnknownException.class, e -> assertThat(e.lookedUp()).isFalse())
        .hasMessageContaining("deadline");
    assertThat(sent).as("no lookup past the deadline").hasSize(1);
  }

  @Test
  void unambiguousFailuresPassThroughWithoutALookup() {
    create = r -> raw(400, "");
    assertThatThrownBy(() -> Futures.join(bookings.createAsync(request()))).isInstanceOf(BadRequestException.class);
    create = r -> CompletableFuture.failedFuture(new CalcomConnectionException("refused", false, null));
    assertThatThrownBy(() -> Futures.join(bookings.createAsync(request())))
        .isInstanceOf(CalcomConnectionException.class);
    assertThat(sent).allSatisfy(r -> assertThat(r.operation()).isEqualTo(Operation.BOOKING_CREATE));
  }

  @Test
  void aPhoneOnlyAttendeeIsLookedUpByName() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":9,\"uid\":\"bk-9\",\"status\":\"accepted\",\"start\":\"2050-09-05T09:00:00Z\",\"end\":\"2050-09-05T09:30:00Z\","
        + "\"eventType\":{\"id\":42},\"attendees\":[{\"name\":\"Ada\",\"email\":\"x@sms.cal.com\"}]}]");
    CreateBookingRequest phoneOnly =
        CreateBookingRequest.builder()
            .start(Instant.parse("2050-09-05T09:00:00Z"))
            .eventTypeId(42)
            .attendee(Attendee.withPhone("Ada", "+4915112345678", java.time.ZoneId.of("Europe/Berlin")))
            .build();
    assertThat(bookings.createAsync(phoneOnly).join().uid()).isEqualTo("bk-9");
    assertThat(sent.get(1).queryParameter("attendeeName")).isEqualTo("Ada");
  }
}
