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
 */
public interface SlotsService {

  /**
   * The available slots of an event type in a range ({@code GET /v2/slots}).
   *
   * @param query the query
   * @return the available slots of an event type in a range ({@code GET /v2/slots})
   */
  SlotsResult find(SlotQuery query);

  /**
   * Asynchronous {@link #find}.
   *
   * @param query the query
   * @return a future of what {@link #find} returns
   */
  CompletableFuture<SlotsResult> findAsync(SlotQuery query);

  /**
   * Holds a slot for a few minutes ({@code POST /v2/slots/reservations}).
   *
   * @param request the request
   * @return holds a slot for a few minutes ({@code POST /v2/slots/reservations})
   */
  SlotReservation reserve(ReserveSlotRequest request);

  /**
   * Asynchronous {@link #reserve}.
   *
   * @param request the request
   * @return a future of what {@link #reserve} returns
   */
  CompletableFuture<SlotReservation> reserveAsync(ReserveSlotRequest request);

  /**
   * A reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers
   * {@code data: null} (expired or unknown).
   *
   * @param reservationUid the reservation uid
   * @return a reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers {@code
   *     data: null} (expired or unknown)
   */
  Optional<SlotReservation> getReservation(String reservationUid);

  /**
   * Asynchronous {@link #getReservation}.
   *
   * @param reservationUid the reservation uid
   * @return a future of what {@link #getReservation} returns
   */
  CompletableFuture<Optional<SlotReservation>> getReservationAsync(String reservationUid);

  /**
   * Moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}}).
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @return moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}})
   */
  SlotReservation updateReservation(String reservationUid, ReserveSlotRequest request);

  /**
   * Asynchronous {@link #updateReservation}.
   *
   * @param reservationUid the reservation uid
   * @param request the request
   * @return a future of what {@link #updateReservation} returns
   */
  CompletableFuture<SlotReservation> updateReservationAsync(String reservationUid, ReserveSlotRequest request);

  /**
   * Releases a reservation ({@code DELETE /v2/slots/reservations/{uid}}).
   *
   * @param reservationUid the reservation uid
   */
  void deleteReservation(String reservationUid);

  /**
   * Asynchronous {@link #deleteReservation}.
   *
   * @param reservationUid the reservation uid
   * @return a future of what {@link #deleteReservation} returns
   */
  CompletableFuture<Void> deleteReservationAsync(String reservationUid);
}
