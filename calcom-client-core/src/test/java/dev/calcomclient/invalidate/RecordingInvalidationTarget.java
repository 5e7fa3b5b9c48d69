package dev.calcomclient.invalidate;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.InvalidationTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A stand-in for the slot cache: an L1 of slot keys filed under their tags, recording every call. The remote tier
 * answers through {@link #remote} (default: success, counting one deleted key per tag).
 */
public final class RecordingInvalidationTarget implements InvalidationTarget {
  private final Map<SlotTag, Set<SlotKey>> l1 = new HashMap<>();
  private final List<List<SlotTag>> localCalls = new ArrayList<>();
  private final List<List<SlotTag>> remoteCalls = new ArrayList<>();
  private final List<List<SlotTag>> remoteDelivered = new ArrayList<>();
  private int flushes;
  private Set<Long> extraCachedTypes = Set.of();

  /** How remote invalidations answer; replace to make the shared tier fail or hang. */
  public volatile Function<List<SlotTag>, CompletableFuture<Integer>> remote =
      tags -> CompletableFuture.completedFuture(tags.size());

  /** What {@link #offers} answers; null: the interface's default (cannot tell). */
  public volatile InvalidationTarget.Offer offer;

  @Override
  public CompletableFuture<InvalidationTarget.Offer> offers(SlotTag tag, java.time.Instant start) {
    InvalidationTarget.Offer o = offer;
    return o == null ? InvalidationTarget.super.offers(tag, start) : CompletableFuture.completedFuture(o);
  }

  /** Puts a cached entry under its tag. */
  public synchronized RecordingInvalidationTarget cache(SlotKey key) {
    l1.computeIfAbsent(key.tag(), t -> new LinkedHashSet<>()).add(key);
    return this;
  }

  /** Reports these event types as cached even without entries. */
  public synchronized RecordingInvalidationTarget alsoCached(Set<Long> eventTypeIds) {
    this.extraCachedTypes = Set.copyOf(eventTypeIds);
    return this;
  }

  @Override
  public synchronized int invalidateLocal(Collection<SlotTag> tags) {
    localCalls.add(List.copyOf(tags));
    int evicted = 0;
    for (SlotTag t : tags) {
      Set<SlotKey> keys = l1.remove(t);
      evicted += keys == null ? 0 : keys.size();
    }
    return evicted;
  }

  /** The tags of every {@link #patchLocal} call, in order. */
  public final List<List<SlotTag>> patchCalls = new ArrayList<>();

  @Override
  public synchronized int patchLocal(Map<SlotTag, dev.calcomclient.cache.internal.DayPatch> patches) {
    patchCalls.add(List.copyOf(new TreeSet<>(patches.keySet())));
    int kept = 0;
    for (SlotTag t : patches.keySet()) {
      Set<SlotKey> keys = l1.get(t);
      kept += keys == null ? 0 : keys.size();
    }
    return kept;
  }

  @Override
  public CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags) {
    List<SlotTag> copy = List.copyOf(tags);
    synchronized (this) {
      remoteCalls.add(copy);
    }
    return remote
        .apply(copy)
        .whenComplete(
            (n, e) -> {
              if (e == null) {
                synchronized (this) {
                  remoteDelivered.add(copy);
                }
              }
            });
  }

  @Override
  public synchronized void flushLocalSlots() {
    flushes++;
    l1.clear();
  }

  @Override
  public synchronized Set<Long> cachedEventTypeIds() {
    Set<Long> ids = new TreeSet<>(extraCachedTypes);
    l1.keySet().forEach(t -> ids.add(t.eventTypeId()));
    return ids;
  }

  @Override
  public String keyPrefix() {
    return SlotKey.DEFAULT_PREFIX;
  }

  /** The tags still holding entries. */
  public synchronized Set<SlotTag> cachedTags() {
    return new TreeSet<>(l1.keySet());
  }

  public synchronized List<List<SlotTag>> localCalls() {
    return List.copyOf(localCalls);
  }

  /** Every tag passed to invalidateLocal, in call order. */
  public synchronized List<SlotTag> locallyInvalidated() {
    List<SlotTag> out = new ArrayList<>();
    localCalls.forEach(out::addAll);
    return out;
  }

  public synchronized List<List<SlotTag>> remoteCalls() {
    return List.copyOf(remoteCalls);
  }

  /** The remote batches that succeeded, in order. */
  public synchronized List<List<SlotTag>> remoteDelivered() {
    return List.copyOf(remoteDelivered);
  }

  public synchronized int flushes() {
    return flushes;
  }
}
