package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The slot cache's components assembled as the client's graph assembles them (store, refresh-ahead, queries), with
 * the calls the tests make on them.
 */
final class SlotCacheUnderTest {
  final SlotStore store;
  final RefreshAhead refreshAhead;
  final CachedSlotQueries queries;

  SlotCacheUnderTest(
      CacheConfig config,
      SlotFetcher upstream,
      ManualScheduler s,
      CalcomEventListener listener,
      EventTypeCatalog catalog,
      PeerConnectivity peers) {
    this.store = new SlotStore(config, upstream, s.clock(), listener, peers);
    this.refreshAhead = new RefreshAhead(store, s);
    this.queries = new CachedSlotQueries(store, refreshAhead, catalog, s.clock(), listener);
  }

  CompletableFuture<SlotsResult> find(SlotQuery query) {
    return queries.find(query);
  }

  CompletableFuture<SlotDaySource.DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    return queries.days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, priority);
  }

  CompletableFuture<SlotDaySource.DaySpan> daysForSearch(LocalDate fromUtc, LocalDate toUtcInclusive) {
    return queries.daysForSearch(101, null, fromUtc, toUtcInclusive, Priority.INTERACTIVE);
  }

  Optional<EventType> knownEventType(long eventTypeId) {
    return queries.knownEventType(eventTypeId);
  }

  int invalidateLocal(Collection<SlotTag> tags) {
    return store.invalidateLocal(tags);
  }

  CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags) {
    return store.invalidateRemote(tags);
  }

  void flushLocalSlots() {
    store.flushLocalSlots();
  }

  Set<Long> cachedEventTypeIds() {
    return store.cachedEventTypeIds();
  }

  boolean isRefreshing(SlotKey key) {
    return refreshAhead.isRefreshing(key);
  }
}
