package dev.calcomclient.examples.load;

import dev.calcomclient.invalidate.Invalidator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scenario 4, invalidation backlog recovery. A writer books, a reader reads; with calcom-client they are two
 * instances on one key sharing an L2 and an invalidation bus ({@link InvalidationPath}), with the naive client one
 * client plays both parts.
 *
 * <ol>
 *   <li>Warm: both read the coming days (the reader first, so L2 and both L1s hold them) until there are
 *       {@code backlogBookings} free slots to book.
 *   <li>The invalidation path goes down: L2 and the bus refuse every command, the bus reports the lost connection.
 *   <li>The writer books every target one after another, pausing 0.5 s (the seed script); every ten bookings the
 *       reader reads the days again. A booked slot still offered then is a stale read during the outage (the PHP gateway's
 *       problem; reported, not a criterion).
 *   <li>The path is restored; the backlog delivery time runs from the restore until the writer's invalidator has
 *       nothing left to deliver ({@link Invalidator#whenDelivered()} and {@link Invalidator#backlog()} 0). It is
 *       measured on the wall clock: the in-process bus and L2 have no simulated latency, and the invalidator's retry
 *       is triggered by the reconnect, not by a (scaled) backoff.
 *   <li>The reader reads every day again and the harness asks the fake for the truth of each day directly (a
 *       separate key, excluded from the figures): every slot the reader offers that the fake does not is a stale
 *       read after delivery.
 * </ol>
 *
 * Bookings lost (computed by {@link ScenarioRunner}): bookings the writer acknowledged that do not exist (accepted)
 * in the fake afterwards; an attempt the writer reported as failed is a failure, not a lost booking.
 */
final class BacklogRunner {
  /** Requests of the truth probe carry this header; {@link JournalAnalysis} leaves them out. */
  static final String TRUTH_HEADER = "X-Load-Truth";
  static final String TRUTH_KEY = "cal_test_load_truth_probe";
  private static final int READ_EVERY = 10;

  private final ScenarioSpec spec;
  private final SimTime time;
  private final LoadClient writer;
  private final LoadClient reader;
  private final Invalidator writerInvalidator;
  private final InvalidationPath path;
  private final Recorder recorder;
  private final List<LocalDate> days;

  /**
   * @param writerInvalidator the writer instance's invalidator, or null without a cache
   * @param path              the switchable invalidation path, or null without one
   */
  BacklogRunner(ScenarioSpec spec, SimTime time, LoadClient writer, LoadClient reader, Invalidator writerInvalidator,
      InvalidationPath path, Recorder recorder, LocalDate today) {
    this.spec = spec;
    this.time = time;
    this.writer = writer;
    this.reader = reader;
    this.writerInvalidator = writerInvalidator;
    this.path = path;
    this.recorder = recorder;
    this.days = TrafficRunner.upcomingWorkdays(today, spec.horizonWorkdays());
  }

  void run(SideResult result, NaiveClient truth) throws InterruptedException {
    long eventTypeId = spec.eventTypeIds().get(0);
    // 1. warm: read the coming days until there are enough free slots to book
    List<Instant> targets = new ArrayList<>();
    List<LocalDate> readDays = new ArrayList<>();
    for (LocalDate day : days) {
      if (targets.size() >= spec.backlogBookings()) {
        break;
      }
      List<Instant> free = read(reader, "warm", eventTypeId, day);
      if (writer != reader) {
        read(writer, "warm-writer", eventTypeId, day);
      }
      if (free != null) {
        readDays.add(day);
        for (Instant s : free) {
          if (targets.size() < spec.backlogBookings()) {
            targets.add(s);
          }
        }
      }
    }
    // 2. the invalidation path goes down
    if (path != null) {
      path.takeDown();
    }
    // 3. book every target, one after another, pausing 0.5 s as the seed script did
    long attempted = 0;
    Set<Instant> booked = new HashSet<>();
    long staleDuringOutage = 0;
    for (int i = 0; i < targets.size(); i++) {
      Instant start = targets.get(i);
      String opId = writer.name() + "-backlog-" + i;
      String email = opId + "@load.test";
      attempted++;
      double simStart = time.nowSeconds();
      Instant wallStart = Instant.now();
      Outcome outcome = Outcome.OK;
      String error = null;
      try {
        String uid = writer.book(opId, eventTypeId, start, "Queue Test " + i, email, TrafficRunner.ZONE);
        recorder.booking(uid, eventTypeId, start);
        booked.add(start);
      } catch (Exception e) {
        outcome = Outcome.classify(e, true);
        error = Outcome.describe(e);
      }
      double simEnd = time.nowSeconds();
      recorder.op(new OpRecord(opId, Op.BOOK, simStart, simEnd, wallStart, Instant.now(), outcome,
          eventTypeId, start, start, 0, (simEnd - simStart) * 1000, error, -1));
      time.sleep(spec.thinkMin());
      if ((i + 1) % READ_EVERY == 0) {
        for (LocalDate day : readDays) {
          List<Instant> free = read(reader, "outage", eventTypeId, day);
          if (free != null) {
            staleDuringOutage += free.stream().filter(booked::contains).count();
          }
        }
      }
    }
    result.staleReadsDuringOutage = staleDuringOutage;
    // 4. the path is restored; the writer's queued invalidations are delivered
    if (path != null && writerInvalidator != null) {
      result.backlogTagsAtRestore = writerInvalidator.backlog();
      long t0 = System.nanoTime();
      path.restore();
      try {
        waitDelivered(writerInvalidator);
        double wallMs = (System.nanoTime() - t0) / 1e6;
        result.backlogDeliveryMs = wallMs;
        result.backlogDeliverySimulatedMs = wallMs * time.scale();
        result.backlogDeliveryNote = "wall-clock ms from the restore until the writer instance's invalidator had"
            + " nothing left to deliver (" + result.backlogTagsAtRestore + " slot tags queued; the in-process bus and"
            + " L2 add no simulated latency, the retry is triggered by the reconnect); x" + Criteria.fmt(time.scale())
            + " as simulated time: " + Math.round(wallMs * time.scale()) + " ms";
      } catch (TimeoutException e) {
        result.backlogDeliveryMs = null;
        result.backlogDeliveryNote = "not delivered within 10 s wall after the restore; backlog still "
            + writerInvalidator.backlog() + " tags";
      }
      result.invalidationStats = writerInvalidator.stats().toString();
      result.outageRefusals = path.refusedPublishes() + " publishes and " + path.refusedL2Commands()
          + " L2 commands refused during the outage";
    } else {
      result.backlogDeliveryMs = null;
      result.backlogDeliveryNote = "no cache, hence no invalidation backlog";
    }
    // 5. read the same days again and compare with the fake's truth
    long stale = 0;
    long missing = 0;
    boolean allRead = true;
    for (LocalDate day : readDays) {
      List<Instant> free = read(reader, "verify", eventTypeId, day);
      List<Instant> truthFree = truth(truth, eventTypeId, day);
      if (free == null || truthFree == null) {
        allRead = false;
        continue;
      }
      Set<Instant> truthSet = new HashSet<>(truthFree);
      stale += free.stream().filter(s -> !truthSet.contains(s)).count();
      Set<Instant> offered = new HashSet<>(free);
      missing += truthFree.stream().filter(s -> !offered.contains(s)).count();
    }
    result.staleReads = stale;
    result.missingAfterDelivery = missing;
    result.staleReadsNote = allRead ? null : "some verification reads failed; stale reads counted on the rest";
    result.bookingsAttempted = attempted;
  }

  private static void waitDelivered(Invalidator invalidator) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        invalidator.whenDelivered().get(left, TimeUnit.NANOSECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("whenDelivered failed", e);
      }
      if (invalidator.backlog() == 0) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  private List<Instant> truth(NaiveClient truth, long eventTypeId, LocalDate day) {
    Instant start = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();
    try {
      return truth.availability("truth-" + day, eventTypeId, start, end, TrafficRunner.ZONE);
    } catch (Exception e) {
      return null;
    }
  }

  private List<Instant> read(LoadClient client, String phase, long eventTypeId, LocalDate day) {
    Instant start = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();
    String opId = client.name() + "-" + phase + "-" + day;
    double simStart = time.nowSeconds();
    Instant wallStart = Instant.now();
    List<Instant> free = null;
    Outcome outcome = Outcome.OK;
    String error = null;
    try {
      free = client.availability(opId, eventTypeId, start, end, TrafficRunner.ZONE);
    } catch (Exception e) {
      outcome = Outcome.classify(e, false);
      error = Outcome.describe(e);
    }
    recorder.lookup(simStart, eventTypeId, start, end, TrafficRunner.ZONE.getId(), free != null);
    recorder.read(simStart, free != null);
    double simEnd = time.nowSeconds();
    recorder.op(new OpRecord(opId, Op.AVAILABILITY, simStart, simEnd, wallStart, Instant.now(), outcome,
        eventTypeId, start, end, 1, (simEnd - simStart) * 1000, error, -1));
    return free;
  }
}
