package dev.calcomclient.testkit.internal;

import java.time.Instant;

/** A slot reservation ({@code POST /v2/slots/reservations}): holds the slot until {@code until}. */
record Reservation(String uid, long eventTypeId, Instant slotStart, Instant slotEnd, int slotDuration,
    int reservationDuration, Instant until) {}
