package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

/**
 * A person attending a booking.
 *
 * @param name display name
 * @param email email address (Cal.com may synthesise one for phone-only attendees)
 * @param timeZone the attendee's time zone as sent at booking (see {@link #zone()})
 * @param language the attendee's locale code, such as {@code en}, or {@code null}
 * @param absent whether the attendee was marked as a no-show, or {@code null}
 * @param phoneNumber phone number, or {@code null}
 * @param seatUid the attendee's seat (seated event types only), or {@code null}
 * @param bookingFieldsResponses the attendee's own booking-field answers (seated event types only)
 * @param metadata the attendee's seat metadata (seated event types only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BookingAttendee(
    String name,
    String email,
    String timeZone,
    String language,
    Boolean absent,
    String phoneNumber,
    String seatUid,
    Map<String, Object> bookingFieldsResponses,
    Map<String, Object> metadata) {

  /**
   * Copies the maps; {@code null} becomes empty.
   *
   * @param name the name
   * @param email the email
   * @param timeZone the time zone
   * @param language the language
   * @param absent the absent
   * @param phoneNumber the phone number
   * @param seatUid the seat uid
   * @param bookingFieldsResponses the booking fields responses
   * @param metadata the metadata
   */
  public BookingAttendee {
    bookingFieldsResponses = Copies.map(bookingFieldsResponses);
    metadata = Copies.map(metadata);
  }

  /**
   * The attendee's time zone, if it is one Java knows.
   *
   * @return the attendee's time zone, if it is one Java knows
   */
  public Optional<ZoneId> zone() {
    return Zones.parse(timeZone);
  }
}
