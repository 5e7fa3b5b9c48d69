package dev.calcomclient.model;

import dev.calcomclient.internal.Checks;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a new booking takes place, one of the location types the event type offers. Use the factories; the
 * record form exists for types this version does not know.
 *
 * @param type Cal.com's location type, such as {@code integration} or {@code attendeePhone}
 * @param details the type's other fields, such as {@code {"integration":"cal-video"}}
 */
public record BookingLocation(String type, Map<String, String> details) {

  /**
   * Checks the type and copies the details.
   *
   * @param type the type
   * @param details the details
   */
  public BookingLocation {
    Checks.name("location.type", type);
    details = Copies.map(details);
    for (Map.Entry<String, String> e : details.entrySet()) {
      Checks.name("location", e.getKey());
      Checks.text("location." + e.getKey(), e.getValue(), Checks.MAX_TEXT);
    }
  }

  /**
   * The organizer's address, as configured on the event type.
   *
   * @return the organizer's address, as configured on the event type
   */
  public static BookingLocation address() {
    return new BookingLocation("address", Map.of());
  }

  /**
   * An address given by the attendee.
   *
   * @param address the address
   * @return an address given by the attendee
   */
  public static BookingLocation attendeeAddress(String address) {
    return new BookingLocation("attendeeAddress", Map.of("address", Checks.text("location.address", address, Checks.MAX_TEXT)));
  }

  /**
   * A free-form location given by the attendee.
   *
   * @param location the location
   * @return a free-form location given by the attendee
   */
  public static BookingLocation attendeeDefined(String location) {
    return new BookingLocation(
        "attendeeDefined", Map.of("location", Checks.text("location.location", location, Checks.MAX_TEXT)));
  }

  /**
   * The organizer calls the attendee at {@code phone}.
   *
   * @param phone the phone
   * @return the organizer calls the attendee at {@code phone}
   */
  public static BookingLocation attendeePhone(String phone) {
    return new BookingLocation("attendeePhone", Map.of("phone", Checks.phone("location.phone", phone)));
  }

  /**
   * A conferencing integration, such as {@code cal-video}, {@code google-meet} or {@code zoom}.
   *
   * @param integration the integration
   * @return a conferencing integration, such as {@code cal-video}, {@code google-meet} or {@code zoom}
   */
  public static BookingLocation integration(String integration) {
    return new BookingLocation(
        "integration", Map.of("integration", Checks.name("location.integration", integration)));
  }

  /**
   * The organizer's meeting link, as configured on the event type.
   *
   * @return the organizer's meeting link, as configured on the event type
   */
  public static BookingLocation link() {
    return new BookingLocation("link", Map.of());
  }

  /**
   * The organizer's phone number, as configured on the event type.
   *
   * @return the organizer's phone number, as configured on the event type
   */
  public static BookingLocation phone() {
    return new BookingLocation("phone", Map.of());
  }

  /**
   * The organizer's default conferencing app (team event types).
   *
   * @return the organizer's default conferencing app (team event types)
   */
  public static BookingLocation organizersDefaultApp() {
    return new BookingLocation("organizersDefaultApp", Map.of());
  }

  /**
   * The JSON object Cal.com expects: {@code type} plus the details.
   *
   * @return the JSON object Cal.com expects: {@code type} plus the details
   */
  public Map<String, String> toJson() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("type", type);
    out.putAll(details);
    return out;
  }
}
