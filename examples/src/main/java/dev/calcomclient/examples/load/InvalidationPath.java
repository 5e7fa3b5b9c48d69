package dev.calcomclient.examples.load;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The invalidation path of scenario 4, which can be taken down and restored: an {@link InvalidationBus} and a shared
 * {@link RemoteCache} (L2) wrapping the in-process ones. While down, every publish and every L2 command fails at once
 * (as a lost Redis connection would make them fail), and the bus tells its subscribers
 * {@link InvalidationBus.Subscriber#connectionLost()}; {@link #restore()} brings L2 back first, then the bus, and
 * tells the subscribers {@link InvalidationBus.Subscriber#connectionRestored()} (which makes the invalidators retry
 * their queues at once).
 */
final class InvalidationPath {
  private final Bus bus;
  private final L2 remoteCache;
  private volatile boolean down;
  private final AtomicLong refusedPublishes = new AtomicLong();
  private final AtomicLong refusedL2Commands = new AtomicLong();

  InvalidationPath(InvalidationBus inner, RemoteCache innerCache) {
    this.bus = new Bus(inner);
    this.remoteCache = new L2(innerCache);
  }

  InvalidationBus bus() {
    return bus;
  }

  RemoteCache remoteCache() {
    return remoteCache;
  }

  boolean isDown() {
    return down;
  }

  /** Publishes refused while the path was down. */
  long refusedPublishes() {
    return refusedPublishes.get();
  }

  /** L2 commands refused while the path was down. */
  long refusedL2Commands() {
    return refusedL2Commands.get();
  }

  /** Takes L2 and the bus down and tells the bus's subscribers. */
  void takeDown() {
    down = true;
    for (InvalidationBus.Subscriber s : bus.subscribers) {
      s.connectionLost();
    }
  }

  /** Brings L2 and the bus back and tells the bus's subscribers (their invalidators retry their queues then). */
  void restore() {
    down = false;
    for (InvalidationBus.Subscriber s : bus.subscribers) {
      s.connectionRestored();
    }
  }

  private static <T> CompletableFuture<T> unavailable(String what) {
    return CompletableFuture.failedFuture(new IllegalStateException(what + " unavailable (scenario 4 outage)"));
  }

  private final class Bus implements InvalidationBus {
    private final InvalidationBus inner;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    Bus(InvalidationBus inner) {
      this.inner = inner;
    }

    @Override
    public CompletableFuture<Void> publish(InvalidationMessage message) {
      if (down) {
        refusedPublishes.incrementAndGet();
        return unavailable("invalidation bus");
      }
      return inner.publish(message);
    }

    @Override
    public AutoCloseable subscribe(Subscriber subscriber) {
      subscribers.add(subscriber);
      AutoCloseable handle = inner.subscribe(subscriber);
      return () -> {
        subscribers.remove(subscriber);
        handle.close();
      };
    }
  }

  private final class L2 implements RemoteCache {
    private final RemoteCache inner;

    L2(RemoteCache inner) {
      this.inner = inner;
    }

    @Override
    public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
      if (down) {
        refusedL2Commands.incrementAndGet();
        return unavailable("L2");
      }
      return inner.getAll(keys);
    }

    @Override
    public CompletableFuture<Integer> putAll(List<Fill> fills) {
      if (down) {
        refusedL2Commands.incrementAndGet();
        return unavailable("L2");
      }
      return inner.putAll(fills);
    }

    @Override
    public CompletableFuture<Integer> invalidate(Collection<String> tags) {
      if (down) {
        refusedL2Commands.incrementAndGet();
        return unavailable("L2");
      }
      return inner.invalidate(tags);
    }
  }
}
