package dev.calcomclient.webhook;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The booking a booking webhook describes: the fields of Cal.com's payload that matter to a client (the whole
 * payload stays available as JSON in {@link WebhookEvent#payload()}).
 *
 * <p>For {@code BOOKING_RESCHEDULED}, Cal.com sends the <em>new</em> booking: {@code uid}, {@code startTime} and
 * {@code endTime} are the new booking's, while {@code rescheduleUid}, {@code rescheduleStartTime} and
 * {@code rescheduleEndTime} describe the booking it replaced.
 *
 * @param uid the booking's uid, or {@code null}
 * @param bookingId the booking's numeric id, or {@code null}
 * @param eventTypeId the booked event type, or {@code null} (dynamic group bookings have none)
 * @param eventTypeSlug the event type's slug ({@code type} in the payload), or {@code null}
 * @param title the booking's title, or {@code null}
 * @param startTime when the booking starts
 * @param endTime when the booking ends
 * @param status the booking's status as sent, upper-case (for example {@code ACCEPTED}), or {@code null}
 * @param organizerId the organizer's user id, or {@code null}
 * @param organizerEmail the organizer's email, or {@code null}
 * @param teamMemberIds user ids of the other hosts of a team booking ({@code team.members[].id}), empty otherwise
 * @param attendees the attendees, in the order sent
 * @param rescheduleUid for a reschedule, the uid of the booking it replaced, else {@code null}
 * @param rescheduleStartTime for a reschedule, the old start, else {@code null}
 * @param rescheduleEndTime for a reschedule, the old end, else {@code null}
 * @param cancellationReason for a cancellation, the reason given ({@code ""} when none), else {@code null}
 */
public record BookingPayload(
    String uid,
    Long bookingId,
    Long eventTypeId,
    String eventTypeSlug,
    String title,
    Instant startTime,
    Instant endTime,
    String status,
    Long organizerId,
    String organizerEmail,
    Set<Long> teamMemberIds,
    List<WebhookAttendee> attendees,
    String rescheduleUid,
    Instant rescheduleStartTime,
    Instant rescheduleEndTime,
    String cancellationReason) {

  /**
   * Checks the times and copies the collections.
   *
   * @param uid the uid
   * @param bookingId the booking ID
   * @param eventTypeId the event type ID
   * @param eventTypeSlug the event type slug
   * @param title the title
   * @param startTime the start time
   * @param endTime the end time
   * @param status the status
   * @param organizerId the organizer ID
   * @param organizerEmail the organizer email
   * @param teamMemberIds the team member ids
   * @param attendees the attendees
   * @param rescheduleUid the reschedule uid
   * @param rescheduleStartTime the reschedule start time
   * @param rescheduleEndTime the reschedule end time
   * @param cancellationReason the cancellation reason
   */
  public BookingPayload {
    Objects.requireNonNull(startTime, "startTime");
    Objects.requireNonNull(endTime, "endTime");
    if (endTime.isBefore(startTime)) {
      throw new IllegalArgumentException("endTime must not be before startTime");
    }
    teamMemberIds = teamMemberIds == null ? Set.of() : Set.copyOf(teamMemberIds);
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
  }

  /**
   * The users whose calendars the booking blocks: the organizer and the other team hosts, when known.
   *
   * @return the users whose calendars the booking blocks: the organizer and the other team hosts, when known
   */
  public Set<Long> hostUserIds() {
    Set<Long> hosts = new LinkedHashSet<>();
    if (organizerId != null) {
      hosts.add(organizerId);
    }
    hosts.addAll(teamMemberIds);
    return Set.copyOf(hosts);
  }
}
