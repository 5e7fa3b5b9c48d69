package dev.calcomclient.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.testing.Requests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@link CalcomRequest#dispatched()} runs once per attempt handed to the transport, after every layer before it let
 * the attempt through, and never for an attempt a layer answered itself (the slot store relies on it to keep answers
 * sent after an invalidation, issue 18).
 */
class PipelineDispatchTest {
  private final List<String> events = new ArrayList<>();
  private final AtomicInteger sent = new AtomicInteger();

  private final Layer transport = (request, chain) -> {
    events.add("sent");
    sent.incrementAndGet();
    return CompletableFuture.completedFuture(Requests.response(sent.get() == 1 ? 503 : 200));
  };

  private CalcomRequest request() {
    return Requests.get(Instant.parse("2050-01-01T00:00:00Z")).toBuilder()
        .onDispatch(() -> {
          events.add("dispatched");
          return null;
        })
        .build();
  }

  @Test
  void eachAttemptReachingTheTransportIsReportedJustBeforeItIsSent() {
    Layer retryOnce = (request, chain) -> chain.proceed(request).thenCompose(
        r -> r.status() == 503 ? chain.proceed(request.toBuilder().attempt(2).build())
            : CompletableFuture.completedFuture(r));
    Layer limiter = (request, chain) -> {
      events.add("token");
      return chain.proceed(request);
    };
    CalcomResponse r = new Pipeline(List.of(retryOnce, limiter, transport)).execute(request()).join();

    assertThat(r.status()).isEqualTo(200);
    assertThat(events).containsExactly("token", "dispatched", "sent", "token", "dispatched", "sent");
  }

  @Test
  void anAttemptALayerAnswersItselfIsNeverReported() {
    Layer refusing = (request, chain) -> CompletableFuture.completedFuture(Requests.response(429));
    new Pipeline(List.of(refusing, transport)).execute(request()).join();

    assertThat(events).isEmpty();
  }

  @Test
  void theAttemptLeavesOnlyWhenTheHooksStageCompletesAndAFailedStageDoesNotFailIt() {
    CompletableFuture<Void> issuerDone = new CompletableFuture<>();
    CalcomRequest waiting = request().toBuilder().onDispatch(() -> issuerDone).build();
    CompletableFuture<CalcomResponse> r = new Pipeline(List.of(transport)).execute(waiting);
    assertThat(sent).hasValue(0);
    issuerDone.completeExceptionally(new IllegalStateException("L2 read failed"));
    assertThat(r.join().status()).isEqualTo(503);
    assertThat(sent).hasValue(1);
  }

  @Test
  void aThrowingHookDoesNotFailTheAttempt() {
    CalcomRequest throwing = request().toBuilder().onDispatch(() -> {
      throw new IllegalStateException("bookkeeping bug");
    }).build();
    assertThat(new Pipeline(List.of(transport)).execute(throwing).join().status()).isEqualTo(503);
  }
}
