package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import java.util.concurrent.CompletableFuture;

/**
 * Slot searches by event type id, shaped like Cal.com's answer for the query's range, zone and format, and the
 * day-granular access of the alternative finder and the warmer. {@link CachedSlotQueries} answers from the slot
 * store; {@link UncachedSlotQueries} is the null object of a client whose cache is disabled (every search is one
 * upstream call).
 */
public interface SlotQueries extends SlotDaySource {

  /**
   * Answers {@code query}, which must select by {@code eventTypeId}, with the client's defaults.
   *
   * @param query the search
   * @return the slots grouped by day in the query's zone
   */
  default CompletableFuture<SlotsResult> find(SlotQuery query) {
    return find(query, RequestOptions.defaults());
  }

  /**
   * Answers {@code query}, which must select by {@code eventTypeId}; an upstream call it needs honours
   * {@code options} (by default in the standard lane).
   *
   * @param query the search
   * @param options the caller's per-call options
   * @return the slots grouped by day in the query's zone
   */
  CompletableFuture<SlotsResult> find(SlotQuery query, RequestOptions options);
}
