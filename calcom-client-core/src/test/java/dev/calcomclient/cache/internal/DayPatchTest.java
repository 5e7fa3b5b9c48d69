package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cal.com's conflict rule, half-open on both sides, on one cached day. */
class DayPatchTest {
  private static final LocalDate WED = LocalDate.parse("2050-09-07");
  private static final SlotKey KEY = new SlotKey(101, "default", WED);

  private static CachedSlot slot(String start, int minutes) {
    Instant s = Instant.parse("2050-09-07T" + start + ":00Z");
    return new CachedSlot(s, s.plus(Duration.ofMinutes(minutes)), null, null, null, null);
  }

  /** Every 15 min from 08:00 to 12:00, 60 min long. */
  private static SlotDay day() {
    List<CachedSlot> slots = new ArrayList<>();
    for (int m = 8 * 60; m <= 12 * 60; m += 15) {
      slots.add(slot(String.format("%02d:%02d", m / 60, m % 60), 60));
    }
    return new SlotDay(slots);
  }

  private static List<String> starts(SlotDay day) {
    return day.slots().stream().map(s -> s.start().toString().substring(11, 16)).toList();
  }

  @Test
  void aStartIsGoneWhenItsBufferedIntervalOverlapsTheBufferedBooking() {
    // The booking 10:00-10:30 with its type's 5 min before and 10 min after: busy 09:55-10:40.
    DayPatch patch = new DayPatch(Instant.parse("2050-09-07T09:55:00Z"), Instant.parse("2050-09-07T10:40:00Z"),
        Duration.ofMinutes(15), Duration.ofMinutes(20));
    // A slot s..s+60 widened to s-15..s+80 overlaps 09:55-10:40 when s+80 > 09:55 and s-15 < 10:40:
    // s > 08:35 and s < 10:55.
    assertThat(starts(patch.apply(KEY, day())))
        .containsExactly("08:00", "08:15", "08:30", "11:00", "11:15", "11:30", "11:45", "12:00");
  }

  @Test
  void touchingIntervalsDoNotConflict() {
    DayPatch patch = new DayPatch(Instant.parse("2050-09-07T10:00:00Z"), Instant.parse("2050-09-07T10:30:00Z"),
        Duration.ZERO, Duration.ZERO);
    // 09:00-10:00 ends where the booking starts; 10:30 starts where it ends.
    assertThat(starts(patch.apply(KEY, day()))).contains("09:00", "10:30").doesNotContain("09:15", "10:15");
  }

  @Test
  void aDayNothingTouchesIsReturnedAsItIs() {
    DayPatch patch = new DayPatch(Instant.parse("2050-09-08T10:00:00Z"), Instant.parse("2050-09-08T10:30:00Z"),
        Duration.ZERO, Duration.ZERO);
    SlotDay day = day();
    assertThat(patch.apply(KEY, day)).isSameAs(day);
  }

  @Test
  void aSlotWithoutAnEndOrARescheduleQueryCannotBePatchedAndIsDropped() {
    DayPatch patch = new DayPatch(Instant.parse("2050-09-07T10:00:00Z"), Instant.parse("2050-09-07T10:30:00Z"),
        Duration.ZERO, Duration.ZERO);
    SlotDay noEnd = new SlotDay(List.of(new CachedSlot(Instant.parse("2050-09-07T08:00:00Z"), null, null, null,
        null, null)));
    assertThat(patch.apply(KEY, noEnd)).isNull();
    assertThat(patch.apply(new SlotKey(101, new SlotDims(30, "uid-1").render(), WED), day())).isNull();
    assertThat(patch.apply(new SlotKey(101, new SlotDims(30, null).render(), WED), day())).isNotNull();
  }
}
