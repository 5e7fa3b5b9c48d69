package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.InvalidatorStats;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis killed (SIGKILL) and restarted empty under two client instances wired with the whole Redis stack (shared
 * rate limiter, cross-instance coalescer, L2 and invalidation bus), against one {@link FakeCalcom} key in 20-fold
 * compressed time: what callers see during the outage, that the budget holds on the fallback shares, and what
 * happens when Redis is back (the receivers flush their L1, the 80 bookings' invalidations queued meanwhile reach
 * the new Redis and the other instance).
 *
 * <p>The delivery time is measured with the default reconnection back-off (capped at 100 ms), from the restarted
 * server's first PING answer, and from A's bus reporting the connection restored.
 */
class RedisRestartWithFullClientStackTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final double SCALE = 20;
  private static final int CAL_COM_LIMIT = 120;
  private static final int BOOKINGS = 80; // every "intro-call" start of Monday to Friday: 16 a day
  private static final LocalDate MONDAY = MixedTraffic.MONDAY;

  private RedisServerProcess server;
  private ScaledTime time;
  private FakeCalcom fake;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    time = new ScaledTime(SCALE, MixedTraffic.NOW);
    fake = FakeCalcom.builder().withDefaultData().timeScale(SCALE).latency(LatencyProfile.calcomLike()).build().start();
  }

  @AfterEach
  void tearDown() {
    fake.close();
    time.close();
    server.close();
  }

  @Test
  void cachedQueriesKeepAnsweringTheBudgetHoldsAndQueuedInvalidationsAreDeliveredAfterTheRestart() throws Exception {
    List<SlotQuery> week = new ArrayList<>();
    for (int d = 0; d < 5; d++) {
      week.add(dayOf(MONDAY.plusDays(d)));
    }
    try (FourInstances two =
            new FourInstances(2, server.uri(), fake, time);
        CalcomClient truth = FourInstances.scaledClient(fake, time).cache(CacheConfig.disabled()).build()) {
      CalcomClient a = two.client(0);
      CalcomClient b = two.client(1);
      SlotStore bCache = ClientInternals.store(b).orElseThrow();
      BusEvents aEvents = new BusEvents(a.invalidator().sourceId(), () -> -1);
      BusEvents bEvents = new BusEvents(a.invalidator().sourceId(), bCache::localSize);
      two.redis.get(0).invalidationBus().subscribe(aEvents);
      two.redis.get(1).invalidationBus().subscribe(bEvents);

      // Before: the week is cached in L2 (A's fetches; each fill is sent as A answers, and awaited here) and in B's L1.
      String prefix = two.redis.get(0).keyPrefix();
      for (SlotQuery day : week) {
        assertThat(a.slots().find(day).source()).isEqualTo(SlotsSource.UPSTREAM);
        String key = new SlotKey(DefaultDataset.INTRO_CALL_ID, "default", utcDay(day)).render(prefix);
        await().atMost(Duration.ofSeconds(10)).until(() -> server.command("EXISTS", key).equals(":1"));
        assertThat(b.slots().find(day).source()).isEqualTo(SlotsSource.L2);
        assertThat(b.slots().find(day).source()).isEqualTo(SlotsSource.L1);
      }

      server.kill();
      await().atMost(Duration.ofSeconds(10)).until(() -> aEvents.lost.size() == 1 && bEvents.lost.size() == 1);
      assertThat(bEvents.lost.get(0)).as("B's L1 entries once it knew it could miss invalidations").isZero();

      // During the outage: B answers every day, from Cal.com on its fallback share (which starts empty: a caller may
      // be told to come back, the limiter's own refusal, never a Redis error), then from its L1 with no call at all.
      AtomicInteger outageRefusals = new AtomicInteger();
      for (SlotQuery day : week) {
        assertThat(findHonouringRefusals(b, day, outageRefusals).source()).isEqualTo(SlotsSource.UPSTREAM);
        long upstream = fake.requests().count("GET /v2/slots");
        assertThat(b.slots().find(day).source()).isEqualTo(SlotsSource.L1);
        assertThat(fake.requests().count("GET /v2/slots")).isEqualTo(upstream);
      }
      // A books every slot of the week; each booking's invalidation has to wait for Redis.
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      int refusals = bookEverySlot(a, unexpected) + outageRefusals.get();
      assertThat(unexpected).isEmpty();
      assertThat(fake.bookings()).hasSize(BOOKINGS);
      InvalidatorStats queued = a.invalidator().stats();
      assertThat(queued.changes()).isEqualTo(BOOKINGS);
      assertThat(queued.tagsQueued()).as("tags queued, summed over the bookings").isGreaterThanOrEqualTo(BOOKINGS);
      assertThat(queued.tagsDropped()).isZero();
      int backlog = a.invalidator().backlog();
      assertThat(backlog).as("distinct tags waiting").isGreaterThanOrEqualTo(week.size());
      assertThat(aEvents.restored).isEmpty();
      // What B's L1 (filled during the outage, before the bookings) says now: the bookings could not reach it.
      int staleDays = 0;
      for (SlotQuery day : week) {
        if (!b.slots().find(day).equals(truth.slots().find(day))) {
          staleDays++;
        }
      }

      AtomicLong deliveredAt = new AtomicLong();
      CompletableFuture<Void> drained =
          a.invalidator().whenDelivered().thenRun(() -> deliveredAt.set(System.nanoTime()));
      assertThat(drained).isNotDone();
      server.restart(); // the new server comes back empty
      long reachable = server.answeredAtNanos(); // its first PING answer
      drained.get(10, TimeUnit.SECONDS);
      assertThat(a.invalidator().backlog()).isZero();
      double deliveryMillis = (deliveredAt.get() - reachable) / 1e6;
      await().atMost(Duration.ofSeconds(10)).until(() -> bEvents.restored.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> aEvents.restored.size() == 1);
      double restoredMillis = (bEvents.restoredAt - reachable) / 1e6;
      double afterOwnRestoreMillis = (deliveredAt.get() - aEvents.restoredAt) / 1e6;

      // The queued invalidations reached the new Redis (each tag's generation exists again) ...
      for (SlotQuery day : week) {
        SlotTag tag = new SlotTag(DefaultDataset.INTRO_CALL_ID, utcDay(day));
        assertThat(server.command("EXISTS", tag.render(prefix) + ":gen")).as(tag.toString()).isEqualTo(":1");
      }
      // ... and were published. Whether B heard them depends on whether its subscription was back first (pub/sub is
      // at most once); either way B flushed its L1 when its bus was restored, so it cannot serve a booked slot.
      Set<String> heardTags = new HashSet<>();
      bEvents.fromSource.forEach(m -> heardTags.addAll(m.tags()));
      assertThat(bEvents.restored.get(0)).as("B's L1 entries once its bus was back").isZero();
      for (SlotQuery day : week) {
        SlotsResult answer = b.slots().find(day);
        assertThat(answer.source()).isIn(SlotsSource.L2, SlotsSource.UPSTREAM);
        assertThat(answer.all()).as("every slot of the week is booked").isEmpty();
        assertThat(answer).isEqualTo(truth.slots().find(day));
      }

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info(String.format(
          "Redis restart with the full stack: %d bookings during the outage -> %d invalidations queued (%d tag"
              + " entries, %d distinct tags, %d failed attempts), local refusals %d; B's L1 differed from Cal.com on"
              + " %d of %d days before the restart; after PING answered: A's backlog empty in %.1f ms (%.1f ms after"
              + " A's bus was restored), B's bus restored in %.1f ms, B heard %d of A's messages (%s the booked days'"
              + " tags); fake: %s",
          BOOKINGS, queued.changes(), queued.tagsQueued(), backlog, queued.failedAttempts(), refusals, staleDays,
          week.size(), deliveryMillis, afterOwnRestoreMillis, restoredMillis, bEvents.fromSource.size(),
          heardTags.containsAll(week.stream().map(d -> bookedTag(d, prefix)).toList()) ? "with all of" : "without",
          usage));
      assertThat(deliveryMillis).as("ms from PING answering to the queue delivered (target 100)").isLessThan(5000);
      assertThat(usage.violations()).isZero();
      assertThat(usage.maxInAnyWindow()).isLessThanOrEqualTo(CAL_COM_LIMIT);
      assertThat(fake.journal().stream().filter(c -> c.responseStatus() == 429)).as("429s").isEmpty();
      // Both limiters go back to the shared bucket once calls arrive.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                for (CalcomClient c : two.clients) {
                  c.slots().findAsync(week.get(0)).handle((r, t) -> null);
                }
                return two.redis.stream().allMatch(r -> ((RedisRateLimiter) r.rateLimiter()).isShared());
              });
    }
  }

  /** Books the 80 starts from 8 threads, honouring local refusals; returns how many refusals there were. */
  private int bookEverySlot(CalcomClient client, Queue<Throwable> unexpected) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refusals = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < BOOKINGS; i = next.getAndIncrement()) {
                    CreateBookingRequest request =
                        CreateBookingRequest.builder()
                            .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                            .start(MixedTraffic.introCallSlot(i))
                            .attendee(Attendee.withEmail("Guest " + i, "guest-" + i + "@example.com", "Europe/London"))
                            .build();
                    while (true) {
                      try {
                        client.bookings().create(request);
                        break;
                      } catch (RateLimitedException e) {
                        if (!e.isLocal()) {
                          unexpected.add(e);
                          break;
                        }
                        refusals.incrementAndGet();
                        time.after(e.retryAfter()).join(); // pacing, as a caller honouring retryAfter would
                      } catch (CalcomException e) {
                        unexpected.add(e);
                        break;
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return refusals.get();
  }

  /** {@code client.slots().find(query)}, coming back after each local refusal as its {@code retryAfter} says. */
  private SlotsResult findHonouringRefusals(CalcomClient client, SlotQuery query, AtomicInteger refusals) {
    while (true) {
      try {
        return client.slots().find(query);
      } catch (RateLimitedException e) {
        assertThat(e.isLocal()).as("only the limiter's own refusals: %s", e).isTrue();
        refusals.incrementAndGet();
        time.after(e.retryAfter()).join(); // pacing, as a caller honouring retryAfter would
      }
    }
  }

  /** One UTC day of "intro-call" (the range's end is inclusive: it stops a second before midnight). */
  private static SlotQuery dayOf(LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
        .between(start, start.plus(Duration.ofDays(1)).minusSeconds(1))
        .build();
  }

  private static String bookedTag(SlotQuery day, String prefix) {
    return new SlotTag(DefaultDataset.INTRO_CALL_ID, utcDay(day)).render(prefix);
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
    volatile long restoredAt;
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
      restoredAt = System.nanoTime();
      restored.add(l1Size.getAsLong());
    }
  }
}
