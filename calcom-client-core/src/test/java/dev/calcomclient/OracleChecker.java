package dev.calcomclient;

import static dev.calcomclient.OracleUniverse.TTL;

import dev.calcomclient.model.Booking;
import dev.calcomclient.model.Slot;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/** The truth oracle's invariants, judged against the fake's own truth. */
final class OracleChecker {
  private final FakeCalcom fake;

  OracleChecker(FakeCalcom fake) {
    this.fake = fake;
  }

  /**
   * I1 and I3 for one answer. A time the truth still offers is not taken, whatever overlaps it. A time it no longer
   * offers is a violation when the bookings the instance is accountable for take it by the fake's own rules: the fake,
   * counting only those bookings, does not offer it (while counting none it does: a time gone whatever is booked is
   * no booking's doing). Accountable are the bookings the instance saw complete before the lookup started (I1: its
   * own change, a webhook it handled, or a bus message it received) and those made longer than {@code maxAge} before the
   * lookup started (I3). So a round-robin time stays bookable while one host is free of accountable bookings, a
   * booking's buffers take the time around it, and a booking limit counts accountable bookings only.
   *
   * @param known the bookings the instance had seen complete when the lookup started
   * @param maxAge how old the answer's data may be: the TTL, or the stale age the answer reports when it is older
   *     (a day fetched that long ago already excluded every booking made before)
   * @return the violation, or {@code null}
   */
  String checkAnswer(String who, long eventTypeId, Instant from, Instant to, Instant startedAt,
      Map<String, Long> known, List<Slot> offered, Duration maxAge) {
    Set<Instant> truth = Set.copyOf(fake.availableStarts(eventTypeId, from, to));
    Predicate<FakeBooking> seen = b -> known.containsKey(b.uid());
    Predicate<FakeBooking> accountable = seen.or(b -> startedAt.isAfter(b.createdAt().plus(maxAge)));
    for (Slot s : offered) {
      Instant start = s.startInstant();
      if (truth.contains(start) || !offers(eventTypeId, start, b -> false) || offers(eventTypeId, start, accountable)) {
        continue;
      }
      boolean bySeen = !offers(eventTypeId, start, seen);
      List<String> taking = occupying(eventTypeId, start).stream().filter(bySeen ? seen : accountable)
          .map(b -> b.uid() + " of event type " + b.eventTypeId() + " (hosts " + b.hostIds() + ", made at "
              + b.createdAt() + ")")
          .toList();
      return (bySeen ? "I1" : "I3") + ": " + who + " offered " + start + " of event type " + eventTypeId
          + " (hosts " + eventType(eventTypeId).hostIds() + "), taken by "
          + (taking.isEmpty() ? "the booking limit its bookings reached" : "bookings " + taking)
          + (bySeen ? " this instance saw complete" : " made more than the answer's age " + maxAge + " (TTL " + TTL + ") before " + startedAt);
    }
    return null;
  }

  /** Whether the fake, counting only the bookings {@code counted} accepts, offers {@code start} now. */
  private boolean offers(long eventTypeId, Instant start, Predicate<FakeBooking> counted) {
    return fake.availableStarts(eventTypeId, start, start, counted).contains(start);
  }

  /** The active bookings on the type's hosts whose time, widened by both types' buffers, meets {@code start}. */
  private List<FakeBooking> occupying(long eventTypeId, Instant start) {
    FakeEventType type = eventType(eventTypeId);
    Instant from = start.minus(Duration.ofMinutes(type.beforeEventBuffer()));
    Instant to = start.plus(Duration.ofMinutes(type.lengthInMinutes() + type.afterEventBuffer()));
    return fake.bookings().stream()
        .filter(b -> b.status().occupiesTime() && b.hostIds().stream().anyMatch(type.hostIds()::contains))
        .filter(b -> {
          FakeEventType booked = eventType(b.eventTypeId());
          return b.start().minus(Duration.ofMinutes(booked.beforeEventBuffer())).isBefore(to)
              && from.isBefore(b.end().plus(Duration.ofMinutes(booked.afterEventBuffer())));
        })
        .toList();
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
