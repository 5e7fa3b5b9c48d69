package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared limiter reads rate-limit headers with the same bounded parser as the in-process one: an absurd
 * {@code Retry-After} or reset pauses every instance for at most the configured maximum, never for years, and a
 * negative or unreadable count throws nothing.
 */
class RedisHostileHeadersTest {
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

  @Test
  void aTenYearRetryAfterPausedEveryInstanceForYears() throws Exception {
    RateLimiterConfig config = RateLimiterConfig.builder().maxPause(Duration.ofMinutes(2)).build();
    h = new LimiterHarness(server.uri(), 2, config, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);

    a.onResponse(h.noWait(), LimiterHarness.response(429, Map.of("Retry-After", "315360000")));
    a.lastAdjustment().get(30, TimeUnit.SECONDS);
    Instant bound = h.time.now().plus(Duration.ofMinutes(2));

    assertThat(h.grantsNow(b)).as("the other instance sees the shared pause").isFalse();
    assertThat(a.pausedUntil(LimiterHarness.CREDENTIAL)).isEqualTo(bound);
    assertThat(b.pauseEnd(LimiterHarness.CREDENTIAL)).hasValueSatisfying(t -> assertThat(t).isBeforeOrEqualTo(bound));
    h.time.advance(Duration.ofMinutes(2).plusSeconds(1));
    assertThat(h.grantsNow(b)).as("after the bounded pause the credential works again").isTrue();
  }

  @Test
  void longMaxResetsNegativeAndUnreadableCountsThrowNothingAndStayBounded() throws Exception {
    h = new LimiterHarness(server.uri(), 1, RateLimiterConfig.defaults(), Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);

    a.onResponse(
        h.noWait(),
        LimiterHarness.response(
            200,
            Map.of(
                "X-RateLimit-Remaining-Default", "-3",
                "X-RateLimit-Reset-Default", Long.toString(Long.MAX_VALUE),
                "X-RateLimit-Limit-Default", "many")));
    a.lastAdjustment().get(30, TimeUnit.SECONDS);
    a.onResponse(h.noWait(), LimiterHarness.response(429, Map.of("Retry-After", Long.toString(Long.MAX_VALUE))));
    a.lastAdjustment().get(30, TimeUnit.SECONDS);

    assertThat(a.pausedUntil(LimiterHarness.CREDENTIAL))
        .isBeforeOrEqualTo(h.time.now().plus(RateLimiterConfig.DEFAULT_MAX_PAUSE));
    h.time.advance(RateLimiterConfig.DEFAULT_MAX_PAUSE.plusSeconds(1));
    assertThat(a.pauseEnd(LimiterHarness.CREDENTIAL)).isEmpty();
  }
}
