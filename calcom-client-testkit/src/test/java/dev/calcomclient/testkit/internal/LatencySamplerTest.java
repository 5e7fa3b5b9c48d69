package dev.calcomclient.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.LatencyDistribution;
import dev.calcomclient.testkit.LatencyProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencySamplerTest {
  private final FakeClock clock = FakeClock.at("2050-09-05T06:00:00Z");

  private static List<Duration> draw(LatencySampler sampler, String method, String pattern, String group, int n) {
    List<Duration> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sampler.simulated(method, pattern, group));
    }
    return out;
  }

  @Test
  void calcomLikeProfileMatchesThePhpGatewaysPercentiles() {
    LatencySampler sampler = new LatencySampler(LatencyProfile.calcomLike(), TimeScale.real(clock));
    List<Duration> slots = draw(sampler, "GET", "/v2/slots", "slots", 4000);
    List<Duration> bookings = draw(sampler, "POST", "/v2/bookings", "bookings", 4000);
    List<Duration> me = draw(sampler, "GET", "/v2/me", "me", 4000);

    assertPercentiles(slots, 300, 800);
    assertPercentiles(bookings, 1500, 5000);
    assertPercentiles(me, 100, 300);
    assertThat(Collections.max(slots)).isLessThanOrEqualTo(Duration.ofMillis(1600)); // capped at 2 × p95
  }

  private static void assertPercentiles(List<Duration> samples, long p05Millis, long p95Millis) {
    List<Duration> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    long p05 = sorted.get(sorted.size() * 5 / 100).toMillis();
    long p95 = sorted.get(sorted.size() * 95 / 100).toMillis();
    assertThat(p05).isBetween(p05Millis * 90 / 100, p05Millis * 110 / 100);
    assertThat(p95).isBetween(p95Millis * 90 / 100, p95Millis * 110 / 100);
  }

  @Test
  void sameSeedSameLatencies() {
    LatencyProfile profile = LatencyProfile.calcomLike().withSeed(7);
    List<Duration> a = draw(new LatencySampler(profile, TimeScale.real(clock)), "GET", "/v2/slots", "slots", 50);
    List<Duration> b = draw(new LatencySampler(profile, TimeScale.real(clock)), "GET", "/v2/slots", "slots", 50);
    assertThat(a).isEqualTo(b);
  }

  @Test
  void delayIsDividedByTheTimeScale() {
    LatencyProfile profile = LatencyProfile.none().with("slots", LatencyDistribution.fixed(Duration.ofMillis(600)));
    LatencySampler sampler = new LatencySampler(profile, new TimeScale(clock, 60));
    assertThat(sampler.delay("GET", "/v2/slots", "slots")).isEqualTo(Duration.ofMillis(10));
    assertThat(sampler.delay("GET", "/v2/me", "me")).isEqualTo(Duration.ZERO);
  }

  @Test
  void mostSpecificEndpointKeyWins() {
    LatencyProfile profile = LatencyProfile.none()
        .withDefault(LatencyDistribution.fixed(Duration.ofMillis(1)))
        .with("bookings", LatencyDistribution.fixed(Duration.ofMillis(2)))
        .with("POST bookings", LatencyDistribution.fixed(Duration.ofMillis(3)))
        .with("POST /v2/bookings/{bookingUid}/cancel", LatencyDistribution.fixed(Duration.ofMillis(4)));
    SplittableRandom r = new SplittableRandom(1);
    assertThat(profile.distributionFor("GET", "/v2/me", "me").sample(r)).hasMillis(1);
    assertThat(profile.distributionFor("GET", "/v2/bookings", "bookings").sample(r)).hasMillis(2);
    assertThat(profile.distributionFor("POST", "/v2/bookings", "bookings").sample(r)).hasMillis(3);
    assertThat(profile.distributionFor("POST", "/v2/bookings/{bookingUid}/cancel", "bookings").sample(r))
        .hasMillis(4);
  }

  @Test
  void distributionsStayInTheirBounds() {
    SplittableRandom r = new SplittableRandom(3);
    LatencyDistribution uniform = LatencyDistribution.uniform(Duration.ofMillis(100), Duration.ofMillis(300));
    LatencyDistribution empirical = LatencyDistribution.empirical(List.of(Duration.ofMillis(5), Duration.ofMillis(9)));
    for (int i = 0; i < 1000; i++) {
      assertThat(uniform.sample(r)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
      assertThat(empirical.sample(r)).isIn(Duration.ofMillis(5), Duration.ofMillis(9));
    }
    assertThatThrownBy(() -> LatencyDistribution.uniform(Duration.ofMillis(3), Duration.ofMillis(2)))
        .hasMessageContaining("must not be less than min");
    assertThatThrownBy(() -> LatencyDistribution.empirical(List.of())).hasMessageContaining("at least one sample");
  }
}
