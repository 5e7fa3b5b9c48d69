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
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.InvalidatorStats;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
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
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis killed (SIGKILL) and restarted empty under two client instances wired with the whole Redis stack (shared
 * rate limiter, cross-instance coalescer, L2 and invalidation bus), against one {@link FakeCalcom} key in 20-fold
 * compressed time: what callers see during the outage (an instance spends at most what is left of its lease, then
 * its calls are refused locally with when to retry: there is no fallback share, so nothing can exceed the budget), and
 * what happens when Redis is back (the receivers flush their L1, the invalidations of the 80 bookings made meanwhile
 * elsewhere and reported to A reach the new Redis and the other instance, and calls are answered again).
 *
 * <p>The delivery time is measured with the default reconnection back-off (capped at 100 ms), from the restarted
 * server's first PING answer, and from A's bus reporting the connection restored.
 */
class RedisRestartWithFullClientStackTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final double SCALE = 20;
  private static final int CAL_COM_LIMIT = 120;
  /** The most tokens a lease holds (two instances on the default budget), all an instance may spend cut off. */
  private static final int LEASE_TOKENS = 3;
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
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void callsAreRefusedLocallyDuringTheOutageTheBudgetHoldsAndQueuedInvalidationsAreDeliveredAfterTheRestart() throws Exception {
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

      // During the outage: an instance may spend only what is left of its lease (tokens the shared log already
      // counts, at most LEASE_TOKENS); every other call is refused locally with when to retry, never a Redis error,
      // and Cal.com is not called. B asks for every day (its L1 was flushed, L2 is down), A tries every booking, once
      // each: no caller loops, so nothing here can hang.
      List<RateLimitedException> outageRefusals = new ArrayList<>();
      long slotsBefore = fake.requests().count("GET /v2/slots");
      int bAnswered = 0;
      for (SlotQuery day : week) {
        try {
          assertThat(b.slots().find(day).source()).isEqualTo(SlotsSource.UPSTREAM);
          bAnswered++;
        } catch (RateLimitedException e) {
          outageRefusals.add(e);
        }
      }
      assertThat(bAnswered).as("B's calls answered from its lease").isLessThanOrEqualTo(LEASE_TOKENS);
      assertThat(fake.requests().count("GET /v2/slots") - slotsBefore).isEqualTo(bAnswered);
      List<Integer> bookedByA = new ArrayList<>();
      for (int i = 0; i < BOOKINGS; i++) {
        try {
          a.bookings().create(booking(i));
          bookedByA.add(i);
        } catch (RateLimitedException e) {
          outageRefusals.add(e);
        }
      }
      assertThat(bookedByA).as("A's bookings sent from its lease").hasSizeLessThanOrEqualTo(LEASE_TOKENS);
      assertThat(fake.bookings()).hasSize(bookedByA.size());
      assertThat(outageRefusals).hasSize(week.size() - bAnswered + BOOKINGS - bookedByA.size());
      for (RateLimitedException refusal : outageRefusals) {
        assertThat(refusal.isLocal()).as("only the limiter's own refusals: %s", refusal).isTrue();
        assertThat(refusal.retryAfter()).as("when to retry: %s", refusal).isPositive();
      }
      assertThat(two.redis.stream().noneMatch(r -> ((RedisRateLimiter) r.rateLimiter()).isShared()))
          .as("neither instance takes from the shared log while Redis is down")
          .isTrue();
      // The rest of the week is booked elsewhere (Cal.com's own booking page) and reported to A, as its webhook
      // would: each booking's invalidation has to wait for Redis.
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      int refusals = outageRefusals.size() + bookEverySlot(truth, a, bookedByA, unexpected);
      assertThat(unexpected).isEmpty();
      assertThat(fake.bookings()).hasSize(BOOKINGS);
      InvalidatorStats queued = a.invalidator().stats();
      assertThat(queued.changes()).isEqualTo(BOOKINGS);
      assertThat(queued.tagsQueued()).as("tags queued, summed over the bookings").isGreaterThanOrEqualTo(BOOKINGS);
      assertThat(queued.tagsDropped()).isZero();
      int backlog = a.invalidator().backlog();
      assertThat(backlog).as("distinct tags waiting").isGreaterThanOrEqualTo(week.size());
      assertThat(aEvents.restored).isEmpty();

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
        // A restarted Redis lost the log: the first instance that notices blocks the key for a window (see
        // SharedTokens), so a call may still be refused locally for a while; it is answered within 10 s.
        SlotsResult answer =
            await()
                .atMost(Duration.ofSeconds(10))
                .ignoreException(RateLimitedException.class)
                .until(() -> b.slots().find(day), r -> r != null);
        assertThat(answer.source()).isIn(SlotsSource.L2, SlotsSource.UPSTREAM);
        assertThat(answer.all()).as("every slot of the week is booked").isEmpty();
        assertThat(answer).isEqualTo(truth.slots().find(day));
      }

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info(String.format(
          "Redis restart with the full stack: %d bookings during the outage -> %d invalidations queued (%d tag"
              + " entries, %d distinct tags, %d failed attempts), local refusals %d (B answered %d of %d days and A"
              + " booked %d from their leases); after PING answered: A's backlog empty in %.1f ms (%.1f ms after"
              + " A's bus was restored), B's bus restored in %.1f ms, B heard %d of A's messages (%s the booked days'"
              + " tags); fake: %s",
          BOOKINGS, queued.changes(), queued.tagsQueued(), backlog, queued.failedAttempts(), refusals, bAnswered,
          week.size(), bookedByA.size(), deliveryMillis, afterOwnRestoreMillis, restoredMillis, bEvents.fromSource.size(),
          heardTags.containsAll(week.stream().map(d -> bookedTag(d, prefix)).toList()) ? "with all of" : "without",
          usage));
      assertThat(deliveryMillis).as("ms from PING answering to the queue delivered (target 100)").isLessThan(5000);
      assertThat(usage.violations()).isZero();
      assertThat(usage.maxInAnyWindow()).isLessThanOrEqualTo(CAL_COM_LIMIT);
      assertThat(fake.journal().stream().filter(c -> c.responseStatus() == 429)).as("429s").isEmpty();
      // Both limiters go back to the shared log once calls arrive.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                for (CalcomClient c : two.clients) {
                  c.slots().findAsync(week.get(0)).handle((r, t) -> null);
                }
                return two.redis.stream().allMatch(r -> ((RedisRateLimiter) r.rateLimiter()).isShared());
              });
      // Calls are answered again, by both instances.
      for (CalcomClient c : two.clients) {
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreException(RateLimitedException.class)
            .until(() -> c.slots().find(week.get(1)).all().isEmpty());
      }
    }
  }

  private static CreateBookingRequest booking(int i) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(MixedTraffic.introCallSlot(i))
        .attendee(Attendee.withEmail("Guest " + i, "guest-" + i + "@example.com", "Europe/London"))
        .build();
  }

  /**
   * Books the starts not in {@code done} through {@code client} from 8 threads, honouring local refusals, and
   * reports each booking to {@code told}'s invalidator as a webhook would; returns how many refusals there were.
   */
  private int bookEverySlot(CalcomClient client, CalcomClient told, List<Integer> done, Queue<Throwable> unexpected)
      throws Exception {
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
                    if (done.contains(i)) {
                      continue;
                    }
                    CreateBookingRequest request = booking(i);
                    while (true) {
                      try {
                        Booking b = client.bookings().create(request);
                        told.invalidator()
                            .apply(BookingChange.created(b.uid(), b.eventTypeId(), b.start(), b.end(), Set.of()));
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
