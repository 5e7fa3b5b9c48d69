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
 *
 * <p>Every method has a form with a trailing {@link RequestOptions} that picks the call's rate-limit lane (bookings
 * are interactive by default), its longest wait for a token and its call timeout.
 */
public interface BookingsService {

  /**
   * Books a slot ({@code POST /v2/bookings}); a taken slot fails with {@link BadRequestException}.
   *
   * @param request the request
   * @return books a slot ({@code POST /v2/bookings}); a taken slot fails with {@link BadRequestException}
   */
  default Booking create(CreateBookingRequest request) {
    return create(request, RequestOptions.defaults());
  }

  /**
   * As {@link #create(CreateBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return books a slot ({@code POST /v2/bookings}); a taken slot fails with {@link BadRequestException}
   */
  Booking create(CreateBookingRequest request, RequestOptions options);

  /**
   * Asynchronous {@link #create}.
   *
   * @param request the request
   * @return a future of what {@link #create} returns
   */
  default CompletableFuture<Booking> createAsync(CreateBookingRequest request) {
    return createAsync(request, RequestOptions.defaults());
  }

  /**
   * As {@link #createAsync(CreateBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #create} returns
   */
  CompletableFuture<Booking> createAsync(CreateBookingRequest request, RequestOptions options);

  /**
   * Books like {@link #create} and returns every booking Cal.com made: one, or every occurrence of a recurring
   * event type's series.
   *
   * @param request what to book
   * @return the booking or the series' occurrences
   * @throws CalcomException as {@link #create}
   */
  default BookingSeries createSeries(CreateBookingRequest request) {
    return createSeries(request, RequestOptions.defaults());
  }

  /**
   * As {@link #createSeries(CreateBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request what to book
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the booking or the series' occurrences
   * @throws CalcomException as {@link #create}
   */
  default BookingSeries createSeries(CreateBookingRequest request, RequestOptions options) {
    return dev.calcomclient.internal.Futures.join(createSeriesAsync(request, options));
  }

  /**
   * Asynchronous {@link #createSeries}.
   *
   * @param request what to book
   * @return the booking or the series' occurrences
   */
  default CompletableFuture<BookingSeries> createSeriesAsync(CreateBookingRequest request) {
    return createSeriesAsync(request, RequestOptions.defaults());
  }

  /**
   * As {@link #createSeriesAsync(CreateBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request what to book
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the booking or the series' occurrences
   */
  default CompletableFuture<BookingSeries> createSeriesAsync(CreateBookingRequest request, RequestOptions options) {
    return createAsync(request, options).thenApply(b -> new BookingSeries(List.of(b), List.of()));
  }

  /**
   * A booking by uid ({@code GET /v2/bookings/{uid}}); an unknown uid fails with {@link NotFoundException}.
   *
   * @param bookingUid the booking uid
   * @return the get
   */
  default Booking get(String bookingUid) {
    return get(bookingUid, RequestOptions.defaults());
  }

  /**
   * As {@link #get(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the get
   */
  Booking get(String bookingUid, RequestOptions options);

  /**
   * Asynchronous {@link #get}.
   *
   * @param bookingUid the booking uid
   * @return a future of what {@link #get} returns
   */
  default CompletableFuture<Booking> getAsync(String bookingUid) {
    return getAsync(bookingUid, RequestOptions.defaults());
  }

  /**
   * As {@link #getAsync(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #get} returns
   */
  CompletableFuture<Booking> getAsync(String bookingUid, RequestOptions options);

  /**
   * One page of bookings ({@code GET /v2/bookings}, authentication required).
   *
   * @param query the query
   * @return one page of bookings ({@code GET /v2/bookings}, authentication required)
   */
  default BookingPage list(BookingListQuery query) {
    return list(query, RequestOptions.defaults());
  }

  /**
   * As {@link #list(BookingListQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return one page of bookings ({@code GET /v2/bookings}, authentication required)
   */
  BookingPage list(BookingListQuery query, RequestOptions options);

  /**
   * Asynchronous {@link #list}.
   *
   * @param query the query
   * @return a future of what {@link #list} returns
   */
  default CompletableFuture<BookingPage> listAsync(BookingListQuery query) {
    return listAsync(query, RequestOptions.defaults());
  }

  /**
   * As {@link #listAsync(BookingListQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #list} returns
   */
  CompletableFuture<BookingPage> listAsync(BookingListQuery query, RequestOptions options);

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
  default Stream<Booking> listAll(BookingListQuery query) {
    return listAll(query, RequestOptions.defaults());
  }

  /**
   * As {@link #listAll(BookingListQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return every booking matching {@code query}, from its {@code skip} on, as a lazy stream: a page (of the query's
   *     {@code take}, default 100) is fetched only when the stream reaches it, so a short-circuiting operation such as
   *     {@code findFirst()} or {@code limit(n)} fetches no more pages than it needs
   */
  Stream<Booking> listAll(BookingListQuery query, RequestOptions options);

  /**
   * Cancels a booking ({@code POST /v2/bookings/{uid}/cancel}) and returns it as cancelled.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return the booking
   */
  default Booking cancel(String bookingUid, CancelBookingRequest request) {
    return cancel(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #cancel(String, CancelBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the booking
   */
  Booking cancel(String bookingUid, CancelBookingRequest request, RequestOptions options);

  /**
   * Asynchronous {@link #cancel}.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return a future of what {@link #cancel} returns
   */
  default CompletableFuture<Booking> cancelAsync(String bookingUid, CancelBookingRequest request) {
    return cancelAsync(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #cancelAsync(String, CancelBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #cancel} returns
   */
  CompletableFuture<Booking> cancelAsync(String bookingUid, CancelBookingRequest request, RequestOptions options);

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
    return cancelSeries(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #cancelSeries(String, CancelBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking (or occurrence) to cancel
   * @param request the reason and whether later occurrences go too
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the cancelled booking(s)
   * @throws CalcomException as {@link #cancel}
   */
  default BookingSeries cancelSeries(String bookingUid, CancelBookingRequest request, RequestOptions options) {
    return dev.calcomclient.internal.Futures.join(cancelSeriesAsync(bookingUid, request, options));
  }

  /**
   * Asynchronous {@link #cancelSeries}.
   *
   * @param bookingUid the booking (or occurrence) to cancel
   * @param request the reason and whether later occurrences go too
   * @return the cancelled booking(s)
   */
  default CompletableFuture<BookingSeries> cancelSeriesAsync(String bookingUid, CancelBookingRequest request) {
    return cancelSeriesAsync(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #cancelSeriesAsync(String, CancelBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking (or occurrence) to cancel
   * @param request the reason and whether later occurrences go too
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the cancelled booking(s)
   */
  default CompletableFuture<BookingSeries> cancelSeriesAsync(
      String bookingUid, CancelBookingRequest request, RequestOptions options) {
    return cancelAsync(bookingUid, request, options).thenApply(b -> new BookingSeries(List.of(b), List.of()));
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
  default Booking reschedule(String bookingUid, RescheduleBookingRequest request) {
    return reschedule(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #reschedule(String, RescheduleBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return moves a booking ({@code POST /v2/bookings/{uid}/reschedule}) and returns the new booking, which has a new
   *     uid; the old one gets {@code rescheduledToUid}
   */
  Booking reschedule(String bookingUid, RescheduleBookingRequest request, RequestOptions options);

  /**
   * Asynchronous {@link #reschedule}.
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @return a future of what {@link #reschedule} returns
   */
  default CompletableFuture<Booking> rescheduleAsync(String bookingUid, RescheduleBookingRequest request) {
    return rescheduleAsync(bookingUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #rescheduleAsync(String, RescheduleBookingRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param bookingUid the booking uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #reschedule} returns
   */
  CompletableFuture<Booking> rescheduleAsync(
      String bookingUid, RescheduleBookingRequest request, RequestOptions options);
}
