package dev.calcomclient.alternatives;

import dev.calcomclient.model.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A brute-force alternative search written directly from the Javadoc of {@link AlternativesService} and
 * {@link AlternativeStrategy}: a scan over every slot start for each rule, no span, no sorted maps. The tests compare
 * the finder with it.
 */
final class BruteForceAlternatives {
  private BruteForceAlternatives() {}

  /** What the search should answer. */
  record Expected(boolean desiredAvailable, List<Alternative> alternatives) {}

  /**
   * The answer for {@code desired} over the slot starts {@code all} (any order), when nothing may start before
   * {@code earliest} ({@code now + minimumNotice}).
   */
  static Expected search(List<Instant> all, Instant earliest, Instant desired, AlternativeOptions o) {
    ZoneId zone = o.timeZone();
    Instant horizonEnd = desired.plus(o.horizon());
    List<Instant> bookable = new ArrayList<>();
    for (Instant s : all) {
      if (!s.isBefore(earliest) && s.isBefore(horizonEnd) && !bookable.contains(s)) {
        bookable.add(s);
      }
    }
    LocalDate day = desired.atZone(zone).toLocalDate();
    LocalTime time = desired.atZone(zone).toLocalTime();

    Map<Instant, AlternativeStrategy> found = new LinkedHashMap<>();
    for (AlternativeStrategy strategy : AlternativeStrategy.values()) {
      if (!o.strategies().contains(strategy)) {
        continue;
      }
      List<Instant> picks = new ArrayList<>();
      switch (strategy) {
        case SAME_DAY_EARLIER ->
            bookable.stream()
                .filter(s -> localDate(s, zone).equals(day) && s.isBefore(desired))
                .max(Comparator.naturalOrder())
                .ifPresent(picks::add);
        case SAME_DAY_LATER ->
            bookable.stream()
                .filter(s -> localDate(s, zone).equals(day) && s.isAfter(desired))
                .min(Comparator.naturalOrder())
                .ifPresent(picks::add);
        case NEXT_WORKDAY_SAME_TIME ->
            nearest(bookable, nextWorkday(day, o.workdays()), time, zone).ifPresent(picks::add);
        case SAME_WEEKDAY_NEXT_WEEK -> nearest(bookable, day.plusDays(7), time, zone).ifPresent(picks::add);
        case NEXT_AVAILABLE ->
            bookable.stream()
                .filter(s -> s.isAfter(desired) && !found.containsKey(s))
                .sorted()
                .limit(o.count())
                .forEach(picks::add);
      }
      picks.forEach(p -> found.putIfAbsent(p, strategy));
    }
    List<Alternative> ranked = new ArrayList<>();
    found.forEach(
        (s, strategy) ->
            ranked.add(
                new Alternative(
                    Slot.at(s.atZone(zone).toOffsetDateTime()), strategy, Duration.between(desired, s))));
    ranked.sort(
        Comparator.comparing((Alternative a) -> a.distance().abs()).thenComparing(a -> a.slot().startInstant()));
    return new Expected(bookable.contains(desired), ranked.subList(0, Math.min(o.count(), ranked.size())));
  }

  private static LocalDate localDate(Instant s, ZoneId zone) {
    return s.atZone(zone).toLocalDate();
  }

  private static LocalDate nextWorkday(LocalDate day, Set<DayOfWeek> workdays) {
    for (int i = 1; ; i++) {
      if (workdays.contains(day.plusDays(i).getDayOfWeek())) {
        return day.plusDays(i);
      }
    }
  }

  private static Optional<Instant> nearest(List<Instant> bookable, LocalDate date, LocalTime time, ZoneId zone) {
    Instant target = date.atTime(time).atZone(zone).toInstant();
    return bookable.stream()
        .filter(s -> localDate(s, zone).equals(date))
        .min(
            Comparator.comparing((Instant s) -> Duration.between(target, s).abs())
                .thenComparing(Comparator.naturalOrder()));
  }
}
