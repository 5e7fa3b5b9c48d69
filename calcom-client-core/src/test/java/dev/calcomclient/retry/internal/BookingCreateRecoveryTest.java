package dev.calcomclient.retry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.BadRequestException;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.HttpMethod;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BookingCreateRecoveryTest {
  private static final String CREATE_BODY =
      "{\"start\":\"2050-09-05T09:00:00Z\",\"eventTypeId\":42,"
          + "\"attendee\":{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"timeZone\":\"Europe/Berlin\"}}";
  private static final String BOOKING_JSON =
      "{\"id\":7,\"uid\":\"bk-7\",\"status\":\"accepted\",\"start\":\"2050-09-05T11:00:00.000+02:00\","
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
          Map.of(),
          s.clock());
  private final BookingCreateRecovery recovery =
      new BookingCreateRecovery(
          caller,
          new CalcomEventListener() {
            @Override
            public void bookingCreateLookup(CalcomRequest c, boolean found) {
              lookups.add(found);
            }
          });

  private static CompletableFuture<CalcomResponse> ok(int status, String data) {
    String body = "{\"status\":\"success\",\"data\":" + data + "}";
    return CompletableFuture.completedFuture(
        new CalcomResponse(status, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
  }

  private CalcomRequest createRequest() {
    return caller
        .request(Operation.BOOKING_CREATE, "/v2/bookings")
        .body(CREATE_BODY.getBytes(StandardCharsets.UTF_8))
        .build();
  }

  private long posts() {
    return sent.stream().filter(r -> r.method() == HttpMethod.POST).count();
  }

  @Test
  void aSuccessfulCreateIsReturnedAsIs() {
    create = r -> ok(201, BOOKING_JSON);
    CalcomResponse r = recovery.send(createRequest()).join();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header(BookingCreateRecovery.RECOVERED_HEADER)).isNull();
    assertThat(sent).hasSize(1);
  }

  @Test
  void afterATimeoutTheBookingIsLookedUpAndReturnedWithoutPostingAgain() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":6,\"status\":\"cancelled\",\"start\":\"2050-09-05T09:00:00Z\",\"eventTypeId\":42,"
        + "\"attendees\":[{\"email\":\"ada@example.com\"}]}," + BOOKING_JSON + "]");
    CalcomResponse r = recovery.send(createRequest()).join();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.header(BookingCreateRecovery.RECOVERED_HEADER)).isEqualTo("booking-lookup");
    assertThat(r.bodyAsString()).contains("\"uid\":\"bk-7\"").startsWith("{\"status\":\"success\",\"data\":");
    assertThat(posts()).isEqualTo(1);
    CalcomRequest lookup = sent.get(1);
    assertThat(lookup.operation()).isEqualTo(Operation.BOOKING_LIST);
    assertThat(lookup.queryParameter("attendeeEmail")).isEqualTo("ada@example.com");
    assertThat(lookup.queryParameter("eventTypeId")).isEqualTo("42");
    assertThat(lookup.queryParameter("afterStart")).isEqualTo("2050-09-05T08:59:00Z");
    assertThat(lookup.queryParameter("beforeEnd")).isEqualTo("2050-09-06T09:00:00Z");
    assertThat(lookups).containsExactly(true);
  }

  @Test
  void aConnectionDroppedAfterSendingIsRecoveredTheSameWay() {
    create = r -> CompletableFuture.failedFuture(new CalcomConnectionException("reset", true, null));
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(recovery.send(createRequest()).join().status()).isEqualTo(201);
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void aGatewayTimeoutIsAmbiguousToo() {
    create = r -> CompletableFuture.completedFuture(new CalcomResponse(504, Map.of(), new byte[0]));
    list = r -> ok(200, "[" + BOOKING_JSON + "]");
    assertThat(recovery.send(createRequest()).join().status()).isEqualTo(201);
  }

  @Test
  void whenTheLookupFindsNothingTheCallerIsToldTheOutcomeIsUnknown() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":8,\"status\":\"accepted\",\"start\":\"2050-09-05T10:00:00Z\",\"eventTypeId\":42,"
        + "\"attendees\":[{\"email\":\"ada@example.com\"}]}]");
    Throwable t = Futures.unwrap(recovery.send(createRequest()).handle((r, e) -> e).join());
    assertThat(t).isInstanceOf(BookingOutcomeUnknownException.class);
    assertThat(((BookingOutcomeUnknownException) t).lookedUp()).isTrue();
    assertThat(t.getCause()).isInstanceOf(CalcomTimeoutException.class);
    assertThat(posts()).isEqualTo(1);
    assertThat(lookups).containsExactly(false);
  }

  @Test
  void whenTheLookupFailsTooTheOutcomeIsUnknownAndTheLookupFailureIsAttached() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> CompletableFuture.failedFuture(new CalcomConnectionException("down", false, null));
    assertThatThrownBy(() -> Futures.join(recovery.send(createRequest())))
        .isInstanceOfSatisfying(
            BookingOutcomeUnknownException.class,
            e -> {
              assertThat(e.lookedUp()).isFalse();
              assertThat(e.getSuppressed()).singleElement().isInstanceOf(CalcomConnectionException.class);
            });
    assertThat(posts()).isEqualTo(1);
  }

  @Test
  void unambiguousFailuresPassThroughWithoutALookup() {
    create = r -> CompletableFuture.completedFuture(new CalcomResponse(400, Map.of(), new byte[0]));
    assertThatThrownBy(() -> Futures.join(recovery.send(createRequest()))).isInstanceOf(BadRequestException.class);
    create = r -> CompletableFuture.completedFuture(new CalcomResponse(500, Map.of(), new byte[0]));
    assertThatThrownBy(() -> Futures.join(recovery.send(createRequest()))).isInstanceOf(ServerErrorException.class);
    create = r -> CompletableFuture.failedFuture(new CalcomConnectionException("refused", false, null));
    assertThatThrownBy(() -> Futures.join(recovery.send(createRequest())))
        .isInstanceOf(CalcomConnectionException.class);
    assertThat(sent).allSatisfy(r -> assertThat(r.operation()).isEqualTo(Operation.BOOKING_CREATE));
  }

  @Test
  void aCreateThatCannotBeMatchedIsUnknownWithoutALookup() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    CalcomRequest recurring =
        caller
            .request(Operation.BOOKING_CREATE, "/v2/bookings")
            .body(CREATE_BODY.replace("\"eventTypeId\":42", "\"eventTypeId\":42,\"recurrenceCount\":3")
                .getBytes(StandardCharsets.UTF_8))
            .build();
    assertThatThrownBy(() -> Futures.join(recovery.send(recurring)))
        .isInstanceOfSatisfying(BookingOutcomeUnknownException.class, e -> assertThat(e.lookedUp()).isFalse());
    assertThat(sent).hasSize(1);
  }

  @Test
  void aPhoneOnlyAttendeeIsLookedUpByName() {
    create = r -> CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
    list = r -> ok(200, "[{\"id\":9,\"status\":\"accepted\",\"start\":\"2050-09-05T09:00:00Z\","
        + "\"eventType\":{\"id\":42},\"attendees\":[{\"name\":\"Ada\",\"email\":\"x@sms.cal.com\"}]}]");
    CalcomRequest phoneOnly =
        caller
            .request(Operation.BOOKING_CREATE, "/v2/bookings")
            .body(CREATE_BODY.replace("\"email\":\"ada@example.com\"", "\"phoneNumber\":\"+4915112345678\"")
                .getBytes(StandardCharsets.UTF_8))
            .build();
    assertThat(recovery.send(phoneOnly).join().bodyAsString()).contains("\"id\":9");
    assertThat(sent.get(1).queryParameter("attendeeName")).isEqualTo("Ada");
  }
}
