package dev.calcomclient.redis.internal;

import static dev.calcomclient.redis.internal.RedisRateLimiterTest.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * The shared limiter when Redis goes away: a cut-off instance spends only what is left of its lease (tokens the
 * shared log already counts) and is then refused; when Redis is back it takes from the shared log again, and a
 * Redis that came back empty is detected and blocks the budget for a window. The window guarantee holds throughout.
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
  void killedRedisLeavesEachInstanceOnlyItsLeaseAndARestartedEmptyRedisBlocksTheBudgetForAWindow() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofMillis(500));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    assertThat(take(a, 100)).as("the whole budget is there").isEqualTo(100);
    assertThat(take(b, 1)).isEqualTo(1); // b holds a lease of 3 (2 left)

    server.kill();

    // Only the lease: a's last lease was spent to the token (100 = 33 x 3 + 1: one of a lease of 3 used, 2 left).
    assertThat(take(a, 10)).as("what is left of a's lease").isEqualTo(2);
    assertThat(take(b, 10)).as("what is left of b's lease").isEqualTo(2);
    assertThat(a.isShared()).isFalse();
    assertThat(b.isShared()).isFalse();
    for (int i = 0; i < 40; i++) {
      h.time.advance(Duration.ofMillis(500));
      assertThat(take(a, 3) + take(b, 3)).as("nothing beyond the leases while cut off").isZero();
    }

    server.restart(); // empty: the log of the last 20 s is gone
    // Wait (real time, bounded) for the connections to come back, then let one probe interval pass: the next calls
    // probe, and both instances rejoin within a simulated second.
    for (RedisConnector c : h.connectors) {
      await().atMost(Duration.ofSeconds(15)).until(() -> answers(c));
    }
    h.time.advance(Duration.ofSeconds(1));
    take(a, 1);
    take(b, 1);
    await().atMost(Duration.ofSeconds(15)).until(() -> a.isShared() && b.isShared());
    // The first to take found its own entries gone and blocked the budget for a window: nothing until then.
    Instant lost = h.time.now();
    assertThat(take(a, 50) + take(b, 50)).as("right after the restart").isZero();
    h.time.advance(Duration.ofSeconds(60));
    assertThat(take(a, 50) + take(b, 50)).as("still within the window after the loss").isZero();
    h.time.advance(Duration.between(h.time.now(), lost.plusSeconds(64)));
    assertThat(take(a, 60) + take(b, 60)).as("a window after the loss: the whole budget").isEqualTo(110);
    for (int i = 0; i < 240; i++) {
      h.time.advance(Duration.ofMillis(500));
      take(a, 3);
      take(b, 3);
    }
    assertThat(maxInAnyWindow(grants, DEFAULTS.window()))
        .as("most grants in any 60 s window, before, during and after the outage")
        .isLessThanOrEqualTo(DEFAULTS.budget())
        .isGreaterThanOrEqualTo(105);
  }

  @Test
  void aRedisThatStopsAnsweringRefusesAfterTheRequestTimeoutInsteadOfHanging() throws Exception {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofMillis(200));
    RedisRateLimiter a = h.limiter(0);
    assertThat(take(a, 3)).isEqualTo(3); // one lease, spent

    server.command("CLIENT", "PAUSE", "1500", "ALL"); // Redis stops answering every client for 1.5 s

    CompletableFuture<Duration> during = a.acquire(h.noWait());
    RateLimitedException refusal = LimiterHarness.outcome(during);
    assertThat(refusal).as("no lease left, no answer: refused").isNotNull();
    assertThat(a.isShared()).isFalse();

    // Once Redis answers again, a call after the probe interval brings the instance back.
    Instant deadline = Instant.now().plusSeconds(15);
    while (!a.isShared()) {
      assertThat(Instant.now()).isBefore(deadline);
      h.time.advance(Duration.ofSeconds(1));
      take(a, 1);
      awaitRedisAnswers(a);
    }
    assertThat(take(a, 30)).as("the shared log has the rest of the budget").isEqualTo(30);
  }

  private static boolean answers(RedisConnector c) {
    try {
      c.commands().ping().get(5, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Lets an in-flight probe finish: a probe reads the log's key on the limiter's connection. */
  private void awaitRedisAnswers(RedisRateLimiter limiter) {
    try {
      h.connectors.get(h.limiters.indexOf(limiter)).commands().ping().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Redis is not back yet: the loop tries again.
    }
  }
}
