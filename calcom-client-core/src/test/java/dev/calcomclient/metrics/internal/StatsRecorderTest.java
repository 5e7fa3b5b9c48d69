package dev.calcomclient.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CacheStats;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.metrics.InvalidationStats;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The cache, invalidation and webhook figures {@link StatsRecorder} computes from listener events. */
class StatsRecorderTest {
  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final StatsRecorder recorder = new StatsRecorder(s.clock());

  private ClientStats snapshot() {
    return recorder.snapshot(Map.of(), Optional.empty());
  }

  @Test
  void cacheLookupsAreCountedPerTierWithHitRatios() {
    // 10 lookups: 6 L1 hits; of the 4 L1 misses, L2 answers 3.
    for (int i = 0; i < 6; i++) {
      recorder.cacheHit(CacheTier.L1, "k" + i);
    }
    for (int i = 0; i < 4; i++) {
      recorder.cacheMiss(CacheTier.L1, "m" + i);
    }
    for (int i = 0; i < 3; i++) {
      recorder.cacheHit(CacheTier.L2, "m" + i);
    }
    recorder.cacheMiss(CacheTier.L2, "m3");

    CacheStats cache = snapshot().cache();
    assertThat(cache.hits(CacheTier.L1)).isEqualTo(6);
    assertThat(cache.misses(CacheTier.L1)).isEqualTo(4);
    assertThat(cache.hits(CacheTier.L2)).isEqualTo(3);
    assertThat(cache.misses(CacheTier.L2)).isEqualTo(1);
    assertThat(cache.hitRatio(CacheTier.L1)).isEqualTo(0.6);
    assertThat(cache.hitRatio(CacheTier.L2)).isEqualTo(0.75);
    assertThat(cache.hitRatio()).as("(6 + 3) / 10").isEqualTo(0.9);
  }

  @Test
  void withoutLookupsTheRatiosAreNaNAndWithOnlyL2TheOverallRatioIsL2s() {
    assertThat(snapshot().cache().hitRatio()).isNaN();
    assertThat(snapshot().cache().hitRatio(CacheTier.L1)).isNaN();

    recorder.cacheHit(CacheTier.L2, "a");
    recorder.cacheMiss(CacheTier.L2, "b");

    assertThat(snapshot().cache().hitRatio()).isEqualTo(0.5);
  }

  @Test
  void invalidationsCountKeysMedianMaxDurationQueuedAndDropped() {
    recorder.invalidated(2, Duration.ofMillis(1));
    recorder.invalidated(3, Duration.ofMillis(2));
    recorder.invalidated(4, Duration.ofMillis(3));
    recorder.invalidated(30, Duration.ofMillis(40));
    recorder.invalidated(3, Duration.ofMillis(2));
    recorder.invalidationQueued(4);
    recorder.invalidationQueued(30);
    recorder.invalidationDropped(30);

    InvalidationStats inv = snapshot().invalidations();
    assertThat(inv.invalidations()).isEqualTo(5);
    assertThat(inv.keysInvalidated()).isEqualTo(42);
    assertThat(inv.medianKeys()).isEqualTo(3);
    assertThat(inv.maxKeys()).isEqualTo(30);
    assertThat(inv.p99Duration()).isBetween(Duration.ofMillis(39), Duration.ofMillis(41));
    assertThat(inv.queued()).isEqualTo(2);
    assertThat(inv.dropped()).isEqualTo(1);
  }

  @Test
  void anInvalidationOfZeroKeysCountsWithoutBreakingTheMedian() {
    recorder.invalidated(0, Duration.ZERO);

    InvalidationStats inv = snapshot().invalidations();
    assertThat(inv.invalidations()).isEqualTo(1);
    assertThat(inv.medianKeys()).isZero();
  }

  @Test
  void webhookOutcomesAreCounted() {
    recorder.webhookVerified("BOOKING_CREATED");
    recorder.webhookVerified("BOOKING_CANCELLED");
    recorder.webhookRejected("SIGNATURE_INVALID");

    assertThat(snapshot().webhooksVerified()).isEqualTo(2);
    assertThat(snapshot().webhooksRejected()).isEqualTo(1);
  }

  @Test
  void theTokensOverloadCarriesTheLimitersTokensAndTheOriginalOneLeavesThemUnknown() {
    ClientStats with =
        recorder.snapshot(
            Map.of(EndpointGroup.SLOTS, CircuitState.CLOSED),
            Optional.of(RateLimiterConfig.defaults()),
            OptionalLong.of(17));

    assertThat(with.rateLimitAvailableTokens()).hasValue(17);
    assertThat(with.rateLimit()).isEqualTo(120);
    assertThat(snapshot().rateLimitAvailableTokens()).isEmpty();
  }

  @Test
  void theOriginalConstructorStillBuildsAStatsWithEmptyNewFigures() {
    ClientStats old = new ClientStats(Instant.EPOCH, Map.of(), 1, 2, 3, 120, 110, Map.of(), 4, 5, 6, 7, 8, 9);

    assertThat(old.cache()).isEqualTo(CacheStats.EMPTY);
    assertThat(old.invalidations()).isEqualTo(InvalidationStats.EMPTY);
    assertThat(old.rateLimitAvailableTokens()).isEmpty();
    assertThat(old.circuitRejections()).isEqualTo(9);
  }
}
