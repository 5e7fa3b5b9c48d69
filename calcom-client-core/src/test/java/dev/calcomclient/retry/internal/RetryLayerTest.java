package dev.calcomclient.retry.internal;

import static dev.calcomclient.testing.Requests.request;
import static dev.calcomclient.testing.Requests.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RetryLayerTest {
  private final ManualScheduler s = new ManualScheduler();
  private final Deque<Object> outcomes = new ArrayDeque<>(); // CalcomResponse or Throwable, in order
  private final List<CalcomRequest> attempts = new ArrayList<>();
  private final List<Instant> attemptTimes = new ArrayList<>();
  private final List<String> decisions = new ArrayList<>();
  private final CalcomEventListener listener =
      new CalcomEventListener() {
        @Override
        public void retryDecision(CalcomRequest failed, boolean retrying, String reason, Duration backoff) {
          decisions.add((retrying ? "retry: " : "stop: ") + reason);
        }
      };
  private final Pipeline pipeline =
      new Pipeline(
          List.of(
              new RetryLayer(RetryPolicy.builder().random(new Random(7)).build(), listener, s.clock(), s),
              (request, chain) -> {
                attempts.add(request);
                attemptTimes.add(s.now());
                Object o = outcomes.isEmpty() ? response(200) : outcomes.poll();
                return o instanceof Throwable
                    ? CompletableFuture.failedFuture((Throwable) o)
                    : CompletableFuture.completedFuture((CalcomResponse) o);
              }));

  private CompletableFuture<CalcomResponse> call(Operation op, Duration deadline) {
    CompletableFuture<CalcomResponse> f = pipeline.execute(request(op, Priority.STANDARD, s.now().plus(deadline)));
    s.advance(Duration.ofSeconds(30));
    return f;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    return Futures.unwrap(f.handle((r, e) -> e).join());
  }

  @Test
  void getRetries503TwiceAndSucceeds() {
    outcomes.add(response(503));
    outcomes.add(response(503));
    CompletableFuture<CalcomResponse> f = call(Operation.SLOTS_FIND, Duration.ofSeconds(9));
    assertThat(f.join().status()).isEqualTo(200);
    assertThat(attempts).extracting(CalcomRequest::attempt).containsExactly(1, 2, 3);
    assertThat(decisions).containsExactly("retry: HTTP 503", "retry: HTTP 503");
  }

  @Test
  void getGivesUpAfterTwoRetriesWithTheLastAnswer() {
    outcomes.add(response(502));
    outcomes.add(response(504));
    outcomes.add(response(503));
    CompletableFuture<CalcomResponse> f = call(Operation.EVENT_TYPE_GET, Duration.ofSeconds(9));
    assertThat(f.join().status()).isEqualTo(503);
    assertThat(attempts).hasSize(3);
    assertThat(decisions).last().asString().startsWith("stop: HTTP 503; no retries left");
  }

  @Test
  void getRetriesConnectionErrorsAndTimeouts() {
    outcomes.add(new CalcomConnectionException("reset", true, null));
    outcomes.add(new CalcomTimeoutException("slow", true, null));
    assertThat(call(Operation.SLOTS_FIND, Duration.ofSeconds(9)).join().status()).isEqualTo(200);
    assertThat(attempts).hasSize(3);
  }

  @Test
  void otherStatusesAreNotRetried() {
    for (int status : new int[] {400, 404, 429, 500}) {
      outcomes.add(response(status));
    }
    for (int i = 0; i < 4; i++) {
      call(Operation.SLOTS_FIND, Duration.ofSeconds(9));
    }
    assertThat(attempts).hasSize(4);
    assertThat(decisions).isEmpty();
  }

  @Test
  void backoffIsFullJitterWithinTheExponentialCaps() {
    for (int run = 0; run < 30; run++) {
      attempts.clear();
      attemptTimes.clear();
      outcomes.add(response(503));
      outcomes.add(response(503));
      call(Operation.SLOTS_FIND, Duration.ofSeconds(9));
      assertThat(Duration.between(attemptTimes.get(0), attemptTimes.get(1))).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(Duration.between(attemptTimes.get(1), attemptTimes.get(2))).isBetween(Duration.ZERO, Duration.ofMillis(400));
    }
  }

  @Test
  void noRetryIsScheduledThatWouldStartAfterTheDeadline() {
    outcomes.add(response(503));
    CompletableFuture<CalcomResponse> f =
        pipeline.execute(request(Operation.SLOTS_FIND, Priority.STANDARD, s.now().plusNanos(1)));
    s.advance(Duration.ofSeconds(1));
    assertThat(f.join().status()).isEqualTo(503);
    assertThat(attempts).hasSize(1);
    assertThat(decisions).singleElement().asString().contains("deadline");
  }

  @Test
  void postIsNotRetriedAfterATimeout() {
    outcomes.add(new CalcomTimeoutException("slow", true, null));
    Throwable t = failure(call(Operation.BOOKING_CREATE, Duration.ofSeconds(15)));
    assertThat(t).isInstanceOf(CalcomTimeoutException.class);
    assertThat(attempts).hasSize(1);
    assertThat(decisions).singleElement().asString().startsWith("stop: timeout on a POST that may have reached");
  }

  @Test
  void postIsNotRetriedWhenTheConnectionDroppedAfterSending() {
    outcomes.add(new CalcomConnectionException("reset", true, null));
    assertThat(failure(call(Operation.BOOKING_CANCEL, Duration.ofSeconds(15))))
        .isInstanceOf(CalcomConnectionException.class);
    assertThat(attempts).hasSize(1);
  }

  @Test
  void postIsNotRetriedOn503() {
    outcomes.add(response(503));
    assertThat(call(Operation.BOOKING_CREATE, Duration.ofSeconds(15)).join().status()).isEqualTo(503);
    assertThat(attempts).hasSize(1);
  }

  @Test
  void postIsRetriedWhenTheConnectFailedBeforeAnythingWasSent() {
    outcomes.add(new CalcomConnectionException("refused", false, null));
    outcomes.add(new CalcomTimeoutException("connect timeout", false, null));
    assertThat(call(Operation.BOOKING_CREATE, Duration.ofSeconds(15)).join().status()).isEqualTo(200);
    assertThat(attempts).extracting(CalcomRequest::attempt).containsExactly(1, 2, 3);
    assertThat(decisions)
        .containsExactly(
            "retry: connection error before the POST was sent", "retry: timeout before the POST was sent");
  }

  @Test
  void patchAndDeleteFollowTheMutationRule() {
    outcomes.add(new CalcomTimeoutException("slow", true, null));
    outcomes.add(new CalcomConnectionException("refused", false, null));
    assertThat(failure(call(Operation.SLOT_RESERVATION_UPDATE, Duration.ofSeconds(15))))
        .isInstanceOf(CalcomTimeoutException.class);
    assertThat(call(Operation.SLOT_RESERVATION_DELETE, Duration.ofSeconds(15)).join().status()).isEqualTo(200);
    assertThat(attempts).hasSize(3);
  }
}
