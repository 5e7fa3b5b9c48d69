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

  /** The available slots of an event type in a range ({@code GET /v2/slots}). */
  SlotsResult find(SlotQuery query);

  /** Asynchronous {@link #find}. */
  CompletableFuture<SlotsResult> findAsync(SlotQuery query);

  /** Holds a slot for a few minutes ({@code POST /v2/slots/reservations}). */
  SlotReservation reserve(ReserveSlotRequest request);

  /** Asynchronous {@link #reserve}. */
  CompletableFuture<SlotReservation> reserveAsync(ReserveSlotRequest request);

  /**
   * A reservation by its uid ({@code GET /v2/slots/reservations/{uid}}); empty when Cal.com answers
   * {@code data: null} (expired or unknown).
   */
  Optional<SlotReservation> getReservation(String reservationUid);

  /** Asynchronous {@link #getReservation}. */
  CompletableFuture<Optional<SlotReservation>> getReservationAsync(String reservationUid);

  /** Moves or extends a reservation ({@code PATCH /v2/slots/reservations/{uid}}). */
  SlotReservation updateReservation(String reservationUid, ReserveSlotRequest request);

  /** Asynchronous {@link #updateReservation}. */
  CompletableFuture<SlotReservation> updateReservationAsync(String reservationUid, ReserveSlotRequest request);

  /** Releases a reservation ({@code DELETE /v2/slots/reservations/{uid}}). */
  void deleteReservation(String reservationUid);

  /** Asynchronous {@link #deleteReservation}. */
  CompletableFuture<Void> deleteReservationAsync(String reservationUid);
}
