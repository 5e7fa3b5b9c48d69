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
 * The batch lane of the default limiter (burst 20, 1.5 tokens a second, reserve 10): it waits as long as the call's
 * deadline allows, only ever for tokens above the reserve, behind every interactive and standard call.
 */
class BatchLaneTest {
  private static final Duration ONE_TOKEN = Duration.ofMillis(667); // 90 tokens per 60 s

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

  @Test
  void aBatchCallWaitsPastASecondUntilATokenAboveTheReserveComes() {
    drainTo(0);
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    assertThat(batch).as("queued, not refused").isNotDone();

    // A standard call would have had its token after one refill; batch needs the reserve back first: 11 tokens.
    s.advance(Duration.ofSeconds(7));
    assertThat(batch).isNotDone();
    s.advance(Duration.ofMillis(400));

    assertThat(batch).isCompleted();
    assertThat(batch.join()).isBetween(Duration.ofSeconds(7), Duration.ofMillis(7400));
    assertThat(available()).as("the reserve is left for callers").isEqualTo(config.backgroundReserveTokens());
  }

  /** The batch job: 400 lookups at once, of which the standard lane refused 379 within a second. */
  @Test
  void fourHundredConcurrentBatchLookupsAllGetATokenWhileInteractiveCallsNeverWait() {
    LocalRateLimiter standardOnly = new LocalRateLimiter(config, s.clock(), s);
    long refusedAsStandard = 0;
    for (int i = 0; i < 400; i++) {
      if (standardOnly.acquire(req(Priority.STANDARD, Duration.ofMinutes(10))).isCompletedExceptionally()) {
        refusedAsStandard++;
      }
    }
    assertThat(refusedAsStandard).as("the standard lane: 20 at once, 1 queued, the rest refused").isEqualTo(379);

    List<CompletableFuture<Duration>> batch = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      batch.add(limiter.acquire(req(Priority.BATCH, Duration.ofMinutes(10))));
    }
    assertThat(batch).noneMatch(CompletableFuture::isCompletedExceptionally);
    List<Duration> interactiveWaits = new ArrayList<>();
    for (int second = 0; second < 600 && !batch.stream().allMatch(CompletableFuture::isDone); second++) {
      if (second % 4 == 0) { // an interactive call every 4 s while the job runs
        CompletableFuture<Duration> interactive = acquire(Priority.INTERACTIVE);
        assertThat(interactive).isCompleted();
        interactiveWaits.add(interactive.join());
      }
      s.advance(Duration.ofSeconds(1));
    }

    assertThat(batch).allSatisfy(f -> assertThat(f).isCompleted());
    assertThat(interactiveWaits).hasSizeGreaterThan(50).containsOnly(Duration.ZERO);
    Duration longest = batch.stream().map(CompletableFuture::join).max(Duration::compareTo).orElseThrow();
    // 390 tokens beyond the reserve, refilled at 1.5 a second less the interactive calls' 0.25: about 312 s.
    assertThat(longest).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(325));
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
  void batchGetsTheRefillBeyondTheReserveInArrivalOrder() {
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> first = acquire(Priority.BATCH);
    CompletableFuture<Duration> second = acquire(Priority.BATCH);

    s.advance(ONE_TOKEN);
    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
    s.advance(ONE_TOKEN);
    assertThat(second).isCompleted();
    assertThat(available()).isEqualTo(config.backgroundReserveTokens());
  }

  @Test
  void aStandardCallQueuedAfterABatchCallIsServedFirst() {
    drainTo(0);
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    CompletableFuture<Duration> standard = acquire(Priority.STANDARD);
    assertThat(standard).as("one refill away: it waits").isNotDone();

    s.advance(ONE_TOKEN);
    assertThat(standard).isCompleted();
    assertThat(batch).isNotDone();
  }

  @Test
  void backgroundWorkIsRefusedWhileBatchWorkWaits() {
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    // Even once the refill lifts the bucket above the reserve, the token is batch's, not background's.
    s.advance(ONE_TOKEN.dividedBy(2));
    assertThat(rejection(acquire(Priority.BACKGROUND)).getMessage()).contains("BACKGROUND");
    s.advance(ONE_TOKEN);
    assertThat(batch).isCompleted();
  }

  @Test
  void aBatchCallWhoseDeadlinePassesWhileWaitingIsRefusedAndTakesNoToken() {
    drainTo(config.backgroundReserveTokens());
    CompletableFuture<Duration> batch = limiter.acquire(req(Priority.BATCH, Duration.ofSeconds(3)));
    assertThat(batch).as("its token was expected in time").isNotDone();
    // Callers spend the reserve: the batch call's token now lies past its deadline.
    for (int i = 0; i < 10; i++) {
      assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
    }

    s.advance(Duration.ofMillis(2999));
    assertThat(batch).isNotDone();
    s.advance(Duration.ofMillis(2));

    RateLimitedException e = rejection(batch);
    assertThat(e.getMessage()).contains("Cal.com was not called");
    assertThat(e.retryAfter()).isPositive();
    assertThat(available()).as("3 s of refill, none of it taken by the refused call").isEqualTo(4);
  }

  @Test
  void aBatchCallWhoseTurnCannotComeBeforeItsDeadlineIsRefusedAtOnce() {
    drainTo(0);
    RateLimitedException e = rejection(limiter.acquire(req(Priority.BATCH, Duration.ofSeconds(2))));
    assertThat(e.getMessage()).contains("BATCH");
    // 11 tokens (the reserve and one) at 1.5 a second.
    assertThat(e.retryAfter()).isBetween(Duration.ofMillis(7300), Duration.ofMillis(7400));
  }

  @Test
  void aCallsOwnMaxWaitReplacesItsLanesDefault() {
    drainTo(0);
    CalcomRequest impatient = req(Priority.STANDARD, Duration.ofMinutes(5)).toBuilder().maxWait(Duration.ZERO).build();
    rejection(limiter.acquire(impatient));

    assertThat(acquire(Priority.STANDARD)).as("first in line, one refill away").isNotDone();
    // Second in line: about 1.3 s away, past the standard lane's 1 s.
    rejection(acquire(Priority.STANDARD));
    CalcomRequest patient =
        req(Priority.STANDARD, Duration.ofMinutes(5)).toBuilder().maxWait(Duration.ofSeconds(5)).build();
    CompletableFuture<Duration> waited = limiter.acquire(patient);
    assertThat(waited).isNotDone();
    s.advance(Duration.ofMillis(2001));
    assertThat(waited).isCompleted();
    assertThat(waited.join()).isGreaterThan(Duration.ofSeconds(1));
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
