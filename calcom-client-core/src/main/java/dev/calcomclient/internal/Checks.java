package dev.calcomclient.internal;

import dev.calcomclient.ValidationException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input rules Cal.com enforces, checked before a request is built so that bad input fails fast with a
 * {@link ValidationException} naming the field, and nothing is sent. A message quotes at most a short, escaped prefix
 * of the offending value ({@link #quote}).
 *
 * <p>Where the limits come from (Cal.com's source, apps/api/v2 and packages/platform/types):
 * <ul>
 *   <li>{@code GetAvailableSlotsInput_2024_09_04}: {@code end} is clamped by the server to one year from today, so a
 *       range longer than {@link #MAX_SLOT_RANGE} can never be answered in full; start and end are strict ISO-8601
 *       date strings (four-digit years).
 *   <li>{@code CreateBookingInput_2024_08_13}: metadata at most 50 keys, keys up to 40 and string values up to 500
 *       characters; attendee email checked with validator.js {@code isEmail} (no consecutive dots, local part up to
 *       64 and address up to 254 characters); phone with libphonenumber; {@code @IsTimeZone} zone names;
 *       {@code lengthInMinutes} an integer of at least 1. The DTO sets no length on free text (name, reasons): the
 *       bounds here ({@link #MAX_NAME}, {@link #MAX_TEXT}) keep a request small and are far above any real value.
 * </ul>
 */
public final class Checks {
  /** Cal.com's metadata limits (CreateBookingInput_2024_08_13): keys per object. */
  public static final int METADATA_MAX_KEYS = 50;
  /** Maximum metadata key length. */
  public static final int METADATA_MAX_KEY_LENGTH = 40;
  /** Maximum metadata value length. */
  public static final int METADATA_MAX_VALUE_LENGTH = 500;
  /** The longest slot search Cal.com answers in full: it clamps {@code end} to one year from today. */
  public static final Duration MAX_SLOT_RANGE = Duration.ofDays(366);
  /** The earliest instant accepted anywhere (Cal.com's dates are four-digit-year ISO strings; no booking predates it). */
  public static final Instant MIN_INSTANT = Instant.parse("1970-01-01T00:00:00Z");
  /** The latest instant accepted anywhere (the last four-digit year). */
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");
  /** The longest name, username, slug or uid accepted. */
  public static final int MAX_NAME = 255;
  /** The longest free text (a reason, an address, a booking field answer) accepted. */
  public static final int MAX_TEXT = 5_000;
  /** The longest email address (RFC 5321, and validator.js's isEmail). */
  public static final int MAX_EMAIL = 254;
  /** The longest meeting length in minutes accepted (a week). */
  public static final int MAX_MINUTES = 7 * 24 * 60;
  /** The most guests on one booking accepted. */
  public static final int MAX_GUESTS = 100;
  /** How deep nested booking field answers may go. */
  public static final int MAX_DEPTH = 8;
  /** How many values in total booking field answers may hold. */
  public static final int MAX_VALUES = 1_000;

  private static final int QUOTE_LENGTH = 40;
  // validator.js isEmail, simplified: a local part of atext and dots (no leading, trailing or doubled dot), a domain
  // of letter/digit/hyphen labels (hyphens not at the ends) and a top-level label of two or more letters.
  private static final Pattern EMAIL_LOCAL =
      Pattern.compile(
          "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern EMAIL_DOMAIN =
      Pattern.compile("([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+[\\p{L}]{2,63}");
  // E.164, which is what Cal.com's @IsPhoneNumber() accepts without a region.
  private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{5,14}");
  private static final Set<String> IANA_ZONES = ZoneId.getAvailableZoneIds();
  private static final Set<String> UTC_SPELLINGS =
      Set.of("z", "utc", "gmt", "ut", "etc/utc", "etc/gmt", "etc/uct", "uct", "etc/universal", "universal",
          "etc/zulu", "zulu", "etc/greenwich", "greenwich", "gmt0", "etc/gmt0", "etc/gmt+0", "etc/gmt-0", "gmt+0",
          "gmt-0", "utc+0", "utc-0", "+00:00", "-00:00", "+0", "-0", "utc+00:00", "gmt+00:00");
  private static final ZoneId UTC = ZoneId.of("UTC");

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

  /**
   * A one-line name (a person's name, a username, a slug, a uid): not blank, at most {@code max} characters, no
   * control character.
   */
  public static String name(String field, String value, int max) {
    notBlank(field, value);
    length(field, value, max);
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new ValidationException(field, "must not contain control characters, got " + quote(value));
      }
    }
    return value;
  }

  /** A one-line name of at most {@link #MAX_NAME} characters. */
  public static String name(String field, String value) {
    return name(field, value, MAX_NAME);
  }

  /**
   * Free text (a reason, an address): not blank, at most {@code max} characters, no control character other than
   * tab, line feed and carriage return.
   */
  public static String text(String field, String value, int max) {
    notBlank(field, value);
    length(field, value, max);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        throw new ValidationException(field, "must not contain control characters, got " + quote(value));
      }
    }
    return value;
  }

  private static void length(String field, String value, int max) {
    if (value.length() > max) {
      throw new ValidationException(
          field, "must be at most " + max + " characters, got " + value.length() + ": " + quote(value));
    }
  }

  /**
   * Requires an email address as Cal.com's validator.js {@code isEmail} accepts it: one {@code @}, a local part of at
   * most 64 characters without leading, trailing or doubled dots, a domain of valid labels, at most 254 characters
   * in all, no whitespace or control character.
   */
  public static String email(String field, String value) {
    notBlank(field, value);
    int at = value.lastIndexOf('@');
    boolean ok =
        value.length() <= MAX_EMAIL
            && at > 0
            && at <= 64
            && at < value.length() - 1
            && EMAIL_LOCAL.matcher(value.substring(0, at)).matches()
            && EMAIL_DOMAIN.matcher(value.substring(at + 1)).matches();
    if (!ok) {
      throw new ValidationException(field, "must be a valid email address, got " + quote(value));
    }
    return value;
  }

  /** Requires an E.164 phone number such as {@code +14155550123}. */
  public static String phone(String field, String value) {
    notBlank(field, value);
    if (!PHONE.matcher(value).matches()) {
      throw new ValidationException(field, "must be an E.164 phone number such as +14155550123, got " + quote(value));
    }
    return value;
  }

  /**
   * The one time-zone rule of the whole API. Accepts an IANA region (such as {@code Europe/Berlin}), UTC however
   * written ({@code ZoneOffset.UTC}, {@code Z}, {@code UTC}, {@code GMT}, {@code Etc/UTC}, {@code +00:00}) and any
   * fixed offset an IANA name expresses: a whole number of hours from -12 to +14 ({@code +02:00} becomes
   * {@code Etc/GMT-2}, IANA's inverted sign). Returns the IANA form, which is what Cal.com's {@code @IsTimeZone}
   * accepts. Refuses other fixed offsets ({@code +05:30}: name the region, such as {@code Asia/Kolkata}) and ids no
   * IANA database knows.
   */
  public static ZoneId zone(String field, ZoneId zone) {
    required(field, zone);
    if (UTC_SPELLINGS.contains(zone.getId().toLowerCase(Locale.ROOT))) {
      return UTC;
    }
    ZoneId normalized = zone.normalized();
    if (normalized instanceof ZoneOffset offset) {
      return fixedOffset(field, offset, zone.getId());
    }
    if (!IANA_ZONES.contains(zone.getId())) {
      throw new ValidationException(
          field, "must be an IANA time zone such as Europe/Berlin, got " + quote(zone.getId()));
    }
    return zone;
  }

  private static ZoneId fixedOffset(String field, ZoneOffset offset, String written) {
    int seconds = offset.getTotalSeconds();
    if (seconds == 0) {
      return UTC;
    }
    int hours = seconds / 3600;
    if (seconds % 3600 != 0 || hours < -12 || hours > 14) {
      throw new ValidationException(
          field,
          "a fixed offset of " + offset + " has no IANA name; use the region's zone (such as Asia/Kolkata for"
              + " +05:30), got " + quote(written));
    }
    // IANA's Etc/GMT zones invert the sign: Etc/GMT-2 is two hours ahead of UTC.
    return ZoneId.of("Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours));
  }

  /** Requires a zone under {@link #zone(String, ZoneId)}'s rule; kept for callers that said "IANA". */
  public static ZoneId ianaZone(String field, ZoneId zone) {
    return zone(field, zone);
  }

  /** Parses a time zone name under {@link #zone(String, ZoneId)}'s rule. */
  public static ZoneId parseZone(String field, String name) {
    name(field, name, 64);
    if (UTC_SPELLINGS.contains(name.strip().toLowerCase(Locale.ROOT))) {
      return UTC;
    }
    ZoneId parsed;
    try {
      parsed = ZoneId.of(name.strip());
    } catch (DateTimeException e) {
      throw new ValidationException(field, "must be an IANA time zone such as Europe/Berlin, got " + quote(name));
    }
    return zone(field, parsed);
  }

  /** Parses an ISO-8601 instant, with {@code Z} or an offset ({@code 2050-09-05T09:00:00+02:00}). */
  public static Instant parseInstant(String field, String text) {
    notBlank(field, text);
    if (text.length() > 64) {
      throw new ValidationException(field, "must be an ISO-8601 instant, got " + quote(text));
    }
    try {
      return instant(field, OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      throw new ValidationException(
          field, "must be an ISO-8601 instant such as 2050-09-05T07:00:00Z, got " + quote(text));
    }
  }

  /** Requires an instant between {@link #MIN_INSTANT} and {@link #MAX_INSTANT} (four-digit years from 1970). */
  public static Instant instant(String field, Instant value) {
    required(field, value);
    if (value.isBefore(MIN_INSTANT) || value.isAfter(MAX_INSTANT)) {
      throw new ValidationException(
          field, "must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ", got " + quote(value.toString()));
    }
    return value;
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
                + " for " + quote(key));
      }
      if (e.getValue() == null) {
        throw new ValidationException(field + "." + quoteKey(key), "must not be null");
      }
      if (e.getValue().length() > METADATA_MAX_VALUE_LENGTH) {
        throw new ValidationException(
            field + "." + quoteKey(key),
            "must be at most " + METADATA_MAX_VALUE_LENGTH + " characters, got " + e.getValue().length());
      }
    }
    return metadata;
  }

  /**
   * Checks answers to booking fields (a JSON object: text, numbers, booleans, lists and objects) and returns a deep,
   * immutable copy: keys are non-blank names, no null key, no cycle, at most {@link #MAX_DEPTH} levels and
   * {@link #MAX_VALUES} values, text up to {@link #MAX_TEXT} characters.
   */
  public static Map<String, Object> jsonObject(String field, Map<String, ?> value) {
    if (value == null) {
      return Map.of();
    }
    int[] count = {0};
    @SuppressWarnings("unchecked")
    Map<String, Object> copy =
        (Map<String, Object>) jsonValue(field, value, 0, new IdentityHashMap<>(), count);
    return copy;
  }

  private static Object jsonValue(
      String path, Object value, int depth, IdentityHashMap<Object, Boolean> open, int[] count) {
    if (++count[0] > MAX_VALUES) {
      throw new ValidationException(path, "holds more than " + MAX_VALUES + " values in all");
    }
    if (value == null || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Number n) {
      if ((n instanceof Double d && !Double.isFinite(d)) || (n instanceof Float f && !Float.isFinite(f))) {
        throw new ValidationException(path, "must be a finite number, got " + n);
      }
      return n;
    }
    if (value instanceof CharSequence cs) {
      String text = cs.toString();
      if (text.length() > MAX_TEXT) {
        throw new ValidationException(
            path, "must be at most " + MAX_TEXT + " characters, got " + text.length() + ": " + quote(text));
      }
      return text;
    }
    if (!(value instanceof Map) && !(value instanceof Collection)) {
      throw new ValidationException(
          path, "must be text, a number, a boolean, a list or an object, got a " + value.getClass().getSimpleName());
    }
    if (depth >= MAX_DEPTH) {
      throw new ValidationException(path, "must be nested at most " + MAX_DEPTH + " levels deep");
    }
    if (open.put(value, Boolean.TRUE) != null) {
      throw new ValidationException(path, "must not contain itself (a cycle)");
    }
    try {
      if (value instanceof Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!(e.getKey() instanceof String key) || key.isBlank()) {
            throw new ValidationException(path, "keys must be non-blank text, got " + quoteObject(e.getKey()));
          }
          String child = path + "." + quoteKey(key);
          name(child, key, MAX_NAME);
          out.put(key, jsonValue(child, e.getValue(), depth + 1, open, count));
        }
        return java.util.Collections.unmodifiableMap(out);
      }
      List<Object> out = new java.util.ArrayList<>();
      int i = 0;
      for (Object item : (Collection<?>) value) {
        out.add(jsonValue(path + "[" + i++ + "]", item, depth + 1, open, count));
      }
      return java.util.Collections.unmodifiableList(out);
    } finally {
      open.remove(value);
    }
  }

  /**
   * At most {@value #QUOTE_LENGTH} characters of {@code value}, in single quotes, with control and non-ASCII
   * characters escaped as {@code \\uXXXX}, and the length when it was cut. Used for every input a message quotes.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(value.length(), QUOTE_LENGTH);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c > 0x7e || c == '\'') {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('\'');
    if (value.length() > n) {
      sb.append("... (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  private static String quoteKey(String key) {
    String q = quote(key);
    return q.substring(1, q.lastIndexOf('\''));
  }

  private static String quoteObject(Object o) {
    return o == null ? "null" : quote(String.valueOf(o));
  }
}
