package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation between separate client instances through one real Redis: each instance has its own
 * {@link CalcomRedis} (its own Lettuce connections, as another JVM would) and its own L1, against one
 * {@link FakeCalcom} in 20-fold compressed time. What a client answers is compared with a client without any cache
 * (the fake's truth); where an answer came from is {@link SlotsResult#source()}; when instance B dropped its L1
 * entry is taken on B's own bus subscription, right after B's receiver has applied the message.
 */
class CrossInstanceInvalidationTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final double SCALE = 20;
  private static final LocalDate MONDAY = MixedTraffic.MONDAY;
  private static final SlotQuery MONDAY_101 = dayOf(DefaultDataset.INTRO_CALL_ID, MONDAY);

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
  void aSlotBookedOnInstanceAIsNoLongerOfferedByInstanceBAndTheDelayIsReported() throws Exception {
    int rounds = 24;
    try (FourInstances two = new FourInstances(2, server.uri(), fake, time);
        CalcomClient truth = FourInstances.scaledClient(fake, time).cache(CacheConfig.disabled()).build()) {
      CalcomClient a = two.client(0);
      CalcomClient b = two.client(1);
      SlotStore bCache = ClientInternals.store(b).orElseThrow();
      String aSource = a.invalidator().sourceId();
      String prefix = two.redis.get(0).keyPrefix();
      // Subscribed after B's client, so this runs right after B's receiver has handled the same message.
      BlockingQueue<long[]> bApplied = new LinkedBlockingQueue<>();
      two.redis.get(1).invalidationBus().subscribe(m -> {
        if (m.sourceId().equals(aSource)) {
          bApplied.add(new long[] {System.nanoTime(), bCache.localSize()});
        }
      });
      long[] delays = new long[rounds];

      for (int i = 0; i < rounds; i++) {
        Instant slot = MixedTraffic.introCallSlot(i); // Monday 09:00 Berlin + 30 min x i, then Tuesday's
        SlotQuery day = dayOf(DefaultDataset.INTRO_CALL_ID, LocalDate.ofInstant(slot, ZoneOffset.UTC));
        // Both instances cache the slot's day. The first time, A asks Cal.com (and fills L2) and B takes the day from
        // L2 into its L1; later, each still holds what it fetched after the previous booking.
        assertThat(starts(a.slots().find(day))).contains(slot);
        if (i == 0 || i == 16) {
          // A's L2 fill is sent as A answers; B reads once it has landed.
          String key = new SlotKey(DefaultDataset.INTRO_CALL_ID, "default", day(day)).render(prefix);
          await().atMost(Duration.ofSeconds(10)).until(() -> server.command("EXISTS", key).equals(":1"));
          assertThat(b.slots().find(day).source()).as("round %d: B's first read", i).isEqualTo(SlotsSource.L2);
        }
        SlotsResult cached = b.slots().find(day);
        assertThat(cached.source()).as("round %d: B serves the day from its L1", i).isEqualTo(SlotsSource.L1);
        assertThat(starts(cached)).contains(slot);
        long entriesBefore = bCache.localSize();
        bApplied.clear();

        a.bookings().create(booking(slot, i));
        long returned = System.nanoTime();
        long[] applied = bApplied.poll(10, TimeUnit.SECONDS); // a bounded wait for B's receiver, not a sleep
        assertThat(applied).as("round %d: B received A's invalidation", i).isNotNull();
        assertThat(applied[1]).as("round %d: B's L1 entry dropped when the message was applied", i)
            .isEqualTo(entriesBefore - 1);
        delays[i] = applied[0] - returned;

        SlotsResult after = b.slots().find(day);
        assertThat(after.source()).as("round %d: not from B's L1", i).isIn(SlotsSource.L2, SlotsSource.UPSTREAM);
        assertThat(starts(after)).as("round %d: the booked slot is not offered", i).doesNotContain(slot);
        assertThat(after).as("round %d: B's answer equals the fake's truth", i).isEqualTo(truth.slots().find(day));
      }

      assertThat(fake.bookings()).hasSize(rounds);
      Arrays.sort(delays);
      FIGURES.info(String.format(
          "cross-instance invalidation, %d bookings on A: delay from A's create returning to B's L1 entry dropped:"
              + " min %.3f ms, p50 %.3f ms, p95 %.3f ms, max %.3f ms (negative: dropped before A's caller resumed)",
          rounds, delays[0] / 1e6, delays[rounds / 2] / 1e6, delays[(int) Math.ceil(rounds * 0.95) - 1] / 1e6,
          delays[rounds - 1] / 1e6));
    }
  }

  @Test
  void aGapInAnotherSourcesSequenceMakesTheReceivingClientFlushItsL1Slots() throws Exception {
    try (FourInstances one = new FourInstances(1, server.uri(), fake, time);
        RedisClient rawClient = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> raw = rawClient.connect()) {
      CalcomClient b = one.client(0);
      CalcomRedis bRedis = one.redis.get(0);
      String channel = bRedis.keyPrefix() + ":invalidations";
      BlockingQueue<InvalidationMessage> heard = new LinkedBlockingQueue<>();
      bRedis.invalidationBus().subscribe(m -> {
        if (m.sourceId().equals("instance-x")) {
          heard.add(m);
        }
      });
      SlotQuery tuesday = dayOf(DefaultDataset.INTRO_CALL_ID, MONDAY.plusDays(1));
      for (SlotQuery q : new SlotQuery[] {MONDAY_101, tuesday}) {
        assertThat(b.slots().find(q).source()).isEqualTo(SlotsSource.UPSTREAM);
        assertThat(b.slots().find(q).source()).isEqualTo(SlotsSource.L1);
      }
      // Messages of another instance about an event type B has not cached: they drop nothing while in sequence.
      String prefix = bRedis.keyPrefix();
      publish(raw, channel, 1, new SlotTag(DefaultDataset.PRODUCT_DEMO_ID, MONDAY).render(prefix));
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(b.slots().find(MONDAY_101).source()).as("after #1 (the baseline)").isEqualTo(SlotsSource.L1);
      publish(raw, channel, 2, new SlotTag(DefaultDataset.PRODUCT_DEMO_ID, MONDAY.plusDays(1)).render(prefix));
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(b.slots().find(MONDAY_101).source()).as("after #2 (in sequence)").isEqualTo(SlotsSource.L1);
      long upstreamBefore = fake.requests().count("GET /v2/slots");

      // #3 is lost: #4 arrives next.
      publish(raw, channel, 4, new SlotTag(DefaultDataset.PRODUCT_DEMO_ID, MONDAY.plusDays(2)).render(prefix));
      assertThat(heard.poll(10, TimeUnit.SECONDS)).isNotNull();

      SlotStore bCache = ClientInternals.store(b).orElseThrow();
      assertThat(bCache.localSize()).as("B's L1 slot entries after the gap").isZero();
      assertThat(b.slots().find(MONDAY_101).source()).as("Monday after the gap").isEqualTo(SlotsSource.L2);
      assertThat(b.slots().find(tuesday).source()).as("Tuesday after the gap").isEqualTo(SlotsSource.L2);
      assertThat(fake.requests().count("GET /v2/slots")).as("upstream calls after the gap").isEqualTo(upstreamBefore);
      assertThat(b.slots().find(MONDAY_101).source()).as("refilled from L2").isEqualTo(SlotsSource.L1);
    }
  }

  /** A message of another instance in the bus's wire format (see {@code InvalidationCodec}), sent by hand. */
  private static void publish(StatefulRedisConnection<String, String> raw, String channel, long seq, String tag) {
    String json =
        "{\"v\":1,\"source\":\"instance-x\",\"seq\":" + seq + ",\"tags\":[\"" + tag + "\"],\"flushAll\":false}";
    assertThat(raw.sync().publish(channel, json)).as("subscribers of " + channel).isPositive();
  }

  /** One UTC day's slots (the range's end is inclusive, so it stops a second before midnight: one cache entry). */
  private static SlotQuery dayOf(long eventTypeId, LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(eventTypeId).between(start, start.plus(Duration.ofDays(1)).minusSeconds(1)).build();
  }

  private static LocalDate day(SlotQuery q) {
    return LocalDate.ofInstant(q.start(), ZoneOffset.UTC);
  }

  private static java.util.List<Instant> starts(SlotsResult r) {
    return r.all().stream().map(Slot::startInstant).toList();
  }

  private static CreateBookingRequest booking(Instant start, int i) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(start)
        .attendee(Attendee.withEmail("Guest " + i, "guest-" + i + "@example.com", "Europe/London"))
        .build();
  }
}
