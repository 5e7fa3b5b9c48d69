package dev.calcomclient.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {
  @Test
  void defaultsAreFiveFailuresSixtySecondsTwoSuccesses() {
    CircuitBreakerConfig c = CircuitBreakerConfig.defaults();
    assertThat(c.failureThreshold()).isEqualTo(5);
    assertThat(c.openDuration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.successThreshold()).isEqualTo(2);
    assertThat(c.isEnabled()).isTrue();
    assertThat(CircuitBreakerConfig.disabled().isEnabled()).isFalse();
  }

  @Test
  void rejectsInvalidValuesNamingTheSetting() {
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureThreshold(0).build())
        .hasMessageStartingWith("failureThreshold");
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().successThreshold(0).build())
        .hasMessageStartingWith("successThreshold");
    assertThatThrownBy(() -> CircuitBreakerConfig.builder().openDuration(Duration.ZERO).build())
        .hasMessageStartingWith("openDuration");
  }
}
