package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.cache.SlotKey;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Tells a day off (empty because nobody works then) from a day that became empty (booked up, or made unavailable),
 * from what the fetches of one event type and dimensions showed. The client does not read the hosts' schedules: the
 * API key sees only its own user's schedules ({@code GET /v2/schedules}; other hosts' need organization or team
 * admin rights), and date overrides, out-of-office entries and calendar events would not be in them anyway. What
 * Cal.com answered is the evidence.
 *
 * <p>An empty day is a <b>day off</b> when no fetch this instance remembers showed it with slots, and either
 *
 * <ol>
 *   <li>at least two different future dates on its UTC weekday came back empty, and no date on that weekday came back
 *       with slots since (a weekly schedule without that weekday: UTC Saturdays and Sundays of hosts working Monday to
 *       Friday, the UTC Sunday a Berlin Monday query touches), or
 *   <li>the day itself came back empty in fetches at least {@link #CONFIRMATION} apart (a holiday, a date override).
 * </ol>
 *
 * A day that showed slots in an earlier fetch and is empty now <b>became empty</b> and is never a day off. "Future"
 * dates: today's remaining hours may be empty only because the working hours are over, so today is no evidence for
 * its weekday (it can still be judged a day off by the other dates of its weekday).
 *
 * <p>Being wrong is cheap in one direction only: a day off offers nothing, so a longer lifetime can hide a slot that
 * opened elsewhere for longer (a missed offer), never offer a taken one. Bounded: one entry per remembered day (at
 * most the L1 size, forgotten after {@link #MEMORY} without a fetch) and one per event type, dimensions and weekday.
 */
final class DaysOff {
  /** How long the same day must stay empty, fetch after fetch, to be a day off without its weekday's evidence. */
  static final Duration CONFIRMATION = Duration.ofMinutes(5);

  /** How long what a fetch showed is remembered. */
  static final Duration MEMORY = Duration.ofDays(2);

  private final Clock clock;
  private final Cache<SlotKey, DaySeen> days;
  private final Cache<Weekday, WeekdaySeen> weekdays;

  DaysOff(long maximumDays, Clock clock) {
    this.clock = clock;
    this.days = bounded(maximumDays);
    this.weekdays = bounded(maximumDays);
  }

  private <K, V> Cache<K, V> bounded(long maximum) {
    return Caffeine.newBuilder()
        .maximumSize(maximum)
        .expireAfterWrite(MEMORY)
        .ticker(LocalSlotTier.ticker(clock))
        .executor(Runnable::run)
        .build();
  }

  /** Records what a fetch (or a read of what another instance fetched) showed for {@code key}. */
  void record(SlotKey key, boolean empty) {
    long now = clock.millis();
    days.asMap().compute(key, (k, seen) -> DaySeen.next(seen, empty, now));
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    Weekday weekday = Weekday.of(key);
    if (!empty) {
      weekdays.invalidate(weekday);
    } else if (key.day().isAfter(today)) {
      weekdays.asMap().compute(weekday, (w, seen) -> WeekdaySeen.next(seen, key.day()));
    }
  }

  /** Whether {@code key}, empty in its latest fetch, is a day off (see the class comment). */
  boolean isDayOff(SlotKey key) {
    DaySeen seen = days.getIfPresent(key);
    if (seen != null && seen.withSlots()) {
      return false;
    }
    WeekdaySeen weekday = weekdays.getIfPresent(Weekday.of(key));
    if (weekday != null && weekday.confirmed()) {
      return true;
    }
    return seen != null && seen.lastEmptyMillis() - seen.firstEmptyMillis() >= CONFIRMATION.toMillis();
  }

  /** One event type's dimensions on one UTC weekday. */
  private record Weekday(long eventTypeId, String dims, DayOfWeek dayOfWeek) {
    static Weekday of(SlotKey key) {
      return new Weekday(key.eventTypeId(), key.dims(), key.day().getDayOfWeek());
    }
  }

  /**
   * What the fetches of one day showed.
   *
   * @param withSlots whether any fetch showed slots
   * @param firstEmptyMillis when the first of the empty fetches in a row came back
   * @param lastEmptyMillis when the latest of them came back
   */
  private record DaySeen(boolean withSlots, long firstEmptyMillis, long lastEmptyMillis) {
    static DaySeen next(DaySeen seen, boolean empty, long now) {
      if (!empty) {
        return new DaySeen(true, 0, 0);
      }
      if (seen == null) {
        return new DaySeen(false, now, now);
      }
      return new DaySeen(seen.withSlots, seen.withSlots ? now : seen.firstEmptyMillis, now);
    }
  }

  /**
   * The empty future dates of one weekday since one of its dates last showed slots.
   *
   * @param firstDate the first such date
   * @param confirmed whether another such date came back empty too
   */
  private record WeekdaySeen(LocalDate firstDate, boolean confirmed) {
    static WeekdaySeen next(WeekdaySeen seen, LocalDate emptyDate) {
      if (seen == null) {
        return new WeekdaySeen(emptyDate, false);
      }
      return new WeekdaySeen(seen.firstDate, seen.confirmed || !seen.firstDate.equals(emptyDate));
    }
  }
}
