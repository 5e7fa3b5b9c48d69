package dev.calcomclient.ratelimit.internal;

import static dev.calcomclient.ratelimit.internal.LimiterProbe.rejection;
import static dev.calcomclient.testing.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The batch lane of the default limiter (an exact sliding log of 110 sends per 60 s, reserve 10, background and batch
 * takes paced at 10 at once and then 100 a minute): it waits as long as the call's deadline allows, only ever for
 * tokens above the reserve, behind every interactive and standard call. A send's token comes back exactly when the
 * send leaves the 60 s window (stamped 1 ms after it was taken), so the tests spread their sends over time to free
 * tokens one at a time.
 */
class BatchLaneTest {
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final Duration WINDOW_EDGE = Duration.ofMillis(60_001); // a send leaves the window this much later

  private final ManualScheduler s = new ManualScheduler();
  private final RateLimiterConfig config = RateLimiterConfig.defaults();
  private final LocalRateLimiter limiter = new LocalRateLimiter(config, s.clock(), s);

  private CalcomRequest req(Priority lane, Duration deadlineIn) {
    return request(Operation.SLOTS_FIND, lane, s.now().plus(deadlineIn));
  }

  private CompletableFuture<Duration> acquire(Priority lane) {
    return limiter.acquire(req(lane, Duration.ofMinutes(5)));
  }

  private long available() {
    return limiter.availableTokens(req(Priority.STANDARD, Duration.ZERO).credentialId()).getAsLong();
  }

  private void drainTo(long tokens) {
    LimiterProbe.drainTo(limiter, () -> req(Priority.STANDARD, Duration.ofMinutes(5)), tokens);
  }

  /** Sends one standard call now, then lets {@code later} pass: its token comes back 60.001 s after now. */
  private void sendOneThenWait(Duration later) {
    assertThat(acquire(Priority.STANDARD)).isCompletedWithValue(Duration.ZERO);
    s.advance(later);
  }

  @Test
  void aBatchCallWaitsPastASecondUntilATokenAboveTheReserveComes() {
    sendOneThenWait(Duration.ofSeconds(20));
    drainTo(0); // 109 more, 20 s later
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    assertThat(batch).as("queued, not refused").isNotDone();

    // The first send leaves the window: one token, the reserve's, not batch's.
    s.advance(WINDOW_EDGE.minusSeconds(20));
    assertThat(available()).isEqualTo(1);
    assertThat(batch).isNotDone();
    // The other 109 leave it 20 s later: batch takes one above the reserve.
    s.advance(Duration.ofSeconds(20).minusMillis(1));
    assertThat(batch).isNotDone();
    s.advance(Duration.ofMillis(1));

    assertThat(batch).isCompleted();
    assertThat(batch.join()).isEqualTo(WINDOW_EDGE);
    assertThat(available()).as("the reserve and more is left for callers").isEqualTo(109);
  }

  /** A batch call the pace holds back (the window has room) must sleep until the pace allows, not spin on drains. */
  @Test
  void aBatchCallThePaceHoldsBackSleepsUntilThePaceAllowsInsteadOfSpinning() {
    List<CompletableFuture<Duration>> batch = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      batch.add(acquire(Priority.BATCH));
    }
    assertThat(batch.subList(0, 10)).allSatisfy(f -> assertThat(f).isCompletedWithValue(Duration.ZERO));
    CompletableFuture<Duration> paced = batch.get(10);
    assertThat(paced).as("the pace's burst of 10 is spent, the window has 100 left").isNotDone();
    assertThat(available()).isEqualTo(100);

    // The pace frees one every 600 ms (100 a minute): the drain is due then, not a microsecond from now.
    assertThat(s.pendingDelays()).first().isEqualTo(Duration.ofMillis(600));
    s.advance(Duration.ofMillis(300));
    assertThat(s.pendingDelays()).as("no drain ran meanwhile").first().isEqualTo(Duration.ofMillis(300));
    s.advance(Duration.ofMillis(300));
    assertThat(paced).isCompletedWithValue(Duration.ofMillis(600));
  }

  /** The batch job: 400 lookups at once, of which the old bucket's standard lane refused 379 in a second. */
  @Test
  void fourHundredConcurrentBatchLookupsAllGetATokenWhileInteractiveCallsNeverWait() {
    LocalRateLimiter standardOnly = new LocalRateLimiter(config, s.clock(), s);
    long refusedAsStandard = 0;
    for (int i = 0; i < 400; i++) {
      if (standardOnly.acquire(req(Priority.STANDARD, Duration.ofMinutes(10))).isCompletedExceptionally()) {
        refusedAsStandard++;
      }
    }
    assertThat(refusedAsStandard)
        .as("the standard lane: 110 at once, the rest refused (the next token is a window away, past its 1 s)")
        .isEqualTo(290);

    List<CompletableFuture<Duration>> batch = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      batch.add(limiter.acquire(req(Priority.BATCH, Duration.ofMinutes(10))));
    }
    assertThat(batch).noneMatch(CompletableFuture::isCompletedExceptionally);
    List<Duration> interactiveWaits = new ArrayList<>();
    long lowestLeftForCallers = Long.MAX_VALUE;
    for (int second = 0; second < 600 && !batch.stream().allMatch(CompletableFuture::isDone); second++) {
      if (second % 4 == 0) { // an interactive call every 4 s while the job runs
        CompletableFuture<Duration> interactive = acquire(Priority.INTERACTIVE);
        assertThat(interactive).isCompleted();
        interactiveWaits.add(interactive.join());
      }
      lowestLeftForCallers = Math.min(lowestLeftForCallers, available());
      s.advance(Duration.ofSeconds(1));
    }

    assertThat(batch).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(interactiveWaits).hasSizeGreaterThan(50).containsOnly(Duration.ZERO);
    assertThat(lowestLeftForCallers).as("tokens left for callers, at the lowest").isPositive();
    Duration longest = batch.stream().map(CompletableFuture::join).max(Duration::compareTo).orElseThrow();
    FIGURES.info(String.format(java.util.Locale.ROOT, 
        "400 batch lookups: longest wait %s, interactive calls %d (waits %s), fewest tokens left %d",
        longest, interactiveWaits.size(), new java.util.TreeSet<>(interactiveWaits), lowestLeftForCallers));
    // 390 tokens beyond the pace's burst of 10, at most 100 a minute (pace, and the window less the reserve), of
    // which the interactive calls' 15 a minute leave batch fewer: 4.5 minutes.
    assertThat(longest).isBetween(Duration.ofSeconds(240), Duration.ofSeconds(300));
  }

  /**
   * The window never holds more than the budget free at once, so "when are 111 tokens free" is never: a batch call
   * further back in line than a window's worth above the reserve was refused as if its turn would never come.
   */
  @Test
  void aBatchCallMoreThanAWindowsWorthBackInLineIsQueuedNotRefusedAsNever() {
    drainTo(0);
    List<CompletableFuture<Duration>> ahead = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ahead.add(acquire(Priority.BATCH));
    }
    assertThat(ahead).allSatisfy(f -> assertThat(f).isNotDone());

    // 101st: served by the first batch send leaving the window, a window after the sends of now leave it.
    RateLimitedException e = rejection(limiter.acquire(req(Priority.BATCH, Duration.ofSeconds(90))));
    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(120), Duration.ofMillis(120_002));
    assertThat(limiter.acquire(req(Priority.BATCH, Duration.ofMinutes(3)))).as("in time for it").isNotDone();
  }

  @Test
  void callersArrivingWhileBatchWaitsTakeTheReserveAtOnce() {
    drainTo(config.backgroundReserveTokens());
    List<CompletableFuture<Duration>> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(acquire(Priority.BATCH));
    }
    assertThat(batch).allSatisfy(f -> assertThat(f).isNotDone());

    for (int i = 0; i < 5; i++) {
      assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
      assertThat(acquire(Priority.STANDARD)).isCompletedWithValue(Duration.ZERO);
    }
    assertThat(batch).allSatisfy(f -> assertThat(f).isNotDone());
  }

  @Test
  void batchGetsTheTokensFreedBeyondTheReserveInArrivalOrder() {
    sendOneThenWait(Duration.ofSeconds(1));
    sendOneThenWait(Duration.ofSeconds(1));
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> first = acquire(Priority.BATCH);
    CompletableFuture<Duration> second = acquire(Priority.BATCH);

    s.advance(WINDOW_EDGE.minusSeconds(2)); // the first send leaves the window
    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    s.advance(Duration.ofSeconds(1)); // the second one
    assertThat(second).isCompleted();
    assertThat(available()).isEqualTo(config.backgroundReserveTokens());
  }

  @Test
  void aStandardCallQueuedAfterABatchCallIsServedFirst() {
    sendOneThenWait(Duration.ofMillis(59_500));
    drainTo(0);
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    CompletableFuture<Duration> standard = acquire(Priority.STANDARD);
    assertThat(standard).as("the first send leaves the window in 501 ms: it waits").isNotDone();

    s.advance(Duration.ofMillis(501));
    assertThat(standard).isCompletedWithValue(Duration.ofMillis(501));
    assertThat(batch).isNotDone();
  }

  @Test
  void backgroundWorkIsRefusedWhileBatchWorkWaits() {
    sendOneThenWait(Duration.ofSeconds(30));
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    assertThat(rejection(acquire(Priority.BACKGROUND)).getMessage()).contains("BACKGROUND");

    // The first send leaves the window: the token above the reserve is batch's, not background's.
    s.advance(WINDOW_EDGE.minusSeconds(30));
    assertThat(batch).isCompleted();
    assertThat(rejection(acquire(Priority.BACKGROUND)).getMessage()).contains("BACKGROUND");
    assertThat(available()).isEqualTo(config.backgroundReserveTokens());
  }

  @Test
  void aBatchCallWhoseDeadlinePassesWhileWaitingIsRefusedAndTakesNoToken() {
    sendOneThenWait(Duration.ofSeconds(58));
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> batch = limiter.acquire(req(Priority.BATCH, Duration.ofSeconds(3)));
    assertThat(batch).as("its token (the first send leaving the window, 2.001 s away) was expected in time").isNotDone();
    // Callers spend the reserve: the batch call's token now lies past its deadline.
    for (int i = 0; i < 10; i++) {
      assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
    }

    s.advance(Duration.ofMillis(2999));
    assertThat(batch).isNotDone();
    assertThat(available()).as("the first send left the window: a token, the reserve's").isEqualTo(1);
    s.advance(Duration.ofMillis(2));

    RateLimitedException e = rejection(batch);
    assertThat(e.getMessage()).contains("Cal.com was not called");
    // 11 tokens once the sends of 58 s leave the window, 57 s after its deadline (the clock is read in ms).
    assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(57), Duration.ofMillis(57_001));
    assertThat(available()).as("the freed token, not taken by the refused call").isEqualTo(1);
  }

  @Test
  void aBatchCallWhoseTurnCannotComeBeforeItsDeadlineIsRefusedAtOnce() {
    drainTo(0);
    RateLimitedException e = rejection(limiter.acquire(req(Priority.BATCH, Duration.ofSeconds(2))));
    assertThat(e.getMessage()).contains("BATCH");
    // 11 tokens (the reserve and one): when the sends leave the window.
    assertThat(e.retryAfter()).isEqualTo(WINDOW_EDGE);
  }

  @Test
  void aCallsOwnMaxWaitReplacesItsLanesDefault() {
    sendOneThenWait(Duration.ofMillis(1_500));
    sendOneThenWait(Duration.ofMillis(58_000));
    drainTo(0);
    CalcomRequest impatient = req(Priority.STANDARD, Duration.ofMinutes(5)).toBuilder().maxWait(Duration.ZERO).build();
    rejection(limiter.acquire(impatient));

    assertThat(acquire(Priority.STANDARD)).as("first in line, 501 ms from the first send leaving").isNotDone();
    // Second in line: 2.001 s away (the second send leaves), past the standard lane's 1 s.
    rejection(acquire(Priority.STANDARD));
    CalcomRequest patient =
        req(Priority.STANDARD, Duration.ofMinutes(5)).toBuilder().maxWait(Duration.ofSeconds(5)).build();
    CompletableFuture<Duration> waited = limiter.acquire(patient);
    assertThat(waited).isNotDone();
    s.advance(Duration.ofMillis(2001));
    assertThat(waited).isCompleted();
    assertThat(waited.join()).isEqualTo(Duration.ofMillis(2001));
  }

  @Test
  void aBatchCallsOwnMaxWaitBoundsItsWaitBeforeTheDeadline() {
    drainTo(0);
    CalcomRequest bounded =
        req(Priority.BATCH, Duration.ofMinutes(5)).toBuilder().maxWait(Duration.ofSeconds(3)).build();
    RateLimitedException e = rejection(limiter.acquire(bounded));
    assertThat(e.getMessage()).contains("no token within 3000 ms");
  }

  @Test
  void aBatchReadNeverSharesAFlightWithAnotherLanesRead() {
    CalcomRequest standard = req(Priority.STANDARD, Duration.ofSeconds(30));
    CalcomRequest interactive = standard.toBuilder().priority(Priority.INTERACTIVE).build();
    CalcomRequest batch = standard.toBuilder().priority(Priority.BATCH).build();

    assertThat(interactive.canonicalKey()).isEqualTo(standard.canonicalKey());
    assertThat(batch.canonicalKey()).isNotEqualTo(standard.canonicalKey());
    assertThat(batch.canonicalKey()).isEqualTo(batch.toBuilder().attempt(2).build().canonicalKey());
  }
}
