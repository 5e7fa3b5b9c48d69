package dev.calcomclient.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitPolicy;
import dev.calcomclient.testkit.RateLimitPolicy.CredentialKind;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThrottlerTest {
  private static final Tracker KEY = Tracker.bearer("cal_test_one");
  private static final Tracker OTHER_KEY = Tracker.bearer("cal_test_two");

  private final FakeClock clock = FakeClock.at("2050-09-05T06:00:00Z");

  private Throttler throttler(RateLimitPolicy policy, double scale) {
    return new Throttler(policy, new TimeScale(clock, scale));
  }

  /** Advances the clock by a simulated duration at the given scale. */
  private void advance(Duration simulated, double scale) {
    clock.advance(Duration.ofNanos(Math.round(simulated.toNanos() / scale)));
  }

  @ParameterizedTest(name = "time scale {0}")
  @ValueSource(doubles = {1, 60, 1000})
  void limitThenBlockOutlastingTheWindow(double scale) {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults(), scale);
    List<Throttler.Decision> decisions = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      decisions.add(throttler.hit(KEY));
    }
    advance(Duration.ofSeconds(30), scale);
    for (int i = 0; i < 10; i++) {
      decisions.add(throttler.hit(KEY));
    }

    assertThat(decisions).filteredOn(Throttler.Decision::allowed).hasSize(120);
    assertThat(decisions.subList(120, 130)).noneMatch(Throttler.Decision::allowed)
        .allSatisfy(d -> assertThat(d.headers()).containsEntry("X-RateLimit-Remaining-Default", "0")
            .containsEntry("X-RateLimit-Limit-Default", "120")
            .containsEntry("X-RateLimit-Reset-Default", "60"));
    assertThat(decisions.get(0).headers()).containsExactly(Map.entry("X-RateLimit-Limit-Default", "120"),
        Map.entry("X-RateLimit-Remaining-Default", "119"), Map.entry("X-RateLimit-Reset-Default", "60"));
    assertThat(decisions.get(119).remaining()).isZero();

    // the window ended 31 s ago in simulated time, but the block (from t=30 s) lasts until t=90 s
    advance(Duration.ofSeconds(31), scale);
    Throttler.Decision stillBlocked = throttler.hit(KEY);
    assertThat(stillBlocked.allowed()).isFalse();
    assertThat(stillBlocked.resetSeconds()).isEqualTo(29);

    advance(Duration.ofSeconds(29), scale);
    Throttler.Decision afterBlock = throttler.hit(KEY);
    assertThat(afterBlock.allowed()).isTrue();
    assertThat(afterBlock.remaining()).isEqualTo(119);
    assertThat(afterBlock.resetSeconds()).isEqualTo(60);

    RateLimitUsage usage = throttler.usage(KEY.id());
    assertThat(usage.requests()).isEqualTo(132);
    assertThat(usage.violations()).isEqualTo(11);
    assertThat(usage.maxInAnyWindow()).isEqualTo(130);
    assertThat(usage.exceededLimit()).isTrue();
  }

  @Test
  void windowIsFixedFromTheFirstRequestAndResetCountsDown() {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults(), 1);
    throttler.hit(KEY);
    clock.advance(Duration.ofMillis(20_500));
    Throttler.Decision second = throttler.hit(KEY);
    assertThat(second.remaining()).isEqualTo(118);
    assertThat(second.resetSeconds()).isEqualTo(40); // ceil(39.5)

    clock.advance(Duration.ofMillis(39_500)); // exactly at the window's end: a new window starts
    Throttler.Decision fresh = throttler.hit(KEY);
    assertThat(fresh.remaining()).isEqualTo(119);
    assertThat(fresh.resetSeconds()).isEqualTo(60);
  }

  @Test
  void credentialsHaveIndependentBudgetsAndOwnLimits() {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults().withLimit("cal_test_two", 5), 1);
    for (int i = 0; i < 120; i++) {
      assertThat(throttler.hit(KEY).allowed()).isTrue();
    }
    for (int i = 0; i < 5; i++) {
      assertThat(throttler.hit(OTHER_KEY).allowed()).isTrue();
    }
    assertThat(throttler.hit(OTHER_KEY).allowed()).isFalse();
    assertThat(throttler.hit(KEY).allowed()).isFalse();
    assertThat(throttler.usages()).extracting(RateLimitUsage::tracker, RateLimitUsage::limit,
        RateLimitUsage::violations).containsExactly(
            org.assertj.core.groups.Tuple.tuple(KEY.id(), 120, 1L),
            org.assertj.core.groups.Tuple.tuple(OTHER_KEY.id(), 5, 1L));
  }

  @Test
  void defaultLimitsPerKindOfCredential() {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults()
        .withDefaultLimit(CredentialKind.ANONYMOUS, 3), 1);
    assertThat(throttler.hit(Tracker.oauthClient("client")).limit()).isEqualTo(500);
    assertThat(throttler.hit(Tracker.bearer("eyJhbGciOi.token")).limit()).isEqualTo(500);
    Tracker anonymous = Tracker.anonymous("10.0.0.7");
    assertThat(List.of(throttler.hit(anonymous), throttler.hit(anonymous), throttler.hit(anonymous),
        throttler.hit(anonymous))).extracting(Throttler.Decision::allowed).containsExactly(true, true, true, false);
  }

  @Test
  void slidingWindowMaximumSpansFixedWindows() {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults(), 1);
    throttler.hit(KEY); // window [0, 60)
    clock.advance(Duration.ofSeconds(50));
    for (int i = 0; i < 100; i++) {
      throttler.hit(KEY); // t = 50 s, still the first window
    }
    clock.advance(Duration.ofSeconds(15));
    for (int i = 0; i < 100; i++) {
      throttler.hit(KEY); // t = 65 s, a new fixed window: all allowed
    }
    RateLimitUsage usage = throttler.usage(KEY.id());
    assertThat(usage.violations()).isZero();
    assertThat(usage.maxInAnyWindow()).isEqualTo(200); // 50 s .. 65 s lies within one sliding 60 s window
    assertThat(usage.exceededLimit()).isTrue();
  }

  @Test
  void disabledPolicyAllowsEverythingButStillMeasures() {
    Throttler throttler = throttler(RateLimitPolicy.disabled(), 1);
    for (int i = 0; i < 300; i++) {
      assertThat(throttler.hit(KEY).allowed()).isTrue();
    }
    assertThat(throttler.usage(KEY.id()).maxInAnyWindow()).isEqualTo(300);
    assertThat(throttler.usage(KEY.id()).violations()).isZero();
  }

  @Test
  void trackersHashCredentialsLikeCalcom() {
    assertThat(Tracker.bearer("cal_abc").id())
        .isEqualTo("api_key_" + Tracker.sha256("cal_abc")).doesNotContain("cal_abc");
    assertThat(Tracker.of(Map.of("authorization", List.of("Bearer cal_abc")), "1.2.3.4"))
        .isEqualTo(new Tracker("api_key_" + Tracker.sha256("cal_abc"), CredentialKind.API_KEY));
    assertThat(Tracker.of(Map.of("x-cal-client-id", List.of("cid")), "1.2.3.4").kind())
        .isEqualTo(CredentialKind.OAUTH_CLIENT);
    assertThat(Tracker.of(Map.of("cf-connecting-ip", List.of("9.9.9.9")), "1.2.3.4").id()).isEqualTo("ip_9.9.9.9");
    assertThat(Tracker.of(Map.of(), "1.2.3.4").id()).isEqualTo("ip_1.2.3.4");
  }

  @Test
  void invalidPoliciesAreRejected() {
    assertThatThrownBy(() -> RateLimitPolicy.calcomDefaults().withLimit("cal_x", 0))
        .hasMessageContaining("limit must be positive");
    assertThatThrownBy(() -> RateLimitPolicy.calcomDefaults().withWindow(Duration.ZERO))
        .hasMessageContaining("window must be a positive duration");
    assertThatThrownBy(() -> new TimeScale(clock, 0)).hasMessageContaining("time scale must be a positive");
  }

  @Test
  void requestTimesArePrunedPastTheWindowWhileTheBusiestWindowStaysExact() {
    Throttler throttler = throttler(RateLimitPolicy.calcomDefaults(), 1);
    java.util.Random random = new java.util.Random(19);
    List<Long> all = new ArrayList<>();
    long start = clock.millis();
    int maxHeld = 0;
    for (int i = 0; i < 20_000; i++) {
      // bursts and lulls: gaps from 0 ms to 4 s, so some windows are far busier than others
      clock.advance(Duration.ofMillis(random.nextInt(10) == 0 ? random.nextInt(4000) : random.nextInt(300)));
      throttler.hit(KEY);
      all.add((clock.millis() - start) * 1_000_000L);
      maxHeld = Math.max(maxHeld, throttler.heldTimes(KEY.id()));
    }
    long[] times = all.stream().mapToLong(Long::longValue).toArray();
    int oracle = SlidingWindow.maxInAnyWindow(times, times.length, Duration.ofSeconds(60).toNanos());

    RateLimitUsage usage = throttler.usage(KEY.id());
    assertThat(usage.requests()).isEqualTo(20_000);
    assertThat(usage.maxInAnyWindow()).as("the busiest 60 s window over the whole run").isEqualTo(oracle);
    // about 2 windows of traffic (at most ~1200 requests at these gaps) times the buffer's doubling
    assertThat(maxHeld).as("times held at once").isLessThan(4096);
  }
}
