package dev.calcomclient.examples.load;

import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scenario 4, invalidation backlog recovery: the caller reads availability of the coming days (so a cache holds
 * them), then, while the invalidation path is down, books {@code backlogBookings} distinct slots one after another
 * with the seed script's 0.5 s pause, then the path is restored, and the same days are read again: every booked
 * slot still offered is a stale read. Bookings lost = bookings attempted that do not exist in the fake afterwards.
 *
 * <p>calcom-client has no invalidation bus yet, so "down" and "restored" are no-ops and the backlog delivery time is
 * reported as not run; the booking and stale-read checks run for real.
 */
final class BacklogRunner {
  private final ScenarioSpec spec;
  private final SimTime time;
  private final LoadClient client;
  private final Recorder recorder;
  private final List<LocalDate> days;

  BacklogRunner(ScenarioSpec spec, SimTime time, LoadClient client, Recorder recorder, LocalDate today) {
    this.spec = spec;
    this.time = time;
    this.client = client;
    this.recorder = recorder;
    this.days = TrafficRunner.upcomingWorkdays(today, spec.horizonWorkdays());
  }

  void run(SideResult result, FakeCalcom fake) throws InterruptedException {
    long eventTypeId = spec.eventTypeIds().get(0);
    // 1. warm: read the coming days until there are enough free slots to book
    List<Instant> targets = new ArrayList<>();
    List<LocalDate> readDays = new ArrayList<>();
    for (LocalDate day : days) {
      if (targets.size() >= spec.backlogBookings()) {
        break;
      }
      List<Instant> free = read("warm", eventTypeId, day);
      if (free != null) {
        readDays.add(day);
        for (Instant s : free) {
          if (targets.size() < spec.backlogBookings()) {
            targets.add(s);
          }
        }
      }
    }
    // 2. the invalidation path goes down (calcom-client has none yet: nothing to switch off)
    // 3. book every target, one after another, pausing 0.5 s as the seed script did
    List<String> attempted = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Instant start = targets.get(i);
      String opId = client.name() + "-backlog-" + i;
      String email = opId + "@load.test";
      attempted.add(email + "|" + start);
      double simStart = time.nowSeconds();
      Instant wallStart = Instant.now();
      Outcome outcome = Outcome.OK;
      try {
        String uid = client.book(opId, eventTypeId, start, "Queue Test " + i, email, TrafficRunner.ZONE);
        recorder.booking(uid, eventTypeId, start);
      } catch (Exception e) {
        outcome = Outcome.classify(e, true);
      }
      double simEnd = time.nowSeconds();
      recorder.op(new OpRecord(opId, Op.BOOK, simStart, simEnd, wallStart, Instant.now(), outcome,
          eventTypeId, start, start, 0, (simEnd - simStart) * 1000));
      time.sleep(spec.thinkMin());
    }
    // 4. the path is restored: there is no backlog to deliver yet
    result.backlogDeliveryMs = null;
    result.backlogDeliveryNote = client instanceof NaiveClient
        ? "no cache, hence no invalidation backlog"
        : "not run: " + Feature.INVALIDATION_BUS.description() + " does not exist yet";
    // 5. read the same days again: a booked slot still offered is a stale read
    Set<Instant> booked = new HashSet<>();
    recorder.bookings().forEach(b -> booked.add(b.start()));
    long stale = 0;
    boolean allRead = true;
    for (LocalDate day : readDays) {
      List<Instant> free = read("verify", eventTypeId, day);
      if (free == null) {
        allRead = false;
        continue;
      }
      stale += free.stream().filter(booked::contains).count();
    }
    result.staleReads = stale;
    result.staleReadsNote = allRead ? null : "some verification reads failed; stale reads counted on the rest";
    // bookings lost: attempted bookings that do not exist (accepted) in the fake
    Set<String> present = new HashSet<>();
    for (FakeBooking b : fake.bookings()) {
      if (b.status() == FakeBookingStatus.ACCEPTED) {
        present.add(b.attendeeEmail() + "|" + b.start());
      }
    }
    result.bookingsLost = attempted.stream().filter(a -> !present.contains(a)).count();
  }

  private List<Instant> read(String phase, long eventTypeId, LocalDate day) {
    Instant start = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();
    String opId = client.name() + "-" + phase + "-" + day;
    double simStart = time.nowSeconds();
    Instant wallStart = Instant.now();
    List<Instant> free = null;
    Outcome outcome = Outcome.OK;
    try {
      free = client.availability(opId, eventTypeId, start, end, TrafficRunner.ZONE);
    } catch (Exception e) {
      outcome = Outcome.classify(e, false);
    }
    recorder.lookup(simStart, eventTypeId, start, end, TrafficRunner.ZONE.getId(), free != null);
    double simEnd = time.nowSeconds();
    recorder.op(new OpRecord(opId, Op.AVAILABILITY, simStart, simEnd, wallStart, Instant.now(), outcome,
        eventTypeId, start, end, 1, (simEnd - simStart) * 1000));
    return free;
  }
}
