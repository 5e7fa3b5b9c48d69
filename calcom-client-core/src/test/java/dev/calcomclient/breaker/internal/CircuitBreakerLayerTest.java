package dev.calcomclient.breaker.internal;

import static dev.calcomclient.testing.Requests.request;
import static dev.calcomclient.testing.Requests.response;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CircuitBreakerLayerTest {
  private final ManualScheduler s = new ManualScheduler();
  private final List<String> transitions = new ArrayList<>();
  private final List<Duration> rejections = new ArrayList<>();
  private final CalcomEventListener listener =
      new CalcomEventListener() {
        @Override
        public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
          transitions.add(group + ":" + from + "->" + to);
        }

        @Override
        public void circuitRejected(CalcomRequest request, Duration retryAfter) {
          rejections.add(retryAfter);
        }
      };
  private final CircuitBreakerLayer layer = new CircuitBreakerLayer(CircuitBreakerConfig.defaults(), s.clock(), listener);
  private Supplier<CompletableFuture<CalcomResponse>> upstream = () -> CompletableFuture.completedFuture(response(200));
  private int upstreamCalls;
  private final Pipeline pipeline =
      new Pipeline(
          List.of(
              layer,
              (request, chain) -> {
                upstreamCalls++;
                return upstream.get();
              }));

  private CompletableFuture<CalcomResponse> call(Operation op) {
    return pipeline.execute(request(op, Priority.STANDARD, s.now().plusSeconds(30)));
  }

  private void answer(int status) {
    upstream = () -> CompletableFuture.completedFuture(response(status));
  }

  private void fail(CalcomException e) {
    upstream = () -> CompletableFuture.failedFuture(e);
  }

  private CircuitState slots() {
    return layer.states().get(EndpointGroup.SLOTS);
  }

  private void openSlots() {
    answer(503);
    for (int i = 0; i < 5; i++) {
      call(Operation.SLOTS_FIND);
    }
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void opensAfterFiveConsecutiveFailuresAndThenFailsFastWithoutCallingUpstream() {
    answer(503);
    for (int i = 0; i < 4; i++) {
      call(Operation.SLOTS_FIND);
      assertThat(slots()).isEqualTo(CircuitState.CLOSED);
    }
    call(Operation.SLOTS_FIND);
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
    assertThat(upstreamCalls).isEqualTo(5);

    s.advance(Duration.ofSeconds(15));
    CompletableFuture<CalcomResponse> f = call(Operation.SLOTS_FIND);
    assertThat(upstreamCalls).isEqualTo(5);
    Throwable t = Futures.unwrap(f.handle((r, e) -> e).join());
    assertThat(t).isInstanceOf(CircuitOpenException.class);
    assertThat(((CircuitOpenException) t).retryAfter()).isEqualTo(Duration.ofSeconds(45));
    assertThat(rejections).containsExactly(Duration.ofSeconds(45));
    assertThat(transitions).containsExactly("SLOTS:CLOSED->OPEN");
  }

  @Test
  void timeoutsAndConnectionErrorsCountAsFailures() {
    fail(new CalcomTimeoutException("t", true, null));
    for (int i = 0; i < 3; i++) {
      call(Operation.SLOTS_FIND);
    }
    fail(new CalcomConnectionException("c", false, null));
    call(Operation.SLOTS_FIND);
    call(Operation.SLOTS_FIND);
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void clientErrors429sAndLocalRefusalsNeverCount() {
    answer(503);
    for (int i = 0; i < 4; i++) {
      call(Operation.SLOTS_FIND);
    }
    answer(429);
    for (int i = 0; i < 10; i++) {
      call(Operation.SLOTS_FIND);
    }
    fail(RateLimitedException.local("local", Duration.ofSeconds(1)));
    for (int i = 0; i < 10; i++) {
      call(Operation.SLOTS_FIND);
    }
    assertThat(slots()).isEqualTo(CircuitState.CLOSED);
    answer(503);
    call(Operation.SLOTS_FIND); // the fifth consecutive failure: 429s and local refusals did not reset the count
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aClientErrorProvesTheServerIsUpAndResetsTheCount() {
    answer(503);
    for (int i = 0; i < 4; i++) {
      call(Operation.SLOTS_FIND);
    }
    for (int status : new int[] {400, 401, 403, 404, 409, 422}) {
      answer(status);
      call(Operation.SLOTS_FIND);
    }
    answer(503);
    for (int i = 0; i < 4; i++) {
      call(Operation.SLOTS_FIND);
    }
    assertThat(slots()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void halfOpensAfterSixtySecondsAndClosesAfterTwoSuccesses() {
    openSlots();
    s.advance(Duration.ofSeconds(59));
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
    s.advance(Duration.ofSeconds(1));
    assertThat(slots()).isEqualTo(CircuitState.HALF_OPEN);

    answer(200);
    call(Operation.SLOTS_FIND);
    assertThat(slots()).isEqualTo(CircuitState.HALF_OPEN);
    call(Operation.SLOTS_FIND);
    assertThat(slots()).isEqualTo(CircuitState.CLOSED);
    assertThat(transitions)
        .containsExactly("SLOTS:CLOSED->OPEN", "SLOTS:OPEN->HALF_OPEN", "SLOTS:HALF_OPEN->CLOSED");
  }

  @Test
  void aFailedTrialCallReopensForAnotherFullPeriod() {
    openSlots();
    s.advance(Duration.ofSeconds(60));
    call(Operation.SLOTS_FIND); // trial, fails with 503
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
    s.advance(Duration.ofSeconds(59));
    assertThat(slots()).isEqualTo(CircuitState.OPEN);
    s.advance(Duration.ofSeconds(1));
    assertThat(slots()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void halfOpenLetsOnlyAsManyTrialCallsAsSuccessesNeeded() {
    openSlots();
    s.advance(Duration.ofSeconds(60));
    CompletableFuture<CalcomResponse> pending = new CompletableFuture<>();
    upstream = () -> pending;
    call(Operation.SLOTS_FIND);
    call(Operation.SLOTS_FIND);
    CompletableFuture<CalcomResponse> third = call(Operation.SLOTS_FIND);
    assertThat(upstreamCalls).isEqualTo(7);
    assertThat(Futures.unwrap(third.handle((r, e) -> e).join())).isInstanceOf(CircuitOpenException.class);
    pending.complete(response(200));
    assertThat(slots()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aTrialAnswered429FreesItsSlotWithoutDeciding() {
    openSlots();
    s.advance(Duration.ofSeconds(60));
    answer(429);
    for (int i = 0; i < 5; i++) {
      call(Operation.SLOTS_FIND);
    }
    assertThat(slots()).isEqualTo(CircuitState.HALF_OPEN);
    answer(200);
    call(Operation.SLOTS_FIND);
    call(Operation.SLOTS_FIND);
    assertThat(slots()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anOutcomeFromBeforeTheBreakerOpenedIsNotCountedAfterwards() {
    CompletableFuture<CalcomResponse> straggler = new CompletableFuture<>();
    upstream = () -> straggler;
    call(Operation.SLOTS_FIND);
    openSlots();
    s.advance(Duration.ofSeconds(60));
    answer(200);
    call(Operation.SLOTS_FIND);
    straggler.complete(response(200)); // admitted while closed: must not count as the second trial success
    assertThat(slots()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void eachEndpointGroupHasItsOwnBreaker() {
    openSlots();
    answer(200);
    assertThat(call(Operation.BOOKING_GET)).isCompleted();
    assertThat(call(Operation.ME_GET).join().status()).isEqualTo(200);
    assertThat(layer.states())
        .containsEntry(EndpointGroup.SLOTS, CircuitState.OPEN)
        .containsEntry(EndpointGroup.BOOKINGS, CircuitState.CLOSED)
        .containsEntry(EndpointGroup.OTHER, CircuitState.CLOSED);
  }

  @Test
  void customThresholdsApply() {
    CircuitBreakerLayer custom =
        new CircuitBreakerLayer(
            CircuitBreakerConfig.builder().failureThreshold(2).openDuration(Duration.ofSeconds(5)).successThreshold(1).build(),
            s.clock(),
            listener);
    Pipeline p = new Pipeline(List.of(custom, (r, c) -> CompletableFuture.completedFuture(response(500))));
    p.execute(request(Operation.ME_GET, Priority.STANDARD, s.now().plusSeconds(5)));
    p.execute(request(Operation.ME_GET, Priority.STANDARD, s.now().plusSeconds(5)));
    assertThat(custom.states().get(EndpointGroup.OTHER)).isEqualTo(CircuitState.OPEN);
    s.advance(Duration.ofSeconds(5));
    assertThat(custom.states().get(EndpointGroup.OTHER)).isEqualTo(CircuitState.HALF_OPEN);
  }
}
