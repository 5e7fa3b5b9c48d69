package dev.calcomclient.redis.internal;

import static dev.calcomclient.redis.internal.LimiterHarness.outcome;
import static dev.calcomclient.redis.internal.LimiterHarness.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.TokenStore;
import dev.calcomclient.testing.WindowOracle;
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
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
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
    // Not vacuous: the whole budget went in the first 7 s, then again each time the log freed it (every 61 s and
    // a step: 5 times in five minutes).
    assertThat(maxInWindow).isEqualTo(110);
    assertThat(grants).hasSizeBetween(540, 550);
  }

  /**
   * A burst of calls on one instance, all sent before any answer: each reaches Redis on its own. Each used to ask
   * for a whole lease, of which it spent one token; the leases closed unspent stayed counted until the next renewal,
   * so about a third of the budget was granted and the rest refused with a window to wait.
   */
  @Test
  void aBurstOfConcurrentCallsOnOneInstanceIsGrantedTheWholeBudgetNotAThirdOfItInLeases() {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(5)); // leases of 3 tokens
    RedisRateLimiter limiter = h.limiter(0);
    List<CompletableFuture<Duration>> burst = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      burst.add(limiter.acquire(h.noWait()));
    }
    long granted = burst.stream().filter(f -> outcome(f) == null).count();
    // The first renewal's lease of 3 is the only one: its 2 other tokens stay with this instance, spent next.
    assertThat(granted).as("granted of 150 concurrent calls, budget 110").isBetween(108L, 110L);
    assertThat(granted + h.drain(limiter, 10)).isEqualTo(110);
  }

  @Test
  void interactiveWaitersAreServedBeforeStandardOnesAndWaitsAreScheduledNotBlocked() {
    RateLimiterConfig patientStandard =
        RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(2)).build();
    h = new LimiterHarness(server.uri(), 1, 11, patientStandard, Duration.ofSeconds(1)); // one-token leases
    RedisRateLimiter limiter = h.limiter(0);
    spreadTheBudget(limiter); // a token frees every 500 ms from now on

    Instant deadline = h.time.now().plusSeconds(30);
    CompletableFuture<Duration> standard = limiter.acquire(request(Priority.STANDARD, deadline));
    await().atMost(Duration.ofSeconds(30)).until(() -> h.time.pending() > 0); // queued: a drain is scheduled
    CompletableFuture<Duration> interactive = limiter.acquire(request(Priority.INTERACTIVE, deadline));
    assertThat(standard).isNotDone();
    assertThat(interactive).isNotDone();

    h.time.advance(Duration.ofMillis(1)); // one token
    await().atMost(Duration.ofSeconds(30)).until(interactive::isDone);
    assertThat(standard).isNotDone();
    assertThat(outcome(interactive)).isNull();

    // The next token frees 500 ms after the first. The drain due a microsecond after the first grant asks Redis and
    // is refused ("500 ms from when I took"); its answer arrives in real time while fake time may have moved on, so
    // time moves in small steps while Redis answers (a single jump would leave the drain the answer schedules in
    // the future). The lanes count that wait from when the drain asked: the standard call is served as soon as the
    // token frees, not a further 500 ms after the refusal's answer arrived.
    Instant firstGrant = h.time.now();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> {
          if (!standard.isDone() && h.time.now().isBefore(firstGrant.plusSeconds(5))) {
            h.time.advance(Duration.ofMillis(5));
          }
          return standard.isDone();
        });
    assertThat(outcome(standard)).isNull();
    assertThat(standard.join()).isBetween(Duration.ofMillis(500), Duration.ofMillis(700));
  }

  /**
   * Sends the whole budget one every 500 ms (110 sends over 54.5 s), then moves to 61 s (the window and the
   * clock-skew margin) after the first: the first send leaves the log 1 ms later, then one every 500 ms.
   */
  private void spreadTheBudget(RedisRateLimiter limiter) {
    Instant first = h.time.now();
    for (int i = 0; i < 110; i++) {
      assertThat(h.grantsNow(limiter)).isTrue();
      if (i < 109) {
        h.time.advance(Duration.ofMillis(500));
      }
    }
    h.time.advance(Duration.between(h.time.now(), first.plus(DEFAULTS.window()).plus(SharedTokens.CLOCK_SKEW_MARGIN)));
  }

  @Test
  void aCallWhoseTurnIsBeyondItsMaxWaitIsRefusedAtOnceWithWhenToRetry() {
    h = new LimiterHarness(server.uri(), 1, 11, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter limiter = h.limiter(0);
    spreadTheBudget(limiter);
    h.time.advance(Duration.ofMillis(1));
    assertThat(h.grantsNow(limiter)).isTrue(); // the next token is 500 ms away
    Instant deadline = h.time.now().plusSeconds(30);
    // Standard calls wait at most 1 s: the first waits for the next token; the second is expected a window's share
    // of the budget (0.55 s) later, past 1 s, and is refused.
    CompletableFuture<Duration> first = limiter.acquire(request(Priority.STANDARD, deadline));
    CompletableFuture<Duration> second = limiter.acquire(request(Priority.STANDARD, deadline));

    await().atMost(Duration.ofSeconds(30)).until(second::isDone);
    RateLimitedException refusal = outcome(second);
    assertThat(refusal).isNotNull();
    assertThat(refusal.isLocal()).isTrue();
    assertThat(refusal.retryAfter()).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1100));
    assertThat(first).isNotDone();
    h.time.advance(Duration.ofMillis(500));
    await().atMost(Duration.ofSeconds(30)).until(first::isDone);
    assertThat(outcome(first)).isNull();
  }

  @Test
  void backgroundWorkNeverTakesTheReserveLeftForCallers() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    Instant later = h.time.now().plusSeconds(30);
    assertThat(h.drain(a, 99)).isEqualTo(99); // 11 of 110 left; the reserve is 10

    assertThat(outcome(b.acquire(request(Priority.BACKGROUND, later)))).as("11 left: above the reserve").isNull();
    RateLimitedException refused = outcome(b.acquire(request(Priority.BACKGROUND, later)));
    assertThat(refused).as("10 left: that is the reserve").isNotNull();
    assertThat(refused.retryAfter()).isPositive();

    // The refused background take gave its token back: callers still find the whole reserve.
    assertThat(h.drain(a, 20)).isEqualTo(10);
  }

  @Test
  void aPacedTokenGivenBackGoesBackToThePaceNotOnlyToTheLease() {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(1));
    TokenStore store = h.limiter(0).newStore(LimiterHarness.CREDENTIAL);
    long keep = DEFAULTS.backgroundReserveTokens();
    // The pace lets batch and background work take burstCapacity - reserve (10) at once, then refills.
    Take last = null;
    for (int i = 0; i < DEFAULTS.burstCapacity() - keep; i++) {
      last = store.take(keep).join();
      assertThat(last.consumed()).isTrue();
      assertThat(last.paced()).isTrue();
    }
    assertThat(store.take(keep).join().consumed()).as("the pace is spent; the shared log is not").isFalse();

    store.giveBack(last).join(); // never sent: neither the lease nor the pace may count it

    assertThat(store.take(keep).join().consumed()).as("the paced take given back, taken again at once").isTrue();
    assertThat(store.take(keep).join().consumed()).isFalse();
  }

  @Test
  void batchWorkWaitsForTokensAboveTheSharedReserveWhileCallersTakeTheReserveAtOnce() {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    RedisRateLimiter b = h.limiter(1);
    // 100 sent, 102 counted (A's last lease of 3 holds 2): 8 left, below the reserve of 10.
    assertThat(h.drain(a, 100)).isEqualTo(100);

    CompletableFuture<Duration> batch = b.acquire(request(Priority.BATCH, h.time.now().plus(Duration.ofMinutes(5))));
    await().atMost(Duration.ofSeconds(30)).until(() -> h.time.pending() > 0); // queued: a drain is scheduled
    assertThat(batch).isNotDone();
    // The batch call's take came back: the callers of the other instance find the whole reserve.
    assertThat(h.drain(a, 20)).isEqualTo(10);

    Instant emptied = h.time.now();
    // Fake time moves in small steps while Redis answers in real time. The whole budget was sent at once: with the
    // sliding log nothing frees before the sends leave the window (61 s in Redis), so the batch call, which needs
    // 11 tokens above the reserve, waits past a window (its lane has no maximum wait of its own: the deadline, 5 min).
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> {
          if (!batch.isDone() && h.time.now().isBefore(emptied.plusSeconds(75))) {
            h.time.advance(Duration.ofMillis(200));
          }
          return batch.isDone();
        });
    assertThat(outcome(batch)).isNull();
    assertThat(batch.join()).isBetween(DEFAULTS.window().plus(SharedTokens.CLOCK_SKEW_MARGIN), Duration.ofSeconds(70));
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
    // b still spends what is left of its lease (2 tokens, for at most 2 s): it learns of the pause at its next
    // round trip. The adaptive safety margin covers that much.
    assertThat(h.drain(b, 10)).isEqualTo(2);
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
    assertThat(h.grantsNow(b)).isTrue(); // b holds a lease: 107 left in the log, 2 more in b's lease

    a.onResponse(h.noWait(), LimiterHarness.response(200, Map.of("X-RateLimit-Remaining-Default", "5")));

    a.lastAdjustment().get(30, TimeUnit.SECONDS);

    // Capped at 5 - safety margin 2 = 3 until the server's reset (a window when it names none); b's lease still
    // hands out its last 2 (what a lease costs: the margin covers it).
    assertThat(h.drain(b, 20)).isEqualTo(2 + 3);
    h.time.advance(DEFAULTS.window());
    assertThat(h.drain(b, 200)).as("the cap ended with the server's window").isEqualTo(110 - 1 - 2 - 3);
  }

  @Test
  void aHighRemainingHeaderNeverRaisesTheBucket() throws Exception {
    h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(1));
    assertThat(h.drain(h.limiter(1), 105)).isEqualTo(105);

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
    assertThat(server.command("EXISTS", "calcom:v1:rl:{" + LimiterHarness.CREDENTIAL + "}")).isEqualTo(":1");
    assertThat(server.command("EXISTS", "calcom:v1:rl:{" + LimiterHarness.CREDENTIAL + "}:pause")).isEqualTo(":1");
    assertThat(LimiterHarness.CREDENTIAL).doesNotContain(LimiterHarness.SECRET).hasSizeLessThan(40);
    assertThat(keys).doesNotContain(LimiterHarness.SECRET);
  }

  @Test
  void aTakeThatReachesRedisIsOneScriptCallAndATokenOfTheLeaseIsNone() {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(1));
    RedisRateLimiter a = h.limiter(0);
    assertThat(h.grantsNow(a)).isTrue(); // loads the script (EVALSHA answered NOSCRIPT, then EVAL: once per server)
    server.command("CONFIG", "RESETSTAT");

    assertThat(h.drain(a, 60)).isEqualTo(60);

    // 60 takes: the first lease's last 2, then 19 leases of 3 and one more: 20 round trips, each one EVALSHA.
    java.util.Map<String, Long> calls = new java.util.TreeMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(server.command("INFO", "commandstats"));
    while (m.find()) {
      calls.put(m.group(1), Long.parseLong(m.group(2)));
    }
    calls.remove("config|resetstat"); // Redis 7 counts subcommands apart
    calls.remove("config"); // Redis 6.2 (the embedded binary) does not
    calls.remove("info");
    // Redis counts the commands a script runs too: those are the script's own, one round trip each.
    assertThat(calls.remove("evalsha")).as("round trips for 60 takes").isEqualTo(20L);
    assertThat(calls.keySet())
        .as("commands the script ran")
        .isSubsetOf("zrem", "zadd", "zremrangebyscore", "zrange", "get", "hmget", "hincrby", "pexpire", "exists");
  }

  // The shared sliding log against the same oracle as the in-process one: instances (each its own connection and
  // leases) take, give back, cap, pause and let time pass at random on one manual clock, and no closed 60 s window
  // ever holds more than the budget across them; saturated, they sustain the budget per window plus the clock-skew
  // margin; after a quiet window one instance may send the whole budget at once.

  private List<TokenStore> stores() {
    return h.limiters.stream().map(l -> l.newStore(LimiterHarness.CREDENTIAL)).toList();
  }

  @Test
  void twoInstancesTakingGivingBackCappingAndPausingAtRandomNeverPutMoreThanTheBudgetInAnyWindow() {
    for (long seed = 1; seed <= 3; seed++) {
      server.command("FLUSHALL");
      h = new LimiterHarness(server.uri(), 2, DEFAULTS, Duration.ofSeconds(5));
      WindowOracle oracle = new WindowOracle(stores(), h.time, seed);
      oracle.randomSteps(1_500, DEFAULTS.backgroundReserveTokens());
      assertThat(oracle.maxInAnyWindow(DEFAULTS.window())).as("seed %d", seed).isLessThanOrEqualTo(DEFAULTS.budget());
      // Not vacuous: the random load came close to the budget (unused lease remainders count until shrunk).
      assertThat(oracle.maxInAnyWindow(DEFAULTS.window())).as("seed %d", seed).isGreaterThanOrEqualTo(100);
      h.close();
      h = null;
    }
  }

  @Test
  void oneInstanceSendsTheWholeBudgetAtOnceAndSaturatedSustainsItPerWindowPlusTheSkewMargin() {
    h = new LimiterHarness(server.uri(), 1, DEFAULTS, Duration.ofSeconds(5));
    List<TokenStore> stores = stores();
    WindowOracle oracle = new WindowOracle(stores, h.time, 1);
    assertThat(oracle.drain(stores.get(0))).as("the whole budget at once").isEqualTo(110);
    h.time.advance(DEFAULTS.window().plus(SharedTokens.CLOCK_SKEW_MARGIN).plusMillis(1));

    // An hour, so that the bursts the saturated log frees (one every 61 s and a step) average out over the minutes.
    double perMinute = oracle.saturate(Duration.ofMinutes(60), Duration.ofMillis(500)) / 60.0;
    FIGURES.info(String.format(java.util.Locale.ROOT, "shared log, 1 instance saturated: %.1f per minute", perMinute));
    assertThat(perMinute).isGreaterThanOrEqualTo(104);
    assertThat(oracle.maxInAnyWindow(DEFAULTS.window())).isEqualTo(110);
  }

  @Test
  void fourInstancesSaturatedSustainAtLeast104PerMinuteAndNeverExceedTheBudget() {
    h = new LimiterHarness(server.uri(), 4, DEFAULTS, Duration.ofSeconds(5));
    WindowOracle oracle = new WindowOracle(stores(), h.time, 1);

    double perMinute = oracle.saturate(Duration.ofMinutes(60), Duration.ofMillis(500)) / 60.0;
    FIGURES.info(String.format(java.util.Locale.ROOT, "shared log, 4 instances saturated: %.1f per minute", perMinute));
    assertThat(perMinute).isGreaterThanOrEqualTo(104);
    assertThat(oracle.maxInAnyWindow(DEFAULTS.window())).isEqualTo(110);
  }

  static int maxInAnyWindow(List<Instant> times, Duration window) {
    return WindowOracle.maxInAnyWindow(times, window);
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
