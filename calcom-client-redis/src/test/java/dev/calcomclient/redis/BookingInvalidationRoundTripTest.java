package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one booking costs in Redis: the L2 invalidation of its tags (one script) and the message to the other
 * instances (one publish), sent together on the shared connection, so that they travel in one round trip; first as
 * the invalidator issues them, then through a real {@code bookings().create} against {@code FakeCalcom}. Counts
 * come from the server; the latency on loopback is reported, not asserted.
 */
class BookingInvalidationRoundTripTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");

  @Test
  void aBookingsInvalidationIsOneScriptAndOnePublishPipelinedAndEveryInstanceHearsIt() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.launch();
        CalcomRedis booker = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).build();
        CalcomRedis other = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).build()) {
      List<InvalidationMessage> heard = new CopyOnWriteArrayList<>();
      other.invalidationBus().subscribe(heard::add);
      SlotKey cached = new SlotKey(101, "default", MONDAY);
      String prefix = booker.keyPrefix();
      // A booking of 101 that ends after midnight UTC, whose host also runs 102.
      List<String> tags =
          List.of(
              new SlotTag(101, MONDAY).render(prefix),
              new SlotTag(101, MONDAY.plusDays(1)).render(prefix),
              new SlotTag(102, MONDAY).render(prefix),
              new SlotTag(102, MONDAY.plusDays(1)).render(prefix));
      int runs = 300;
      long[] nanos = new long[runs];
      // Scripts loaded, as in steady state.
      booker.remoteCache().putAll(List.of(new RemoteCache.Fill(cached.render(prefix), cached.tag().render(prefix),
          new byte[1], 0, Duration.ofMinutes(5)))).get(30, TimeUnit.SECONDS);
      invalidate(booker, tags, 0).get(30, TimeUnit.SECONDS);
      server.resetStats();

      for (int i = 1; i <= runs; i++) {
        RemoteCache.Fill fill =
            new RemoteCache.Fill(
                cached.render(prefix), cached.tag().render(prefix), new byte[200], i, Duration.ofMinutes(5));
        assertThat(booker.remoteCache().putAll(List.of(fill)).get(30, TimeUnit.SECONDS)).isEqualTo(1);
        long start = System.nanoTime();
        int deleted = invalidate(booker, tags, i).get(30, TimeUnit.SECONDS);
        nanos[i - 1] = System.nanoTime() - start;
        assertThat(deleted).isEqualTo(1);
      }

      assertThat(server.commandCalls("evalsha")).as("per run: the test's fill script and one invalidation script")
          .isEqualTo(2L * runs);
      assertThat(server.commandCalls("publish")).as("bus messages").isEqualTo(runs);
      assertThat(server.commandCalls("eval")).isZero();
      await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == runs + 1);
      assertThat(heard.get(runs).sequence()).isEqualTo(runs);
      assertThat(heard.get(runs).tags()).containsExactlyElementsOf(tags);
      Arrays.sort(nanos);
      FIGURES.info(String.format(
          "one booking's invalidation (4 tags: L2 script + bus publish, pipelined) on loopback: p50 %.3f ms,"
              + " p95 %.3f ms, max %.3f ms",
          nanos[runs / 2] / 1e6, nanos[(int) (runs * 0.95)] / 1e6, nanos[runs - 1] / 1e6));
    }
  }

  @Test
  void aBookingCreatedThroughTheClientCostsOneScriptAndOnePublishAndTheOtherInstanceHearsIt() throws Exception {
    int bookings = 60;
    try (RedisServerProcess server = RedisServerProcess.launch();
        FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
        CalcomRedis booker = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).build();
        CalcomRedis other = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).build()) {
      List<InvalidationMessage> heard = new CopyOnWriteArrayList<>();
      other.invalidationBus().subscribe(heard::add);
      List<Duration> invalidations = new CopyOnWriteArrayList<>();
      // L2 and bus on Redis, the limiter in process: every Redis command during a booking is its invalidation's.
      try (CalcomClient client =
          CalcomClient.builder()
              .apiKey(fake.apiKey())
              .baseUrl(fake.baseUrl())
              .rateLimiterConfig(RateLimiterConfig.builder().burstCapacity(100).build())
              .cache(booker.cacheConfig(CacheConfig.defaults()))
              .invalidation(booker.invalidationConfig(InvalidationConfig.defaults()))
              .addListener(
                  new CalcomEventListener() {
                    @Override
                    public void invalidated(int keys, Duration duration) {
                      invalidations.add(duration);
                    }
                  })
              .build()) {
        // Scripts loaded, as in steady state.
        client.bookings().create(booking(0));
        client.invalidator().whenDelivered().get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 1);
        server.resetStats();
        invalidations.clear();

        for (int i = 1; i <= bookings; i++) {
          client.bookings().create(booking(i));
          client.invalidator().whenDelivered().get(30, TimeUnit.SECONDS);
        }

        assertThat(fake.bookings()).hasSize(bookings + 1);
        assertThat(server.commandCalls("evalsha")).as("L2 invalidation scripts").isEqualTo(bookings);
        assertThat(server.commandCalls("eval")).isZero();
        assertThat(server.commandCalls("publish")).as("bus messages").isEqualTo(bookings);
        assertThat(client.invalidator().stats().tagsQueued()).as("nothing had to wait for a retry").isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == bookings + 1);
        for (int i = 1; i <= bookings; i++) {
          LocalDate day = LocalDate.ofInstant(MixedTraffic.introCallSlot(i), ZoneOffset.UTC);
          assertThat(heard.get(i).tags()).contains(new SlotTag(101, day).render(booker.keyPrefix()));
        }
        assertThat(invalidations).hasSize(bookings);
        long[] nanos = invalidations.stream().mapToLong(Duration::toNanos).sorted().toArray();
        FIGURES.info(String.format(
            "a booking's invalidation through bookings().create (L1, then L2 script + bus publish pipelined) on"
                + " loopback, %d bookings: p50 %.3f ms, p95 %.3f ms, max %.3f ms",
            bookings, nanos[bookings / 2] / 1e6, nanos[(int) Math.ceil(bookings * 0.95) - 1] / 1e6,
            nanos[bookings - 1] / 1e6));
      }
    }
  }

  private static CreateBookingRequest booking(int i) {
    return CreateBookingRequest.builder()
        .eventTypeId(101)
        .start(MixedTraffic.introCallSlot(i))
        .attendee(Attendee.withEmail("Guest " + i, "guest-" + i + "@example.com", "Europe/London"))
        .build();
  }

  /** What the client's invalidator does after a booking: both calls issued before either answer is awaited. */
  private static CompletableFuture<Integer> invalidate(CalcomRedis redis, List<String> tags, long sequence) {
    CompletableFuture<Integer> l2 = redis.remoteCache().invalidate(tags);
    CompletableFuture<Void> bus =
        redis.invalidationBus().publish(new InvalidationMessage("booker", Math.max(1, sequence), tags, false));
    return l2.thenCombine(bus, (deleted, v) -> deleted);
  }
}
