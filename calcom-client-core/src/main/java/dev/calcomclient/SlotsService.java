package dev.calcomclient;

import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotReservation;
import dev.calcomclient.model.SlotsResult;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Availability search and slot reservations ({@code /v2/slots}, {@code cal-api-version 2024-09-04}).
 *
 * <p>Each method has a blocking form, which throws a {@link CalcomException}, and an {@code ...Async} form,
 * whose future fails with one. Invalid arguments throw {@link ValidationException} from both forms, before
 * anything is sent.
 *
 * <p>Every method has a form with a trailing {@link RequestOptions} that picks the call's rate-limit lane (searches
 * are standard and reservations interactive by default; a job that would rather wait than fail uses
 * {@link dev.calcomclient.pipeline.Priority#BATCH}), its longest wait for a token and its call timeout.
 */
public interface SlotsService {

  /**
   * The available slots of an event type in a range ({@code GET /v2/slots}).
   *
   * @param query the query
   * @return the available slots of an event type in a range ({@code GET /v2/slots})
   */
  default SlotsResult find(SlotQuery query) {
    return find(query, RequestOptions.defaults());
  }

  /**
   * As {@link #find(SlotQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return the available slots of an event type in a range ({@code GET /v2/slots})
   */
  SlotsResult find(SlotQuery query, RequestOptions options);

  /**
   * Asynchronous {@link #find}.
   *
   * @param query the query
   * @return a future of what {@link #find} returns
   */
  default CompletableFuture<SlotsResult> findAsync(SlotQuery query) {
    return findAsync(query, RequestOptions.defaults());
  }

  /**
   * As {@link #findAsync(SlotQuery)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param query the query
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #find} returns
   */
  CompletableFuture<SlotsResult> findAsync(SlotQuery query, RequestOptions options);

  /**
   * Holds a slot for a few minutes ({@code POST /v2/slots/reservations}).
   *
   * @param request the request
   * @return holds a slot for a few minutes ({@code POST /v2/slots/reservations})
   */
  default SlotReservation reserve(ReserveSlotRequest request) {
    return reserve(request, RequestOptions.defaults());
  }

  /**
   * As {@link #reserve(ReserveSlotRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return holds a slot for a few minutes ({@code POST /v2/slots/reservations})
   */
  SlotReservation reserve(ReserveSlotRequest request, RequestOptions options);

  /**
   * Asynchronous {@link #reserve}.
   *
   * @param request the request
   * @return a future of what {@link #reserve} returns
   */
  default CompletableFuture<SlotReservation> reserveAsync(ReserveSlotRequest request) {
    return reserveAsync(request, RequestOptions.defaults());
  }

  /**
   * As {@link #reserveAsync(ReserveSlotRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #reserve} returns
   */
  CompletableFuture<SlotReservation> reserveAsync(ReserveSlotRequest request, RequestOptions options);

  /**
   * A reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers
   * {@code data: null} (expired or unknown).
   *
   * @param reservationUid the reservation uid
   * @return a reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers {@code
   *     data: null} (expired or unknown)
   */
  default Optional<SlotReservation> getReservation(String reservationUid) {
    return getReservation(reservationUid, RequestOptions.defaults());
  }

  /**
   * As {@link #getReservation(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers {@code
   *     data: null} (expired or unknown)
   */
  Optional<SlotReservation> getReservation(String reservationUid, RequestOptions options);

  /**
   * Asynchronous {@link #getReservation}.
   *
   * @param reservationUid the reservation uid
   * @return a future of what {@link #getReservation} returns
   */
  default CompletableFuture<Optional<SlotReservation>> getReservationAsync(String reservationUid) {
    return getReservationAsync(reservationUid, RequestOptions.defaults());
  }

  /**
   * As {@link #getReservationAsync(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #getReservation} returns
   */
  CompletableFuture<Optional<SlotReservation>> getReservationAsync(String reservationUid, RequestOptions options);

  /**
   * Moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}}).
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @return moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}})
   */
  default SlotReservation updateReservation(String reservationUid, ReserveSlotRequest request) {
    return updateReservation(reservationUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #updateReservation(String, ReserveSlotRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}})
   */
  SlotReservation updateReservation(String reservationUid, ReserveSlotRequest request, RequestOptions options);

  /**
   * Asynchronous {@link #updateReservation}.
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @return a future of what {@link #updateReservation} returns
   */
  default CompletableFuture<SlotReservation> updateReservationAsync(String reservationUid, ReserveSlotRequest request) {
    return updateReservationAsync(reservationUid, request, RequestOptions.defaults());
  }

  /**
   * As {@link #updateReservationAsync(String, ReserveSlotRequest)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #updateReservation} returns
   */
  CompletableFuture<SlotReservation> updateReservationAsync(
      String reservationUid, ReserveSlotRequest request, RequestOptions options);

  /**
   * Releases a reservation ({@code DELETE /v2/slots/reservations/{uid}}).
   *
   * @param reservationUid the reservation uid
   */
  default void deleteReservation(String reservationUid) {
    deleteReservation(reservationUid, RequestOptions.defaults());
  }

  /**
   * As {@link #deleteReservation(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   */
  void deleteReservation(String reservationUid, RequestOptions options);

  /**
   * Asynchronous {@link #deleteReservation}.
   *
   * @param reservationUid the reservation uid
   * @return a future of what {@link #deleteReservation} returns
   */
  default CompletableFuture<Void> deleteReservationAsync(String reservationUid) {
    return deleteReservationAsync(reservationUid, RequestOptions.defaults());
  }

  /**
   * As {@link #deleteReservationAsync(String)}, with per-call {@link RequestOptions}
   * (rate-limit lane, longest wait for a token, call timeout).
   *
   * @param reservationUid the reservation uid
   * @param options the per-call options; {@link RequestOptions#defaults()} for the client's defaults
   * @return a future of what {@link #deleteReservation} returns
   */
  CompletableFuture<Void> deleteReservationAsync(String reservationUid, RequestOptions options);
}
