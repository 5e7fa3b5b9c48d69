package dev.calcomclient.redis.internal;

import static dev.calcomclient.redis.internal.RedisRateLimiterTest.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared limiter when Redis goes away: each instance falls back to its share of the budget (starting empty),
 * the instances together still respect the window guarantee, and they return to the shared bucket, charged with
 * what they sent meanwhile, when Redis is back.
 */
class RedisRateLimiterOutageTest {
  private static final RateLimiterConfig DEFAULTS = RateLimiterConfig.defaults();
  private RedisServerProcess server;
  private LimiterHarness h;
  private final List<Instant> grants = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
  }

  @AfterEach
  void tearDown() {
    if (h != null) {
      h.close();
    }
    server.close();
  }

  private int take(RedisRateLimiter limiter, int max) {
    int n = 0;
    while (n < max && h.grantsNow(limiter)) {
      grants.add(h.time.now());
      n++;
    }
    return n;
  }

  @Test
  void killedRedisMeansEachInstanceSendsFromItsShareAndTheWindowGuaranteeHoldsThroughOutAndBack() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofMillis(500));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    assertThat(take(a, 30)).as("the shared burst").isEqualTo(20);

    server.kill();

    assertThat(take(a, 5)).as("the share starts empty").isZero();
    assertThat(take(b, 5)).isZero();
    assertThat(a.isShared()).isFalse();
    assertThat(b.isShared()).isFalse();
    h.time.advance(Duration.ofSeconds(60));
    assertThat(take(a, 30)).as("each share holds burst / instances").isEqualTo(10);
    assertThat(take(b, 30)).isEqualTo(10);
    // Two more minutes of both instances asking for more than they may send.
    for (int i = 0; i < 240; i++) {
      h.time.advance(Duration.ofMillis(500));
      take(a, 3);
      take(b, 3);
    }
    int duringOutage = grants.size() - 20;
    // Each share refills (110 - 20) / 2 = 45 per minute: 10 + 10 after the first minute, then 2 x 90.
    assertThat(duringOutage).isBetween(195, 200);

    server.restart();
    Instant deadline = Instant.now().plusSeconds(15);
    while (!(a.isShared() && b.isShared())) {
      assertThat(Instant.now()).as("both instances rejoin the shared bucket").isBefore(deadline);
      h.time.advance(Duration.ofMillis(500)); // probes happen at most once per second, when calls arrive
      take(a, 1);
      take(b, 1);
      awaitRedisAnswers(a);
    }

    // The new shared bucket (Redis came back empty, so it starts full) was charged with both shares' last window.
    assertThat(take(a, 5)).isZero();
    assertThat(take(b, 5)).isZero();
    for (int i = 0; i < 240; i++) {
      h.time.advance(Duration.ofMillis(500));
      take(a, 3);
      take(b, 3);
    }
    assertThat(maxInAnyWindow(grants, DEFAULTS.window()))
        .as("most grants in any 60 s window, before, during and after the outage")
        .isLessThanOrEqualTo(DEFAULTS.budget());
  }

  @Test
  void aRedisThatStopsAnsweringFallsBackAfterTheRequestTimeoutInsteadOfHanging() throws Exception {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofMillis(200));
    RedisRateLimiter a = h.limiter(0);
    assertThat(take(a, 1)).isEqualTo(1);

    server.command("CLIENT", "PAUSE", "1500", "ALL"); // Redis stops answering every client for 1.5 s

    CompletableFuture<Duration> during = a.acquire(h.noWait());
    RateLimitedException refusal = LimiterHarness.outcome(during);
    assertThat(refusal).as("the fallback share starts empty").isNotNull();
    assertThat(a.isShared()).isFalse();

    // Once Redis answers again, a call after the probe interval brings the instance back.
    Instant deadline = Instant.now().plusSeconds(15);
    while (!a.isShared()) {
      assertThat(Instant.now()).isBefore(deadline);
      h.time.advance(Duration.ofSeconds(1));
      take(a, 1);
      awaitRedisAnswers(a);
    }
    assertThat(take(a, 30)).as("the shared bucket refilled meanwhile (minus what the share sent)").isPositive();
  }

  /** Lets an in-flight probe finish: a probe reads the bucket's keys, then charges, all on the limiter's connection. */
  private void awaitRedisAnswers(RedisRateLimiter limiter) {
    try {
      h.connectors.get(h.limiters.indexOf(limiter)).commands().ping().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Redis is not back yet: the loop tries again.
    }
  }
}
