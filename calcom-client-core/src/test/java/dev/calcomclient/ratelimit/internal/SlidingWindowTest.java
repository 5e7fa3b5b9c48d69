package dev.calcomclient.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testing.WindowOracle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-process sliding log: exact for every window, the whole budget at once and sustained, exact give-backs. */
class SlidingWindowTest {
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final RateLimiterConfig CONFIG = RateLimiterConfig.defaults();
  private static final Duration WINDOW = CONFIG.window();

  private final ManualScheduler time = new ManualScheduler();
  private final LocalTokenStore store = new LocalTokenStore(CONFIG, time.clock());

  @Test
  void randomTakesGiveBacksCapsPausesAndStepsNeverPutMoreThanTheBudgetInAnyWindow() {
    for (long seed = 1; seed <= 8; seed++) {
      ManualScheduler t = new ManualScheduler();
      WindowOracle oracle = new WindowOracle(List.of(new LocalTokenStore(CONFIG, t.clock())), t, seed);
      oracle.randomSteps(3_000, CONFIG.backgroundReserveTokens());
      assertThat(oracle.maxInAnyWindow(WINDOW)).as("seed %d", seed).isLessThanOrEqualTo(CONFIG.budget());
      // Not vacuous: the random load filled some window to the budget.
      assertThat(oracle.maxInAnyWindow(WINDOW)).as("seed %d", seed).isEqualTo(CONFIG.budget());
    }
  }

  @Test
  void saturationSustainsTheWholeBudgetPerMinuteAndAQuietMinuteLetsItAllGoAtOnce() {
    LocalTokenStore fresh = new LocalTokenStore(CONFIG, time.clock());
    assertThat(new WindowOracle(List.of(fresh), time, 7).drain(fresh)).as("the whole budget at once").isEqualTo(110);

    WindowOracle oracle = new WindowOracle(List.of(store), time, 7);
    // An hour, so that the bursts the saturated log frees (one every window and a step) average out over the minutes.
    int sent = oracle.saturate(Duration.ofMinutes(60), Duration.ofMillis(100));
    double perMinute = sent / 60.0;
    FIGURES.info(String.format(java.util.Locale.ROOT, "local log, saturated: %.1f per minute", perMinute));
    assertThat(perMinute).as("sustained per minute under saturation").isGreaterThanOrEqualTo(109);
    assertThat(oracle.maxInAnyWindow(WINDOW)).isEqualTo(110);

    time.advance(WINDOW.plusMillis(1));
    assertThat(oracle.drain(store)).as("after a quiet minute: the whole budget at once").isEqualTo(110);
    assertThat(oracle.maxInAnyWindow(WINDOW)).isEqualTo(110);
  }

  @Test
  void aTokenGivenBackIsForgottenExactlyAndFreesNoLaterThanItWouldHave() {
    Take first = store.take(0).join();
    time.advance(Duration.ofSeconds(30));
    for (int i = 0; i < 108; i++) {
      assertThat(store.take(0).join().consumed()).isTrue();
    }
    Take last = store.take(0).join();
    assertThat(store.take(0).join().consumed()).isFalse();

    store.giveBack(last).join();
    assertThat(store.tokensNow()).hasValue(1);
    store.giveBack(first).join();
    assertThat(store.tokensNow()).hasValue(2);
    // The other 108 sends of 30 s ago are still counted until they leave the window.
    time.advance(Duration.ofSeconds(59));
    assertThat(store.tokensNow()).hasValue(2);
    time.advance(Duration.ofSeconds(2));
    assertThat(store.tokensNow()).hasValue(110);
  }

  @Test
  void aPacedTokenGivenBackGoesBackToThePaceNotOnlyToTheLog() {
    // The pace lets batch and background work take burstCapacity - reserve (10) at once, then refills.
    long burst = CONFIG.burstCapacity() - CONFIG.backgroundReserveTokens();
    long keep = CONFIG.backgroundReserveTokens();
    Take last = null;
    for (int i = 0; i < burst; i++) {
      last = store.take(keep).join();
      assertThat(last.consumed()).isTrue();
      assertThat(last.paced()).isTrue();
    }
    Take refused = store.take(keep).join();
    assertThat(refused.consumed()).as("the pace is spent; the log still has %d", refused.remaining()).isFalse();
    assertThat(refused.remaining()).isGreaterThan(keep);

    store.giveBack(last).join(); // never sent: neither the log nor the pace may count it

    assertThat(store.take(keep).join().consumed()).as("the paced take given back, taken again at once").isTrue();
    assertThat(store.take(keep).join().consumed()).isFalse();
    assertThat(store.take(0).join().paced()).as("a caller's take spends no pace").isFalse();
  }

  @Test
  void theServersRemainingCapsTakesUntilItsResetThenTheWindowAloneCounts() {
    for (int i = 0; i < 10; i++) {
      store.take(0).join();
    }
    store.lowerTo(5, time.now().plusSeconds(20)).join();
    assertThat(store.tokensNow()).hasValue(5);
    for (int i = 0; i < 5; i++) {
      assertThat(store.take(0).join().consumed()).isTrue();
    }
    Take refused = store.take(0).join();
    assertThat(refused.consumed()).isFalse();
    assertThat(Duration.ofNanos(refused.nanosToWait())).isEqualTo(Duration.ofSeconds(20));

    time.advance(Duration.ofSeconds(20));
    assertThat(store.tokensNow()).as("the server's window reset: only the own log counts").hasValue(95);
  }

  @Test
  void aHigherRemainingNeverRaisesWhatTheWindowAllows() {
    for (int i = 0; i < 100; i++) {
      store.take(0).join();
    }
    store.lowerTo(50, time.now().plusSeconds(20)).join();
    assertThat(store.tokensNow()).hasValue(10);
  }

  @Test
  void aPauseAllowsNothingUntilItEnds() {
    store.pause(time.now().plusSeconds(5)).join();
    Take refused = store.take(0).join();
    assertThat(refused.consumed()).isFalse();
    assertThat(store.nanosToNextToken()).isEqualTo(Duration.ofSeconds(5).toNanos());
    time.advance(Duration.ofSeconds(5));
    assertThat(store.take(0).join().consumed()).isTrue();
  }

  @Test
  void aTakeKeepingTheReserveIsRefusedWithTheTimeUntilTheReserveIsExceeded() {
    for (int i = 0; i < 100; i++) {
      store.take(0).join();
    }
    time.advance(Duration.ofSeconds(10));
    Take refused = store.take(10).join();
    assertThat(refused.consumed()).isFalse();
    assertThat(refused.remaining()).isEqualTo(10);
    assertThat(Duration.ofNanos(refused.nanosToWait())).isEqualTo(Duration.ofMillis(50_001));
    assertThat(store.nanosUntil(3, 0)).hasValue(0);
    assertThat(store.nanosUntil(11, 0)).hasValue(Duration.ofMillis(50_001).toNanos());
  }
}
