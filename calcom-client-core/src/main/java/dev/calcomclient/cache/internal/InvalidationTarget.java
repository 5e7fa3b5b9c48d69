package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotTag;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the invalidator needs from the slot cache. Implemented by the {@link SlotStore}; used by the smart
 * invalidator and the invalidation bus receiver, which hold it directly.
 */
public interface InvalidationTarget {

  /**
   * Bumps the L1 generation of each tag and evicts every L1 entry filed under it, synchronously: when this
   * returns, no read in this JVM is answered from a pre-invalidation value and no fill that started before it can
   * be stored.
   *
   * @return how many L1 entries were evicted
   */
  int invalidateLocal(Collection<SlotTag> tags);

  /**
   * Invalidates the tags in the shared tier (L2) in one batched call; completes normally when there is no L2.
   *
   * @return a future of the number of L2 keys deleted
   */
  CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags);

  /**
   * Patches L1 instead of invalidating it: bumps the L1 generation of each tag (as {@link #invalidateLocal} does) and
   * keeps each entry filed under it with its patch applied, or evicts it when the patch cannot be applied exactly.
   * Synchronous, like {@link #invalidateLocal}. L2 is not patched (see {@link DayPatch}): the caller invalidates the
   * tags there.
   *
   * @param patches the patch of each tag
   * @return how many L1 entries were patched (kept)
   */
  int patchLocal(java.util.Map<SlotTag, DayPatch> patches);

  /** Drops every L1 slot entry and bumps every L1 slot generation (a message may have been missed). */
  void flushLocalSlots();

  /** The event types that have slot entries in L1 or an upstream fill in flight (the invalidator's candidates). */
  Set<Long> cachedEventTypeIds();

  /** The key prefix tags are rendered with. */
  String keyPrefix();

  /** What the copies of a day this instance can read say of one start. */
  enum Offer {
    /** At least one copy offers it. */
    OFFERED,
    /** Copies are held and none offers it. */
    LEFT_OUT,
    /** No copy is held (or the target cannot tell). */
    NOT_HELD
  }

  /**
   * Whether the copies of {@code tag}'s day held at its current generation, fresh or kept past their time to live,
   * offer a slot starting at {@code start}: the L1 copies, whatever their query dimensions, when L1 holds any;
   * otherwise the shared tier's copy at the default dimensions, if any. The future never fails (a failed read is
   * {@link Offer#NOT_HELD}). The default cannot tell.
   *
   * @param tag the day
   * @param start the start
   * @return a future of what the copies say
   */
  default CompletableFuture<Offer> offers(SlotTag tag, Instant start) {
    return CompletableFuture.completedFuture(Offer.NOT_HELD);
  }
}
