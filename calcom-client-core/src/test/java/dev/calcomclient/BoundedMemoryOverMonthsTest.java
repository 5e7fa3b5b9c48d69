package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.testing.HeldCollections;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.FakeSchedule;
import dev.calcomclient.testkit.FakeUser;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Months of simulated time for one client with an in-memory L2 and no bus (so nothing ever flushes): 50 event
 * types of 10 hosts, an invalidation every 9 s for a booking in the coming two weeks, a slot lookup every 10
 * minutes. Every map, collection and cache the client holds (found by reflection, see {@link HeldCollections})
 * must level off: what it holds after 60 days is about what it held after 30.
 */
class BoundedMemoryOverMonthsTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final int EVENT_TYPES = 50;
  private static final int HOSTS = 10;
  private static final Duration INVALIDATION_EVERY = Duration.ofSeconds(9);
  private static final int STEPS_PER_LOOKUP = 67; // about 10 minutes

  @Test
  void everyMapOfTheClientLevelsOffOverSixtySimulatedDays() {
    ManualScheduler time = new ManualScheduler(Instant.parse("2050-01-03T00:00:00Z"));
    FakeCalcom.Builder data = FakeCalcom.builder().clock(time.clock()).rateLimit(RateLimitPolicy.disabled());
    for (long host = 1; host <= HOSTS; host++) {
      data.user(FakeUser.of(host, "host" + host, "host" + host + "@example.com", "Host " + host, "UTC")
              .withDefaultScheduleId(100 + host))
          .schedule(FakeSchedule.weekdays(100 + host, host, "UTC", "09:00", "17:00"));
    }
    for (long id = 1; id <= EVENT_TYPES; id++) {
      data.eventType(FakeEventType.builder(1000 + id, "type-" + id).ownerId(hostOf(id)).lengthInMinutes(30).build());
    }
    Random random = new Random(60);
    Map<Integer, Map<String, Long>> byDay = new LinkedHashMap<>();
    try (FakeCalcom fake = data.apiKeyUserId(1).build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(time.clock())
                .scheduler(time)
                .cache(CacheConfig.builder().remoteCache(RemoteCache.inMemory(time.clock())).build())
                .build()) {
      Instant start = time.now();
      long step = 0;
      for (int day = 1; day <= 60; day++) {
        Instant endOfDay = start.plus(Duration.ofDays(day));
        while (time.now().isBefore(endOfDay)) {
          long id = 1 + random.nextInt(EVENT_TYPES);
          Instant booked = time.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
              .plus(Duration.ofMinutes(30L * (2 + random.nextInt(14 * 48))));
          client.invalidator()
              .apply(BookingChange.created("b" + step, 1000 + id, booked, booked.plus(Duration.ofMinutes(30)),
                  Set.of(hostOf(id))))
              .join();
          if (step++ % STEPS_PER_LOOKUP == 0) {
            LocalDate d = LocalDate.ofInstant(time.now(), ZoneOffset.UTC).plusDays(random.nextInt(14));
            Instant from = d.atStartOfDay(ZoneOffset.UTC).toInstant();
            client.slots().find(SlotQuery.forEventType(1000 + random.nextInt(EVENT_TYPES) + 1)
                .between(from, from.plus(Duration.ofDays(1))).build());
          }
          time.advance(INVALIDATION_EVERY);
        }
        if (day == 10 || day == 30 || day == 45 || day == 60) {
          byDay.put(day, HeldCollections.of(client));
        }
      }
      FIGURES.info("held elements per map at day 10 / 30 / 45 / 60 ({} invalidations): {}", step, table(byDay));
    }

    Map<String, Long> day30 = byDay.get(30);
    Map<String, Long> day45 = byDay.get(45);
    Map<String, Long> day60 = byDay.get(60);
    assertThat(day60.keySet()).as("maps found").contains("LocalSlotTier.generations", "InProcessL2.generations",
        "InProcessL2.tagged", "InProcessL2.values", "LocalSlotTier.index");
    assertThat(day60.get("LocalSlotTier.generations")).as("generations in use").isPositive();
    for (String map : new TreeSet<>(day60.keySet())) {
      long before = Math.max(day30.getOrDefault(map, 0L), day45.getOrDefault(map, 0L));
      // unbounded growth over 30 more days would double a map that grew over the first 30; a map of cached days
      // also moves with the last few fetches before the snapshot, each storing a block of fetchBlockDays days
      long jitter = Math.max(32, before / 5) + 2L * CacheConfig.defaults().fetchBlockDays();
      assertThat(day60.get(map)).as("%s after 60 days (after 30: %s, 45: %s)", map, day30.get(map), day45.get(map))
          .isLessThanOrEqualTo(before + jitter);
    }
  }

  private static long hostOf(long eventType) {
    return 1 + (eventType % HOSTS);
  }

  private static String table(Map<Integer, Map<String, Long>> byDay) {
    StringBuilder out = new StringBuilder();
    for (String map : new TreeSet<>(byDay.get(60).keySet())) {
      out.append("\n  ").append(map).append(':');
      byDay.values().forEach(sizes -> out.append(' ').append(sizes.getOrDefault(map, 0L)));
    }
    return out.toString();
  }
}
