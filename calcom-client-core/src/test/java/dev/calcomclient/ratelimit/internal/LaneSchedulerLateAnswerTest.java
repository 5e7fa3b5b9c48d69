package dev.calcomclient.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A source that answers later (the Redis log) says how long until its next token from when it took; the lanes must
 * count that wait from when they asked, not from when the answer arrived, or every refused drain delays the queue by
 * the answer's travel time (in simulated time, by however far the clock moved meanwhile).
 */
class LaneSchedulerLateAnswerTest {
  private final ManualScheduler time = new ManualScheduler();
  private final ArrayDeque<CompletableFuture<Take>> asked = new ArrayDeque<>();
  /** The {@code keep} of each take asked, in order. */
  private final List<Long> keeps = new ArrayList<>();
  private final List<Take> givenBack = new ArrayList<>();
  private Instant nextTokenAt = Instant.MIN;

  private final LaneScheduler.Tokens later =
      new LaneScheduler.Tokens() {
        @Override
        public boolean answersAtOnce() {
          return false;
        }

        @Override
        public CompletableFuture<Take> take(long keep) {
          CompletableFuture<Take> f = new CompletableFuture<>();
          asked.add(f);
          keeps.add(keep);
          return f;
        }

        @Override
        public void giveBack(Take take) {
          givenBack.add(take);
        }

        @Override
        public void learn(Take take, Instant now) {
          nextTokenAt = take == null || take.consumed() ? Instant.MIN : now.plusNanos(take.nanosToWait());
        }

        @Override
        public long nanosToNextToken(Instant now) {
          return nextTokenAt.isAfter(now) ? Duration.between(now, nextTokenAt).toNanos() : 0;
        }

        @Override
        public Duration timeUntil(long tokens, Instant now, Duration pause) {
          return pause.plus(Duration.ofMillis(500).multipliedBy(tokens));
        }
      };

  private static Take refused(Duration wait) {
    return new Take(false, 0, wait.toNanos(), Instant.MIN, 0);
  }

  @Test
  void aRefusedDrainTakeAnsweredLateSchedulesTheNextDrainWhenTheTokenFreesNotAWaitAfterTheAnswer() {
    RateLimiterConfig config = RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(5)).build();
    LaneScheduler lanes = new LaneScheduler(config, time.clock(), time, Runnable::run, later, "");
    CalcomRequest request =
        CalcomRequest.builder(Operation.SLOTS_FIND, "/v2/slots")
            .credentialId("c")
            .priority(Priority.STANDARD)
            .deadline(time.now().plusSeconds(30))
            .build();

    CompletableFuture<Duration> call = lanes.acquire(request);
    asked.remove().complete(refused(Duration.ofMillis(1))); // queued: the next token in 1 ms
    time.advance(Duration.ofMillis(1)); // the drain asks
    Instant drainAskedAt = time.now();
    CompletableFuture<Take> drainTake = asked.remove();
    time.advance(Duration.ofMillis(400)); // the answer travels 400 ms (simulated time moves meanwhile)
    drainTake.complete(refused(Duration.ofMillis(500))); // "the next token 500 ms after I took"

    assertThat(call).isNotDone();
    assertThat(time.pendingDelays())
        .as("the next drain is due when the token frees: 500 ms after the drain asked, 100 ms from now")
        .first()
        .isEqualTo(Duration.between(time.now(), drainAskedAt.plusMillis(500)));
    time.advance(Duration.ofMillis(100));
    asked.remove().complete(new Take(true, 0, 0, Instant.MIN, 1));
    assertThat(call).isCompletedWithValue(Duration.ofMillis(501));
  }

  @Test
  void aDrainTokenTakenForACallerWhoLeftIsNotGrantedToABatchCallPastTheReserveAndThePace() {
    RateLimiterConfig config = RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(5)).build();
    long reserve = config.backgroundReserveTokens();
    LaneScheduler lanes = new LaneScheduler(config, time.clock(), time, Runnable::run, later, "");
    CompletableFuture<Duration> batch = lanes.acquire(request(Priority.BATCH));
    asked.remove().complete(refused(Duration.ofMillis(1)));
    CompletableFuture<Duration> caller = lanes.acquire(request(Priority.STANDARD));
    asked.remove().complete(refused(Duration.ofMillis(1)));
    assertThat(keeps).containsExactly(reserve, 0L);

    time.advance(Duration.ofMillis(1)); // the drain asks for the waiting caller: a take that keeps nothing
    assertThat(keeps).last().isEqualTo(0L);
    CompletableFuture<Take> drainTake = asked.remove();
    caller.cancel(false); // the caller leaves while the take travels
    Take forCaller = new Take(true, 50, 0, Instant.MIN, 7);
    drainTake.complete(forCaller);

    assertThat(batch).as("the caller's token, taken without the reserve and the pace").isNotDone();
    assertThat(givenBack).containsExactly(forCaller);
    time.advance(time.pendingDelays().get(0)); // the next drain asks for the batch call itself
    assertThat(keeps).last().as("the batch call's own take keeps the reserve (and passes the pace)").isEqualTo(reserve);
    asked.remove().complete(new Take(true, 49, 0, Instant.MIN, 8, true));
    assertThat(batch).isCompleted();
  }

  private CalcomRequest request(Priority lane) {
    return CalcomRequest.builder(Operation.SLOTS_FIND, "/v2/slots")
        .credentialId("c")
        .priority(lane)
        .deadline(time.now().plusSeconds(30))
        .build();
  }
}
