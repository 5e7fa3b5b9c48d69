package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.TokenStore;
import dev.calcomclient.testing.WindowOracle;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared sliding log on a real Redis against the same oracle as the in-process one: instances (each its own
 * connection and leases) take, give back, cap, pause and let time pass at random on one manual clock, and no closed
 * 60 s window ever holds more than the budget across them; saturated, they sustain the budget per window plus the
 * clock-skew margin; after a quiet window one instance may send the whole budget at once.
 */
class SharedWindowOracleTest {
  private static final RateLimiterConfig CONFIG = RateLimiterConfig.defaults();
  private static RedisServerProcess server;
  private LimiterHarness h;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.launch();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @BeforeEach
  void flush() {
    server.command("FLUSHALL");
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private List<TokenStore> stores() {
    return h.limiters.stream().map(l -> l.newStore(LimiterHarness.CREDENTIAL)).toList();
  }

  @Test
  void twoInstancesTakingGivingBackCappingAndPausingAtRandomNeverPutMoreThanTheBudgetInAnyWindow() {
    for (long seed = 1; seed <= 3; seed++) {
      server.command("FLUSHALL");
      h = new LimiterHarness(server.uri(), 2, CONFIG, Duration.ofSeconds(5));
      WindowOracle oracle = new WindowOracle(stores(), h.time, seed);
      oracle.randomSteps(1_500, CONFIG.backgroundReserveTokens());
      assertThat(oracle.maxInAnyWindow(CONFIG.window())).as("seed %d", seed).isLessThanOrEqualTo(CONFIG.budget());
      // Not vacuous: the random load came close to the budget (unused lease remainders count until shrunk).
      assertThat(oracle.maxInAnyWindow(CONFIG.window())).as("seed %d", seed).isGreaterThanOrEqualTo(100);
      h.close();
      h = null;
    }
  }

  @Test
  void oneInstanceSendsTheWholeBudgetAtOnceAndSaturatedSustainsItPerWindowPlusTheSkewMargin() {
    h = new LimiterHarness(server.uri(), 1, CONFIG, Duration.ofSeconds(5));
    List<TokenStore> stores = stores();
    WindowOracle oracle = new WindowOracle(stores, h.time, 1);
    assertThat(oracle.drain(stores.get(0))).as("the whole budget at once").isEqualTo(110);
    h.time.advance(CONFIG.window().plus(SharedTokens.CLOCK_SKEW_MARGIN).plusMillis(1));

    // An hour, so that the bursts the saturated log frees (one every 61 s and a step) average out over the minutes.
    double perMinute = oracle.saturate(Duration.ofMinutes(60), Duration.ofMillis(500)) / 60.0;
    System.out.printf("shared log, 1 instance saturated: %.1f per minute%n", perMinute);
    assertThat(perMinute).isGreaterThanOrEqualTo(104);
    assertThat(oracle.maxInAnyWindow(CONFIG.window())).isEqualTo(110);
  }

  @Test
  void fourInstancesSaturatedSustainAtLeast104PerMinuteAndNeverExceedTheBudget() {
    h = new LimiterHarness(server.uri(), 4, CONFIG, Duration.ofSeconds(5));
    WindowOracle oracle = new WindowOracle(stores(), h.time, 1);

    double perMinute = oracle.saturate(Duration.ofMinutes(60), Duration.ofMillis(500)) / 60.0;
    System.out.printf("shared log, 4 instances saturated: %.1f per minute%n", perMinute);
    assertThat(perMinute).isGreaterThanOrEqualTo(104);
    assertThat(oracle.maxInAnyWindow(CONFIG.window())).isEqualTo(110);
  }
}
