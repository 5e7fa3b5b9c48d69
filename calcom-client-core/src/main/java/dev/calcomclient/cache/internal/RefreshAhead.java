package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.pipeline.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes L1 hits that are close to expiry ({@link dev.calcomclient.cache.CacheConfig#refreshAheadFraction()}) in
 * the background, and the rest of their blocks ({@link dev.calcomclient.cache.CacheConfig#fetchBlockDays()}) with
 * them: one upstream span call on the background lane per batch, at most one refresh per key in flight.
 * Never delays the caller: a rejected or failed refresh just leaves the entry to expire.
 */
public final class RefreshAhead {
  private static final Logger log = LoggerFactory.getLogger(RefreshAhead.class);

  private final SlotStore store;
  private final Executor background;
  private final Set<SlotKey> refreshing = ConcurrentHashMap.newKeySet();

  /**
   * Creates the refresher.
   *
   * @param store the store whose entries it refreshes
   * @param background where refreshes start (the client's scheduler)
   */
  public RefreshAhead(SlotStore store, Executor background) {
    this.store = Objects.requireNonNull(store, "store");
    this.background = Objects.requireNonNull(background, "background");
  }

  /**
   * Refreshes the {@linkplain SlotStore#blocksOf blocks} of {@code keys} (one event type and dims), the days of them
   * that no refresh is running for, in one request.
   */
  void refresh(long eventTypeId, SlotDims dims, List<SlotKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    List<SlotKey> mine = new ArrayList<>();
    for (SlotKey k : store.blocksOf(keys)) {
      if (refreshing.add(k)) {
        mine.add(k);
      }
    }
    if (mine.isEmpty()) {
      return;
    }
    try {
      Set<SlotKey> asked = Set.copyOf(keys);
      background.execute(() -> run(eventTypeId, dims, mine, asked));
    } catch (RejectedExecutionException e) {
      mine.forEach(refreshing::remove);
    }
  }

  private void run(long eventTypeId, SlotDims dims, List<SlotKey> keys, Set<SlotKey> asked) {
    try {
      store
          .refetch(eventTypeId, dims, keys, asked, Priority.BACKGROUND)
          .whenComplete(
              (v, failure) -> {
                keys.forEach(refreshing::remove);
                if (failure != null) {
                  log.debug("refresh-ahead of {} days failed", keys.size(), failure);
                }
              });
    } catch (RuntimeException e) {
      keys.forEach(refreshing::remove);
      log.debug("refresh-ahead of {} days failed", keys.size(), e);
    }
  }

  /** Whether a refresh is in flight for {@code key}; for tests. */
  boolean isRefreshing(SlotKey key) {
    return refreshing.contains(key);
  }
}
