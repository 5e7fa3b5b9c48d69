package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes invalidations to the shared tier (one batched {@code invalidateRemote}) and then to the other instances (one
 * bus message, published only once the shared tier answered, so that no receiver can read the old value back from
 * it), queueing what fails.
 *
 * <p>While nothing is queued, each invalidation is sent at once. Once something is queued, later invalidations
 * join the queue, so the queue drains in order: every attempt sends all queued tags (coalesced, in first-queued
 * order) in one call per channel. Failed attempts are retried after a backoff doubling from the configured
 * minimum to the maximum; {@link #retryNow()} (called when the bus reconnects) skips the wait. Each channel's
 * queue holds at most {@code capacity} distinct tags; the excess is dropped, counted, and a flush-all message is
 * published once the bus works again so that no instance keeps slots it was never told about.
 */
final class RemoteDelivery {
  private static final Logger log = LoggerFactory.getLogger(RemoteDelivery.class);

  private final InvalidationTarget target;
  private final InvalidationBus bus;
  private final String sourceId;
  private final int capacity;
  private final Duration retryMin;
  private final Duration retryMax;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final Events events;

  private final Object lock = new Object();
  // Guarded by lock.
  private final LinkedHashSet<SlotTag> pendingRemote = new LinkedHashSet<>();
  private final LinkedHashSet<SlotTag> pendingBus = new LinkedHashSet<>();
  private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();
  private boolean flushAllPending;
  private boolean retryInFlight;
  private int directInFlight;
  private ScheduledFuture<?> retryTask;
  private int consecutiveFailures;
  private boolean closed;

  private final Object publishLock = new Object();
  private long sequence; // guarded by publishLock

  /** What the delivery reports (counted by the invalidator, forwarded to the listener). */
  interface Events {
    void queued(int tags);

    void dropped(int tags);

    void delivered();

    void attemptFailed(Throwable failure);
  }

  RemoteDelivery(
      InvalidationTarget target,
      InvalidationBus bus,
      String sourceId,
      int capacity,
      Duration retryMin,
      Duration retryMax,
      Duration timeout,
      ScheduledExecutorService scheduler,
      Events events) {
    this.target = target;
    this.bus = bus;
    this.sourceId = sourceId;
    this.capacity = capacity;
    this.retryMin = retryMin;
    this.retryMax = retryMax;
    this.timeout = timeout;
    this.scheduler = scheduler;
    this.events = events;
  }

  /**
   * Sends {@code tags} to the shared tier and the bus, or queues them.
   *
   * @param hosts the change's affected hosts when complete, else empty: sent with the tags so that receivers widen
   *     them by these hosts only; a queued batch (which may merge changes) is sent without them
   * @return a future of whether they had to be queued; it never fails
   */
  CompletableFuture<Boolean> deliver(Set<SlotTag> tags, Set<Long> hosts) {
    if (tags.isEmpty()) {
      return CompletableFuture.completedFuture(false);
    }
    int dropped;
    synchronized (lock) {
      if (closed) {
        log.warn("invalidator closed: {} slot tags not sent to the shared tier or bus", tags.size());
        return CompletableFuture.completedFuture(true);
      }
      if (idleLocked()) {
        directInFlight++;
        dropped = -1;
      } else {
        dropped = enqueueLocked(tags, true, true);
        scheduleRetryLocked(null);
      }
    }
    if (dropped >= 0) {
      events.queued(tags.size());
      if (dropped > 0) {
        events.dropped(dropped);
      }
      return CompletableFuture.completedFuture(true);
    }
    CompletableFuture<?> remote = invalidateRemote(tags);
    CompletableFuture<?> published = afterwards(remote, () -> publishTags(tags, hosts));
    return both(remote, published)
        .thenApply(
            ok -> {
              int droppedNow = 0;
              boolean queued = !ok[0] || !ok[1];
              List<CompletableFuture<Void>> wake;
              synchronized (lock) {
                directInFlight--;
                if (queued) {
                  // A message published while L2 still held the old value may have been undone by a receiver
                  // reading that value back: when L2 failed, the message is sent again after L2's retry.
                  droppedNow = enqueueLocked(tags, !ok[0], !ok[1] || !ok[0]);
                  consecutiveFailures++;
                  scheduleRetryLocked(backoffLocked());
                }
                wake = takeIdleWaitersLocked();
              }
              if (queued) {
                events.attemptFailed(firstFailure(remote, published));
                events.queued(tags.size());
                if (droppedNow > 0) {
                  events.dropped(droppedNow);
                }
              } else {
                events.delivered();
              }
              wake.forEach(f -> f.complete(null));
              return queued;
            });
  }

  /** Asks the other instances to flush their L1 slot entries (queued behind earlier deliveries). */
  void requestFlushAll() {
    if (bus == null) {
      return;
    }
    synchronized (lock) {
      if (closed) {
        return;
      }
      flushAllPending = true;
      scheduleRetryLocked(Duration.ZERO);
    }
  }

  /** Retries what is queued now. */
  void retryNow() {
    synchronized (lock) {
      if (closed || pendingNothingLocked()) {
        return;
      }
      scheduleRetryLocked(Duration.ZERO);
    }
  }

  /** Distinct tags waiting for either channel. */
  int backlog() {
    synchronized (lock) {
      if (pendingBus.isEmpty()) {
        return pendingRemote.size();
      }
      Set<SlotTag> all = new HashSet<>(pendingRemote);
      all.addAll(pendingBus);
      return all.size();
    }
  }

  /** Completes when nothing is queued or being sent. */
  CompletableFuture<Void> whenIdle() {
    synchronized (lock) {
      if (idleLocked() && directInFlight == 0) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      idleWaiters.add(f);
      return f;
    }
  }

  /** The last sequence number published. */
  long lastSequence() {
    synchronized (publishLock) {
      return sequence;
    }
  }

  void close() {
    int left;
    synchronized (lock) {
      closed = true;
      if (retryTask != null) {
        retryTask.cancel(false);
        retryTask = null;
      }
      left = pendingRemote.size() + pendingBus.size();
    }
    if (left > 0) {
      log.warn("invalidator closed with {} slot tags still queued for the shared tier or bus", left);
    }
  }

  // ---- retry ----

  private void retry() {
    Set<SlotTag> remoteBatch;
    Set<SlotTag> busBatch;
    boolean flush;
    synchronized (lock) {
      retryTask = null;
      if (closed || retryInFlight) {
        return;
      }
      if (pendingNothingLocked()) {
        List<CompletableFuture<Void>> wake = takeIdleWaitersLocked();
        wake.forEach(f -> f.complete(null));
        return;
      }
      retryInFlight = true;
      remoteBatch = new LinkedHashSet<>(pendingRemote);
      busBatch = new LinkedHashSet<>(pendingBus);
      flush = flushAllPending;
    }
    CompletableFuture<?> remote =
        remoteBatch.isEmpty() ? CompletableFuture.completedFuture(null) : invalidateRemote(remoteBatch);
    // A flush-all message makes the queued tag messages redundant: receivers drop everything.
    CompletableFuture<?> published =
        afterwards(
            remote,
            () -> {
              if (flush) {
                return publishFlushAll();
              }
              return busBatch.isEmpty() ? CompletableFuture.completedFuture(null) : publishTags(busBatch, Set.of());
            });
    both(remote, published)
        .thenAccept(
            ok -> {
              List<CompletableFuture<Void>> wake = List.of();
              boolean failed = !ok[0] || !ok[1];
              synchronized (lock) {
                retryInFlight = false;
                if (ok[0]) {
                  pendingRemote.removeAll(remoteBatch);
                }
                if (ok[1] && ok[0]) { // after an L2 failure the message goes again behind L2's retry
                  pendingBus.removeAll(busBatch);
                  if (flush) {
                    flushAllPending = false;
                  }
                }
                if (failed) {
                  consecutiveFailures++;
                  scheduleRetryLocked(backoffLocked());
                } else {
                  consecutiveFailures = 0;
                  if (pendingNothingLocked()) {
                    wake = takeIdleWaitersLocked();
                  } else {
                    scheduleRetryLocked(Duration.ZERO);
                  }
                }
              }
              if (failed) {
                events.attemptFailed(firstFailure(remote, published));
              } else {
                events.delivered();
              }
              wake.forEach(f -> f.complete(null));
            });
  }

  /** Schedules a retry after {@code delay} (null: the current backoff) unless one is due sooner. */
  private void scheduleRetryLocked(Duration delay) {
    if (closed) {
      return;
    }
    Duration d = delay == null ? backoffLocked() : delay;
    if (retryTask != null) {
      if (retryTask.getDelay(TimeUnit.NANOSECONDS) <= d.toNanos()) {
        return;
      }
      retryTask.cancel(false);
    }
    try {
      retryTask = scheduler.schedule(this::retry, d.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      // The scheduler is shut down (the client is closing); the queue can no longer drain.
      log.warn("cannot schedule the invalidation retry; {} slot tags stay queued", pendingRemote.size(), e);
      retryTask = null;
    }
  }

  private Duration backoffLocked() {
    int doublings = Math.max(0, Math.min(consecutiveFailures - 1, 30));
    Duration d = retryMin.multipliedBy(1L << doublings);
    return d.compareTo(retryMax) > 0 ? retryMax : d;
  }

  /** Adds tags to the chosen queues; returns how many distinct tags did not fit. */
  private int enqueueLocked(Collection<SlotTag> tags, boolean remote, boolean viaBus) {
    Set<SlotTag> dropped = new HashSet<>();
    if (remote) {
      addBounded(pendingRemote, tags, dropped);
    }
    if (viaBus && bus != null) {
      addBounded(pendingBus, tags, dropped);
    }
    if (!dropped.isEmpty()) {
      log.warn(
          "invalidation queue full ({} tags): dropped {} slot tags; other instances will be told to flush",
          capacity,
          dropped.size());
      if (bus != null) {
        flushAllPending = true;
      }
    }
    return dropped.size();
  }

  private void addBounded(LinkedHashSet<SlotTag> queue, Collection<SlotTag> tags, Set<SlotTag> dropped) {
    for (SlotTag t : tags) {
      if (!queue.contains(t)) {
        if (queue.size() < capacity) {
          queue.add(t);
        } else {
          dropped.add(t);
        }
      }
    }
  }

  private boolean pendingNothingLocked() {
    return pendingRemote.isEmpty() && pendingBus.isEmpty() && !flushAllPending;
  }

  private boolean idleLocked() {
    return pendingNothingLocked() && !retryInFlight;
  }

  private List<CompletableFuture<Void>> takeIdleWaitersLocked() {
    if (idleWaiters.isEmpty() || !idleLocked() || directInFlight > 0) {
      return List.of();
    }
    List<CompletableFuture<Void>> out = new ArrayList<>(idleWaiters);
    idleWaiters.clear();
    return out;
  }

  // ---- channels ----

  private CompletableFuture<?> invalidateRemote(Set<SlotTag> tags) {
    try {
      CompletableFuture<Integer> f = target.invalidateRemote(List.copyOf(tags));
      return f == null ? failed(new IllegalStateException("invalidateRemote returned null")) : withTimeout(f);
    } catch (RuntimeException e) {
      return failed(e);
    }
  }

  private CompletableFuture<?> publishTags(Set<SlotTag> tags, Set<Long> hosts) {
    if (bus == null) {
      return CompletableFuture.completedFuture(null);
    }
    String prefix = target.keyPrefix();
    List<String> rendered = new ArrayList<>(tags.size());
    for (SlotTag t : tags) {
      rendered.add(t.render(prefix));
    }
    return publish(rendered, false, hosts);
  }

  private CompletableFuture<?> publishFlushAll() {
    return publish(List.of(), true, Set.of());
  }

  private CompletableFuture<?> publish(List<String> rendered, boolean flushAll, Set<Long> hosts) {
    // Numbered and handed to the bus in one step, so messages leave in sequence order.
    synchronized (publishLock) {
      InvalidationMessage message = new InvalidationMessage(sourceId, ++sequence, rendered, flushAll, hosts);
      try {
        CompletableFuture<Void> f = bus.publish(message);
        return f == null ? failed(new IllegalStateException("publish returned null")) : withTimeout(f);
      } catch (RuntimeException e) {
        return failed(e);
      }
    }
  }

  private <T> CompletableFuture<T> withTimeout(CompletableFuture<T> f) {
    if (f.isDone()) {
      return f;
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    ScheduledFuture<?> timer;
    try {
      timer =
          scheduler.schedule(
              () -> out.completeExceptionally(new TimeoutException("no answer within " + timeout)),
              timeout.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      timer = null;
    }
    ScheduledFuture<?> t = timer;
    f.whenComplete(
        (v, e) -> {
          if (t != null) {
            t.cancel(false);
          }
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(v);
          }
        });
    return out;
  }

  /**
   * Starts {@code next} once {@code first} completed, whatever its outcome: a bus message must never overtake the L2
   * invalidation it follows (on a Redis Cluster they travel on different connections to different nodes, and an
   * {@code EVALSHA} answered {@code NOSCRIPT} is re-sent as {@code EVAL}), or a receiver could drop its L1 entry,
   * read the pre-change value back from L2 under a still-current generation and cache it again.
   */
  private static CompletableFuture<?> afterwards(
      CompletableFuture<?> first, Supplier<CompletableFuture<?>> next) {
    return first.handle((v, e) -> null).thenCompose(v -> next.get());
  }

  /** Completes with {ok(a), ok(b)} once both are done; never fails. */
  private static CompletableFuture<boolean[]> both(CompletableFuture<?> a, CompletableFuture<?> b) {
    CompletableFuture<Boolean> okA = a.handle((v, e) -> e == null);
    CompletableFuture<Boolean> okB = b.handle((v, e) -> e == null);
    return okA.thenCombine(okB, (x, y) -> new boolean[] {x, y});
  }

  private static Throwable firstFailure(CompletableFuture<?> a, CompletableFuture<?> b) {
    for (CompletableFuture<?> f : List.of(a, b)) {
      if (f.isCompletedExceptionally()) {
        try {
          f.join();
        } catch (RuntimeException e) {
          return e.getCause() != null ? e.getCause() : e;
        }
      }
    }
    return null;
  }

  private static <T> CompletableFuture<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(t);
  }
}
