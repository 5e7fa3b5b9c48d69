package dev.calcomclient.testkit.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Time formats of the wire: ISO-8601 with milliseconds, {@code Z} for UTC, the zone offset otherwise. */
final class Times {
  private static final DateTimeFormatter WITH_OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private Times() {}

  /** {@code 2050-09-05T07:00:00.000Z}, as JavaScript's {@code toISOString()}. */
  public static String utc(Instant instant) {
    return WITH_OFFSET.format(instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC));
  }

  /** {@code 2050-09-05T09:00:00.000+02:00} in {@code zone}. */
  public static String inZone(Instant instant, ZoneId zone) {
    return WITH_OFFSET.format(instant.truncatedTo(ChronoUnit.MILLIS).atZone(zone));
  }

  public static boolean isDateOnly(String value) {
    return value != null && value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-';
  }

  /**
   * Parses an ISO-8601 date-time; without an offset it is read as UTC. Returns {@code null} when invalid.
   */
  public static Instant parseInstant(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    if (isDateOnly(value)) {
      try {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** A range bound of {@code GET /v2/slots}: a date alone means 00:00:00 (start) or 23:59:59 (end) in {@code zone}. */
  public static Instant parseRangeBound(String value, ZoneId zone, boolean end) {
    if (isDateOnly(value)) {
      try {
        LocalDate date = LocalDate.parse(value);
        return date.atTime(end ? LocalTime.of(23, 59, 59) : LocalTime.MIDNIGHT).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return parseInstant(value);
  }

  /** The zone for an IANA id, or {@code null} when it is not a valid region id. */
  public static ZoneId zoneOrNull(String id) {
    if (id == null || id.isBlank()) {
      return null;
    }
    try {
      ZoneId zone = ZoneId.of(id);
      return zone;
    } catch (DateTimeException e) {
      return null;
    }
  }
}
