package dev.calcomclient.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Me;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Schedule;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotReservation;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.OpenApiExamples;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import mockwebserver3.MockWebServer;

/**
 * Every operation the client covers, with the response of Cal.com's OpenAPI document that answers it and the
 * client call that decodes it (returning the decoded elements), for the conformance, random-answer and mutation
 * tests.
 */
public final class CoveredOperations {
  private static final Instant T = Instant.parse("2050-09-05T07:00:00Z");

  /**
   * One covered operation.
   *
   * @param operation the client's operation
   * @param method the HTTP method, lower case (as in the document)
   * @param path the document's path
   * @param status the success status the document declares
   * @param model the record {@code data} (or each of its elements) decodes into, or {@code null} when not decoded
   * @param list whether {@code data} is decoded element by element (an element without identity is left out)
   * @param call the client call, returning the decoded elements
   */
  public record Covered(
      Operation operation,
      String method,
      String path,
      String status,
      Class<?> model,
      boolean list,
      Function<CalcomClient, List<?>> call) {

    /** {@code GET /v2/me 200}. */
    public String key() {
      return method.toUpperCase() + " " + path + " " + status;
    }

    /**
     * The response schema to take examples from: {@code GET /v2/slots/reservations/{uid}}'s refers to itself in the
     * document (a defect), so the reservation shape of {@code POST /v2/slots/reservations} stands in for it.
     */
    public JsonNode schema() {
      if (operation == Operation.SLOT_RESERVATION_GET) {
        return OpenApiDocument.responseSchema("post", "/v2/slots/reservations", "201");
      }
      return OpenApiDocument.responseSchema(method, path, status);
    }

    /** The document's example envelopes for this operation. */
    public List<JsonNode> examples() {
      return new OpenApiExamples(OpenApiDocument.spec()).envelopes(schema());
    }
  }

  /** The operations, in the order of {@link Operation}. */
  public static final List<Covered> ALL =
      List.of(
          new Covered(Operation.SLOTS_FIND, "get", "/v2/slots", "200", Slot.class, true,
              c -> c.slots().find(SlotQuery.forEventType(1).between(T, T.plusSeconds(86_400)).build()).all()),
          new Covered(Operation.SLOT_RESERVE, "post", "/v2/slots/reservations", "201", SlotReservation.class, false,
              c -> List.of(c.slots().reserve(ReserveSlotRequest.of(1, T)))),
          new Covered(Operation.SLOT_RESERVATION_GET, "get", "/v2/slots/reservations/{uid}", "200",
              SlotReservation.class, false, c -> optional(c.slots().getReservation("r1"))),
          new Covered(Operation.SLOT_RESERVATION_UPDATE, "patch", "/v2/slots/reservations/{uid}", "200",
              SlotReservation.class, false,
              c -> List.of(c.slots().updateReservation("r1", ReserveSlotRequest.of(1, T)))),
          new Covered(Operation.SLOT_RESERVATION_DELETE, "delete", "/v2/slots/reservations/{uid}", "200", null, false,
              c -> {
                c.slots().deleteReservation("r1");
                return List.of();
              }),
          new Covered(Operation.BOOKING_CREATE, "post", "/v2/bookings", "201", Booking.class, true,
              c -> c.bookings().createSeries(
                  CreateBookingRequest.builder()
                      .eventTypeId(1)
                      .start(T)
                      .attendee(Attendee.withEmail("A", "a@example.com", "Europe/Berlin"))
                      .build()).occurrences()),
          new Covered(Operation.BOOKING_GET, "get", "/v2/bookings/{bookingUid}", "200", Booking.class, false,
              c -> List.of(c.bookings().get("booking_uid_123"))),
          new Covered(Operation.BOOKING_LIST, "get", "/v2/bookings", "200", Booking.class, true,
              c -> c.bookings().list(BookingListQuery.all()).items()),
          new Covered(Operation.BOOKING_CANCEL, "post", "/v2/bookings/{bookingUid}/cancel", "200", Booking.class, true,
              c -> c.bookings().cancelSeries("booking_uid_123", CancelBookingRequest.withoutReason()).occurrences()),
          new Covered(Operation.BOOKING_RESCHEDULE, "post", "/v2/bookings/{bookingUid}/reschedule", "201",
              Booking.class, false,
              c -> List.of(c.bookings().reschedule("booking_uid_123", RescheduleBookingRequest.to(T)))),
          new Covered(Operation.EVENT_TYPES_LIST, "get", "/v2/event-types", "200", EventType.class, true,
              c -> c.eventTypes().list("jane")),
          new Covered(Operation.EVENT_TYPE_GET, "get", "/v2/event-types/{eventTypeId}", "200", EventType.class, false,
              c -> optional(c.eventTypes().get(1))),
          new Covered(Operation.TEAM_EVENT_TYPES_LIST, "get", "/v2/teams/{teamId}/event-types", "200",
              EventType.class, true, c -> c.eventTypes().listForTeam(5)),
          new Covered(Operation.TEAM_EVENT_TYPE_GET, "get", "/v2/teams/{teamId}/event-types/{eventTypeId}", "200",
              EventType.class, false, c -> List.of(c.eventTypes().getForTeam(5, 1))),
          new Covered(Operation.SCHEDULES_LIST, "get", "/v2/schedules", "200", Schedule.class, true,
              c -> c.schedules().list()),
          new Covered(Operation.SCHEDULE_GET, "get", "/v2/schedules/{scheduleId}", "200", Schedule.class, false,
              c -> optional(c.schedules().get(254))),
          new Covered(Operation.SCHEDULE_DEFAULT_GET, "get", "/v2/schedules/default", "200", Schedule.class, false,
              c -> optional(c.schedules().getDefault())),
          new Covered(Operation.ME_GET, "get", "/v2/me", "200", Me.class, false, c -> List.of(c.me().get())));

  private CoveredOperations() {}

  /**
   * A client for {@code server} that sends every call once, at once: no cache, no retries, no breaker, no rate
   * limit (a test sends thousands of answers through one client).
   */
  public static CalcomClient client(MockWebServer server, CalcomEventListener listener) {
    return CalcomClient.builder()
        .apiKey(MockCalcom.API_KEY)
        .baseUrl(server.url("/").toString())
        .cache(CacheConfig.disabled())
        .retryPolicy(RetryPolicy.disabled())
        .circuitBreakerConfig(CircuitBreakerConfig.disabled())
        .rateLimiter(RateLimiter.disabled())
        .addListener(listener)
        .build();
  }

  private static List<?> optional(Optional<?> value) {
    return value.map(List::of).orElse(List.of());
  }
}
