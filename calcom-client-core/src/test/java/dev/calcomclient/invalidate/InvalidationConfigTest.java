package dev.calcomclient.invalidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InvalidationConfigTest {

  @Test
  void defaults() {
    InvalidationConfig c = InvalidationConfig.defaults();

    assertThat(c.bus()).isEmpty();
    assertThat(c.queueCapacity()).isEqualTo(10_000);
    assertThat(c.retryMin()).isEqualTo(Duration.ofMillis(10));
    assertThat(c.retryMax()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.deliveryTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.horizonDays()).isEqualTo(92);
    assertThat(c.unknownMetadataMargin()).isEqualTo(Duration.ofHours(12));
    assertThat(c.sourceId()).isEmpty();
    assertThat(c.seenBookingsCapacity()).isEqualTo(10_000);
  }

  @Test
  void toBuilderKeepsEveryValue() {
    InvalidationBus bus = InvalidationBus.inProcess();
    InvalidationConfig c =
        InvalidationConfig.builder()
            .bus(bus)
            .queueCapacity(5)
            .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2))
            .deliveryTimeout(Duration.ofMillis(300))
            .horizonDays(7)
            .unknownMetadataMargin(Duration.ofHours(2))
            .sourceId("x")
            .seenBookingsCapacity(3)
            .build();

    InvalidationConfig copy = c.toBuilder().build();

    assertThat(copy.bus()).containsSame(bus);
    assertThat(copy.toString()).isEqualTo(c.toString());
    assertThat(copy.sourceId()).contains("x");
    assertThat(copy.seenBookingsCapacity()).isEqualTo(3);
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> InvalidationConfig.builder().queueCapacity(0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> InvalidationConfig.builder().retryBackoff(Duration.ZERO, Duration.ofMillis(1)).build())
        .hasMessageContaining("retryBackoff min");
    assertThatThrownBy(
            () -> InvalidationConfig.builder().retryBackoff(Duration.ofMillis(50), Duration.ofMillis(10)).build())
        .hasMessageContaining("retryBackoff max");
    assertThatThrownBy(() -> InvalidationConfig.builder().deliveryTimeout(Duration.ofMillis(-1)).build())
        .hasMessageContaining("deliveryTimeout");
    assertThatThrownBy(() -> InvalidationConfig.builder().horizonDays(0).build())
        .hasMessageContaining("horizonDays");
    assertThatThrownBy(() -> InvalidationConfig.builder().unknownMetadataMargin(Duration.ofDays(8)).build())
        .hasMessageContaining("unknownMetadataMargin");
    assertThatThrownBy(() -> InvalidationConfig.builder().sourceId(" ").build()).hasMessageContaining("sourceId");
    assertThatThrownBy(() -> InvalidationConfig.builder().seenBookingsCapacity(-1).build())
        .hasMessageContaining("seenBookingsCapacity");
  }
}
