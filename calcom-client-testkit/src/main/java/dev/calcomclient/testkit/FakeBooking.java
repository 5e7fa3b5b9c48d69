package dev.calcomclient.testkit;

import java.time.Instant;
import java.util.List;

/**
 * Immutable snapshot of a booking held by {@link FakeCalcom}, for assertions in tests.
 *
 * @param id                 numeric booking id
 * @param uid                booking uid (used in {@code /v2/bookings/{uid}})
 * @param eventTypeId        booked event type
 * @param start              start instant
 * @param end                end instant
 * @param status             current status
 * @param attendeeName       the attendee's name
 * @param attendeeEmail      the attendee's email (may be {@code null} for phone-only attendees)
 * @param attendeeTimeZone   the attendee's time zone
 * @param hostIds            users whose time this booking occupies
 * @param createdAt          creation instant (from the fake's clock)
 * @param cancellationReason reason given on cancel, or {@code null}
 * @param rescheduledFromUid uid of the booking this one replaced, or {@code null}
 * @param rescheduledToUid   uid of the booking that replaced this one, or {@code null}
 */
public record FakeBooking(
    long id,
    String uid,
    long eventTypeId,
    Instant start,
    Instant end,
    FakeBookingStatus status,
    String attendeeName,
    String attendeeEmail,
    String attendeeTimeZone,
    List<Long> hostIds,
    Instant createdAt,
    String cancellationReason,
    String rescheduledFromUid,
    String rescheduledToUid) {

  /**
   * Copies the host list.
   *
   * @param id the ID
   * @param uid the uid
   * @param eventTypeId the event type ID
   * @param start the start
   * @param end the end
   * @param status the status
   * @param attendeeName the attendee name
   * @param attendeeEmail the attendee email
   * @param attendeeTimeZone the attendee time zone
   * @param hostIds the host ids
   * @param createdAt the created at
   * @param cancellationReason the cancellation reason
   * @param rescheduledFromUid the rescheduled from uid
   * @param rescheduledToUid the rescheduled to uid
   */
  public FakeBooking {
    hostIds = List.copyOf(hostIds);
  }
}
