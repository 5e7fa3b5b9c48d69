package dev.calcomclient.redis.support;

import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.testkit.DefaultDataset;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The queries of a voice-agent deployment against the fake's default data: a day's slots of a popular event type
 * (the same few queries again and again) and the starts of "intro-call" to book, from a Monday in the fake's future.
 */
public final class MixedTraffic {
  /** A Monday in the fake's future (its clock starts on the Thursday before). */
  public static final LocalDate MONDAY = LocalDate.parse("2050-09-05");
  public static final Instant NOW = Instant.parse("2050-09-01T00:00:00Z");
  private static final long[] POPULAR = {
    DefaultDataset.INTRO_CALL_ID, DefaultDataset.CONSULTATION_ID, DefaultDataset.PRODUCT_DEMO_ID,
    DefaultDataset.MENTORING_ID
  };
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private MixedTraffic() {}

  /** A day's slots of one of four popular event types, on one of three days. */
  public static SlotQuery dayLookup(int i) {
    Instant start = MONDAY.plusDays(Math.floorMod(i / POPULAR.length, 3)).atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(POPULAR[Math.floorMod(i, POPULAR.length)])
        .between(start, start.plus(Duration.ofDays(1)))
        .build();
  }

  /** The {@code i}-th start of "intro-call" (Mon-Fri 09:00-17:00 Berlin, 30 min) from {@link #MONDAY}. */
  public static Instant introCallSlot(int i) {
    LocalDate date = MONDAY;
    for (int d = 0; d < i / 16; d++) {
      date = date.plusDays(1);
      while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
        date = date.plusDays(1);
      }
    }
    return date.atTime(9, 0).atZone(BERLIN).plusMinutes(30L * (i % 16)).toInstant();
  }
}
