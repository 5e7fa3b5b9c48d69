package dev.calcomclient.internal;

import dev.calcomclient.ValidationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules Cal.com enforces, checked before a request is built so that bad input fails fast with a
 * {@link ValidationException} naming the field, and nothing is sent.
 */
public final class Checks {
  /** Cal.com's metadata limits (CreateBookingInput_2024_08_13): keys per object. */
  public static final int METADATA_MAX_KEYS = 50;
  /** Maximum metadata key length. */
  public static final int METADATA_MAX_KEY_LENGTH = 40;
  /** Maximum metadata value length. */
  public static final int METADATA_MAX_VALUE_LENGTH = 500;

  // Deliberately loose: one '@', no whitespace, a dot in the domain. The server has the final word.
  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@.]+");
  // E.164, which is what Cal.com's @IsPhoneNumber() accepts without a region.
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{5,14}");
  private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();

  private Checks() {}

  /** Requires {@code value > 0}. */
  public static long positive(String field, long value) {
    if (value <= 0) {
      throw new ValidationException(field, "must be positive, got " + value);
    }
    return value;
  }

  /** Requires a non-null, non-blank string. */
  public static String notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, "is required and must not be blank");
    }
    return value;
  }

  /** Requires a non-null value. */
  public static <T> T required(String field, T value) {
    if (value == null) {
      throw new ValidationException(field, "is required");
    }
    return value;
  }

  /** Requires {@code min <= value <= max}. */
  public static int between(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ValidationException(field, "must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Requires a plausible email address (one {@code @}, a dotted domain, no whitespace). */
  public static String email(String field, String value) {
    notBlank(field, value);
    if (!EMAIL.matcher(value).matches()) {
      throw new ValidationException(field, "must be a valid email address, got '" + value + "'");
    }
    return value;
  }

  /** Requires an E.164 phone number such as {@code +14155550123}. */
  public static String phone(String field, String value) {
    notBlank(field, value);
    if (!PHONE.matcher(value).matches()) {
      throw new ValidationException(field, "must be an E.164 phone number such as +14155550123, got '" + value + "'");
    }
    return value;
  }

  /** Requires an IANA region id (such as {@code Europe/Berlin}); fixed offsets such as {@code +02:00} are refused. */
  public static ZoneId ianaZone(String field, ZoneId zone) {
    required(field, zone);
    if (!IANA_ZONES.contains(zone.getId())) {
      throw new ValidationException(
          field, "must be an IANA time zone such as Europe/Berlin, got '" + zone.getId() + "'");
    }
    return zone;
  }

  /** Parses an IANA time zone name. */
  public static ZoneId parseZone(String field, String name) {
    notBlank(field, name);
    if (!IANA_ZONES.contains(name)) {
      throw new ValidationException(field, "must be an IANA time zone such as Europe/Berlin, got '" + name + "'");
    }
    return ZoneId.of(name);
  }

  /** Parses an ISO-8601 instant, with {@code Z} or an offset ({@code 2050-09-05T09:00:00+02:00}). */
  public static Instant parseInstant(String field, String text) {
    notBlank(field, text);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          field, "must be an ISO-8601 instant such as 2050-09-05T07:00:00Z, got '" + text + "'");
    }
  }

  /** Enforces Cal.com's metadata limits: at most 50 keys, keys up to 40 and values up to 500 characters. */
  public static Map<String, String> metadata(String field, Map<String, String> metadata) {
    if (metadata == null) {
      return Map.of();
    }
    if (metadata.size() > METADATA_MAX_KEYS) {
      throw new ValidationException(
          field, "must have at most " + METADATA_MAX_KEYS + " keys, got " + metadata.size());
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String key = e.getKey();
      if (key == null || key.isEmpty()) {
        throw new ValidationException(field, "keys must not be empty");
      }
      if (key.length() > METADATA_MAX_KEY_LENGTH) {
        throw new ValidationException(
            field,
            "keys must be at most " + METADATA_MAX_KEY_LENGTH + " characters, got " + key.length()
                + " for '" + key + "'");
      }
      if (e.getValue() == null) {
        throw new ValidationException(field + "." + key, "must not be null");
      }
      if (e.getValue().length() > METADATA_MAX_VALUE_LENGTH) {
        throw new ValidationException(
            field + "." + key,
            "must be at most " + METADATA_MAX_VALUE_LENGTH + " characters, got " + e.getValue().length());
      }
    }
    return metadata;
  }
}
