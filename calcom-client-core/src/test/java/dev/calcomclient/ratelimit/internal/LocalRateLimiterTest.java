package dev.calcomclient.ratelimit.internal;

import static dev.calcomclient.ratelimit.internal.LimiterProbe.rejection;
import static dev.calcomclient.testing.Requests.request;
import static dev.calcomclient.testing.Requests.response;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private static final Duration ONE_TOKEN = Duration.ofMillis(667); // 90 tokens per 60 s

  private final ManualScheduler s = new ManualScheduler();
  private final LocalRateLimiter limiter = new LocalRateLimiter(RateLimiterConfig.defaults(), s.clock(), s);

  private CalcomRequest req(Priority lane) {
    return request(Operation.SLOTS_FIND, lane, s.now().plusSeconds(30));
  }

  private CompletableFuture<Duration> acquire(Priority lane) {
    return limiter.acquire(req(lane));
  }

  private void drainTo(long tokens) {
    LimiterProbe.drainTo(limiter, () -> req(Priority.STANDARD), tokens);
  }

  @Test
  void aFullBucketLetsTheBurstThroughAtOnce() {
    for (int i = 0; i < 20; i++) {
      assertThat(acquire(Priority.STANDARD)).isCompletedWithValue(Duration.ZERO);
    }
    assertThat(acquire(Priority.STANDARD)).isNotDone();
  }

  @Test
  void backgroundIsRefusedOnceOnlyTheReserveIsLeftButCallersStillGetTokens() {
    drainTo(11);
    assertThat(acquire(Priority.BACKGROUND)).isCompletedWithValue(Duration.ZERO);
    RateLimitedException e = rejection(acquire(Priority.BACKGROUND));
    assertThat(e.retryAfter()).isPositive();
    assertThat(e.getMessage()).contains("BACKGROUND").contains("reserve").contains("Not sent").contains("Cal.com was not called").doesNotContain("Cal.com answered");
    for (int i = 0; i < 10; i++) {
      assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
    }
  }

  @Test
  void backgroundSaturatingTheLimiterNeverStarvesInteractiveCalls() {
    List<CompletableFuture<Duration>> interactive = new ArrayList<>();
    int backgroundGranted = 0;
    for (int tick = 0; tick < 3000; tick++) { // five minutes in 100 ms ticks
      for (int i = 0; i < 5; i++) {
        if (!acquire(Priority.BACKGROUND).isCompletedExceptionally()) {
          backgroundGranted++;
        }
      }
      if (tick % 20 == 0) {
        interactive.add(acquire(Priority.INTERACTIVE));
      }
      s.advance(Duration.ofMillis(100));
    }
    assertThat(interactive).hasSize(150).allSatisfy(f -> assertThat(f).isCompletedWithValue(Duration.ZERO));
    // Background took what the interactive lane left: about the refill rate for five minutes.
    assertThat(backgroundGranted).isBetween(250, 460);
  }

  @Test
  void aWaitingCallGetsTheNextTokenWithoutAThreadAndReportsItsWait() {
    drainTo(0);
    CompletableFuture<Duration> f = acquire(Priority.INTERACTIVE);
    assertThat(f).isNotDone();
    assertThat(s.pending()).isEqualTo(1);
    s.advance(Duration.ofMillis(600));
    assertThat(f).isNotDone();
    s.advance(Duration.ofMillis(100));
    assertThat(f).isCompleted();
    assertThat(f.join()).isBetween(Duration.ofMillis(600), ONE_TOKEN);
  }

  @Test
  void interactiveCallsGoAheadOfStandardCallsThatWaitedLonger() {
    LocalRateLimiter patient =
        new LocalRateLimiter(
            RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(2)).build(), s.clock(), s);
    for (int i = 0; i < 20; i++) {
      patient.acquire(req(Priority.STANDARD));
    }
    CompletableFuture<Duration> standard = patient.acquire(req(Priority.STANDARD));
    CompletableFuture<Duration> interactive = patient.acquire(req(Priority.INTERACTIVE));
    s.advance(ONE_TOKEN);
    assertThat(interactive).isCompleted();
    assertThat(standard).isNotDone();
    s.advance(ONE_TOKEN);
    assertThat(standard).isCompleted();
  }

  @Test
  void standardCallsThatCannotBeServedWithinTheirMaxWaitAreRefusedAtOnce() {
    drainTo(0);
    CompletableFuture<Duration> first = acquire(Priority.STANDARD); // ~0.67 s away
    CompletableFuture<Duration> second = acquire(Priority.STANDARD); // ~1.33 s away > 1 s
    assertThat(first).isNotDone();
    RateLimitedException e = rejection(second);
    assertThat(e.retryAfter()).isBetween(Duration.ofMillis(1300), Duration.ofMillis(1400));
    // Interactive calls may wait up to 2 s: a third in line (2 s away) still queues.
    assertThat(acquire(Priority.INTERACTIVE)).isNotDone();
    assertThat(acquire(Priority.INTERACTIVE)).isNotDone();
  }

  @Test
  void waitsNeverGoBeyondTheRequestsDeadline() {
    drainTo(0);
    CompletableFuture<Duration> f =
        limiter.acquire(request(Operation.SLOTS_FIND, Priority.INTERACTIVE, s.now().plusMillis(300)));
    rejection(f);
  }

  @Test
  void aQueuedCallPushedBackByInteractiveArrivalsGivesUpAtItsMaxWait() {
    drainTo(0);
    CompletableFuture<Duration> standard = acquire(Priority.STANDARD); // expects ~0.67 s
    acquire(Priority.INTERACTIVE);
    s.advance(ONE_TOKEN);
    acquire(Priority.INTERACTIVE); // jumps ahead again
    s.advance(Duration.ofMillis(400)); // past the standard call's 1 s
    RateLimitedException e = rejection(standard);
    assertThat(e.retryAfter()).isPositive();
  }

  @Test
  void serverReportingFewerRemainingLowersTheLocalBucket() {
    String cred = req(Priority.STANDARD).credentialId();
    limiter.onResponse(req(Priority.STANDARD), response(200, Map.of("X-RateLimit-Remaining-Default", "7")));
    assertThat(limiter.availableTokens(cred)).hasValue(5); // 7 minus the safety margin of 2
  }

  @Test
  void adaptiveLoweringAlsoSubtractsLaterAttemptsStillInFlight() {
    // Regression: with many attempts in flight, "remaining" from one answer does not yet count the attempts sent
    // after it; lowering to remaining - margin alone let a busy client overshoot a small server budget.
    String cred = req(Priority.STANDARD).credentialId();
    List<CalcomRequest> inFlight = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CalcomRequest r = req(Priority.STANDARD);
      assertThat(limiter.acquire(r)).isCompletedWithValue(Duration.ZERO);
      inFlight.add(r);
    }
    // The first attempt's answer says 20 remain; the 5 sent after it may each still take one: 20 - 2 - 5.
    limiter.onResponse(inFlight.get(0), response(200, Map.of("X-RateLimit-Remaining-Default", "20")));
    assertThat(limiter.availableTokens(cred)).hasValue(13);
    // Attempts that fail without an answer stop counting as in flight.
    limiter.onAttemptFailed(inFlight.get(4), new java.io.IOException("reset"));
    limiter.onAttemptFailed(inFlight.get(5), new java.io.IOException("reset"));
    // The fourth attempt's answer: of the attempts still in flight (2nd, 3rd) none was sent after it.
    limiter.onResponse(inFlight.get(3), response(200, Map.of("X-RateLimit-Remaining-Default", "12")));
    assertThat(limiter.availableTokens(cred)).hasValue(12 - 2);
    // The second attempt's answer: the third was sent after it and is still in flight.
    limiter.onResponse(inFlight.get(1), response(200, Map.of("X-RateLimit-Remaining-Default", "8")));
    assertThat(limiter.availableTokens(cred)).hasValue(8 - 2 - 1);
  }

  @Test
  void serverReportingMoreRemainingNeverRaisesTheLocalBucket() {
    String cred = req(Priority.STANDARD).credentialId();
    drainTo(3);
    limiter.onResponse(
        req(Priority.STANDARD),
        response(200, Map.of("X-RateLimit-Remaining-Default", "118", "X-RateLimit-Reset-Default", "50")));
    assertThat(limiter.availableTokens(cred)).hasValue(3);
  }

  @Test
  void aSpentServerWindowPausesTheCredentialUntilItResets() {
    limiter.onResponse(
        req(Priority.STANDARD),
        response(200, Map.of("X-RateLimit-Remaining-Default", "1", "X-RateLimit-Reset-Default", "30")));
    RateLimitedException e = rejection(acquire(Priority.INTERACTIVE));
    assertThat(e.retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    s.advance(Duration.ofSeconds(30));
    assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
  }

  @Test
  void a429PausesEveryLaneOfTheCredentialForTheResetTime() {
    limiter.onResponse(req(Priority.STANDARD), response(429, Map.of("X-RateLimit-Reset-Default", "20")));
    for (Priority lane : Priority.values()) {
      if (lane != Priority.BATCH) {
        assertThat(rejection(acquire(lane)).retryAfter()).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
      }
    }
    // A batch call whose deadline (30 s) outlasts the pause waits it out instead.
    CompletableFuture<Duration> batch = acquire(Priority.BATCH);
    assertThat(batch).isNotDone();
    // Another credential is not affected.
    CalcomRequest other =
        req(Priority.STANDARD).toBuilder().credentialId("another-credential").build();
    assertThat(limiter.acquire(other)).isCompletedWithValue(Duration.ZERO);
    s.advance(Duration.ofSeconds(20));
    assertThat(batch).isCompletedWithValue(Duration.ofSeconds(20));
    assertThat(acquire(Priority.INTERACTIVE)).isCompletedWithValue(Duration.ZERO);
  }

  @Test
  void a429WithoutHeadersPausesForSixtySecondsAndRetryAfterWins() {
    limiter.onResponse(req(Priority.STANDARD), response(429));
    assertThat(limiter.pausedUntil(req(Priority.STANDARD).credentialId())).isEqualTo(s.now().plusSeconds(60));
    limiter.onResponse(req(Priority.STANDARD), response(429, Map.of("Retry-After", "90", "X-RateLimit-Reset-Default", "5")));
    assertThat(limiter.pausedUntil(req(Priority.STANDARD).credentialId())).isEqualTo(s.now().plusSeconds(90));
  }

  @Test
  void callsQueuedDuringAShortPauseAreServedWhenItEnds() {
    limiter.onResponse(req(Priority.STANDARD), response(429, Map.of("X-RateLimit-Reset-Default", "1")));
    CompletableFuture<Duration> f = acquire(Priority.INTERACTIVE); // pause 1 s, then 1.5 tokens refilled
    assertThat(f).isNotDone();
    s.advance(Duration.ofSeconds(1));
    assertThat(f).isCompleted();
    assertThat(f.join()).isEqualTo(Duration.ofSeconds(1));
  }
}
