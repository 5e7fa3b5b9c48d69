package dev.calcomclient.alternatives.internal;

import dev.calcomclient.alternatives.Alternative;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.AlternativeStrategy;
import dev.calcomclient.model.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The strategies of {@link dev.calcomclient.alternatives.AlternativesService}, run over the slots of one window:
 * pure computation, no I/O and no clock.
 */
final class AlternativeSelection {
  private static final Comparator<Alternative> NEAREST_FIRST =
      Comparator.comparing((Alternative a) -> a.distance().abs()).thenComparing(a -> a.slot().startInstant());

  private AlternativeSelection() {}

  /**
   * The outcome of a selection.
   *
   * @param desiredAvailable whether a bookable slot starts at the desired start
   * @param alternatives the proposals, nearest first, at most {@code count}
   */
  record Selection(boolean desiredAvailable, List<Alternative> alternatives) {}

  /** Runs the strategies of {@code options} over {@code slots} (any order, any extent) inside {@code window}. */
  static Selection select(Iterable<Slot> slots, SearchWindow window, AlternativeOptions options) {
    ZoneId zone = options.timeZone();
    ZonedDateTime desired = window.desired();
    Instant desiredAt = desired.toInstant();
    LocalDate desiredDate = desired.toLocalDate();

    NavigableMap<Instant, Slot> bookable = new TreeMap<>();
    for (Slot s : slots) {
      if (window.contains(s.startInstant())) {
        bookable.putIfAbsent(s.startInstant(), s);
      }
    }
    boolean desiredAvailable = bookable.containsKey(desiredAt);

    // Insertion in AlternativeStrategy order, so a slot keeps the first strategy that found it.
    Map<Instant, AlternativeStrategy> proposed = new LinkedHashMap<>();
    Set<AlternativeStrategy> strategies = options.strategies();
    if (strategies.contains(AlternativeStrategy.SAME_DAY_EARLIER)) {
      // The window starts no earlier than the desired local date, so any earlier bookable slot is on that date.
      propose(proposed, bookable.lowerKey(desiredAt), AlternativeStrategy.SAME_DAY_EARLIER);
    }
    if (strategies.contains(AlternativeStrategy.SAME_DAY_LATER)) {
      Instant later = bookable.higherKey(desiredAt);
      Instant nextDay = desiredDate.plusDays(1).atStartOfDay(zone).toInstant();
      propose(proposed, later != null && later.isBefore(nextDay) ? later : null, AlternativeStrategy.SAME_DAY_LATER);
    }
    if (strategies.contains(AlternativeStrategy.NEXT_WORKDAY_SAME_TIME)) {
      LocalDate workday = nextWorkday(desiredDate, options.workdays());
      propose(
          proposed,
          nearestOn(bookable, workday, desired.toLocalTime(), zone),
          AlternativeStrategy.NEXT_WORKDAY_SAME_TIME);
    }
    if (strategies.contains(AlternativeStrategy.SAME_WEEKDAY_NEXT_WEEK)) {
      propose(
          proposed,
          nearestOn(bookable, desiredDate.plusDays(7), desired.toLocalTime(), zone),
          AlternativeStrategy.SAME_WEEKDAY_NEXT_WEEK);
    }
    if (strategies.contains(AlternativeStrategy.NEXT_AVAILABLE)) {
      int added = 0;
      for (Instant start : bookable.tailMap(desiredAt, false).keySet()) {
        if (added == options.count()) {
          break;
        }
        if (!proposed.containsKey(start)) {
          proposed.put(start, AlternativeStrategy.NEXT_AVAILABLE);
          added++;
        }
      }
    }

    List<Alternative> ranked = new ArrayList<>(proposed.size());
    proposed.forEach(
        (start, strategy) ->
            ranked.add(
                new Alternative(
                    inZone(bookable.get(start), zone), strategy, Duration.between(desiredAt, start))));
    ranked.sort(NEAREST_FIRST);
    return new Selection(
        desiredAvailable, List.copyOf(ranked.subList(0, Math.min(options.count(), ranked.size()))));
  }

  private static void propose(Map<Instant, AlternativeStrategy> proposed, Instant start, AlternativeStrategy by) {
    if (start != null) {
      proposed.putIfAbsent(start, by);
    }
  }

  /** The first date after {@code date} whose day of the week is a workday. */
  static LocalDate nextWorkday(LocalDate date, Set<DayOfWeek> workdays) {
    LocalDate d = date.plusDays(1);
    while (!workdays.contains(d.getDayOfWeek())) {
      d = d.plusDays(1);
    }
    return d;
  }

  /**
   * The bookable slot on local {@code date} nearest to {@code time} on that date (of two equally near, the earlier),
   * or {@code null}. A local time that falls in a DST gap is moved forward by the gap's length, and one that occurs
   * twice in an overlap means the earlier occurrence ({@link ZonedDateTime#of} rules).
   */
  private static Instant nearestOn(NavigableMap<Instant, Slot> bookable, LocalDate date, LocalTime time, ZoneId zone) {
    Instant target = ZonedDateTime.of(date, time, zone).toInstant();
    NavigableMap<Instant, Slot> day =
        bookable.subMap(
            date.atStartOfDay(zone).toInstant(), true, date.plusDays(1).atStartOfDay(zone).toInstant(), false);
    Instant before = day.floorKey(target);
    Instant after = day.ceilingKey(target);
    if (before == null || after == null) {
      return before == null ? after : before;
    }
    return Duration.between(before, target).compareTo(Duration.between(target, after)) <= 0 ? before : after;
  }

  /** {@code slot} with its times in {@code zone}'s offset at each instant. */
  static Slot inZone(Slot slot, ZoneId zone) {
    OffsetDateTime start = slot.start().atZoneSameInstant(zone).toOffsetDateTime();
    OffsetDateTime end = slot.end() == null ? null : slot.end().atZoneSameInstant(zone).toOffsetDateTime();
    return new Slot(start, end, slot.seatsBooked(), slot.seatsRemaining(), slot.seatsTotal(), slot.bookingUid());
  }
}
