package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.ZoneId;

/**
 * The person a new booking is for ({@code attendee} of {@code CreateBookingInput_2024_08_13}). Cal.com needs a
 * name, an IANA time zone and at least one of email and phone number; checked on construction.
 *
 * @param name display name
 * @param timeZone the attendee's IANA time zone (used for notifications)
 * @param email email address, or {@code null} when a phone number is given
 * @param phoneNumber E.164 phone number such as {@code +14155550123}, or {@code null} when an email is given
 * @param language locale code for notifications (such as {@code en}, {@code de}, {@code pt-BR}), or {@code null}
 *     for Cal.com's default
 */
public record Attendee(String name, ZoneId timeZone, String email, String phoneNumber, String language) {
  private static final java.util.regex.Pattern LANGUAGE = java.util.regex.Pattern.compile("[a-z]{2,3}(-[A-Za-z]{2,4})?");

  /**
   * Checks the attendee.
   *
   * @param name the name
   * @param timeZone the time zone
   * @param email the email
   * @param phoneNumber the phone number
   * @param language the language
   * @throws ValidationException naming the field to fix
   */
  public Attendee {
    Checks.name("attendee.name", name);
    timeZone = Checks.zone("attendee.timeZone", timeZone);
    if (email == null && phoneNumber == null) {
      throw new ValidationException("attendee.email", "or attendee.phoneNumber is required");
    }
    if (email != null) {
      Checks.email("attendee.email", email);
    }
    if (phoneNumber != null) {
      Checks.phone("attendee.phoneNumber", phoneNumber);
    }
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      // Cal.com's BookingLanguage enum holds codes such as en, de, pt-BR, zh-TW.
      throw new ValidationException(
          "attendee.language", "must be a language code such as en, de or pt-BR, got " + Checks.quote(language));
    }
  }

  /**
   * An attendee reachable by email.
   *
   * @param name the name
   * @param email the email
   * @param timeZone the time zone
   * @return an attendee reachable by email
   */
  public static Attendee withEmail(String name, String email, ZoneId timeZone) {
    return new Attendee(name, timeZone, email, null, null);
  }

  /**
   * An attendee reachable by email, with the time zone given by IANA name.
   *
   * @param name the name
   * @param email the email
   * @param timeZone the time zone
   * @return an attendee reachable by email, with the time zone given by IANA name
   */
  public static Attendee withEmail(String name, String email, String timeZone) {
    return new Attendee(name, zone(timeZone), email, null, null);
  }

  /**
   * An attendee reachable by phone only.
   *
   * @param name the name
   * @param phoneNumber the phone number
   * @param timeZone the time zone
   * @return an attendee reachable by phone only
   */
  public static Attendee withPhone(String name, String phoneNumber, ZoneId timeZone) {
    return new Attendee(name, timeZone, null, phoneNumber, null);
  }

  /**
   * This attendee with a phone number as well.
   *
   * @param phoneNumber the phone number
   * @return this attendee with a phone number as well
   */
  public Attendee withPhoneNumber(String phoneNumber) {
    return new Attendee(name, timeZone, email, phoneNumber, language);
  }

  /**
   * This attendee with a notification language, such as {@code de}.
   *
   * @param language the language
   * @return this attendee with a notification language, such as {@code de}
   */
  public Attendee withLanguage(String language) {
    return new Attendee(name, timeZone, email, phoneNumber, language);
  }

  private static ZoneId zone(String timeZone) {
    return timeZone == null ? null : Checks.parseZone("attendee.timeZone", timeZone);
  }
}
