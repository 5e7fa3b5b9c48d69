package dev.calcomclient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TtlPolicyTest {
  private static final Instant NOW = Instant.parse("2050-09-05T10:00:00Z");
  private static final LocalDate TODAY = LocalDate.parse("2050-09-05");
  private final TtlPolicy defaults = TtlPolicy.defaults();

  @Test
  void defaultsAreThePhpGatewaysValues() {
    assertThat(defaults.ttl(TODAY.minusDays(1), 0, NOW)).as("past day").isEqualTo(Duration.ofSeconds(3600));
    assertThat(defaults.ttl(TODAY, 0, NOW)).as("empty day").isEqualTo(Duration.ofSeconds(120));
    assertThat(defaults.ttl(TODAY, 4, NOW)).as("fewer than 5 slots").isEqualTo(Duration.ofSeconds(180));
    assertThat(defaults.ttl(TODAY, 5, NOW)).as("5 slots").isEqualTo(Duration.ofSeconds(300));
    assertThat(defaults.ttl(TODAY.plusDays(7), 16, NOW)).as("day starting 6 d 14 h ahead")
        .isEqualTo(Duration.ofSeconds(300));
    assertThat(defaults.ttl(TODAY.plusDays(8), 16, NOW)).as("more than 7 days ahead")
        .isEqualTo(Duration.ofSeconds(600));
  }

  @Test
  void aPastDayWinsOverEmptyAndTodayIsNotPast() {
    // Yesterday ended at midnight: past even though it is empty.
    assertThat(defaults.ttl(TODAY.minusDays(1), 0, TODAY.atStartOfDay().toInstant(java.time.ZoneOffset.UTC)))
        .isEqualTo(Duration.ofSeconds(3600));
    assertThat(defaults.ttl(TODAY, 0, Instant.parse("2050-09-05T23:59:59Z"))).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void emptyAndFewSlotsWinOverFarFuture() {
    assertThat(defaults.ttl(TODAY.plusDays(30), 0, NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(defaults.ttl(TODAY.plusDays(30), 2, NOW)).isEqualTo(Duration.ofSeconds(180));
  }

  @Test
  void aDayOffGetsTheLifetimeOfADayWithSlotsAndAPolicyThatDoesNotSayTreatsItAsAnyEmptyDay() {
    assertThat(defaults.ttlOfDayOff(TODAY.plusDays(1), NOW)).as("standard").isEqualTo(Duration.ofSeconds(300));
    assertThat(defaults.ttlOfDayOff(TODAY.plusDays(8), NOW)).as("far future").isEqualTo(Duration.ofSeconds(600));
    assertThat(defaults.ttlOfDayOff(TODAY.minusDays(1), NOW)).as("past").isEqualTo(Duration.ofSeconds(3600));
    TtlPolicy custom = (day, count, now) -> Duration.ofSeconds(count == 0 ? 11 : 22);
    assertThat(custom.ttlOfDayOff(TODAY.plusDays(1), NOW)).isEqualTo(Duration.ofSeconds(11));
  }

  @Test
  void everyValueIsConfigurable() {
    TtlPolicy custom = TtlPolicy.adaptive()
        .pastDay(Duration.ofHours(2))
        .emptyDay(Duration.ofSeconds(5))
        .fewSlots(3, Duration.ofSeconds(60))
        .farFuture(Duration.ofDays(2), Duration.ofMinutes(20))
        .standard(Duration.ofMinutes(2))
        .build();
    assertThat(custom.ttl(TODAY.minusDays(1), 0, NOW)).isEqualTo(Duration.ofHours(2));
    assertThat(custom.ttl(TODAY, 0, NOW)).isEqualTo(Duration.ofSeconds(5));
    assertThat(custom.ttl(TODAY, 2, NOW)).isEqualTo(Duration.ofSeconds(60));
    assertThat(custom.ttl(TODAY, 3, NOW)).isEqualTo(Duration.ofMinutes(2));
    assertThat(custom.ttl(TODAY.plusDays(3), 3, NOW)).isEqualTo(Duration.ofMinutes(20));
    assertThat(TtlPolicy.fixed(Duration.ofSeconds(7)).ttl(TODAY.minusDays(9), 0, NOW)).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void invalidSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> TtlPolicy.adaptive().emptyDay(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("emptyDay");
    assertThatThrownBy(() -> TtlPolicy.adaptive().standard(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("standard");
    assertThatThrownBy(() -> TtlPolicy.adaptive().fewSlots(-1, Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("fewSlots");
    assertThatThrownBy(() -> TtlPolicy.adaptive().farFuture(Duration.ofDays(-1), Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("farFuture");
    assertThatThrownBy(() -> TtlPolicy.fixed(null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
  }
}
