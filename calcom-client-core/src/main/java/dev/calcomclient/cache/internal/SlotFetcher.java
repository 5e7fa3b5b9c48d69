package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.Priority;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The one upstream call the slot cache makes: {@code GET /v2/slots} for an event type over a UTC span, in range
 * format, through the rest of the pipeline (coalescer, breaker, retry, limiter, transport).
 */
@FunctionalInterface
public interface SlotFetcher {

  /**
   * Fetches the slots starting in {@code [from, to]}.
   *
   * @param options the lookup's per-call options, with the lane always set ({@link #inLane})
   * @param flightScope what keeps the call from joining an identical flight that started before an invalidation
   *     of its days ({@link dev.calcomclient.pipeline.CalcomRequest#flightScope()}), or {@code null}
   * @param onDispatch run each time an attempt of the call is about to be handed to the transport, after the limiter
   *     granted it its token; the attempt is sent when its stage completes ({@link
   *     dev.calcomclient.pipeline.CalcomRequest#dispatched()}); never run for a call that joined another flight, or
   *     that was answered without being sent; {@code null} for none
   * @return every slot of the answer, whatever day Cal.com grouped it under
   */
  CompletableFuture<List<Slot>> fetch(
      long eventTypeId, SlotDims dims, Instant from, Instant to, RequestOptions options, String flightScope,
      Supplier<? extends CompletionStage<?>> onDispatch);

  /**
   * {@code options} with a lane: theirs, else {@code lane}.
   *
   * @param options the caller's options
   * @param lane the lane when the options name none
   * @return options whose {@link RequestOptions#lane()} is present
   */
  static RequestOptions inLane(RequestOptions options, Priority lane) {
    if (options == RequestOptions.defaults()) {
      return LaneOptions.of(lane); // a search with the client's defaults: no options built per call
    }
    return options.lane().isPresent() ? options : options.toBuilder().lane(lane).build();
  }

  /**
   * Options that only name {@code lane} (the cache's own lookups: refresh-ahead, warming, alternatives).
   *
   * @param lane the lane
   * @return the options
   */
  static RequestOptions inLane(Priority lane) {
    return LaneOptions.of(lane);
  }
}
