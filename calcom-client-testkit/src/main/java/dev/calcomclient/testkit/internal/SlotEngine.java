package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.BookingLimitPeriod;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.FakeSchedulingType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Computes availability the way a Cal.com client observes it. The rules (also documented on
 * {@link dev.calcomclient.testkit.FakeCalcom}):
 * <ol>
 *   <li>Working intervals of a host come from the event type's schedule if it has one, else the host's default
 *       schedule, interpreted in that schedule's time zone (DST-correct via {@link ZonedDateTime}); a date with
 *       overrides uses only the overrides; adjacent intervals are merged; {@code 23:59} means midnight.</li>
 *   <li>Candidate starts: from each working interval's start, every {@code slotInterval} minutes (default: the
 *       length) while {@code start + length <= interval end}; the union over all hosts.</li>
 *   <li>A candidate is dropped when it is before {@code now + minimumBookingNotice}, or when the event type's
 *       booking limit for the period containing it is reached.</li>
 *   <li>A host is available for {@code [start, end]} when the interval lies inside one of the host's working
 *       intervals and {@code [start - beforeBuffer, end + afterBuffer]} overlaps no busy interval of the host:
 *       every accepted or pending booking of the host, of any event type, widened by that booking's own event
 *       type's buffers; for slot listings also every unexpired reservation of an event type the host hosts.</li>
 *   <li>Individual event types need all their hosts (the owner plus {@code hosts}); collective team event types
 *       need all hosts; round-robin team event types need any one host.</li>
 * </ol>
 */
final class SlotEngine {
  private final FakeState state;

  public SlotEngine(FakeState state) {
    this.state = state;
  }

  /** A half-open time interval. */
  record Interval(Instant start, Instant end) {
    boolean overlaps(Instant s, Instant e) {
      return start.isBefore(e) && s.isBefore(end);
    }

    boolean contains(Instant s, Instant e) {
      return !s.isBefore(start) && !e.isAfter(end);
    }
  }

  /** Bookable slot starts of {@code eventType} with start in {@code [from, to]}, ascending. */
  public List<Instant> slots(FakeEventType eventType, Instant from, Instant to, int lengthMinutes, String ignoreUid,
      Instant now) {
    return slotsCounting(eventType, from, to, lengthMinutes, except(ignoreUid), now);
  }

  /**
   * Bookable slot starts of {@code eventType} with start in {@code [from, to]}, ascending, as if only the bookings
   * {@code counted} accepts existed (busy times and booking limits alike).
   */
  public List<Instant> slotsCounting(FakeEventType eventType, Instant from, Instant to, int lengthMinutes,
      Predicate<StoredBooking> counted, Instant now) {
    Duration length = Duration.ofMinutes(lengthMinutes);
    Duration step = Duration.ofMinutes(
        eventType.slotInterval() != null ? eventType.slotInterval() : lengthMinutes);
    Instant earliest = now.plus(Duration.ofMinutes(eventType.minimumBookingNotice()));
    TreeSet<Instant> candidates = new TreeSet<>();
    for (long host : eventType.hostIds()) {
      for (Interval interval : workingIntervals(host, eventType, from.minus(Duration.ofDays(1)),
          to.plus(Duration.ofDays(1)))) {
        for (Instant t = interval.start(); !t.plus(length).isAfter(interval.end()); t = t.plus(step)) {
          if (!t.isBefore(from) && !t.isAfter(to)) {
            candidates.add(t);
          }
        }
      }
    }
    List<Instant> result = new ArrayList<>();
    for (Instant start : candidates) {
      if (start.isBefore(earliest) || limitReached(eventType, start, counted)) {
        continue;
      }
      Instant end = start.plus(length);
      boolean available = eventType.schedulingType() == FakeSchedulingType.ROUND_ROBIN
          ? eventType.hostIds().stream().anyMatch(h -> hostAvailable(h, eventType, start, end, counted, true, now))
          : eventType.hostIds().stream().allMatch(h -> hostAvailable(h, eventType, start, end, counted, true, now));
      if (available) {
        result.add(start);
      }
    }
    return result;
  }

  /**
   * The hosts a booking of {@code [start, start + length]} would get, or an empty list when it cannot be booked
   * (a host busy or off work, or the booking limit reached). Reservations do not block bookings.
   * Round robin prefers {@code preferredHost} if it is free, else the free host with the fewest bookings of this
   * event type (ties: host order).
   */
  public List<Long> assignHosts(FakeEventType eventType, Instant start, int lengthMinutes, String ignoreUid,
      Instant now, Long preferredHost) {
    Instant end = start.plus(Duration.ofMinutes(lengthMinutes));
    Predicate<StoredBooking> counted = except(ignoreUid);
    if (limitReached(eventType, start, counted)) {
      return List.of();
    }
    List<Long> free = eventType.hostIds().stream()
        .filter(h -> hostAvailable(h, eventType, start, end, counted, false, now))
        .toList();
    if (eventType.schedulingType() == FakeSchedulingType.ROUND_ROBIN) {
      if (free.isEmpty()) {
        return List.of();
      }
      if (preferredHost != null && free.contains(preferredHost)) {
        return List.of(preferredHost);
      }
      return List.of(free.stream()
          .min(Comparator.comparingLong(h -> countBookings(eventType.id(), h, ignoreUid)))
          .orElseThrow());
    }
    return free.size() == eventType.hostIds().size() ? eventType.hostIds() : List.of();
  }

  private long countBookings(long eventTypeId, long host, String ignoreUid) {
    return state.bookings.values().stream()
        .filter(b -> b.eventTypeId == eventTypeId && b.status.occupiesTime() && b.hostIds.contains(host)
            && !b.uid.equals(ignoreUid))
        .count();
  }

  /** Every booking but the one with {@code uid} (none ignored when null). */
  private static Predicate<StoredBooking> except(String uid) {
    return b -> !b.uid.equals(uid);
  }

  private boolean hostAvailable(long host, FakeEventType eventType, Instant start, Instant end,
      Predicate<StoredBooking> counted, boolean includeReservations, Instant now) {
    boolean working = workingIntervals(host, eventType, start.minus(Duration.ofDays(1)), end.plus(Duration.ofDays(1)))
        .stream().anyMatch(i -> i.contains(start, end));
    return working && !busy(host, eventType, start, end, counted, includeReservations, now);
  }

  private boolean busy(long host, FakeEventType eventType, Instant start, Instant end,
      Predicate<StoredBooking> counted, boolean includeReservations, Instant now) {
    Instant s = start.minus(Duration.ofMinutes(eventType.beforeEventBuffer()));
    Instant e = end.plus(Duration.ofMinutes(eventType.afterEventBuffer()));
    for (StoredBooking b : state.bookings.values()) {
      if (!b.status.occupiesTime() || !b.hostIds.contains(host) || !counted.test(b)) {
        continue;
      }
      FakeEventType bookedType = state.eventTypes.get(b.eventTypeId);
      int before = bookedType == null ? 0 : bookedType.beforeEventBuffer();
      int after = bookedType == null ? 0 : bookedType.afterEventBuffer();
      Interval busy = new Interval(b.start.minus(Duration.ofMinutes(before)), b.end.plus(Duration.ofMinutes(after)));
      if (busy.overlaps(s, e)) {
        return true;
      }
    }
    if (includeReservations) {
      for (Reservation r : state.reservations.values()) {
        if (!r.until().isAfter(now)) {
          continue;
        }
        FakeEventType reservedType = state.eventTypes.get(r.eventTypeId());
        if (reservedType != null && reservedType.hostIds().contains(host)
            && new Interval(r.slotStart(), r.slotEnd()).overlaps(start, end)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the booking limit of the period containing {@code start} is already reached. */
  private boolean limitReached(FakeEventType eventType, Instant start, Predicate<StoredBooking> counted) {
    if (eventType.bookingLimits().isEmpty()) {
      return false;
    }
    ZoneId zone = limitZone(eventType);
    LocalDate day = start.atZone(zone).toLocalDate();
    for (var limit : eventType.bookingLimits().entrySet()) {
      LocalDate first = periodStart(limit.getKey(), day);
      LocalDate next = periodEnd(limit.getKey(), first);
      Instant from = first.atStartOfDay(zone).toInstant();
      Instant to = next.atStartOfDay(zone).toInstant();
      long count = state.bookings.values().stream()
          .filter(b -> b.eventTypeId == eventType.id() && b.status.occupiesTime() && counted.test(b)
              && !b.start.isBefore(from) && b.start.isBefore(to))
          .count();
      if (count >= limit.getValue()) {
        return true;
      }
    }
    return false;
  }

  private ZoneId limitZone(FakeEventType eventType) {
    return eventType.hostIds().stream().findFirst()
        .flatMap(h -> scheduleFor(h, eventType))
        .map(s -> ZoneId.of(s.timeZone()))
        .orElse(ZoneOffset.UTC);
  }

  private static LocalDate periodStart(BookingLimitPeriod period, LocalDate day) {
    return switch (period) {
      case PER_DAY -> day;
      case PER_WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case PER_MONTH -> day.withDayOfMonth(1);
      case PER_YEAR -> day.withDayOfYear(1);
    };
  }

  private static LocalDate periodEnd(BookingLimitPeriod period, LocalDate first) {
    return switch (period) {
      case PER_DAY -> first.plusDays(1);
      case PER_WEEK -> first.plusWeeks(1);
      case PER_MONTH -> first.plusMonths(1);
      case PER_YEAR -> first.plusYears(1);
    };
  }

  Optional<FakeSchedule> scheduleFor(long host, FakeEventType eventType) {
    if (eventType.scheduleId() != null && state.schedules.containsKey(eventType.scheduleId())) {
      return Optional.of(state.schedules.get(eventType.scheduleId()));
    }
    return state.defaultSchedule(host);
  }

  /** Merged working intervals of {@code host} for {@code eventType} that overlap {@code [from, to]}. */
  List<Interval> workingIntervals(long host, FakeEventType eventType, Instant from, Instant to) {
    Optional<FakeSchedule> schedule = scheduleFor(host, eventType);
    if (schedule.isEmpty()) {
      return List.of();
    }
    FakeSchedule sc = schedule.get();
    ZoneId zone = ZoneId.of(sc.timeZone());
    List<Interval> raw = new ArrayList<>();
    LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
    for (LocalDate date = from.atZone(zone).toLocalDate().minusDays(1); !date.isAfter(last);
        date = date.plusDays(1)) {
      LocalDate d = date;
      List<FakeSchedule.Override> overrides = sc.overrides().stream().filter(o -> o.date().equals(d)).toList();
      if (!overrides.isEmpty()) {
        for (FakeSchedule.Override o : overrides) {
          addInterval(raw, d, o.startTime(), o.endTime(), zone);
        }
      } else {
        for (FakeSchedule.Availability a : sc.availability()) {
          if (a.days().contains(d.getDayOfWeek())) {
            addInterval(raw, d, a.startTime(), a.endTime(), zone);
          }
        }
      }
    }
    raw.sort(Comparator.comparing(Interval::start));
    List<Interval> merged = new ArrayList<>();
    for (Interval i : raw) {
      if (!merged.isEmpty() && !i.start().isAfter(merged.get(merged.size() - 1).end())) {
        Interval prev = merged.remove(merged.size() - 1);
        merged.add(new Interval(prev.start(), i.end().isAfter(prev.end()) ? i.end() : prev.end()));
      } else {
        merged.add(i);
      }
    }
    return merged.stream().filter(i -> i.overlaps(from, to)).toList();
  }

  private static void addInterval(List<Interval> out, LocalDate date, LocalTime start, LocalTime end, ZoneId zone) {
    Instant s = ZonedDateTime.of(date, start, zone).toInstant();
    Instant e = end.equals(LocalTime.of(23, 59))
        ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
        : ZonedDateTime.of(date, end, zone).toInstant();
    if (s.isBefore(e)) {
      out.add(new Interval(s, e));
    }
  }
}
