package dev.calcomclient.coalesce.internal;

import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import java.util.concurrent.CompletableFuture;

/** Routes reads through a {@link Coalescer} by {@link CalcomRequest#canonicalKey()}; mutations pass straight on. */
public final class CoalescingLayer implements Layer {
  private final Coalescer coalescer;
  private final CalcomEventListener listener;

  /** Creates the layer. */
  public CoalescingLayer(Coalescer coalescer, CalcomEventListener listener) {
    this.coalescer = coalescer;
    this.listener = listener;
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    if (request.operation().isMutation()) {
      return chain.proceed(request);
    }
    Coalescer.Flight flight = coalescer.join(request.canonicalKey(), () -> chain.proceed(request));
    if (flight.joined()) {
      listener.coalescedJoin(request);
    }
    return flight.response();
  }
}
