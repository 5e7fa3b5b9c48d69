package dev.calcomclient.cache.internal;

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
   * Answers {@code query}, which must select by {@code eventTypeId}.
   *
   * @param query the search
   * @return the slots grouped by day in the query's zone
   */
  CompletableFuture<SlotsResult> find(SlotQuery query);
}
