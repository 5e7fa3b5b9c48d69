package dev.calcomclient.alternatives;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.ValidationException;
import dev.calcomclient.pipeline.Priority;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The options' defaults, their checks at {@code build()}, and their immutability. */
class AlternativeOptionsTest {

  @Test
  void defaultsAreThreeProposalsInFourteenDaysUtcWeekdaysEveryStrategyOnTheInteractiveLane() {
    AlternativeOptions d = AlternativeOptions.defaults();

    assertThat(d.count()).isEqualTo(3);
    assertThat(d.horizon()).isEqualTo(Duration.ofDays(14));
    assertThat(d.timeZone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(d.workdays()).isEqualTo(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));
    assertThat(d.durationMinutes()).isEmpty();
    assertThat(d.minimumNotice()).isEmpty();
    assertThat(d.strategies()).isEqualTo(EnumSet.allOf(AlternativeStrategy.class));
    assertThat(d.priority()).isEqualTo(Priority.INTERACTIVE);
  }

  @Test
  void everyBadSettingIsRejectedAtBuildNamingTheField() {
    assertRejected("count", b -> b.count(0));
    assertRejected("count", b -> b.count(AlternativeOptions.MAX_COUNT + 1));
    assertRejected("horizon", b -> b.horizon(null));
    assertRejected("horizon", b -> b.horizon(Duration.ZERO));
    assertRejected("horizon", b -> b.horizon(Duration.ofMinutes(-1)));
    assertRejected("horizon", b -> b.horizon(Duration.ofDays(60).plusSeconds(1)));
    assertRejected("timeZone", b -> b.timeZone(null));
    assertRejected("workdays", b -> b.workdays(List.of()));
    assertRejected("workdays", b -> b.workdays((List<DayOfWeek>) null));
    assertRejected("workdays", b -> b.workdays(Arrays.asList(DayOfWeek.MONDAY, null)));
    assertRejected("durationMinutes", b -> b.durationMinutes(0));
    assertRejected("minimumNotice", b -> b.minimumNotice(Duration.ofSeconds(-1)));
    assertRejected("strategies", b -> b.strategies(List.of()));
    assertRejected("strategies", b -> b.strategies(AlternativeStrategy.NEXT_AVAILABLE, (AlternativeStrategy) null));
    assertRejected("priority", b -> b.priority(null));
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    AlternativeOptions o =
        AlternativeOptions.builder()
            .count(AlternativeOptions.MAX_COUNT)
            .horizon(AlternativeOptions.MAX_HORIZON)
            .minimumNotice(Duration.ZERO)
            .durationMinutes(1)
            .workdays(DayOfWeek.SUNDAY)
            .strategies(AlternativeStrategy.SAME_DAY_LATER)
            .timeZone(ZoneId.of("Asia/Kolkata"))
            .build();

    assertThat(o.count()).isEqualTo(50);
    assertThat(o.horizon()).isEqualTo(Duration.ofDays(60));
    assertThat(o.workdays()).containsExactly(DayOfWeek.SUNDAY);
    assertThat(o.strategies()).containsExactly(AlternativeStrategy.SAME_DAY_LATER);
  }

  @Test
  void optionsDoNotChangeWhenTheCallersCollectionsDo() {
    List<DayOfWeek> days = new ArrayList<>(List.of(DayOfWeek.MONDAY));
    AlternativeOptions.Builder builder = AlternativeOptions.builder().workdays(days);
    days.add(DayOfWeek.TUESDAY);
    AlternativeOptions o = builder.build();

    assertThat(o.workdays()).containsExactly(DayOfWeek.MONDAY);
    assertThatThrownBy(() -> o.workdays().add(DayOfWeek.FRIDAY)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> o.strategies().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderRoundTrips() {
    AlternativeOptions o =
        AlternativeOptions.builder()
            .count(7)
            .horizon(Duration.ofDays(3))
            .timeZone(ZoneId.of("Europe/Berlin"))
            .workdays(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)
            .durationMinutes(45)
            .minimumNotice(Duration.ofHours(2))
            .strategies(AlternativeStrategy.SAME_DAY_EARLIER, AlternativeStrategy.NEXT_AVAILABLE)
            .priority(Priority.STANDARD)
            .build();

    assertThat(o.toBuilder().build()).isEqualTo(o).hasSameHashCodeAs(o);
    assertThat(o.toBuilder().count(8).build()).isNotEqualTo(o);
    assertThat(o.toString()).contains("count=7", "Europe/Berlin", "STANDARD");
  }

  private static void assertRejected(String field, UnaryOperator<AlternativeOptions.Builder> change) {
    assertThatThrownBy(() -> change.apply(AlternativeOptions.builder()).build())
        .as(field)
        .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
