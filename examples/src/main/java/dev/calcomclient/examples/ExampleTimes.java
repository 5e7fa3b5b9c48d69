package dev.calcomclient.examples;

import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

/** Dates, windows and formatting shared by the examples. */
final class ExampleTimes {
  /** The part of a day a caller is offered slots from, in the caller's zone. */
  static final LocalTime DAY_FROM = LocalTime.of(8, 0);

  /** The end of that part of the day. */
  static final LocalTime DAY_TO = LocalTime.of(18, 0);

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private ExampleTimes() {}

  /** The next {@code day} after today (never today) at {@code time} in {@code zone}, by {@code clock}. */
  static ZonedDateTime next(DayOfWeek day, LocalTime time, ZoneId zone, Clock clock) {
    LocalDate date = LocalDate.now(clock.withZone(zone)).with(TemporalAdjusters.next(day));
    return ZonedDateTime.of(date, time, zone);
  }

  /**
   * A query for the slots of {@code date} between {@link #DAY_FROM} and {@link #DAY_TO} in {@code zone}, answered in
   * that zone. (For European zones that part of the day lies within one UTC day, which is the cache's unit, so the
   * answer's {@link SlotsResult#source()} tells exactly where that day came from.)
   */
  static SlotQuery dayQuery(long eventTypeId, LocalDate date, ZoneId zone) {
    Instant from = ZonedDateTime.of(date, DAY_FROM, zone).toInstant();
    Instant to = ZonedDateTime.of(date, DAY_TO, zone).toInstant();
    return SlotQuery.forEventType(eventTypeId).between(from, to).timeZone(zone).build();
  }

  /** Whether a slot of {@code result} starts at {@code start}. */
  static boolean offers(SlotsResult result, Instant start) {
    return result.all().stream().anyMatch(s -> s.startInstant().equals(start));
  }

  /** "Mon 2050-09-05 10:00 Europe/Berlin". */
  static String dayAndTime(ZonedDateTime t) {
    return DAY.format(t) + " " + TIME.format(t) + " " + t.getZone();
  }

  /** "Mon 2050-09-05". */
  static String day(LocalDate date) {
    return DAY.format(date);
  }

  /** "10:00" in {@code zone}. */
  static String time(Instant instant, ZoneId zone) {
    return TIME.format(instant.atZone(zone));
  }

  /** The slots' local start times, "09:00 09:30 ...", at most {@code max} of them. */
  static String times(List<Slot> slots, ZoneId zone, int max) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < slots.size() && i < max; i++) {
      sb.append(i == 0 ? "" : " ").append(time(slots.get(i).startInstant(), zone));
    }
    if (slots.size() > max) {
      sb.append(" ...");
    }
    return sb.toString();
  }
}
