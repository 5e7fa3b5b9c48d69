package dev.calcomclient.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterConfigTest {

  @Test
  void defaultsKeepEveryWindowUnderLimitMinusHeadroom() {
    RateLimiterConfig c = RateLimiterConfig.defaults();
    assertThat(c.limit()).isEqualTo(120);
    assertThat(c.headroom()).isEqualTo(10);
    assertThat(c.budget()).isEqualTo(110);
    assertThat(c.burstCapacity()).isEqualTo(20);
    assertThat(c.backgroundReserveTokens()).isEqualTo(10);
    assertThat(c.maxWait(Priority.INTERACTIVE)).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.maxWait(Priority.STANDARD)).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxWait(Priority.BACKGROUND)).isZero();
  }

  @Test
  @SuppressWarnings("deprecation")
  void theSlidingWindowFreesTheWholeBudgetPerWindowWhateverTheBurstSetting() {
    RateLimiterConfig c = RateLimiterConfig.builder().limit(500).headroom(20).burstCapacity(80).build();
    assertThat(c.refillPerWindow()).isEqualTo(480).isEqualTo(c.budget());
    assertThat(c.backgroundReserveTokens()).isEqualTo(40);
  }

  @Test
  void rejectsABurstSettingAsLargeAsTheBudget() {
    assertThatThrownBy(() -> RateLimiterConfig.builder().headroom(0).burstCapacity(120).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("burstCapacity must be between 1 and limit - headroom - 1 (119)")
        .hasMessageContaining("lower burstCapacity");
  }

  @Test
  void rejectsInvalidSettingsWithTheNameOfTheSetting() {
    assertThatThrownBy(() -> RateLimiterConfig.builder().headroom(120).build())
        .hasMessageStartingWith("headroom");
    assertThatThrownBy(() -> RateLimiterConfig.builder().backgroundReserve(1.0).build())
        .hasMessageStartingWith("backgroundReserve");
    assertThatThrownBy(() -> RateLimiterConfig.builder().maxWait(Priority.BACKGROUND, Duration.ofMillis(1)).build())
        .hasMessageStartingWith("maxWait(BACKGROUND) must be zero");
    assertThatThrownBy(() -> RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("maxWait(STANDARD)");
    assertThatThrownBy(() -> RateLimiterConfig.builder().window(Duration.ZERO).build())
        .hasMessageStartingWith("window");
    assertThatThrownBy(() -> RateLimiterConfig.builder().adaptiveSafetyMargin(-1).build())
        .hasMessageStartingWith("adaptiveSafetyMargin");
  }
}
