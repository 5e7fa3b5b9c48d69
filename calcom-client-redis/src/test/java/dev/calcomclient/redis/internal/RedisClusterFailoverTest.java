package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis Cluster failover under two client instances with the whole Redis stack (issue 18): three masters with a
 * replica each ({@code redis-server} processes wired by the test), the master that holds the shared rate-limit bucket
 * killed with SIGKILL while both instances keep calling Cal.com, and one instance booking a slot whose L2 tag lives
 * on that master too. The failover runs in real time (cluster-node-timeout 2 s); the clients' time runs 4 times
 * faster, so that the fake's 60 s window is 15 real seconds and the traffic presses on the budget.
 *
 * <p>Measured from the moment a surviving node reports {@code cluster_state:ok} with the replica promoted: the
 * booking's queued invalidation is delivered (L2 and bus) and both limiters are back on the shared bucket within
 * 5 s; each limiter went back exactly once (its probe asks the node that holds the bucket, so it does not flap
 * between the shared log and refusing while that node is dead); no 429 at the fake throughout. While the master is
 * dead an instance spends only what is left of its lease and refuses the rest locally, so the booking is made
 * elsewhere (Cal.com's own page) and reported to A, as its webhook would.
 */
class RedisClusterFailoverTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final double SCALE = 4;
  private static final int CAL_COM_LIMIT = 120;
  private static final int MASTERS = 3;
  private static final long WITHIN_MILLIS = 5_000;
  /** An uncached upstream call: the traffic that keeps both limiters busy. */
  private static final BookingListQuery ONE = BookingListQuery.builder().take(1).build();

  private List<RedisServerProcess> nodes;
  private ScaledTime time;
  private FakeCalcom fake;
  private ScheduledExecutorService traffic;

  @BeforeEach
  void setUp() {
    nodes = RedisServerProcess.launchCluster(MASTERS, 1, "--cluster-node-timeout", "2000");
    time = new ScaledTime(SCALE, MixedTraffic.NOW);
    fake = FakeCalcom.builder().withDefaultData().timeScale(SCALE).build().start();
    traffic = Executors.newScheduledThreadPool(2);
  }

  @AfterEach
  void tearDown() {
    traffic.shutdownNow();
    fake.close();
    time.close();
    nodes.forEach(RedisServerProcess::close);
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void afterAMasterFailsOverQueuedInvalidationsArriveAndTheSharedBucketIsBackWithinFiveSeconds() throws Exception {
    try (FourInstances two = new FourInstances(2, RedisServerProcess.clusterUri(nodes), fake, time);
        CalcomClient truth = FourInstances.scaledClient(fake, time).cache(CacheConfig.disabled()).build()) {
      CalcomClient a = two.client(0);
      CalcomClient b = two.client(1);
      RedisRateLimiter[] limiters = {limiter(two, 0), limiter(two, 1)};
      String prefix = two.redis.get(0).keyPrefix();

      // The bucket is made by the first take; its slot says which master to kill.
      a.bookings().list(ONE);
      String bucketKey = limiters[0].bucketKey(a.credentialId());
      int victim = ownerOf(bucketKey);
      RedisServerProcess master = nodes.get(victim);
      RedisServerProcess replica = nodes.get(MASTERS + victim);
      assertThat(master.command("EXISTS", bucketKey)).as("the shared bucket on its master").isEqualTo(":1");
      RedisServerProcess survivor = nodes.get((victim + 1) % MASTERS);

      // A weekday whose L2 tag is on that master as well, cached in L2 and in B's L1.
      int dayIndex = 0;
      while (ownerOf("{" + tagOf(MixedTraffic.introCallSlot(16 * dayIndex), prefix) + "}:gen") != victim) {
        dayIndex++;
        assertThat(dayIndex).as("a weekday whose tag hashes to master %d", victim).isLessThan(40);
      }
      Instant bookedStart = MixedTraffic.introCallSlot(16 * dayIndex);
      SlotQuery day = dayOf(bookedStart);
      assertThat(a.slots().find(day).source()).isEqualTo(SlotsSource.UPSTREAM);
      await().atMost(Duration.ofSeconds(10)).until(() -> b.slots().find(day).source() == SlotsSource.L1);
      assertThat(offers(b, day, bookedStart)).isTrue();

      // Both instances keep calling Cal.com (5 calls a real second each, 150 a simulated minute together: more than
      // the budget of 110, so that the limiters have to refuse some).
      Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      AtomicInteger localRefusals = new AtomicInteger();
      for (CalcomClient c : two.clients) {
        traffic.scheduleAtFixedRate(
            () -> c.bookings().listAsync(ONE).whenComplete((page, failure) -> {
              if (failure instanceof java.util.concurrent.CompletionException) {
                failure = failure.getCause();
              }
              if (failure instanceof RateLimitedException e && e.isLocal()) {
                localRefusals.incrementAndGet();
              } else if (failure != null) {
                unexpected.add(failure);
              }
            }),
            0, 200, TimeUnit.MILLISECONDS);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> fake.requests().count("GET /v2/bookings") >= 6);
      assertThat(limiters[0].isShared() && limiters[1].isShared()).isTrue();

      master.kill();
      long killedAt = System.nanoTime();
      // Cut off from the log's master, neither instance may call Cal.com beyond what is left of its lease: the slot is
      // booked elsewhere (Cal.com's own booking page) and reported to A, as its webhook would. The booking's
      // invalidation fails on the dead master and is queued (its outcome is reported asynchronously).
      Booking booked = book(truth, bookedStart, unexpected);
      assertThat(booked).isNotNull();
      a.invalidator()
          .apply(BookingChange.created(booked.uid(), booked.eventTypeId(), booked.start(), booked.end(), Set.of()));
      await().atMost(Duration.ofSeconds(5)).until(() -> a.invalidator().stats().tagsQueued() > 0);
      long queuedAt = System.nanoTime();
      AtomicLong deliveredAt = new AtomicLong();
      var delivered = a.invalidator().whenDelivered().thenRun(() -> deliveredAt.set(System.nanoTime()));

      // The failover: the master is marked failed, its replica elected; a surviving node reports the cluster ok.
      String replicaId = replica.nodeId();
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(20))
          .until(() -> isMaster(survivor, replicaId) && survivor.command("CLUSTER", "INFO").contains("cluster_state:ok"));
      long okAt = System.nanoTime();
      assertThat(queuedAt).as("the invalidation was queued before the failover completed").isLessThan(okAt);

      // Watched together: the delivery, and each limiter back on the shared log after refusing while cut off.
      long[] sharedAtEach = new long[2];
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(5))
          .atMost(Duration.ofSeconds(15))
          .until(() -> {
            long now = System.nanoTime();
            for (int i = 0; i < 2; i++) {
              if (sharedAtEach[i] == 0 && limiters[i].rejoins() > 0 && limiters[i].isShared()) {
                sharedAtEach[i] = now;
              }
            }
            return delivered.isDone() && sharedAtEach[0] != 0 && sharedAtEach[1] != 0;
          });
      long sharedAt = Math.max(sharedAtEach[0], sharedAtEach[1]);
      // The other instance heard of the booking (or flushed its L1 when its bus lost the connection).
      await().atMost(Duration.ofSeconds(5)).until(() -> !offers(b, day, bookedStart));
      long bAnswersAt = System.nanoTime();
      // Calls go on on the shared bucket (8 more reach the fake), without leaving it again.
      long rejoinsAtShared = limiters[0].rejoins() + limiters[1].rejoins();
      long calls = fake.requests().count("GET /v2/bookings");
      await().atMost(Duration.ofSeconds(10)).until(() -> fake.requests().count("GET /v2/bookings") >= calls + 8);
      traffic.shutdownNow();

      double deliveryMillis = (deliveredAt.get() - okAt) / 1e6;
      double sharedMillis = (sharedAt - okAt) / 1e6;
      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      long throttled = fake.journal().stream().filter(c -> c.responseStatus() == 429).count();
      FIGURES.info(String.format(
          "Cluster failover (3 masters + 3 replicas, cluster-node-timeout 2000 ms): master killed -> cluster ok in"
              + " %.0f ms; from cluster_state:ok: queued invalidation delivered at %+.0f ms, limiters shared at"
              + " %+.0f ms (A) and %+.0f ms (B), B no longer offers the booked slot at %+.0f ms; rejoins A=%d B=%d;"
              + " local refusals %d; 429s %d; fake: %s",
          (okAt - killedAt) / 1e6, deliveryMillis, (sharedAtEach[0] - okAt) / 1e6,
          (sharedAtEach[1] - okAt) / 1e6, (bAnswersAt - okAt) / 1e6, limiters[0].rejoins(),
          limiters[1].rejoins(), localRefusals.get(), throttled, usage));

      assertThat(unexpected).as("failures other than the limiter's own refusals").isEmpty();
      assertThat(deliveryMillis).as("ms from cluster_state:ok to the queued invalidation delivered")
          .isLessThan(WITHIN_MILLIS);
      assertThat(sharedMillis).as("ms from cluster_state:ok to both limiters on the shared bucket")
          .isLessThan(WITHIN_MILLIS);
      assertThat(a.invalidator().backlog()).isZero();
      assertThat(replica.command("EXISTS", "{" + tagOf(bookedStart, prefix) + "}:gen"))
          .as("the tag's generation on the promoted replica").isEqualTo(":1");
      assertThat(limiters[0].rejoins()).as("A went back to the shared bucket once, never flapping").isEqualTo(1);
      assertThat(limiters[1].rejoins()).as("B went back to the shared bucket once, never flapping").isEqualTo(1);
      assertThat(limiters[0].rejoins() + limiters[1].rejoins()).isEqualTo(rejoinsAtShared);
      assertThat(limiters[0].isShared() && limiters[1].isShared()).isTrue();
      assertThat(throttled).as("429s at the fake").isZero();
      assertThat(usage.maxInAnyWindow()).isLessThanOrEqualTo(CAL_COM_LIMIT);
      assertThat(find(b, day)).isEqualTo(find(truth, day));
    }
  }

  private static RedisRateLimiter limiter(FourInstances instances, int i) {
    return (RedisRateLimiter) instances.redis.get(i).rateLimiter();
  }

  /** Which master (index into {@link #nodes}) serves {@code key}'s slot, by the launcher's even slot split. */
  private int ownerOf(String key) {
    int slot = Integer.parseInt(nodes.get(0).command("CLUSTER", "KEYSLOT", key).substring(1));
    return Math.min(slot / (16384 / MASTERS), MASTERS - 1);
  }

  private static boolean isMaster(RedisServerProcess node, String id) {
    for (String line : node.command("CLUSTER", "NODES").split("\n")) {
      String[] f = line.split(" ");
      if (f[0].equals(id)) {
        return f[2].contains("master") && !f[2].contains("fail");
      }
    }
    return false;
  }

  /**
   * Books {@code start}, coming back after each local refusal as its {@code retryAfter} says; returns the booking, or
   * null when it failed (recorded in {@code unexpected}).
   */
  private Booking book(CalcomClient client, Instant start, Queue<Throwable> unexpected) {
    CreateBookingRequest request =
        CreateBookingRequest.builder()
            .eventTypeId(DefaultDataset.INTRO_CALL_ID)
            .start(start)
            .attendee(Attendee.withEmail("Guest", "guest@example.com", "Europe/London"))
            .build();
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        return client.bookings().create(request);
      } catch (RateLimitedException e) {
        if (!e.isLocal()) {
          unexpected.add(e);
          return null;
        }
        time.after(e.retryAfter()).join(); // pacing, as a caller honouring retryAfter would
      } catch (CalcomException e) {
        unexpected.add(e);
        return null;
      }
    }
    unexpected.add(new AssertionError("the booking was refused 100 times"));
    return null;
  }

  /** Whether {@code client} offers {@code start}, asking again after each local refusal as its retryAfter says. */
  private boolean offers(CalcomClient client, SlotQuery day, Instant start) {
    return find(client, day).all().stream().map(s -> s.start().toInstant()).anyMatch(start::equals);
  }

  private SlotsResult find(CalcomClient client, SlotQuery day) {
    while (true) {
      try {
        return client.slots().find(day);
      } catch (RateLimitedException e) {
        assertThat(e.isLocal()).as("only the limiter's own refusals: %s", e).isTrue();
        time.after(e.retryAfter()).join(); // pacing, as a caller honouring retryAfter would
      }
    }
  }

  private static String tagOf(Instant start, String prefix) {
    return new SlotTag(DefaultDataset.INTRO_CALL_ID, LocalDate.ofInstant(start, ZoneOffset.UTC)).render(prefix);
  }

  /** The UTC day of {@code start} (the range's end is inclusive: it stops a second before midnight). */
  private static SlotQuery dayOf(Instant start) {
    Instant midnight = LocalDate.ofInstant(start, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
        .between(midnight, midnight.plus(Duration.ofDays(1)).minusSeconds(1))
        .build();
  }
}
