package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 12, defect 10): on a Redis Cluster of three masters, a booking's bus message overtook its own L2
 * invalidation (they travel on different connections to different nodes), and another instance that had dropped the
 * day on the message read the pre-booking day back from L2 and offered the booked slot until its TTL. Three
 * instances on a real three-node cluster ({@code redis-server} processes joined by the test): after each booking on
 * A (with the cluster's script caches flushed first, so that A's invalidation script is answered {@code NOSCRIPT} and
 * sent again), as soon as B and C have applied A's message, their next answer no longer offers the booked slot.
 */
class ClusterInvalidationOrderTest {
  private static final double SCALE = 20;

  private List<RedisServerProcess> nodes;
  private ScaledTime time;
  private FakeCalcom fake;

  @BeforeEach
  void setUp() {
    nodes = RedisServerProcess.launchCluster(3);
    time = new ScaledTime(SCALE, MixedTraffic.NOW);
    // Rate limits are not under test: neither the fake nor the shared limiter may refuse a lookup here.
    fake = FakeCalcom.builder().withDefaultData().timeScale(SCALE).rateLimit(RateLimitPolicy.disabled()).build()
        .start();
  }

  @AfterEach
  void tearDown() {
    fake.close();
    time.close();
    nodes.forEach(RedisServerProcess::close);
  }

  @Test
  void afterAnotherInstancesMessageTheBookedSlotIsNeverReadBackFromL2() throws Exception {
    int rounds = 24;
    RateLimiterConfig generous = RateLimiterConfig.builder().limit(100_000).burstCapacity(10_000).build();
    try (FourInstances three = new FourInstances(
            3, RedisServerProcess.clusterUri(nodes), fake, time, b -> b.rateLimiterConfig(generous));
        CalcomClient truth = FourInstances.scaledClient(fake, time).cache(CacheConfig.disabled())
            .rateLimiterConfig(generous).build()) {
      CalcomClient a = three.client(0);
      String aSource = a.invalidator().sourceId();
      AtomicReference<CountDownLatch> applied = new AtomicReference<>(new CountDownLatch(0));
      // Subscribed after each client's own receiver, so these run right after B and C applied A's message.
      for (int i = 1; i <= 2; i++) {
        three.redis.get(i).invalidationBus().subscribe(m -> {
          if (m.sourceId().equals(aSource)) {
            applied.get().countDown();
          }
        });
      }
      for (int i = 0; i < rounds; i++) {
        Instant slot = MixedTraffic.introCallSlot(i);
        SlotQuery day = dayOf(LocalDate.ofInstant(slot, ZoneOffset.UTC));
        for (CalcomClient c : three.clients) {
          assertThat(starts(c.slots().find(day))).as("round %d: offered before the booking", i).contains(slot);
        }
        CountDownLatch received = new CountDownLatch(2);
        applied.set(received);
        // A's L2 invalidation then meets NOSCRIPT and goes again as EVAL (one more round trip): the widest
        // natural window for a message sent at the same time to overtake it.
        nodes.forEach(n -> n.command("SCRIPT", "FLUSH"));

        a.bookings().create(booking(slot, i));

        assertThat(received.await(10, TimeUnit.SECONDS)).as("round %d: B and C received A's message", i).isTrue();
        SlotsResult expected = truth.slots().find(day);
        for (int c = 1; c <= 2; c++) {
          SlotsResult after = three.client(c).slots().find(day);
          assertThat(starts(after)).as("round %d: instance %d no longer offers the booked slot", i, c)
              .doesNotContain(slot);
          assertThat(after).as("round %d: instance %d equals the fake's truth", i, c)
              .isEqualTo(expected);
        }
      }
      assertThat(fake.bookings()).hasSize(rounds);
    }
  }

  private static SlotQuery dayOf(LocalDate day) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
        .between(start, start.plus(Duration.ofDays(1)).minusSeconds(1))
        .build();
  }

  private static List<Instant> starts(SlotsResult r) {
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
