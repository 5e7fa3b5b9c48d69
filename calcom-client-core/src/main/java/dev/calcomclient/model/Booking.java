package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A booking as API v2 (2024-08-13) returns it ({@code BookingOutput_2024_08_13}, and its recurring and seated
 * variants, which add {@link #recurringBookingUid()} and {@link #seatUid()}). Optional fields are {@code null}
 * when Cal.com omits them; collections are never {@code null}.
 *
 * @param id numeric id
 * @param uid the booking's uid, used in every {@code /v2/bookings/{uid}} path
 * @param title title
 * @param description description
 * @param hosts the organizers
 * @param status accepted, cancelled, rejected or pending (open set)
 * @param cancellationReason why it was cancelled, or {@code null}
 * @param cancelledByEmail who cancelled it, or {@code null}
 * @param reschedulingReason why it was rescheduled, or {@code null}
 * @param rescheduledByEmail who rescheduled it, or {@code null}
 * @param rescheduledFromUid the booking this one replaced, or {@code null}
 * @param rescheduledToUid the booking that replaced this one, or {@code null}
 * @param start start instant
 * @param end end instant
 * @param duration length in minutes
 * @param eventTypeId the event type id (deprecated by Cal.com in favour of {@link #eventType()})
 * @param eventType the event type's id and slug
 * @param meetingUrl the meeting URL (deprecated by Cal.com in favour of {@link #location()}), or {@code null}
 * @param location where the meeting takes place (an address, phone number or video link)
 * @param absentHost whether the host was marked as a no-show
 * @param createdAt when the booking was made
 * @param updatedAt when it last changed, or {@code null} (never updated)
 * @param metadata the caller-supplied metadata
 * @param rating the attendee's rating, or {@code null}
 * @param icsUid the calendar event's UID, or {@code null}
 * @param attendees the attendees
 * @param guests additional guest emails
 * @param bookingFieldsResponses answers to the booking form, keyed by field slug
 * @param recurringBookingUid the series uid for an occurrence of a recurring booking, or {@code null}
 * @param seatUid the caller's seat for a seated booking, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Booking(
    long id,
    String uid,
    String title,
    String description,
    List<BookingHost> hosts,
    BookingStatus status,
    String cancellationReason,
    String cancelledByEmail,
    String reschedulingReason,
    String rescheduledByEmail,
    String rescheduledFromUid,
    String rescheduledToUid,
    Instant start,
    Instant end,
    Integer duration,
    Long eventTypeId,
    BookingEventType eventType,
    String meetingUrl,
    String location,
    Boolean absentHost,
    Instant createdAt,
    Instant updatedAt,
    Map<String, Object> metadata,
    Integer rating,
    String icsUid,
    List<BookingAttendee> attendees,
    List<String> guests,
    Map<String, Object> bookingFieldsResponses,
    String recurringBookingUid,
    String seatUid) {

  /**
   * Copies collections; {@code null} becomes empty.
   *
   * @param id the ID
   * @param uid the uid
   * @param title the title
   * @param description the description
   * @param hosts the hosts
   * @param status the status
   * @param cancellationReason the cancellation reason
   * @param cancelledByEmail the cancelled by email
   * @param reschedulingReason the rescheduling reason
   * @param rescheduledByEmail the rescheduled by email
   * @param rescheduledFromUid the rescheduled from uid
   * @param rescheduledToUid the rescheduled to uid
   * @param start the start
   * @param end the end
   * @param duration the duration
   * @param eventTypeId the event type ID
   * @param eventType the event type
   * @param meetingUrl the meeting URL
   * @param location the location
   * @param absentHost the absent host
   * @param createdAt the created at
   * @param updatedAt the updated at
   * @param metadata the metadata
   * @param rating the rating
   * @param icsUid the ics uid
   * @param attendees the attendees
   * @param guests the guests
   * @param bookingFieldsResponses the booking fields responses
   * @param recurringBookingUid the recurring booking uid
   * @param seatUid the seat uid
   */
  public Booking {
    hosts = Copies.list(hosts);
    attendees = Copies.list(attendees);
    guests = Copies.list(guests);
    metadata = Copies.map(metadata);
    bookingFieldsResponses = Copies.map(bookingFieldsResponses);
  }

  /**
   * The event type id from {@link #eventType()}, falling back on the deprecated {@link #eventTypeId()}.
   *
   * @return the event type id from {@link #eventType()}, falling back on the deprecated {@link #eventTypeId()}
   */
  public Optional<Long> resolvedEventTypeId() {
    if (eventType != null && eventType.id() != null) {
      return Optional.of(eventType.id());
    }
    return Optional.ofNullable(eventTypeId);
  }

  /**
   * {@code end - start}, when both are present.
   *
   * @return {@code end - start}, when both are present
   */
  public Optional<Duration> length() {
    return start == null || end == null ? Optional.empty() : Optional.of(Duration.between(start, end));
  }

  /**
   * Whether the booking is cancelled or rejected.
   *
   * @return whether the booking is cancelled or rejected
   */
  public boolean isCancelled() {
    return BookingStatus.CANCELLED.equals(status) || BookingStatus.REJECTED.equals(status);
  }

  /**
   * Whether this booking is an occurrence of a recurring series.
   *
   * @return whether this booking is an occurrence of a recurring series
   */
  public boolean isRecurring() {
    return recurringBookingUid != null;
  }
}
