package dev.calcomclient.examples.load;

import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
   * @param at simulated seconds (a publish: when the instance handed it to the bus, logged once the bus took it; a
   *     receipt: when the subscriber had applied it)
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
        double handedOver = time.nowSeconds();
        return bus.publish(message).whenComplete((v, e) -> {
          if (e == null) {
            events.add(new Event(handedOver, instance, true, message));
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

  /**
   * When {@code receiver} had applied the message {@code publisher} sent about a booking: the first message that
   * instance published at or after {@code notBefore} (the booking's creation) carrying the booking's tag (its event
   * type on its UTC day) or flushing all.
   *
   * @return the receipt's simulated seconds, or null when the log shows no such message or no receipt of it
   */
  static Double receipt(List<Event> events, int publisher, double notBefore, long eventTypeId, LocalDate utcDay,
      int receiver) {
    Event sent = publish(events, publisher, notBefore, eventTypeId, utcDay);
    if (sent == null) {
      return null;
    }
    return events.stream()
        .filter(e -> !e.published() && e.instance() == receiver && sameMessage(e.message(), sent.message()))
        .map(Event::at).min(Double::compare).orElse(null);
  }

  /**
   * The first message {@code publisher} published at or after {@code notBefore} carrying the tag of
   * {@code eventTypeId} on {@code utcDay} (or flushing all), or null.
   */
  static Event publish(List<Event> events, int publisher, double notBefore, long eventTypeId, LocalDate utcDay) {
    return events.stream()
        .filter(e -> e.published() && e.instance() == publisher && e.at() >= notBefore)
        .filter(e -> e.carries(eventTypeId, utcDay))
        .min(Comparator.comparingDouble(Event::at)).orElse(null);
  }

  private static boolean sameMessage(InvalidationMessage a, InvalidationMessage b) {
    return a.sourceId().equals(b.sourceId()) && a.sequence() == b.sequence();
  }

  /**
   * The delays between each message's publish and each other instance's receipt, in simulated seconds, sorted (a
   * receipt whose publish the log lacks, or by the publisher itself, is left out).
   */
  static List<Double> deliveryDelays(List<Event> events) {
    Map<String, Event> published = new HashMap<>();
    events.stream().filter(Event::published).forEach(e -> published.putIfAbsent(key(e.message()), e));
    return events.stream().filter(e -> !e.published())
        .filter(e -> published.containsKey(key(e.message()))
            && published.get(key(e.message())).instance() != e.instance())
        .map(e -> e.at() - published.get(key(e.message())).at()).sorted().toList();
  }

  /**
   * The delivery delays summed up for the report: how many receipts, their median and maximum in simulated seconds
   * and in wall milliseconds ({@code scale}: the side's time scale). Empty when there were none.
   */
  static Map<String, Object> deliverySummary(List<Double> sortedDelays, double scale) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (sortedDelays.isEmpty()) {
      return m;
    }
    double median = sortedDelays.get((sortedDelays.size() - 1) / 2);
    double max = sortedDelays.get(sortedDelays.size() - 1);
    m.put("receipts", sortedDelays.size());
    m.put("median_sim_s", Math.round(median * 1000) / 1000.0);
    m.put("max_sim_s", Math.round(max * 1000) / 1000.0);
    m.put("median_wall_ms", Math.round(median / scale * 1e4) / 10.0);
    m.put("max_wall_ms", Math.round(max / scale * 1e4) / 10.0);
    return m;
  }

  private static String key(InvalidationMessage m) {
    return m.sourceId() + "#" + m.sequence();
  }
}
