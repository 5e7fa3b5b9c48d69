package dev.calcomclient.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  @Test
  void defaultsAndDisabled() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxRetries()).isEqualTo(2);
    assertThat(p.isEnabled()).isTrue();
    assertThat(RetryPolicy.disabled().isEnabled()).isFalse();
  }

  @Test
  void backoffCapsDoubleUpToTheMaximum() {
    RetryPolicy p =
        RetryPolicy.builder()
            .baseBackoff(Duration.ofMillis(100))
            .maxBackoff(Duration.ofMillis(300))
            .random(new Random(1))
            .build();
    long max1 = 0;
    long max3 = 0;
    for (int i = 0; i < 2000; i++) {
      max1 = Math.max(max1, p.backoff(1).toMillis());
      max3 = Math.max(max3, p.backoff(3).toMillis());
    }
    assertThat(max1).isBetween(90L, 100L);
    assertThat(max3).isBetween(270L, 300L);
  }

  @Test
  void rejectsInvalidValues() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetries(6).build()).hasMessageStartingWith("maxRetries");
    assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofMillis(1)).build())
        .hasMessageStartingWith("maxBackoff");
  }
}
