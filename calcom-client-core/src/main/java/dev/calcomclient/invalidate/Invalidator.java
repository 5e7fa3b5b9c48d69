package dev.calcomclient.invalidate;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Drops the cached slots a booking may have changed, in this instance synchronously and in the shared tier and
 * the other instances right after. The client calls it after its own bookings; a webhook endpoint calls it for
 * bookings made elsewhere.
 *
 * <p>Delivery to the shared tier (L2) and the bus is retried with backoff when they are unreachable; queued
 * invalidations are coalesced by tag and bounded, and when the bound is exceeded the excess is dropped, counted
 * and replaced by a "flush everything" message to the other instances once the bus works again.
 */
public interface Invalidator extends AutoCloseable {

  /**
   * Invalidates the slot tags {@code change} may have affected. This instance's L1 is invalidated before this
   * method returns (read-your-writes); the future completes when the shared tier and the bus took the
   * invalidation or it was queued for retry. The future never fails for delivery problems.
   *
   * @param change the change
   * @return a future of the invalidation report
   */
  CompletableFuture<InvalidationReport> apply(BookingChange change);

  /**
   * Cal.com refused to book, reserve or move a booking onto {@code start} of {@code eventTypeId} because the time is
   * not available (a {@link dev.calcomclient.SlotUnavailableException}): the cached slots must stop offering that
   * start. An implementation that can tell that every copy of that day it holds or reads (its own, or the shared
   * tier's) already leaves the start out (the time was taken by a booking it already knows of, or was never offered)
   * may keep them: its cache agrees with Cal.com. Otherwise it invalidates as {@link #apply} does for a booking of
   * unknown length at {@code start}, which is what this default does. The client returns the refusal to its caller
   * only once the returned future has completed, so the decision is applied by then.
   *
   * @param eventTypeId the event type the refused booking was for
   * @param start the start Cal.com refused
   * @param hostUserIds the hosts known to be involved (may be empty)
   * @return a future of the invalidation report (with no tags when nothing had to be invalidated)
   */
  default CompletableFuture<InvalidationReport> applyUnavailable(long eventTypeId, Instant start, Set<Long> hostUserIds) {
    return apply(BookingChange.created(null, eventTypeId, start, start, hostUserIds));
  }

  /**
   * Invalidates every day from yesterday to the horizon of the given event types (after an event type, schedule
   * or availability change), the same way as {@link #apply}.
   *
   * @param eventTypeIds the event type ids
   * @return a future of the invalidation report
   */
  CompletableFuture<InvalidationReport> invalidateEventTypes(Collection<Long> eventTypeIds);

  /**
   * Drops every slot entry of this instance's L1 and tells the other instances to do the same. The shared tier is
   * left to its TTLs.
   *
   * @return a future completed when it is done
   */
  CompletableFuture<Void> flushAll();

  /**
   * The id this instance publishes with; messages carrying it are ignored on receipt.
   *
   * @return the id this instance publishes with; messages carrying it are ignored on receipt
   */
  String sourceId();

  /**
   * Distinct tags waiting for delivery to the shared tier or bus.
   *
   * @return distinct tags waiting for delivery to the shared tier or bus
   */
  int backlog();

  /**
   * Completes when nothing waits for delivery (at once when nothing does).
   *
   * @return completes when nothing waits for delivery (at once when nothing does)
   */
  CompletableFuture<Void> whenDelivered();

  /** Retries queued deliveries now instead of at the end of the current backoff. */
  void retryNow();

  /**
   * Counters since creation.
   *
   * @return the stats
   */
  InvalidatorStats stats();

  /** Stops retrying and unsubscribes from the bus; queued deliveries are abandoned (and logged). */
  @Override
  void close();
}
