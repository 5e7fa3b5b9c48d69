package dev.calcomclient.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An ordered chain of layers ending in the transport. Immutable and thread-safe. */
public final class Pipeline {
  private final List<Layer> layers;

  /** Creates a pipeline; the last layer must be terminal (never call its chain). */
  public Pipeline(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least the transport layer");
    }
    this.layers = List.copyOf(layers);
  }

  /** Runs {@code request} through every layer. */
  public CompletableFuture<CalcomResponse> execute(CalcomRequest request) {
    return proceed(0, request);
  }

  private CompletableFuture<CalcomResponse> proceed(int index, CalcomRequest request) {
    if (index >= layers.size()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("the last layer of the pipeline called proceed()"));
    }
    if (index == layers.size() - 1) {
      // the transport is next: every layer before it let the attempt through; the issuer may finish first
      CompletableFuture<Void> ready = request.dispatched();
      if (!ready.isDone()) {
        return ready.thenCompose(v -> intercept(index, request));
      }
    }
    return intercept(index, request);
  }

  private CompletableFuture<CalcomResponse> intercept(int index, CalcomRequest request) {
    try {
      CompletableFuture<CalcomResponse> f = layers.get(index).intercept(request, r -> proceed(index + 1, r));
      if (f == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException(layers.get(index).getClass().getName() + " returned null"));
      }
      return f;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
