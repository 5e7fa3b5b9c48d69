package dev.calcomclient.retry.internal;

import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.internal.Failure;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingSeries;
import dev.calcomclient.model.BookingAttendee;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.pipeline.CalcomRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Settles a booking create whose outcome is unknown. When the create fails in a way after which Cal.com may have
 * created the booking ({@link Failure#mayHaveBeenApplied()}: a timeout or a connection dropped after the request
 * was sent, any 5xx, a 2xx whose body cannot be decoded), it looks the booking up by attendee, start and event type
 * instead of posting again, with the bookings service's own list call and within the create's deadline. A found
 * booking is returned as the create's result; otherwise the call fails with {@link BookingOutcomeUnknownException}.
 * Other failures are passed on unchanged.
 */
public final class BookingCreateRecovery {
  private static final Duration LOOKUP_SLACK = Duration.ofMinutes(1);
  private static final Duration LONGEST_BOOKING = Duration.ofDays(1);

  /** The bookings service's list call, sent on the interactive lane with the given deadline. */
  @FunctionalInterface
  public interface Lister {
    /**
     * Lists bookings.
     *
     * @param query what to list
     * @param deadline the overall deadline of the call being recovered
     * @return the first page
     */
    CompletableFuture<BookingPage> list(BookingListQuery query, Instant deadline);
  }

  private final Lister lister;
  private final Clock clock;
  private final CalcomEventListener listener;

  /**
   * Creates a recovery.
   *
   * @param lister the bookings service's list call
   * @param clock the clock deadlines are read on
   * @param listener told about each lookup
   */
  public BookingCreateRecovery(Lister lister, Clock clock, CalcomEventListener listener) {
    this.lister = Objects.requireNonNull(lister, "lister");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Waits for a create and settles it when its outcome is unknown.
   *
   * @param request the typed create
   * @param create the request that was sent (its deadline bounds the lookup)
   * @param sent the create's decoded result
   * @return the created booking(s) (from the create's answer, or the one the lookup found), or a failure: the
   *     create's own exception when it says the booking was not created, else {@link BookingOutcomeUnknownException}
   */
  public CompletableFuture<BookingSeries> settle(
      CreateBookingRequest request, CalcomRequest create, CompletableFuture<BookingSeries> sent) {
    return sent.handle(
            (series, failure) ->
                failure == null
                    ? CompletableFuture.completedFuture(series)
                    : recover(request, create, Futures.unwrap(failure))
                        .thenApply(found -> new BookingSeries(List.of(found), List.of())))
        .thenCompose(f -> f);
  }

  private CompletableFuture<Booking> recover(CreateBookingRequest request, CalcomRequest create, Throwable failure) {
    if (!Failure.of(failure).mayHaveBeenApplied()) {
      return CompletableFuture.failedFuture(failure);
    }
    if (!clock.instant().isBefore(create.deadline())) {
      return CompletableFuture.failedFuture(
          new BookingOutcomeUnknownException(
              "Booking create failed (" + failure.getMessage() + ") and the call's deadline left no time to look"
                  + " the booking up; the booking may exist",
              false,
              failure));
    }
    return lister
        .list(lookupQuery(request), create.deadline())
        .handle(
            (page, lookupFailure) -> {
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
              Booking match = page.items().stream().filter(b -> matches(request, b)).findFirst().orElse(null);
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
              return match;
            });
  }

  /** Bookings of the attendee (by email, else by name) starting around the requested start. */
  static BookingListQuery lookupQuery(CreateBookingRequest request) {
    BookingListQuery.Builder q =
        BookingListQuery.builder()
            .afterStart(request.start().minus(LOOKUP_SLACK))
            .beforeEnd(request.start().plus(LONGEST_BOOKING));
    if (request.attendee().email() != null) {
      q.attendeeEmail(request.attendee().email());
    } else {
      q.attendeeName(request.attendee().name());
    }
    Long eventTypeId = request.eventType().eventTypeId();
    if (eventTypeId != null) {
      q.eventTypeId(eventTypeId);
    }
    return q.build();
  }

  /** Whether {@code booking} is the live booking {@code request} asked for. */
  static boolean matches(CreateBookingRequest request, Booking booking) {
    if (booking.isCancelled() || !request.start().equals(booking.start())) {
      return false;
    }
    Long eventTypeId = request.eventType().eventTypeId();
    if (eventTypeId != null && !eventTypeId.equals(booking.resolvedEventTypeId().orElse(null))) {
      return false;
    }
    String email = request.attendee().email();
    String name = request.attendee().name();
    for (BookingAttendee a : booking.attendees()) {
      if (email != null ? email.equalsIgnoreCase(a.email()) : name.equals(a.name())) {
        return true;
      }
    }
    return false;
  }
}
