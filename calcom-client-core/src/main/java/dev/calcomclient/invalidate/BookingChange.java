package dev.calcomclient.invalidate;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A booking that changed someone's availability: made, cancelled, rescheduled, rejected, paid... through this
 * client or reported by a verified webhook. The invalidator turns it into the exact slot tags whose answer may
 * have changed.
 *
 * @param kind what happened
 * @param bookingUid the booking's uid, or {@code null} when unknown
 * @param eventTypeId the booked event type, or {@code null} when unknown (then only host-based invalidation is
 *     possible, and with no hosts either, every cached event type on those days)
 * @param start the booking's start (the new start for a reschedule)
 * @param end the booking's end (the new end for a reschedule)
 * @param previousStart for a reschedule, the old start, or {@code null} when unknown
 * @param previousEnd for a reschedule, the old end, or {@code null} when unknown
 * @param hostUserIds the users whose calendars the booking blocks (the assigned hosts), empty when unknown
 */
public record BookingChange(
    Kind kind,
    String bookingUid,
    Long eventTypeId,
    Instant start,
    Instant end,
    Instant previousStart,
    Instant previousEnd,
    Set<Long> hostUserIds) {

  /**
   * Checks and copies the components.
   *
   * @param kind the kind
   * @param bookingUid the booking uid
   * @param eventTypeId the event type ID
   * @param start the start
   * @param end the end
   * @param previousStart the previous start
   * @param previousEnd the previous end
   * @param hostUserIds the host user ids
   */
  public BookingChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end must not be before start");
    }
    if ((previousStart == null) != (previousEnd == null)) {
      throw new IllegalArgumentException("previousStart and previousEnd are set together");
    }
    hostUserIds = hostUserIds == null ? Set.of() : Set.copyOf(hostUserIds);
  }

  /**
   * A new booking that takes time.
   *
   * @param uid the uid
   * @param eventTypeId the event type ID
   * @param start the start
   * @param end the end
   * @param hosts the hosts
   * @return a new booking that takes time
   */
  public static BookingChange created(String uid, Long eventTypeId, Instant start, Instant end, Set<Long> hosts) {
    return new BookingChange(Kind.CREATED, uid, eventTypeId, start, end, null, null, hosts);
  }

  /**
   * A booking that freed its time.
   *
   * @param uid the uid
   * @param eventTypeId the event type ID
   * @param start the start
   * @param end the end
   * @param hosts the hosts
   * @return a booking that freed its time
   */
  public static BookingChange cancelled(String uid, Long eventTypeId, Instant start, Instant end, Set<Long> hosts) {
    return new BookingChange(Kind.CANCELLED, uid, eventTypeId, start, end, null, null, hosts);
  }

  /**
   * A booking moved from {@code previousStart..previousEnd} to {@code start..end}.
   *
   * @param uid the uid
   * @param eventTypeId the event type ID
   * @param start the start
   * @param end the end
   * @param previousStart the previous start
   * @param previousEnd the previous end
   * @param hosts the hosts
   * @return a booking moved from {@code previousStart..previousEnd} to {@code start..end}
   */
  public static BookingChange rescheduled(
      String uid,
      Long eventTypeId,
      Instant start,
      Instant end,
      Instant previousStart,
      Instant previousEnd,
      Set<Long> hosts) {
    return new BookingChange(Kind.RESCHEDULED, uid, eventTypeId, start, end, previousStart, previousEnd, hosts);
  }

  /** What happened to the booking. */
  public enum Kind {
    /** Made (or requested, or paid): the time is taken. */
    CREATED,
    /** Cancelled or rejected: the time is free again. */
    CANCELLED,
    /** Moved: the old time is free, the new one taken. */
    RESCHEDULED
  }
}
