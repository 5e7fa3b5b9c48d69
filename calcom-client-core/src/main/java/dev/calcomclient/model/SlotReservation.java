package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;

/**
 * A temporary hold on a slot ({@code ReserveSlotOutput_2024_09_04}): while it lasts nobody else can book the
 * event type at {@link #slotStart()}.
 *
 * @param eventTypeId the event type the slot belongs to
 * @param slotStart the reserved slot's start
 * @param slotEnd the reserved slot's end
 * @param slotDuration the slot's length in minutes
 * @param reservationUid the id to read, update or release the reservation with
 * @param reservationDuration how many minutes the hold lasts
 * @param reservationUntil when the hold expires
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotReservation(
    long eventTypeId,
    Instant slotStart,
    Instant slotEnd,
    Integer slotDuration,
    String reservationUid,
    Integer reservationDuration,
    Instant reservationUntil) {}
