package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.BookingChange;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Computes the exact slot tags a booking change may have affected. Pure apart from reading the dependency index
 * and today's date (for the horizon).
 *
 * <h2>Event types</h2>
 *
 * <ul>
 *   <li><b>Affected hosts</b> = the change's hosts; when the change names none, the booked type's hosts (if
 *       known). Where the booked type is known, its fixed hosts are added: all hosts of a personal, collective or
 *       managed type, the mandatory ones of a round robin (a collective booking blocks every host even when the
 *       booking lists only the organizer).
 *   <li><b>Types</b> = the booked type, plus — when some affected host is known — every indexed type hosted by an
 *       affected host, every indexed type whose hosts are not known, and every type cached in L1 whose metadata is
 *       not known at all, or whose first fill is still in flight (it cannot be shown unaffected).
 *   <li>Booked type known, hosts unknown: the booked type alone (the design's "unknown hosts" rule; its entries
 *       are short-lived).
 *   <li>Neither booked type nor hosts known: every cached and every indexed type.
 * </ul>
 *
 * <h2>Days</h2>
 *
 * A slot of type X starting at {@code s} occupies {@code [s - X.before, s + X.length + X.after)}; the booking
 * of type E blocks {@code [start - E.before, end + E.after)}. They overlap exactly when {@code s} lies in
 * {@code (start - E.before - X.after - X.length, end + E.after + X.before)}; the tags are X on each UTC day of
 * that open interval (X.length is the longest length X offers). When a length or buffer is unknown it counts as
 * zero and the unknown-metadata margin is added on both sides instead. A zero-length change ({@code end ==
 * start}: length unknown) is stretched by E's longest length, or by the margin when that is unknown too.
 *
 * <h2>Widening for limits</h2>
 *
 * Cal.com counts a booking towards the limits of its own event type only, so widening applies to the booked
 * type (and to every candidate type when the booked type is unknown), from its known limits; while its facts are
 * unknown, a limit of every period is assumed (the widest effect that cannot be ruled out, up to the horizon):
 *
 * <ul>
 *   <li>{@code day}: the booking's UTC days ±1 (the limit counts the host's local day);
 *   <li>{@code week}: the Monday-based and the Sunday-based weeks of each possible local day (UTC day ±1), ±1;
 *   <li>{@code month}: the calendar months of each possible local day, ±1;
 *   <li>{@code year}: the calendar years likewise, clipped to the horizon (yesterday to today + horizon days).
 * </ul>
 *
 * A reschedule covers both the new and, when known, the old interval.
 */
final class TagCalculator {
  /** A single span longer than this is clipped to the horizon (a corrupt interval must not produce years of tags). */
  private static final long MAX_SPAN_DAYS = 100;
  /** The periods assumed for an event type that may be the booked one while its facts are unknown. */
  static final Set<String> ANY_LIMIT = Set.of("day", "week", "month", "year");

  private final DependencyIndex index;
  private final Duration unknownMargin;
  private final int horizonDays;
  private final Clock clock;

  /** Creates a calculator over {@code index}. */
  public TagCalculator(DependencyIndex index, Duration unknownMargin, int horizonDays, Clock clock) {
    this.index = Objects.requireNonNull(index, "index");
    this.unknownMargin = Objects.requireNonNull(unknownMargin, "unknownMargin");
    this.horizonDays = horizonDays;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The tags {@code change} may have affected.
   *
   * @param cachedEventTypeIds the event types with entries in L1 or a fill in flight (candidates when metadata is
   *     missing)
   */
  public InvalidationPlan plan(BookingChange change, Set<Long> cachedEventTypeIds) {
    Long booked = change.eventTypeId();
    Optional<EventTypeFacts> bookedFacts = booked == null ? Optional.empty() : index.get(booked);
    Set<Long> hosts = affectedHosts(change, bookedFacts);

    Set<Long> types = new TreeSet<>();
    if (booked == null && hosts.isEmpty()) {
      types.addAll(cachedEventTypeIds);
      types.addAll(index.knownIds());
    } else {
      if (booked != null) {
        types.add(booked);
      }
      if (!hosts.isEmpty()) {
        types.addAll(index.sharingAnyHost(hosts));
        types.addAll(index.withUnknownHosts());
        for (Long cached : cachedEventTypeIds) {
          if (cached != null && index.get(cached).isEmpty()) {
            types.add(cached);
          }
        }
      }
    }

    List<Instant[]> intervals = new ArrayList<>(2);
    intervals.add(new Instant[] {change.start(), change.end()});
    if (change.previousStart() != null) {
      intervals.add(new Instant[] {change.previousStart(), change.previousEnd()});
    }

    SortedSet<SlotTag> tags = new TreeSet<>();
    for (Long type : types) {
      Optional<EventTypeFacts> facts = index.get(type);
      boolean mayBeBooked = booked == null || booked.equals(type);
      Set<LocalDate> days = new TreeSet<>();
      for (Instant[] interval : intervals) {
        Instant start = interval[0];
        Instant end = interval[1];
        boolean lengthUnknown = false;
        if (end.equals(start)) {
          Integer length = bookedFacts.map(EventTypeFacts::maxLengthMinutes).orElse(null);
          if (length == null) {
            lengthUnknown = true;
          } else {
            end = start.plus(Duration.ofMinutes(length));
          }
        }
        days.addAll(overlapDays(start, end, bookedFacts, facts, lengthUnknown));
        if (mayBeBooked) {
          // Unknown facts: a limit of any period cannot be ruled out, so assume the widest.
          days.addAll(widen(start, end, facts.map(EventTypeFacts::limitedPeriods).orElse(ANY_LIMIT)));
        }
      }
      for (LocalDate day : days) {
        tags.add(new SlotTag(type, day));
      }
    }
    // The hosts are all of them when the booked type's facts are known (its fixed hosts are in).
    return InvalidationPlan.of(tags, hosts, bookedFacts.isPresent());
  }

  /** Every day from yesterday to the horizon, for each of {@code eventTypeIds}. */
  public InvalidationPlan planEventTypes(Collection<Long> eventTypeIds) {
    SortedSet<SlotTag> tags = new TreeSet<>();
    LocalDate today = today();
    for (Long id : eventTypeIds) {
      Objects.requireNonNull(id, "eventTypeIds must not contain null");
      for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(horizonDays)); d = d.plusDays(1)) {
        tags.add(new SlotTag(id, d));
      }
    }
    return InvalidationPlan.of(tags, Set.of());
  }

  private static Set<Long> affectedHosts(BookingChange change, Optional<EventTypeFacts> bookedFacts) {
    Set<Long> hosts = new LinkedHashSet<>(change.hostUserIds());
    if (bookedFacts.isPresent()) {
      hosts.addAll(hosts.isEmpty() ? bookedFacts.get().hosts() : bookedFacts.get().fixedHosts());
    }
    return hosts;
  }

  /** The UTC days on which a slot start of X may be blocked by the booking {@code [start, end)}. */
  private Set<LocalDate> overlapDays(
      Instant start,
      Instant end,
      Optional<EventTypeFacts> booked,
      Optional<EventTypeFacts> x,
      boolean lengthUnknown) {
    long beforeMinutes = 0;
    long afterMinutes = 0;
    boolean unknown = lengthUnknown;
    if (booked.isPresent()) {
      EventTypeFacts e = booked.get();
      beforeMinutes += orZero(e.beforeBufferMinutes());
      afterMinutes += orZero(e.afterBufferMinutes());
      unknown |= e.beforeBufferMinutes() == null || e.afterBufferMinutes() == null;
    } else {
      unknown = true;
    }
    if (x.isPresent()) {
      EventTypeFacts f = x.get();
      beforeMinutes += orZero(f.afterBufferMinutes()) + orZero(f.maxLengthMinutes());
      afterMinutes += orZero(f.beforeBufferMinutes());
      unknown |= !f.timingKnown();
    } else {
      unknown = true;
    }
    Instant from = start.minus(Duration.ofMinutes(beforeMinutes));
    Instant to = end.plus(Duration.ofMinutes(afterMinutes));
    if (unknown) {
      from = from.minus(unknownMargin);
      to = to.plus(unknownMargin);
    }
    LocalDate first = utcDay(from);
    // The interval is open at the end: a slot starting exactly at midnight after it is not blocked.
    LocalDate last = to.isAfter(from) ? utcDay(to.minusNanos(1)) : first;
    return span(first, last.isBefore(first) ? first : last);
  }

  private Set<LocalDate> widen(Instant start, Instant end, Set<String> periods) {
    Set<LocalDate> out = new TreeSet<>();
    if (periods.isEmpty()) {
      return out;
    }
    LocalDate firstDay = utcDay(start);
    LocalDate lastDay = end.isAfter(start) ? utcDay(end.minusNanos(1)) : firstDay;
    // The limit counts the host's local day, which is the UTC day or one either side.
    LocalDate firstLocal = firstDay.minusDays(1);
    LocalDate lastLocal = lastDay.plusDays(1);
    for (String period : periods) {
      switch (period.toLowerCase(Locale.ROOT)) {
        case "day":
          out.addAll(span(firstLocal, lastLocal));
          break;
        case "week":
          LocalDate weekFrom =
              min(firstLocal.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                  firstLocal.with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY)));
          LocalDate weekTo =
              max(lastLocal.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY)),
                  lastLocal.with(TemporalAdjusters.nextOrSame(DayOfWeek.SATURDAY)));
          out.addAll(span(weekFrom.minusDays(1), weekTo.plusDays(1)));
          break;
        case "month":
          out.addAll(
              span(
                  firstLocal.withDayOfMonth(1).minusDays(1),
                  lastLocal.withDayOfMonth(lastLocal.lengthOfMonth()).plusDays(1)));
          break;
        case "year":
          LocalDate yearFrom = firstLocal.withDayOfYear(1).minusDays(1);
          LocalDate yearTo = lastLocal.withDayOfYear(lastLocal.lengthOfYear()).plusDays(1);
          LocalDate today = today();
          LocalDate from = max(yearFrom, today.minusDays(1));
          LocalDate to = min(yearTo, today.plusDays(horizonDays));
          if (!to.isBefore(from)) {
            out.addAll(span(from, to));
          }
          break;
        default:
          // A period this client does not know: the overlap days are still invalidated.
          break;
      }
    }
    return out;
  }

  /** Days {@code first..last}; a span longer than {@link #MAX_SPAN_DAYS} is clipped to the horizon. */
  private Set<LocalDate> span(LocalDate first, LocalDate last) {
    if (first.plusDays(MAX_SPAN_DAYS).isBefore(last)) {
      LocalDate today = today();
      first = max(first, today.minusDays(1));
      last = min(last, today.plusDays(horizonDays));
    }
    Set<LocalDate> out = new TreeSet<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  private LocalDate today() {
    return utcDay(clock.instant());
  }

  private static LocalDate utcDay(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static long orZero(Integer minutes) {
    return minutes == null ? 0 : Math.max(0, minutes);
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }
}
