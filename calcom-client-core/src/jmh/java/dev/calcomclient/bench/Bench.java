package dev.calcomclient.bench;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** What the benchmarks share: a fixed clock before {@link BenchServer#DAY}, a limiter that never waits. */
final class Bench {
  /** A fixed "now": cached days never expire and refresh-ahead never starts during a benchmark. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** A budget so large that no call waits: what is measured is the limiter's bookkeeping. */
  static final RateLimiterConfig UNLIMITED =
      RateLimiterConfig.builder().limit(2_000_000_000).headroom(0).burstCapacity(1_000_000_000).build();

  private Bench() {}

  /** A client on {@code server} with every layer on, the given cache, the unlimited limiter and the fixed clock. */
  static CalcomClient client(BenchServer server, CacheConfig cache) {
    return CalcomClient.builder()
        .apiKey(BenchServer.API_KEY)
        .baseUrl(server.baseUrl())
        .clock(CLOCK)
        .rateLimiterConfig(UNLIMITED)
        .cache(cache)
        .build();
  }

  /** Event type 101's slots on one UTC day, in UTC. */
  static SlotQuery day(LocalDate day) {
    return SlotQuery.forEventType(101)
        .between(day.atStartOfDay(ZoneOffset.UTC).toInstant(), day.plusDays(1).atStartOfDay(ZoneOffset.UTC)
            .toInstant())
        .timeZone(ZoneId.of("UTC"))
        .build();
  }
}
