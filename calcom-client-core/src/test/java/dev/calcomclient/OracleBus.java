package dev.calcomclient;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.awaitility.Awaitility;

/**
 * An in-process bus between the oracle's instances whose deliveries the test holds, then releases one at a time or
 * all at once, in order or reversed. It remembers which bookings each message announces (the changes its publisher
 * had seen complete just before publishing), so a receiver's model learns them exactly when the message arrives.
 */
final class OracleBus {
  private final List<List<InvalidationBus.Subscriber>> subscribers = new ArrayList<>();
  private final List<Held> held = new ArrayList<>();
  private final int[] published;
  private final BiConsumer<Integer, Map<String, Long>> learned;

  private record Held(int from, int index, InvalidationMessage message, Map<String, Long> announces) {}

  /**
   * @param instances the number of instances on the bus
   * @param learned told (receiver, bookings) when a delivered message announces bookings to a receiver
   */
  OracleBus(int instances, BiConsumer<Integer, Map<String, Long>> learned) {
    for (int i = 0; i < instances; i++) {
      subscribers.add(new CopyOnWriteArrayList<>());
    }
    this.published = new int[instances];
    this.learned = learned;
  }

  /** The bus as instance {@code instance} sees it. */
  InvalidationBus forInstance(int instance) {
    return new InvalidationBus() {
      @Override
      public CompletableFuture<Void> publish(InvalidationMessage message) {
        synchronized (OracleBus.this) {
          held.add(new Held(instance, published[instance]++, message, new java.util.HashMap<>()));
        }
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public AutoCloseable subscribe(Subscriber subscriber) {
        subscribers.get(instance).add(subscriber);
        return () -> subscribers.get(instance).remove(subscriber);
      }
    };
  }

  synchronized int published(int instance) {
    return published[instance];
  }

  /**
   * Waits until {@code instance} has published a message after its {@code since}-th and records that the first
   * such message announces {@code uid}.
   *
   * @return whether a message was published in time
   */
  boolean announce(int instance, int since, String uid, long eventTypeId) {
    try {
      Awaitility.await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
          .until(() -> published(instance) > since);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
    synchronized (this) {
      for (Held h : held) {
        if (h.from == instance && h.index == since) {
          h.announces.put(uid, eventTypeId);
        }
      }
    }
    return true;
  }

  /** Delivers held messages: one ({@code pick % 3 == 0}, the {@code pick}-th) or all, reversed or in order. */
  void deliver(int pick, boolean reversed) {
    List<Held> batch;
    synchronized (this) {
      if (held.isEmpty()) {
        return;
      }
      batch = pick % 3 == 0 ? List.of(held.get(pick % held.size())) : new ArrayList<>(held);
      held.removeAll(batch);
    }
    List<Held> ordered = new ArrayList<>(batch);
    if (reversed) {
      java.util.Collections.reverse(ordered);
    }
    for (Held h : ordered) {
      for (int to = 0; to < subscribers.size(); to++) {
        if (to == h.from) {
          continue;
        }
        for (InvalidationBus.Subscriber s : subscribers.get(to)) {
          s.onMessage(h.message);
        }
        learned.accept(to, Map.copyOf(h.announces));
      }
    }
  }

  /** Bookings announced by messages still held, for diagnostics. */
  synchronized Set<String> pendingAnnouncements() {
    Set<String> out = new java.util.HashSet<>();
    held.forEach(h -> out.addAll(h.announces.keySet()));
    return out;
  }
}
