package dev.calcomclient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

  @Test
  void defaults() {
    CacheConfig c = CacheConfig.defaults();
    assertThat(c.isEnabled()).isTrue();
    assertThat(c.l1MaximumEntries()).isEqualTo(10_000);
    assertThat(c.negativeTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.metadataTtl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.refreshAheadFraction()).isEqualTo(0.2);
    assertThat(c.staleIfErrorMaxStaleness()).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.keyPrefix()).isEqualTo("calcom:v1");
    assertThat(c.remoteCache()).isEmpty();
    assertThat(c.loadEventTypeMetadata()).isTrue();
    assertThat(c.ttlPolicy()).isInstanceOf(TtlPolicy.Adaptive.class);
    assertThat(c.fetchBlockDays()).isEqualTo(14);
    assertThat(c.conservativePatchRefreshAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void fetchBlocksAndThePatchRefreshDelayAreKeptAndCopied() {
    CacheConfig c =
        CacheConfig.builder().fetchBlockDays(1).conservativePatchRefreshAfter(Duration.ZERO).build();
    assertThat(c.fetchBlockDays()).isEqualTo(1);
    assertThat(c.conservativePatchRefreshAfter()).isZero();
    CacheConfig copy = c.toBuilder().build();
    assertThat(copy.fetchBlockDays()).isEqualTo(1);
    assertThat(copy.conservativePatchRefreshAfter()).isZero();
    assertThat(CacheConfig.builder().fetchBlockDays(31).build().toString()).contains("fetchBlockDays=31");
  }

  @Test
  void disabledAndSwitchesOff() {
    assertThat(CacheConfig.disabled().isEnabled()).isFalse();
    assertThat(CacheConfig.disabled()).hasToString("CacheConfig.disabled()");
    CacheConfig off = CacheConfig.builder().refreshAheadOff().staleIfErrorOff().loadEventTypeMetadata(false).build();
    assertThat(off.refreshAheadFraction()).isZero();
    assertThat(off.staleIfErrorMaxStaleness()).isZero();
    assertThat(off.loadEventTypeMetadata()).isFalse();
  }

  @Test
  void takesARemoteCacheAndAPrefix() {
    RemoteCache l2 = RemoteCache.inMemory(Clock.systemUTC());
    CacheConfig c = CacheConfig.builder().remoteCache(l2).keyPrefix("staging:calcom:v1").build();
    assertThat(c.remoteCache()).containsSame(l2);
    assertThat(c.keyPrefix()).isEqualTo("staging:calcom:v1");
    assertThat(c.toString()).contains("InProcessL2").contains("staging:calcom:v1");
  }

  @Test
  void invalidSettingsAreRejectedAtBuildNamingTheSetting() {
    assertInvalid(CacheConfig.builder().l1MaximumEntries(0), "l1MaximumEntries");
    assertInvalid(CacheConfig.builder().ttlPolicy(null), "ttlPolicy");
    assertInvalid(CacheConfig.builder().negativeTtl(Duration.ZERO), "negativeTtl");
    assertInvalid(CacheConfig.builder().metadataTtl(null), "metadataTtl");
    assertInvalid(CacheConfig.builder().refreshAhead(1.0), "refreshAhead");
    assertInvalid(CacheConfig.builder().refreshAhead(-0.1), "refreshAhead");
    assertInvalid(CacheConfig.builder().refreshAhead(Double.NaN), "refreshAhead");
    assertInvalid(CacheConfig.builder().staleIfError(Duration.ofSeconds(-1)), "staleIfError");
    assertInvalid(CacheConfig.builder().keyPrefix("has space"), "keyPrefix");
    assertInvalid(CacheConfig.builder().keyPrefix("trailing:"), "keyPrefix");
    assertInvalid(CacheConfig.builder().keyPrefix(null), "keyPrefix");
    assertInvalid(CacheConfig.builder().fetchBlockDays(0), "fetchBlockDays");
    assertInvalid(CacheConfig.builder().fetchBlockDays(32), "fetchBlockDays");
    assertInvalid(CacheConfig.builder().conservativePatchRefreshAfter(null), "conservativePatchRefreshAfter");
    assertInvalid(
        CacheConfig.builder().conservativePatchRefreshAfter(Duration.ofSeconds(-1)), "conservativePatchRefreshAfter");
    assertInvalid(
        CacheConfig.builder().conservativePatchRefreshAfter(Duration.ofMinutes(11)), "conservativePatchRefreshAfter");
  }

  private static void assertInvalid(CacheConfig.Builder b, String setting) {
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining(setting);
  }
}
