package dev.calcomclient;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pipeline layer (below the coalescer) that, once armed, holds the answer of the next slots request: the request
 * reaches the fake at once, so the answer carries the slots of that instant, but the flight stays open until the
 * test releases it. This is the window in which defect 1 of issue 12 let a later lookup join an earlier flight.
 */
final class OracleGate implements Layer {
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicReference<CompletableFuture<Void>> release = new AtomicReference<>();

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    CompletableFuture<CalcomResponse> answer = chain.proceed(request);
    if (request.operation() != Operation.SLOTS_FIND || !armed.compareAndSet(true, false)) {
      return answer;
    }
    CompletableFuture<Void> gate = new CompletableFuture<>();
    release.set(gate);
    return answer.thenCombine(gate, (response, ignored) -> response);
  }

  /** Holds the answer of the next slots request until {@link #release()}. */
  void arm() {
    release.set(null);
    armed.set(true);
  }

  /** Whether an answer is being held. */
  boolean holding() {
    return release.get() != null;
  }

  /** Lets a held answer through and disarms. */
  void release() {
    armed.set(false);
    CompletableFuture<Void> gate = release.getAndSet(null);
    if (gate != null) {
      gate.complete(null);
    }
  }
}
