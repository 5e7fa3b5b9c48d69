package dev.calcomclient.redis.internal;

import static dev.calcomclient.redis.internal.LimiterHarness.outcome;
import static dev.calcomclient.redis.internal.LimiterHarness.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared limiter's semantics with several instances on one real Redis and a manual clock: the window guarantee
 * for all of them together, the lanes, the shared pause and adaptive lowering, and where its keys live.
 */
class RedisRateLimiterTest {
  private static final RateLimiterConfig DEFAULTS = RateLimiterConfig.defaults();
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
  void fourInstancesTogetherNeverSendMoreThanTheBudgetInAnySixtySecondWindow() {
    h = new LimiterHarness(server.uri(), 4, DEFAULTS, Duration.ofSeconds(1));
    List<Instant> grants = new ArrayList<>();
    Duration step = Duration.ofMillis(500);
    // Five simulated minutes of every instance asking for two tokens every half second: far above the budget.
    for (int i = 0; i < 600; i++) {
      for (RedisRateLimiter limiter : h.limiters) {
        for (int k = 0; k < 2; k++) {
          if (h.grantsNow(limiter)) {
            grants.add(h.time.now());
          }
        }
      }
      h.time.advance(step);
    }

    int maxInWindow = maxInAnyWindow(grants, DEFAULTS.window());
    assertThat(maxInWindow).as("most grants in any 60 s window, all instances together").isLessThanOrEqualTo(110);
    // Not vacuous: the budget was used, 20 at once and then 1.5 per second (20 + 1.5 x 299.5 = 469).
    assertThat(maxInWindow).isGreaterThanOrEqualTo(105);
    assertThat(grants).hasSizeBetween(465, 470);
  }

  @Test
  void interactiveWaitersAreServedBeforeStandardOnesAndWaitsAreScheduledNotBlocked() {
    RateLimiterConfig patientStandard =
        RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(2)).build();
    h = new LimiterHarness(server.uri(), 1, patientStandard, Duration.ofSeconds(1));
    RedisRateLimiter limiter = h.limiter(0);
    assertThat(h.drain(limiter, 25)).isEqualTo(20);

    Instant deadline = h.time.now().plusSeconds(30);
    CompletableFuture<Duration> standard = limiter.acquire(request(Priority.STANDARD, deadline));
    await().atMost(Duration.ofSeconds(30)).until(() -> h.time.pending() > 0); // queued: a drain is scheduled
    CompletableFuture<Duration> interactive = limiter.acquire(request(Priority.INTERACTIVE, deadline));
    assertThat(standard).isNotDone();
    assertThat(interactive).isNotDone();

    h.time.advance(Duration.ofMillis(670)); // one token (1.5 per second)
    await().atMost(Duration.ofSeconds(30)).until(interactive::isDone);
    assertThat(standard).isNotDone();
    assertThat(outcome(interactive)).isNull();

    h.time.advance(Duration.ofMillis(670));
    await().atMost(Duration.ofSeconds(30)).until(standard::isDone);
    assertThat(outcome(standard)).isNull();
    assertThat(standard.join()).isGreaterThan(Duration.ofMillis(1000));
  }

  @Test
  void aCallWhoseTurnIsBeyondItsMaxWaitIsRefusedAtOnceWithWhenToRetry() {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter limiter = h.limiter(0);
    h.drain(limiter, 25);
    Instant deadline = h.time.now().plusSeconds(30);
    // Standard calls wait at most 1 s: one token comes every 0.67 s, so the first waits, the second is refused.
    CompletableFuture<Duration> first = limiter.acquire(request(Priority.STANDARD, deadline));
    CompletableFuture<Duration> second = limiter.acquire(request(Priority.STANDARD, deadline));

    await().atMost(Duration.ofSeconds(30)).until(second::isDone);
    RateLimitedException refusal = outcome(second);
    assertThat(refusal).isNotNull();
    assertThat(refusal.isLocal()).isTrue();
    assertThat(refusal.retryAfter()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1500));
    assertThat(first).isNotDone();
    h.time.advance(Duration.ofMillis(700));
    await().atMost(Duration.ofSeconds(30)).until(first::isDone);
    assertThat(outcome(first)).isNull();
  }

  @Test
  void backgroundWorkNeverTakesTheReserveLeftForCallers() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    Instant later = h.time.now().plusSeconds(30);
    assertThat(h.drain(a, 9)).isEqualTo(9); // 11 of 20 left; the reserve is 10

    assertThat(outcome(b.acquire(request(Priority.BACKGROUND, later)))).as("11 left: above the reserve").isNull();
    RateLimitedException refused = outcome(b.acquire(request(Priority.BACKGROUND, later)));
    assertThat(refused).as("10 left: that is the reserve").isNotNull();
    assertThat(refused.retryAfter()).isPositive();

    // The refused background take gave its token back: callers still find the whole reserve.
    assertThat(h.drain(a, 20)).isEqualTo(10);
  }

  @Test
  void batchWorkWaitsForTokensAboveTheSharedReserveWhileCallersTakeTheReserveAtOnce() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    assertThat(h.drain(a, 10)).isEqualTo(10); // 10 of 20 left: the reserve

    CompletableFuture<Duration> batch = b.acquire(request(Priority.BATCH, h.time.now().plus(Duration.ofMinutes(5))));
    await().atMost(Duration.ofSeconds(30)).until(() -> h.time.pending() > 0); // queued: a drain is scheduled
    assertThat(batch).isNotDone();
    // The batch call's take came back: the callers of the other instance find the whole reserve.
    assertThat(h.drain(a, 20)).isEqualTo(10);

    Instant emptied = h.time.now();
    // Fake time moves in small steps while Redis answers in real time; the batch call needs 11 tokens (7.3 s).
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> {
          if (!batch.isDone() && h.time.now().isBefore(emptied.plusSeconds(30))) {
            h.time.advance(Duration.ofMillis(100));
          }
          return batch.isDone();
        });
    assertThat(outcome(batch)).isNull();
    assertThat(batch.join()).isGreaterThan(Duration.ofSeconds(7));
    assertThat(Duration.between(emptied, h.time.now())).isGreaterThan(Duration.ofMillis(7300));
    assertThat(h.drain(a, 20)).as("the reserve is still there for callers").isGreaterThanOrEqualTo(10);
  }

  @Test
  void a429SeenByOneInstancePausesEveryInstanceUntilTheResetTime() throws Exception {
    h = new LimiterHarness(server.uri(), 3, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    RedisRateLimiter c = h.limiter(2);
    assertThat(h.grantsNow(b)).isTrue();

    a.onResponse(h.noWait(), LimiterHarness.response(429, Map.of("X-RateLimit-Reset-Default", "60")));
    Instant resume = h.time.now().plusSeconds(60);

    a.lastAdjustment().get(30, TimeUnit.SECONDS);
    assertThat(h.grantsNow(b)).isFalse();
    RateLimitedException refusal = outcome(c.acquire(request(Priority.INTERACTIVE, h.time.now().plusSeconds(30))));
    assertThat(refusal).as("an interactive call cannot wait 60 s: refused at once").isNotNull();
    assertThat(refusal.retryAfter()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(61));
    assertThat(c.pausedUntil(LimiterHarness.CREDENTIAL)).isEqualTo(resume);

    h.time.advance(Duration.ofSeconds(59));
    assertThat(h.grantsNow(c)).isFalse();
    h.time.advance(Duration.ofSeconds(2));
    assertThat(h.grantsNow(c)).isTrue();
    assertThat(h.grantsNow(b)).isTrue();
  }

  @Test
  void aLowRemainingHeaderLowersTheSharedBucketForEveryInstance() throws Exception {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    assertThat(h.grantsNow(b)).isTrue(); // 19 left

    a.onResponse(h.noWait(), LimiterHarness.response(200, Map.of("X-RateLimit-Remaining-Default", "5")));

    a.lastAdjustment().get(30, TimeUnit.SECONDS);

    assertThat(h.drain(b, 20)).as("lowered to 5 - safety margin 2").isEqualTo(3);
  }

  @Test
  void aHighRemainingHeaderNeverRaisesTheBucket() throws Exception {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    assertThat(h.drain(h.limiter(1), 15)).isEqualTo(15);

    h.limiter(0).onResponse(h.noWait(), LimiterHarness.response(200, Map.of("X-RateLimit-Remaining-Default", "100")));
    h.limiter(0).lastAdjustment().get(30, TimeUnit.SECONDS);

    assertThat(h.drain(h.limiter(1), 20)).isEqualTo(5);
  }

  @Test
  void theBucketKeyHoldsTheCredentialsHashNeverTheCredential() throws Exception {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(1));
    assertThat(h.grantsNow(h.limiter(0))).isTrue();
    h.limiter(0).onResponse(h.noWait(), LimiterHarness.response(429, Map.of()));
    h.limiter(0).lastAdjustment().get(30, TimeUnit.SECONDS);

    String keys = server.command("KEYS", "*");
    assertThat(server.command("EXISTS", "calcom:v1:rl:" + LimiterHarness.CREDENTIAL)).isEqualTo(":1");
    assertThat(server.command("EXISTS", "calcom:v1:rl:" + LimiterHarness.CREDENTIAL + ":pause")).isEqualTo(":1");
    assertThat(LimiterHarness.CREDENTIAL).doesNotContain(LimiterHarness.SECRET).hasSizeLessThan(40);
    assertThat(keys).doesNotContain(LimiterHarness.SECRET);
  }

  static int maxInAnyWindow(List<Instant> times, Duration window) {
    List<Instant> sorted = new ArrayList<>(times);
    sorted.sort(null);
    int best = 0;
    int start = 0;
    for (int end = 0; end < sorted.size(); end++) {
      while (!sorted.get(start).plus(window).isAfter(sorted.get(end))) {
        start++;
      }
      best = Math.max(best, end - start + 1);
    }
    return best;
  }

  // Server headers are read with the same bounded parser as the in-process limiter: an absurd Retry-After or reset
  // pauses every instance for at most the configured maximum, and a negative or unreadable count throws nothing.

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
