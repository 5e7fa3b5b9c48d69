package dev.calcomclient.cache.internal;

import dev.calcomclient.model.Slot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One slot as the cache holds it: instants, independent of any time zone, with the end always present when
 * Cal.com sent one (days are fetched in range format).
 *
 * @param start the slot's start
 * @param end the slot's end, or {@code null} when Cal.com sent none
 * @param seatsBooked seats taken (seated types), or {@code null}
 * @param seatsRemaining seats free (seated types), or {@code null}
 * @param seatsTotal seats per slot (seated types), or {@code null}
 * @param bookingUid the seated booking of this slot, or {@code null}
 */
record CachedSlot(
    Instant start, Instant end, Integer seatsBooked, Integer seatsRemaining, Integer seatsTotal, String bookingUid) {

  /** Checks that the slot has a start. */
  public CachedSlot {
    Objects.requireNonNull(start, "start");
  }

  /** The cached form of a decoded slot. */
  public static CachedSlot of(Slot slot) {
    return new CachedSlot(
        slot.startInstant(),
        slot.end() == null ? null : slot.end().toInstant(),
        slot.seatsBooked(),
        slot.seatsRemaining(),
        slot.seatsTotal(),
        slot.bookingUid());
  }

  /** The slot as Cal.com would send it for {@code zone}, with or without its end. */
  public Slot toSlot(ZoneId zone, boolean withEnd) {
    OffsetDateTime s = OffsetDateTime.ofInstant(start, zone);
    OffsetDateTime e = withEnd && end != null ? OffsetDateTime.ofInstant(end, zone) : null;
    return new Slot(s, e, seatsBooked, seatsRemaining, seatsTotal, bookingUid);
  }
}
