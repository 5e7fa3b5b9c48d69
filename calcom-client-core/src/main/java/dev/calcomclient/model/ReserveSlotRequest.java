package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.Instant;

/**
 * A request to hold a slot for a few minutes ({@code ReserveSlotInput_2024_09_04}), for example while a caller
 * confirms the details. Checked on construction.
 *
 * @param eventTypeId the event type
 * @param slotStart the slot's start
 * @param slotDuration the slot length in minutes for multi-duration types, or {@code null}
 * @param reservationDuration how many minutes to hold the slot (Cal.com honours it only for authenticated
 *     calls; default 5), or {@code null}
 */
public record ReserveSlotRequest(
    long eventTypeId, Instant slotStart, Integer slotDuration, Integer reservationDuration) {

  /**
   * Checks the request.
   *
   * @param eventTypeId the event type ID
   * @param slotStart the slot start
   * @param slotDuration the slot duration
   * @param reservationDuration the reservation duration
   * @throws ValidationException naming the field to fix
   */
  public ReserveSlotRequest {
    Checks.positive("eventTypeId", eventTypeId);
    Checks.instant("slotStart", slotStart);
    if (slotDuration != null) {
      Checks.between("slotDuration", slotDuration, 1, Checks.MAX_MINUTES);
    }
    if (reservationDuration != null) {
      Checks.between("reservationDuration", reservationDuration, 1, Checks.MAX_MINUTES);
    }
  }

  /**
   * Holds the slot at {@code slotStart} of {@code eventTypeId} for Cal.com's default time.
   *
   * @param eventTypeId the event type ID
   * @param slotStart the slot start
   * @return holds the slot at {@code slotStart} of {@code eventTypeId} for Cal.com's default time
   */
  public static ReserveSlotRequest of(long eventTypeId, Instant slotStart) {
    return new ReserveSlotRequest(eventTypeId, slotStart, null, null);
  }

  /**
   * This request with a slot length (multi-duration event types).
   *
   * @param minutes the minutes
   * @return this request with a slot length (multi-duration event types)
   */
  public ReserveSlotRequest withSlotDuration(int minutes) {
    return new ReserveSlotRequest(eventTypeId, slotStart, minutes, reservationDuration);
  }

  /**
   * This request holding the slot for {@code minutes}.
   *
   * @param minutes the minutes
   * @return this request holding the slot for {@code minutes}
   */
  public ReserveSlotRequest withReservationDuration(int minutes) {
    return new ReserveSlotRequest(eventTypeId, slotStart, slotDuration, minutes);
  }
}
