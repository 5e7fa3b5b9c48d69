package dev.calcomclient.examples.load;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Drives one client with the virtual users of a traffic scenario (1-3). Each user is a thread with its own random
 * generator derived from the seed, the scenario and the user's index, and draws the same five numbers per
 * iteration whatever the answers were, so the same seed gives both clients the same sequence of operations,
 * parameters and think times (how many iterations fit in the run depends on the client's latencies).
 */
final class TrafficRunner {
  /** The callers' time zone (the PHP gateway's voice agents serve a German business). */
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  private final ScenarioSpec spec;
  private final long seed;
  private final SimTime time;
  private final LoadClient client;
  private final Recorder recorder;
  private final List<LocalDate> workdays;
  private final StaleOfferOracle oracle;

  TrafficRunner(ScenarioSpec spec, long seed, SimTime time, LoadClient client, Recorder recorder,
      LocalDate today, StaleOfferOracle oracle) {
    this.oracle = oracle;
    this.spec = spec;
    this.seed = seed;
    this.time = time;
    this.client = client;
    this.recorder = recorder;
    this.workdays = upcomingWorkdays(today, spec.horizonWorkdays());
  }

  static List<LocalDate> upcomingWorkdays(LocalDate today, int count) {
    List<LocalDate> days = new ArrayList<>();
    LocalDate d = today;
    while (days.size() < count) {
      d = d.plusDays(1);
      if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        days.add(d);
      }
    }
    return days;
  }

  /** Runs every user to the end of the scenario and waits for them. */
  void run() throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int u = 0; u < spec.users(); u++) {
      int user = u;
      Thread t = new Thread(() -> runUser(user), "vu-" + client.name() + "-" + u);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    Duration grace = time.toWall(spec.duration()).plusSeconds(30);
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, left / 1_000_000));
      }
      if (t.isAlive()) {
        t.interrupt();
      }
    }
  }

  private double startAt(int user) {
    return spec.rampUp().toNanos() / 1e9 * user / spec.users();
  }

  private double stopAt(int user) {
    double end = spec.duration().toNanos() / 1e9;
    // the highest-numbered users leave first during the ramp-down, as k6 lowers its VU count
    return end - spec.rampDown().toNanos() / 1e9 * user / spec.users();
  }

  private void runUser(int user) {
    SplittableRandom random = new SplittableRandom(mix(seed, spec.name().hashCode(), user));
    User ctx = new User(client.forUser(user));
    try {
      sleepUntil(startAt(user));
      double stop = stopAt(user);
      for (int iteration = 0; time.nowSeconds() < stop; iteration++) {
        // always draw the same numbers, whatever happens, so the traffic does not depend on the answers
        double opDraw = random.nextDouble();
        int eventTypeIndex = random.nextInt(spec.eventTypeIds().size());
        double dayDraw = random.nextDouble();
        double slotDraw = random.nextDouble();
        double thinkDraw = random.nextDouble();

        long eventTypeId = spec.roundRobinEventTypes()
            ? spec.eventTypeIds().get((iteration + user) % spec.eventTypeIds().size())
            : spec.eventTypeIds().get(eventTypeIndex);
        // near days are asked for more often than far ones
        LocalDate day = workdays.get(Math.min(workdays.size() - 1, (int) (workdays.size() * dayDraw * dayDraw)));
        Op op = opDraw < spec.availabilityShare() ? Op.AVAILABILITY
            : opDraw < spec.availabilityShare() + spec.bookShare() ? Op.BOOK : Op.ALTERNATIVES;
        String opId = client.name() + "-u" + user + "-i" + iteration;
        execute(ctx, opId, op, user, eventTypeId, day, slotDraw);

        Duration think = spec.thinkMin().plusNanos(
            Math.round((spec.thinkMax().toNanos() - spec.thinkMin().toNanos()) * thinkDraw));
        time.sleep(think);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A desired start on {@code day} between 09:00 and 16:30 in the callers' zone, on the half hour. */
  static Instant desiredStart(LocalDate day, double draw) {
    int halfHours = Math.min(15, (int) (draw * 16));
    return day.atTime(LocalTime.of(9, 0)).plusMinutes(30L * halfHours).atZone(ZONE).toInstant();
  }

  private void execute(User ctx, String opId, Op op, int user, long eventTypeId, LocalDate day, double slotDraw) {
    Instant dayStart = day.atStartOfDay(ZONE).toInstant();
    Instant dayEnd = day.plusDays(1).atStartOfDay(ZONE).toInstant();
    double simStart = time.nowSeconds();
    Instant wallStart = Instant.now();
    Outcome outcome = Outcome.OK;
    String error = null;
    Instant rangeStart = dayStart;
    Instant rangeEnd = dayEnd;
    int lookupsBefore = ctx.lookups;
    int lookups = -1;
    int upstreamCalls = -1;
    boolean booking = false;
    boolean readAnswered = false;
    double bookStart = Double.NaN;
    try {
      switch (op) {
        case AVAILABILITY -> {
          ctx.lookup(opId, eventTypeId, dayStart, dayEnd);
          readAnswered = true;
        }
        case BOOK -> {
          List<Instant> free = ctx.lookup(opId, eventTypeId, dayStart, dayEnd);
          readAnswered = true;
          if (free.isEmpty()) {
            outcome = Outcome.NO_SLOT;
          } else {
            Instant start = free.get(Math.min(free.size() - 1, (int) (free.size() * slotDraw)));
            booking = true;
            bookStart = time.nowSeconds();
            String uid = ctx.client.book(opId, eventTypeId, start, "Load User " + user, opId + "@load.test", ZONE);
            oracle.bookingCompleted(uid, ctx.instance());
            recorder.booking(uid, eventTypeId, start);
          }
        }
        case ALTERNATIVES -> {
          Alternatives.Found found = ctx.alternatives.find(ctx, opId, eventTypeId, desiredStart(day, slotDraw));
          readAnswered = true;
          oracle.answered(eventTypeId, ctx.instance(), simStart, found.proposals());
          rangeStart = found.rangeStart();
          rangeEnd = found.rangeEnd();
          lookups = found.lookups();
          upstreamCalls = found.upstreamCalls();
          if (ctx.lookups == lookupsBefore) {
            // the finder is one client call, not a lookup through the user context: record it as one
            recorder.lookup(simStart, eventTypeId, rangeStart, rangeEnd, ZONE.getId(), true);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      outcome = Outcome.classify(e, booking);
      error = Outcome.describe(e);
      if (op == Op.ALTERNATIVES && ctx.lookups == lookupsBefore) {
        recorder.lookup(simStart, eventTypeId, rangeStart, rangeEnd, ZONE.getId(), false);
      }
    }
    if (!Thread.currentThread().isInterrupted()) {
      recorder.read(simStart, readAnswered);
    }
    double simEnd = time.nowSeconds();
    double latencyFrom = op == Op.BOOK && !Double.isNaN(bookStart) ? bookStart : simStart;
    recorder.op(new OpRecord(opId, op, simStart, simEnd, wallStart, Instant.now(), outcome,
        eventTypeId, rangeStart, rangeEnd, lookups >= 0 ? lookups : ctx.lookups - lookupsBefore,
        (simEnd - latencyFrom) * 1000, error, upstreamCalls));
  }

  private void sleepUntil(double simSeconds) throws InterruptedException {
    double wait = simSeconds - time.nowSeconds();
    if (wait > 0) {
      time.sleep(Duration.ofNanos((long) (wait * 1e9)));
    }
  }

  static long mix(long seed, long a, long b) {
    long h = seed * 0x9E3779B97F4A7C15L + a;
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + b;
    return h ^ (h >>> 29);
  }

  /** Per-user state: the client instance it talks to, and its lookups (each one recorded). */
  private final class User implements Alternatives.UserContext {
    final LoadClient client;
    final Alternatives.Strategy alternatives;
    int lookups;

    User(LoadClient client) {
      this.client = client;
      this.alternatives = Alternatives.forClient(client);
    }

    /** The calcom-client instance this user talks to, or -1 for a client without instances. */
    int instance() {
      return client instanceof CalcomLoadClient.Instance i ? i.index() : -1;
    }

    @Override
    public List<Instant> lookup(String opId, long eventTypeId, Instant start, Instant end) throws Exception {
      lookups++;
      double at = time.nowSeconds();
      boolean answered = false;
      try {
        List<Instant> free = client.availability(opId, eventTypeId, start, end, ZONE);
        answered = true;
        oracle.lookupAnswered(eventTypeId, instance(), at, start, end, free);
        return free;
      } finally {
        recorder.lookup(at, eventTypeId, start, end, ZONE.getId(), answered);
      }
    }

    @Override
    public ZoneId zone() {
      return ZONE;
    }
  }
}
