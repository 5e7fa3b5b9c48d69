package dev.calcomclient.retry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Sends a booking create and, when it fails ambiguously (a timeout or a connection dropped after the request was
 * sent, or a 502/504 from a gateway), looks the booking up by attendee, start time and event type instead of
 * posting again. A found booking is returned as if the create had answered; otherwise the call fails with
 * {@link BookingOutcomeUnknownException}. Unambiguous failures are passed on unchanged.
 *
 * <p>Use from the bookings service in place of {@code caller.send(request)} for {@link Operation#BOOKING_CREATE}:
 *
 * <pre>{@code
 * return recovery.send(request).thenApply(response -> Json.decodeData(response, BOOKING_TYPE));
 * }</pre>
 */
public final class BookingCreateRecovery {
  /** Marks an answer rebuilt from the lookup rather than received from the create. */
  public static final String RECOVERED_HEADER = "X-Calcom-Client-Recovered";

  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(1);
  private static final Duration LONGEST_BOOKING = Duration.ofDays(1);

  private final ApiCaller caller;
  private final CalcomEventListener listener;

  /** Creates a recovery that reports lookups to no listener. */
  public BookingCreateRecovery(ApiCaller caller) {
    this(caller, new CalcomEventListener() {});
  }

  /** Creates a recovery that reports each lookup to {@code listener}. */
  public BookingCreateRecovery(ApiCaller caller, CalcomEventListener listener) {
    this.caller = Objects.requireNonNull(caller, "caller");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Sends {@code create} (a {@link Operation#BOOKING_CREATE} request) through the pipeline.
   *
   * @return the successful create response, a response rebuilt from the booking found by the lookup (status 201,
   *     header {@value #RECOVERED_HEADER}), or a failure: the create's own exception when it is unambiguous, else
   *     {@link BookingOutcomeUnknownException}
   */
  public CompletableFuture<CalcomResponse> send(CalcomRequest create) {
    if (create.operation() != Operation.BOOKING_CREATE) {
      throw new IllegalArgumentException("BookingCreateRecovery only sends BOOKING_CREATE, got " + create.operation());
    }
    return caller
        .send(create)
        .handle(
            (response, failure) ->
                failure == null
                    ? CompletableFuture.completedFuture(response)
                    : recover(create, Futures.unwrap(failure)))
        .thenCompose(f -> f);
  }

  private CompletableFuture<CalcomResponse> recover(CalcomRequest create, Throwable failure) {
    if (!isAmbiguous(failure)) {
      return CompletableFuture.failedFuture(failure);
    }
    BookingTarget target = BookingTarget.of(create);
    if (target == null) {
      return CompletableFuture.failedFuture(
          new BookingOutcomeUnknownException(
              "Booking create failed (" + failure.getMessage() + ") and the request cannot be matched to look the"
                  + " booking up (recurring, or no start/attendee); the booking may exist",
              false,
              failure));
    }
    CalcomRequest lookup = target.lookupRequest(caller);
    return caller
        .callEnvelope(lookup)
        .handle(
            (envelope, lookupFailure) -> {
              if (lookupFailure != null) {
                BookingOutcomeUnknownException e =
                    new BookingOutcomeUnknownException(
                        "Booking create failed ("
                            + failure.getMessage()
                            + ") and the lookup failed too; the booking may exist",
                        false,
                        failure);
                e.addSuppressed(Futures.unwrap(lookupFailure));
                throw e;
              }
              JsonNode match = target.find(envelope.get("data"));
              listener.bookingCreateLookup(create, match != null);
              if (match == null) {
                throw new BookingOutcomeUnknownException(
                    "Booking create failed ("
                        + failure.getMessage()
                        + "); a lookup found no matching booking, but one still being processed may yet appear,"
                        + " and Cal.com lists only bookings the credential's user hosts or attends (a booking on"
                        + " another host's event type is invisible to it)",
                    true,
                    failure);
              }
              return recovered(match);
            });
  }

  /** Failures after which Cal.com may have created the booking. */
  static boolean isAmbiguous(Throwable failure) {
    if (failure instanceof CalcomTimeoutException) {
      return ((CalcomTimeoutException) failure).requestMayHaveBeenSent();
    }
    if (failure instanceof CalcomConnectionException) {
      return ((CalcomConnectionException) failure).requestMayHaveBeenSent();
    }
    if (failure instanceof ServerErrorException) {
      int s = ((ServerErrorException) failure).status();
      return s == 502 || s == 504; // a gateway gave up; the API behind it may have finished the create
    }
    return false;
  }

  private static CalcomResponse recovered(JsonNode booking) {
    ObjectNode envelope = Json.mapper().createObjectNode();
    envelope.put("status", "success");
    envelope.set("data", booking);
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(envelope);
    } catch (IOException e) {
      throw new IllegalStateException("re-encoding a parsed booking cannot fail", e);
    }
    return new CalcomResponse(
        201, Map.of(RECOVERED_HEADER, List.of("booking-lookup"), "Content-Type", List.of("application/json")), body);
  }

  /** What identifies the booking a create asked for: start, attendee, and event type when given by id. */
  static final class BookingTarget {
    final Instant start;
    final String attendeeEmail;
    final String attendeeName;
    final Long eventTypeId;

    private BookingTarget(Instant start, String attendeeEmail, String attendeeName, Long eventTypeId) {
      this.start = start;
      this.attendeeEmail = attendeeEmail;
      this.attendeeName = attendeeName;
      this.eventTypeId = eventTypeId;
    }

    /** The target of {@code create}, or {@code null} when its body cannot be matched to one booking. */
    static BookingTarget of(CalcomRequest create) {
      byte[] body = create.body();
      if (body == null) {
        return null;
      }
      JsonNode root;
      try {
        root = Json.mapper().readTree(body);
      } catch (IOException e) {
        return null;
      }
      if (root == null || !root.isObject() || root.hasNonNull("recurrenceCount")) {
        return null;
      }
      Instant start = instant(root.path("start").asText(null));
      JsonNode attendee = root.path("attendee");
      String email = text(attendee.get("email"));
      String name = text(attendee.get("name"));
      if (start == null || (email == null && name == null)) {
        return null;
      }
      JsonNode et = root.get("eventTypeId");
      Long eventTypeId = et != null && et.canConvertToLong() ? et.asLong() : null;
      return new BookingTarget(start, email, name, eventTypeId);
    }

    CalcomRequest lookupRequest(ApiCaller caller) {
      CalcomRequest.Builder b =
          caller
              .request(Operation.BOOKING_LIST, "/v2/bookings")
              .priority(Priority.INTERACTIVE)
              .query("afterStart", start.minus(LOOKUP_SLACK).toString())
              .query("beforeEnd", start.plus(LONGEST_BOOKING).toString());
      if (attendeeEmail != null) {
        b.query("attendeeEmail", attendeeEmail);
      } else {
        b.query("attendeeName", attendeeName);
      }
      if (eventTypeId != null) {
        b.query("eventTypeId", eventTypeId);
      }
      return b.build();
    }

    /** The first live booking in {@code data} that matches, or {@code null}. */
    JsonNode find(JsonNode data) {
      if (data == null || !data.isArray()) {
        return null;
      }
      for (JsonNode booking : data) {
        if (matches(booking)) {
          return booking;
        }
      }
      return null;
    }

    private boolean matches(JsonNode booking) {
      String status = booking.path("status").asText("").toLowerCase(Locale.ROOT);
      if (status.equals("cancelled") || status.equals("rejected")) {
        return false;
      }
      if (!start.equals(instant(booking.path("start").asText(null)))) {
        return false;
      }
      if (eventTypeId != null) {
        JsonNode id = booking.hasNonNull("eventTypeId") ? booking.get("eventTypeId") : booking.path("eventType").get("id");
        if (id == null || !id.canConvertToLong() || id.asLong() != eventTypeId) {
          return false;
        }
      }
      for (JsonNode a : booking.path("attendees")) {
        if (attendeeEmail != null
            ? attendeeEmail.equalsIgnoreCase(a.path("email").asText(""))
            : attendeeName.equals(a.path("name").asText(""))) {
          return true;
        }
      }
      return false;
    }

    private static Instant instant(String iso) {
      if (iso == null) {
        return null;
      }
      try {
        return OffsetDateTime.parse(iso).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }

    private static String text(JsonNode n) {
      return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }
  }
}
