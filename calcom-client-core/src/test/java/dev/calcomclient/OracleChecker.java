package dev.calcomclient;

import static dev.calcomclient.OracleUniverse.TTL;

import dev.calcomclient.model.Booking;
import dev.calcomclient.model.Slot;
import dev.calcomclient.testkit.BookingLimitPeriod;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedulingType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** The truth oracle's invariants, judged against the fake's own truth. */
final class OracleChecker {
  private final FakeCalcom fake;

  OracleChecker(FakeCalcom fake) {
    this.fake = fake;
  }

  /**
   * I1 and I3 for one answer. A time the truth still offers is not taken, whatever overlaps it. A time it no longer
   * offers is a violation when it overlaps (by Cal.com's rule: the slot widened by its own type's buffers, the
   * booking by its type's) a booking on a host of the looked-up event type that the instance saw
   * complete before the lookup started (I1: its own change, a webhook it handled, or a bus message it received), or
   * that was made longer than the TTL before the lookup started (I3) — for a round-robin type only when every
   * overlapping booking on its hosts is such a booking (one free host would still make the time bookable).
   *
   * @param known the bookings the instance had seen complete when the lookup started
   * @return the violation, or {@code null}
   */
  String checkAnswer(String who, long eventTypeId, Instant from, Instant to, Instant startedAt,
      Map<String, Long> known, List<Slot> offered) {
    Set<Instant> truth = Set.copyOf(fake.availableStarts(eventTypeId, from, to));
    FakeEventType type = eventType(eventTypeId);
    Duration length = Duration.ofMinutes(type.lengthInMinutes());
    boolean roundRobin = type.schedulingType() == FakeSchedulingType.ROUND_ROBIN;
    List<FakeBooking> occupying = fake.bookings().stream()
        .filter(b -> b.status().occupiesTime() && b.hostIds().stream().anyMatch(type.hostIds()::contains))
        .toList();
    for (Slot s : offered) {
      Instant start = s.startInstant();
      if (truth.contains(start)) {
        continue;
      }
      Instant end = start.plus(s.duration().orElse(length));
      Instant widenedStart = start.minus(Duration.ofMinutes(type.beforeEventBuffer()));
      Instant widenedEnd = end.plus(Duration.ofMinutes(type.afterEventBuffer()));
      List<FakeBooking> overlapping = new ArrayList<>();
      List<FakeBooking> accountable = new ArrayList<>();
      for (FakeBooking b : occupying) {
        FakeEventType booked = eventType(b.eventTypeId());
        Instant busyFrom = b.start().minus(Duration.ofMinutes(booked.beforeEventBuffer()));
        Instant busyUntil = b.end().plus(Duration.ofMinutes(booked.afterEventBuffer()));
        if (widenedStart.isBefore(busyUntil) && busyFrom.isBefore(widenedEnd)) {
          overlapping.add(b);
          if (known.containsKey(b.uid()) || startedAt.isAfter(b.createdAt().plus(TTL))) {
            accountable.add(b);
          }
        }
      }
      String limit = limitReached(type, start, startedAt, known);
      if (limit != null) {
        return "I1: " + who + " offered " + start + " of event type " + eventTypeId + ", whose " + limit;
      }
      if (accountable.isEmpty() || roundRobin && accountable.size() < overlapping.size()) {
        continue;
      }
      FakeBooking b = accountable.get(0);
      boolean seen = known.containsKey(b.uid());
      return (seen ? "I1" : "I3") + ": " + who + " offered " + start + " of event type " + eventTypeId
          + " (hosts " + type.hostIds() + "), taken by booking " + b.uid() + " of event type " + b.eventTypeId()
          + " (hosts " + b.hostIds() + ") "
          + (seen ? "this instance saw complete" : "made at " + b.createdAt() + ", past the " + TTL + " TTL at "
              + startedAt);
    }
    return null;
  }

  /**
   * Whether a booking limit of {@code type} was reached, in the period (in its first host's zone) holding
   * {@code start}, by bookings the instance saw complete or made longer than the TTL before the lookup started.
   *
   * @return the limit reached, described, or {@code null}
   */
  private String limitReached(FakeEventType type, Instant start, Instant startedAt, Map<String, Long> known) {
    if (type.bookingLimits().isEmpty()) {
      return null;
    }
    long host = type.hostIds().get(0);
    ZoneId zone = ZoneId.of(fake.users().stream().filter(u -> u.id() == host).findFirst().orElseThrow().timeZone());
    LocalDate day = start.atZone(zone).toLocalDate();
    for (Map.Entry<BookingLimitPeriod, Integer> limit : type.bookingLimits().entrySet()) {
      LocalDate first = switch (limit.getKey()) {
        case PER_DAY -> day;
        case PER_WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case PER_MONTH -> day.withDayOfMonth(1);
        case PER_YEAR -> day.withDayOfYear(1);
      };
      LocalDate next = switch (limit.getKey()) {
        case PER_DAY -> first.plusDays(1);
        case PER_WEEK -> first.plusWeeks(1);
        case PER_MONTH -> first.plusMonths(1);
        case PER_YEAR -> first.plusYears(1);
      };
      Instant from = first.atStartOfDay(zone).toInstant();
      Instant to = next.atStartOfDay(zone).toInstant();
      List<String> counted = fake.bookings().stream()
          .filter(b -> b.eventTypeId() == type.id() && b.status().occupiesTime() && !b.start().isBefore(from)
              && b.start().isBefore(to)
              && (known.containsKey(b.uid()) || startedAt.isAfter(b.createdAt().plus(TTL))))
          .map(FakeBooking::uid).toList();
      if (counted.size() >= limit.getValue()) {
        return limit.getKey() + " limit of " + limit.getValue() + " from " + first + " was reached by bookings "
            + counted + " this instance saw complete (or older than the TTL)";
      }
    }
    return null;
  }

  /**
   * I2 for one create, identified by its attendee's unique email.
   *
   * @return the violation, or {@code null}
   */
  String judgeCreate(String email, Booking booking, Throwable failure) {
    List<FakeBooking> stored = fake.bookings().stream().filter(b -> email.equals(b.attendeeEmail())).toList();
    if (booking != null) {
      return stored.size() == 1 && stored.get(0).uid().equals(booking.uid())
          ? null : "I2: create returned " + booking.uid() + " but the fake holds " + stored;
    }
    if (failure instanceof BookingOutcomeUnknownException) {
      return stored.size() > 1 ? "I2: duplicate bookings " + stored : null;
    }
    return stored.isEmpty()
        ? null : "I2: create failed with " + failure + " (which says: not created) but the fake holds " + stored;
  }

  /**
   * I2's "no duplicates", at every step: no two creates, and no two reschedules of one booking, among the fake's
   * groups of bookings sharing event type, start and attendee (a booking rescheduled away and back shares them with
   * its cancelled original, and is no duplicate).
   */
  String checkNoDuplicates() {
    for (List<FakeBooking> group : fake.duplicateBookings()) {
      long creates = group.stream().filter(b -> b.rescheduledFromUid() == null).count();
      long reschedules = group.stream().map(FakeBooking::rescheduledFromUid).filter(Objects::nonNull).count();
      long distinctSources = group.stream().map(FakeBooking::rescheduledFromUid).filter(Objects::nonNull)
          .distinct().count();
      if (creates > 1 || reschedules > distinctSources) {
        return "I2: duplicate bookings " + group;
      }
    }
    return null;
  }

  FakeEventType eventType(long id) {
    return fake.eventTypes().stream().filter(e -> e.id() == id).findFirst().orElseThrow();
  }
}
