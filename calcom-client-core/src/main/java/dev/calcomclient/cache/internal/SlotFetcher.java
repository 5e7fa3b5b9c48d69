package dev.calcomclient.cache.internal;

import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.Priority;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The one upstream call the slot cache makes: {@code GET /v2/slots} for an event type over a UTC span, in range
 * format, through the rest of the pipeline (coalescer, breaker, retry, limiter, transport).
 */
@FunctionalInterface
public interface SlotFetcher {

  /**
   * Fetches the slots starting in {@code [from, to]}.
   *
   * @param flightScope what keeps the call from joining an identical flight that started before an invalidation
   *     of its days ({@link dev.calcomclient.pipeline.CalcomRequest#flightScope()}), or {@code null}
   * @return every slot of the answer, whatever day Cal.com grouped it under
   */
  CompletableFuture<List<Slot>> fetch(
      long eventTypeId, SlotDims dims, Instant from, Instant to, Priority priority, String flightScope);
}
