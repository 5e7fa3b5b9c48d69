package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestOptionsTest {

  private static ValidationException invalid(RequestOptions.Builder b) {
    return (ValidationException) assertThatThrownBy(b::build).isInstanceOf(ValidationException.class).actual();
  }

  @Test
  void defaultsOverrideNothing() {
    RequestOptions d = RequestOptions.defaults();
    assertThat(d.lane()).isEmpty();
    assertThat(d.maxWait()).isEmpty();
    assertThat(d.callTimeout()).isEmpty();
    assertThat(RequestOptions.builder().build()).isEqualTo(d).hasSameHashCodeAs(d);
  }

  @Test
  void keepsWhatWasSetAndDerivesOthersFromIt() {
    RequestOptions batch =
        RequestOptions.builder().lane(Priority.BATCH).callTimeout(Duration.ofMinutes(10)).build();
    assertThat(batch.lane()).contains(Priority.BATCH);
    assertThat(batch.callTimeout()).contains(Duration.ofMinutes(10));
    assertThat(batch.maxWait()).isEmpty();

    RequestOptions bounded = batch.toBuilder().maxWait(Duration.ofMinutes(2)).build();
    assertThat(bounded.maxWait()).contains(Duration.ofMinutes(2));
    assertThat(bounded.lane()).contains(Priority.BATCH);
    assertThat(bounded).isNotEqualTo(batch);
    assertThat(bounded.toBuilder().maxWait(null).build()).isEqualTo(batch);
    assertThat(bounded.toString()).contains("BATCH").contains("PT2M").contains("PT10M");
  }

  @Test
  void aZeroWaitIsAllowedAndMeansRefuseAtOnce() {
    assertThat(RequestOptions.builder().maxWait(Duration.ZERO).build().maxWait()).contains(Duration.ZERO);
    assertThat(RequestOptions.builder().lane(Priority.BACKGROUND).maxWait(Duration.ZERO).build().lane())
        .contains(Priority.BACKGROUND);
  }

  @Test
  void aNegativeOrHugeMaxWaitNamesMaxWait() {
    ValidationException negative = invalid(RequestOptions.builder().maxWait(Duration.ofMillis(-1)));
    assertThat(negative.field()).isEqualTo("maxWait");
    assertThat(negative.getMessage()).contains("PT-0.001S");
    assertThat(invalid(RequestOptions.builder().maxWait(Duration.ofDays(2))).field()).isEqualTo("maxWait");
  }

  @Test
  void aZeroNegativeOrHugeCallTimeoutNamesCallTimeout() {
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5), Duration.ofDays(1).plusNanos(1)}) {
      ValidationException e = invalid(RequestOptions.builder().callTimeout(bad));
      assertThat(e.field()).isEqualTo("callTimeout");
      assertThat(e.rule()).contains("positive");
    }
    assertThat(RequestOptions.builder().callTimeout(RequestOptions.MAX_DURATION).build().callTimeout())
        .contains(Duration.ofDays(1));
  }

  @Test
  void aWaitingBackgroundCallNamesMaxWait() {
    ValidationException e =
        invalid(RequestOptions.builder().lane(Priority.BACKGROUND).maxWait(Duration.ofSeconds(1)));
    assertThat(e.field()).isEqualTo("maxWait");
    assertThat(e.rule()).contains("BACKGROUND");
  }

  @Test
  void aWaitLongerThanTheCallNamesMaxWait() {
    ValidationException e =
        invalid(RequestOptions.builder().maxWait(Duration.ofSeconds(31)).callTimeout(Duration.ofSeconds(30)));
    assertThat(e.field()).isEqualTo("maxWait");
    assertThat(e.rule()).contains("callTimeout");
    assertThat(RequestOptions.builder().maxWait(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(30)).build())
        .isNotNull();
  }
}
