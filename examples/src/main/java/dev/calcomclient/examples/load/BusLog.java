package dev.calcomclient.examples.load;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the invalidation bus carried between a side's instances, for the stale-offer diagnosis: when each instance
 * published a message and when each received one (after its client applied it), in simulated seconds.
 */
final class BusLog {
  /**
   * One publish or receipt.
   *
   * @param at simulated seconds (a publish: when the bus took it; a receipt: when the subscriber had applied it)
   * @param instance the instance publishing or receiving
   * @param published whether a publish (else a receipt)
   * @param message the message
   */
  record Event(double at, int instance, boolean published, InvalidationMessage message) {
    /** Whether the message names the tag of {@code eventTypeId} on {@code utcDay} (rendered under any prefix). */
    boolean carries(long eventTypeId, java.time.LocalDate utcDay) {
      String suffix = ":tag:et:" + eventTypeId + ":" + utcDay;
      return message.flushAll() || message.tags().stream().anyMatch(t -> t.endsWith(suffix));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.3f instance %d %s %s #%d (%d tags%s)", at, instance,
          published ? "published" : "received from", message.sourceId(), message.sequence(), message.tags().size(),
          message.flushAll() ? ", flush all" : "");
    }
  }

  private final SimTime time;
  private final Queue<Event> events = new ConcurrentLinkedQueue<>();

  BusLog(SimTime time) {
    this.time = time;
  }

  /** {@code bus} as instance {@code instance} uses it, its publishes and receipts logged here. */
  InvalidationBus observe(InvalidationBus bus, int instance) {
    return new InvalidationBus() {
      @Override
      public CompletableFuture<Void> publish(InvalidationMessage message) {
        return bus.publish(message).whenComplete((v, e) -> {
          if (e == null) {
            events.add(new Event(time.nowSeconds(), instance, true, message));
          }
        });
      }

      @Override
      public AutoCloseable subscribe(Subscriber subscriber) {
        return bus.subscribe(new Subscriber() {
          @Override
          public void onMessage(InvalidationMessage message) {
            subscriber.onMessage(message);
            events.add(new Event(time.nowSeconds(), instance, false, message));
          }

          @Override
          public void connectionLost() {
            subscriber.connectionLost();
          }

          @Override
          public void connectionRestored() {
            subscriber.connectionRestored();
          }
        });
      }

      @Override
      public void close() {
        bus.close();
      }
    };
  }

  /** Every event so far. */
  List<Event> events() {
    return List.copyOf(events);
  }
}
