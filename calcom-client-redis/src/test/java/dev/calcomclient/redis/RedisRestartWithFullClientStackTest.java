package dev.calcomclient.redis;

import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.InvalidatorStats;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.support.DrivenInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis killed (SIGKILL) and restarted empty under two client instances wired with the whole Redis stack (shared
 * rate limiter, cross-instance coalescer, L2 and invalidation bus: {@link DrivenInstances#fullStack}), against one
 * {@link FakeCalcom} key, on driven time ({@link DrivenHammer}): {@value #CALLERS} callers spread over the two
 * instances call with a new distinct day lookup as soon as their last one ended, for 3 minutes of a {@link FakeClock}
 * that moves (at most 100 ms at a time, stopping at every wait's due time) only while every caller waits on it and no
 * Redis command of any component is on its way. Redis is killed at 60 s and restarted at 120 s while the clock stands
 * still. What is checked:
 *
 * <ul>
 *   <li>before: the week is cached in L2 (A's fetches) and in B's L1;
 *   <li>at the kill, both buses report the lost connection and B's L1 is flushed;
 *   <li>during the outage (at 90 s): an instance spends at most what is left of its lease (tokens the shared log
 *       already counts, at most {@value #LEASE_TOKENS}), then its calls are refused locally with when to retry: there
 *       is no fallback share, so nothing can exceed the budget; neither instance takes from the shared log; the
 *       invalidations of the {@value #BOOKINGS} bookings made meanwhile (by A, and elsewhere and reported to A, as
 *       Cal.com's webhook would) are queued. The callers spent the leases before the check (so it sees none sent);
 *       a cut-off instance that still holds a lease is {@code RedisRateLimiterOutageTest}'s case;
 *   <li>after the restart: the receivers flush their L1, the queued invalidations reach the new Redis (each tag's
 *       generation exists again) within a second of the clock (the bus's restore retries at once; a retry that
 *       failed anyway backs off at most 1 s), both instances are back on the shared log, and calls are answered again
 *       with the booked week (empty, as the fake's own truth says).
 * </ul>
 *
 * <p>The budget, as in {@code FourInstancesAgainstFakeCalcomTest}'s kill-and-restart run: the log admits at most the
 * budget in any 61 s span of its takes, so no 60 s at the fake hold more than 110; the first span's budget is spent in
 * its first instant and the log stays full until 61 s, after the kill; no instance sends while Redis is down beyond
 * its lease, which the log already counts; the restarted log is empty and the budget is spent again at 120 s. So the
 * run sends two spans of the budget: at most {@code 2 x 110} and at least {@code 2 x min(110, 120 - 2 - (CALLERS / 2 -
 * 1)) = 220} (the adaptive cap's bound, {@value #CALLERS} / 2 callers per instance); a stack that stayed cut off after
 * the restart sends 110.
 *
 * <p>Not driven, because they are Lettuce's and the Redis process's: the kill being noticed and the reconnection after
 * the restart. They happen while the clock stands still and are awaited on their conditions (each bus reporting the
 * connection lost or restored, each connection answering a PING), bounded at 10 to 30 s of real time; how long they
 * took is logged, never asserted.
 */
class RedisRestartWithFullClientStackTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final int CAL_COM_LIMIT = 120;
  private static final int CALLERS = 16;
  /** The most tokens a lease holds (two instances on the default budget), all an instance may spend cut off. */
  private static final int LEASE_TOKENS = 3;
  private static final int BOOKINGS = 80; // every "intro-call" start of Monday to Friday: 16 a day
  private static final LocalDate MONDAY = MixedTraffic.MONDAY;
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final Duration STEP = Duration.ofMillis(100);
  private static final Duration KILL_AT = Duration.ofSeconds(60);
  private static final Duration OUTAGE_CHECK_AT = Duration.ofSeconds(90);
  private static final Duration RESTART_AT = Duration.ofSeconds(120);
  /** The longest invalidation retry backoff (the default 1 s): delivery is due by then after the restart. */
  private static final Duration DELIVERED_BY = RESTART_AT.plusSeconds(1);
  /** Real-time bound on what Lettuce and the Redis process do while the clock stands still. */
  private static final Duration REAL_TIME_BOUND = Duration.ofSeconds(10);

  /** For calls made while the clock stands still: refused at once when no token is there, never waiting on it. */
  private static final RequestOptions NO_WAIT = RequestOptions.builder().maxWait(Duration.ZERO).build();

  private final RateLimiterConfig config = RateLimiterConfig.defaults();
  private final FakeClock clock = FakeClock.at(MixedTraffic.NOW);
  private final DrivenHammer hammer = new DrivenHammer(clock);
  private RedisServerProcess server;
  private FakeCalcom fake;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
  }

  @AfterEach
  void tearDown() {
    fake.close();
    server.close();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void callsAreRefusedLocallyDuringTheOutageTheBudgetHoldsAndQueuedInvalidationsAreDeliveredAfterTheRestart()
      throws Exception {
    List<SlotQuery> week = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      week.add(dayOf(MONDAY.plusDays(d)));
    }
    try (DrivenInstances two = DrivenInstances.fullStack(2, server.uri(), config, fake, clock, hammer)) {
      CalcomClient a = two.clients.get(0);
      CalcomClient b = two.clients.get(1);
      SlotStore bCache = ClientInternals.store(b).orElseThrow();
      BusEvents aEvents = new BusEvents(a.invalidator().sourceId(), () -> -1);
      BusEvents bEvents = new BusEvents(a.invalidator().sourceId(), bCache::localSize);
      two.buses.get(0).subscribe(aEvents);
      two.buses.get(1).subscribe(bEvents);

      // Before (the clock stands still): the week is cached in L2 (A's fetches; each fill is sent as A answers, and
      // awaited here) and in B's L1.
      for (SlotQuery day : week) {
        assertThat(find(a, day).source()).isEqualTo(SlotsSource.UPSTREAM);
        String key = new SlotKey(DefaultDataset.INTRO_CALL_ID, "default", utcDay(day)).render(DrivenInstances.PREFIX);
        await().atMost(REAL_TIME_BOUND).until(() -> server.command("EXISTS", key).equals(":1"));
        assertThat(find(b, day).source()).isEqualTo(SlotsSource.L2);
        assertThat(find(b, day).source()).isEqualTo(SlotsSource.L1);
      }

      Outage outage = new Outage(two.limiters);
      AtomicReference<Instant> deliveredAt = new AtomicReference<>();
      AtomicReference<CompletableFuture<Void>> drained = new AtomicReference<>();
      List<Boolean> deliveredBy = new ArrayList<>();
      long[] realMillis = new long[2];
      hammer
          .at(KILL_AT, () -> {
            long t0 = System.nanoTime();
            server.kill();
            await().atMost(REAL_TIME_BOUND).until(() -> aEvents.lost.size() == 1 && bEvents.lost.size() == 1);
            realMillis[0] = (System.nanoTime() - t0) / 1_000_000;
          })
          .at(OUTAGE_CHECK_AT, () -> {
            outage.check(a, b, week);
            drained.set(a.invalidator().whenDelivered().thenRun(() -> deliveredAt.set(clock.instant())));
          })
          .at(RESTART_AT, () -> {
            long t0 = System.nanoTime();
            server.restart(); // the new server comes back empty
            two.awaitReachable();
            await().atMost(REAL_TIME_BOUND).until(() -> aEvents.restored.size() == 1 && bEvents.restored.size() == 1);
            realMillis[1] = (System.nanoTime() - t0) / 1_000_000;
          })
          .at(DELIVERED_BY, () -> deliveredBy.add(drained.get().isDone()));

      HammerResult run = hammer.run(two.clients, CALLERS, RUN, STEP);
      RateLimitUsage duringRun = fake.rateLimitUsage(fake.apiKey());

      // During the outage: see Outage.check; its assertions ran at 90 s, their failures are rethrown here.
      outage.rethrow();
      assertThat(bEvents.lost.get(0)).as("B's L1 entries once it knew it could miss invalidations").isZero();
      assertThat(outage.queued.changes()).isEqualTo(BOOKINGS);
      assertThat(outage.queued.tagsQueued()).as("tags queued, summed over the bookings").isGreaterThanOrEqualTo(BOOKINGS);
      assertThat(outage.queued.tagsDropped()).isZero();
      assertThat(outage.backlog).as("distinct tags waiting").isGreaterThanOrEqualTo(week.size());
      assertThat(outage.drainedBeforeRestart).as("delivered while Redis was down").isFalse();
      assertThat(fake.bookings()).hasSize(BOOKINGS);

      // After the restart: the queued invalidations reached the new Redis within a second of the clock ...
      assertThat(deliveredBy).as("A's queue delivered by %s after the start", DELIVERED_BY).containsExactly(true);
      assertThat(a.invalidator().backlog()).isZero();
      for (SlotQuery day : week) {
        SlotTag tag = new SlotTag(DefaultDataset.INTRO_CALL_ID, utcDay(day));
        assertThat(server.command("EXISTS", tag.render(DrivenInstances.PREFIX) + ":gen"))
            .as(tag.toString())
            .isEqualTo(":1");
      }
      // ... and were published. Whether B heard them depends on whether its subscription was back first (pub/sub is
      // at most once); either way B flushed its L1 when its bus was restored, so it cannot serve a booked slot.
      assertThat(bEvents.restored.get(0)).as("B's L1 entries once its bus was back").isZero();

      // The budget held through the kill and the restart, and the stack came back (two spans, see the class doc).
      FIGURES.info(String.format(
          "Redis restart with the full stack on driven time: %d callers, %d local refusals in the run; during the"
              + " outage %d bookings -> %d invalidations queued (%d tag entries, %d distinct tags), B answered %d of"
              + " %d days and A booked %d from their leases, %d refusals; A's queue delivered %s after the restart"
              + " (clock); real time: kill noticed by both buses in %d ms, restart to both buses restored %d ms;"
              + " B heard %d of A's messages; fake after the run: %s",
          CALLERS, run.localRefusals(), BOOKINGS, outage.queued.changes(), outage.queued.tagsQueued(), outage.backlog,
          outage.bAnswered, week.size(), outage.bookedByA.size(), outage.refusals.size(),
          deliveredAt.get() == null ? "never" : Duration.between(MixedTraffic.NOW.plus(RESTART_AT), deliveredAt.get()),
          realMillis[0], realMillis[1], bEvents.fromSource.size(), duringRun));
      assertThat(run.unexpected()).as("callers saw only answers and the limiter's own refusals").isEmpty();
      assertThat(run.upstream429()).isZero();
      assertThat(duringRun.maxInAnyWindow())
          .as("the fake's most requests in any sliding 60 s window (%s)", duringRun)
          .isLessThanOrEqualTo(config.budget());
      assertThat(duringRun.requests())
          .as("requests the fake received in the run: a span of the budget before the kill, one after the restart")
          .isGreaterThanOrEqualTo(2 * perSpan())
          .isLessThanOrEqualTo(2L * config.budget());
      assertThat(two.limiters).as("both limiters back on the shared log").allSatisfy(l -> assertThat(l.isShared()).isTrue());

      // Calls are answered again, by both instances, with the booked week: once the run's last span is over (the
      // clock moves past it), each day is answered from L2 or Cal.com, every slot booked, as the fake's truth says.
      clock.advance(config.window().plusSeconds(5));
      for (CalcomClient c : two.clients) {
        for (SlotQuery day : week) {
          SlotsResult answer = find(c, day);
          assertThat(answer.source()).isIn(SlotsSource.L1, SlotsSource.L2, SlotsSource.UPSTREAM);
          assertThat(answer.all()).as("every slot of %s is booked", utcDay(day)).isEmpty();
          assertThat(fake.availableStarts(DefaultDataset.INTRO_CALL_ID, day.start(), day.end())).isEmpty();
        }
      }
      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      assertThat(usage.violations()).isZero();
      assertThat(usage.maxInAnyWindow()).as("(%s)", usage).isLessThanOrEqualTo(config.budget());
      assertThat(throttled(fake)).as("429s in the fake's journal").isZero();
    }
  }

  /** Requests the log sends in each of its spans at least (see the class doc). */
  private long perSpan() {
    return Math.min(config.budget(), CAL_COM_LIMIT - config.adaptiveSafetyMargin() - (CALLERS / 2 - 1L));
  }

  /**
   * What the clients do during the outage, checked in an event of the run (the clock stands still, every caller
   * waits on it): each call is answered from a lease or refused at once, so none waits on the clock.
   */
  private final class Outage {
    final List<RateLimitedException> refusals = new ArrayList<>();
    final List<Integer> bookedByA = new ArrayList<>();
    int bAnswered;
    InvalidatorStats queued;
    int backlog;
    boolean drainedBeforeRestart;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<RedisRateLimiter> limiters;

    Outage(List<RedisRateLimiter> limiters) {
      this.limiters = limiters;
    }

    void check(CalcomClient a, CalcomClient b, List<SlotQuery> week) {
      try {
        doCheck(a, b, week);
      } catch (Throwable t) {
        failures.add(t);
      }
    }

    private void doCheck(CalcomClient a, CalcomClient b, List<SlotQuery> week) throws Exception {
      // An instance may spend only what is left of its lease (tokens the shared log already counts, at most
      // LEASE_TOKENS); every other call is refused locally with when to retry, never a Redis error, and Cal.com is
      // not called. B asks for every day (its L1 was flushed, L2 is down), A tries every booking, once each.
      assertThat(limiters.stream().noneMatch(RedisRateLimiter::isShared))
          .as("neither instance takes from the shared log while Redis is down")
          .isTrue();
      long slotsBefore = fake.requests().count("GET /v2/slots");
      for (SlotQuery day : week) {
        try {
          assertThat(find(b, day).source()).isEqualTo(SlotsSource.UPSTREAM);
          bAnswered++;
        } catch (RateLimitedException e) {
          refusals.add(e);
        }
      }
      assertThat(bAnswered).as("B's calls answered from its lease").isLessThanOrEqualTo(LEASE_TOKENS);
      assertThat(fake.requests().count("GET /v2/slots") - slotsBefore).isEqualTo(bAnswered);
      for (int i = 0; i < BOOKINGS; i++) {
        try {
          a.bookings().createAsync(booking(i), NO_WAIT).get(REAL_TIME_BOUND.toSeconds(), TimeUnit.SECONDS);
          bookedByA.add(i);
        } catch (ExecutionException e) {
          if (Futures.unwrap(e) instanceof RateLimitedException r) {
            refusals.add(r);
          } else {
            throw e;
          }
        }
      }
      assertThat(bookedByA).as("A's bookings sent from its lease").hasSizeLessThanOrEqualTo(LEASE_TOKENS);
      assertThat(fake.bookings()).hasSize(bookedByA.size());
      assertThat(refusals).hasSize(week.size() - bAnswered + BOOKINGS - bookedByA.size());
      for (RateLimitedException refusal : refusals) {
        assertThat(refusal.isLocal()).as("only the limiter's own refusals: %s", refusal).isTrue();
        assertThat(refusal.retryAfter()).as("when to retry: %s", refusal).isPositive();
      }
      // The rest of the week is booked elsewhere (Cal.com's own booking page) and reported to A, as its webhook
      // would: each booking's invalidation has to wait for Redis.
      for (int i = 0; i < BOOKINGS; i++) {
        if (!bookedByA.contains(i)) {
          FakeBooking booked =
              fake.seedBooking(DefaultDataset.INTRO_CALL_ID, MixedTraffic.introCallSlot(i), "Guest " + i,
                  "guest-" + i + "@example.com");
          a.invalidator()
              .apply(BookingChange.created(booked.uid(), booked.eventTypeId(), booked.start(), booked.end(), Set.of()))
              .get(REAL_TIME_BOUND.toSeconds(), TimeUnit.SECONDS);
        }
      }
      queued = a.invalidator().stats();
      backlog = a.invalidator().backlog();
      drainedBeforeRestart = a.invalidator().whenDelivered().isDone();
    }

    void rethrow() {
      if (!failures.isEmpty()) {
        AssertionError e = new AssertionError("during the outage: " + failures.get(0), failures.get(0));
        failures.stream().skip(1).forEach(e::addSuppressed);
        throw e;
      }
    }
  }

  /**
   * {@code client}'s answer for {@code day}, or the failure it got, asked while the clock stands still: the call may
   * not wait for a token (it would wait for a clock that does not move), and the real-time bound only turns a hang
   * into a failure.
   */
  private static SlotsResult find(CalcomClient client, SlotQuery day) throws Exception {
    try {
      return client.slots().findAsync(day, NO_WAIT).get(REAL_TIME_BOUND.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = Futures.unwrap(e);
      if (cause instanceof Exception x) {
        throw x;
      }
      throw e;
    }
  }

  private static CreateBookingRequest booking(int i) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(MixedTraffic.introCallSlot(i))
        .attendee(Attendee.withEmail("Guest " + i, "guest-" + i + "@example.com", "Europe/London"))
        .build();
  }

  /** One UTC day of "intro-call" (the range's end is inclusive: it stops a second before midnight). */
  private static SlotQuery dayOf(LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
        .between(start, start.plus(Duration.ofDays(1)).minusSeconds(1))
        .build();
  }

  private static LocalDate utcDay(SlotQuery q) {
    return LocalDate.ofInstant(q.start(), ZoneOffset.UTC);
  }

  /**
   * One instance's bus events, subscribed after its client (so each runs after the client's own receiver): the
   * instance's L1 size at each lost and restored connection, and the messages of one source.
   */
  private static final class BusEvents implements InvalidationBus.Subscriber {
    final List<Long> lost = new CopyOnWriteArrayList<>();
    final List<Long> restored = new CopyOnWriteArrayList<>();
    final List<InvalidationMessage> fromSource = new CopyOnWriteArrayList<>();
    private final String source;
    private final LongSupplier l1Size;

    BusEvents(String source, LongSupplier l1Size) {
      this.source = source;
      this.l1Size = l1Size;
    }

    @Override
    public void onMessage(InvalidationMessage message) {
      if (message.sourceId().equals(source)) {
        fromSource.add(message);
      }
    }

    @Override
    public void connectionLost() {
      lost.add(l1Size.getAsLong());
    }

    @Override
    public void connectionRestored() {
      restored.add(l1Size.getAsLong());
    }
  }
}
