package dev.calcomclient;

import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.BookingSeries;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Bookings ({@code /v2/bookings}, {@code cal-api-version 2024-08-13}).
 *
 * <p>Each method has a blocking form, which throws a {@link CalcomException}, and an {@code ...Async} form,
 * whose future fails with one. Invalid arguments throw {@link ValidationException} from both forms, before
 * anything is sent. Where Cal.com answers with several bookings (a recurring series), {@link #create} and
 * {@link #cancel} return the first and the client invalidates the cached slots of every occurrence;
 * {@link #createSeries} and {@link #cancelSeries} return them all.
 */
public interface BookingsService {

  /**
   * Books a slot ({@code POST /v2/bookings}); a taken slot fails with {@link BadRequestException}.
   *
   * @param request the request
   * @return books a slot ({@code POST /v2/bookings}); a taken slot fails with {@link BadRequestException}
   */
  Booking create(CreateBookingRequest request);

  /**
   * Asynchronous {@link #create}.
   *
   * @param request the request
   * @return a future of what {@link #create} returns
   */
  CompletableFuture<Booking> createAsync(CreateBookingRequest request);

  /**
   * Books like {@link #create} and returns every booking Cal.com made: one, or every occurrence of a recurring
   * event type's series.
   *
   * @param request what to book
   * @return the booking or the series' occurrences
   * @throws CalcomException as {@link #create}
   */
  default BookingSeries createSeries(CreateBookingRequest request) {
    return dev.calcomclient.internal.Futures.join(createSeriesAsync(request));
  }

  /**
   * Asynchronous {@link #createSeries}.
   *
   * @param request what to book
   * @return the booking or the series' occurrences
   */
  default CompletableFuture<BookingSeries> createSeriesAsync(CreateBookingRequest request) {
    return createAsync(request).thenApply(b -> new BookingSeries(List.of(b), List.of()));
  }

  /**
   * A booking by uid ({@code GET /v2/bookings/{uid}}); an unknown uid fails with {@link NotFoundException}.
   *
   * @param bookingUid the booking uid
   * @return the get
   */
  Booking get(String bookingUid);

  /**
   * Asynchronous {@link #get}.
   *
   * @param bookingUid the booking uid
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Booking> getAsync(String bookingUid);

  /**
   * One page of bookings ({@code GET /v2/bookings}, authentication required).
   *
   * @param query the query
   * @return one page of bookings ({@code GET /v2/bookings}, authentication required)
   */
  BookingPage list(BookingListQuery query);

  /**
   * Asynchronous {@link #list}.
   *
   * @param query the query
   * @return a future of what {@link #list} returns
   */
  CompletableFuture<BookingPage> listAsync(BookingListQuery query);

  /**
   * Every booking matching {@code query}, from its {@code skip} on, as a lazy stream: a page (of the query's
   * {@code take}, default 100) is fetched only when the stream reaches it, so a short-circuiting operation such
   * as {@code findFirst()} or {@code limit(n)} fetches no more pages than it needs. Iteration stops when Cal.com
   * reports no next page or returns an empty page. Each page fetch blocks the consuming thread; a failed fetch
   * throws its {@link CalcomException} from the stream operation.
   *
   * @param query the query
   * @return every booking matching {@code query}, from its {@code skip} on, as a lazy stream: a page (of the query's
   *     {@code take}, default 100) is fetched only when the stream reaches it, so a short-circuiting operation such as
   *     {@code findFirst()} or {@code limit(n)} fetches no more pages than it needs
   */
  Stream<Booking> listAll(BookingListQuery query);

  /**
   * Cancels a booking ({@code POST /v2/bookings/{uid}/cancel}) and returns it as cancelled.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return the booking
   */
  Booking cancel(String bookingUid, CancelBookingRequest request);

  /**
   * Asynchronous {@link #cancel}.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return a future of what {@link #cancel} returns
   */
  CompletableFuture<Booking> cancelAsync(String bookingUid, CancelBookingRequest request);

  /**
   * Cancels like {@link #cancel} and returns every booking Cal.com cancelled (with
   * {@link CancelBookingRequest#cancelSubsequentBookings()}, the later occurrences of a series too).
   *
   * @param bookingUid the booking (or occurrence) to cancel
   * @param request the reason and whether later occurrences go too
   * @return the cancelled booking(s)
   * @throws CalcomException as {@link #cancel}
   */
  default BookingSeries cancelSeries(String bookingUid, CancelBookingRequest request) {
    return dev.calcomclient.internal.Futures.join(cancelSeriesAsync(bookingUid, request));
  }

  /**
   * Asynchronous {@link #cancelSeries}.
   *
   * @param bookingUid the booking (or occurrence) to cancel
   * @param request the reason and whether later occurrences go too
   * @return the cancelled booking(s)
   */
  default CompletableFuture<BookingSeries> cancelSeriesAsync(String bookingUid, CancelBookingRequest request) {
    return cancelAsync(bookingUid, request).thenApply(b -> new BookingSeries(List.of(b), List.of()));
  }

  /**
   * Moves a booking ({@code POST /v2/bookings/{uid}/reschedule}) and returns the new booking, which has a new
   * uid; the old one gets {@code rescheduledToUid}.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return moves a booking ({@code POST /v2/bookings/{uid}/reschedule}) and returns the new booking, which has a new
   *     uid; the old one gets {@code rescheduledToUid}
   */
  Booking reschedule(String bookingUid, RescheduleBookingRequest request);

  /**
   * Asynchronous {@link #reschedule}.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return a future of what {@link #reschedule} returns
   */
  CompletableFuture<Booking> rescheduleAsync(String bookingUid, RescheduleBookingRequest request);
}
