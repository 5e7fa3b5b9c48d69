package dev.calcomclient;

import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * Bookings ({@code /v2/bookings}, {@code cal-api-version 2024-08-13}).
 *
 * <p>Each method has a blocking form, which throws a {@link CalcomException}, and an {@code ...Async} form,
 * whose future fails with one. Invalid arguments throw {@link ValidationException} from both forms, before
 * anything is sent. Where Cal.com answers with several bookings (a recurring series), the first is returned.
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
   * A booking by uid ({@code GET /v2/bookings/{uid}}); an unknown uid fails with {@link NotFoundException}.
   *
   * @param bookingUid the booking uid
   * @return a booking by uid ({@code GET /v2/bookings/{uid}}); an unknown uid fails with {@link NotFoundException}
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
