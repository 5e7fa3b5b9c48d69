package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Wires the smart invalidator into a client. Typical use in the client's constructor:
 *
 * <pre>{@code
 * Invalidators.Wiring wiring = Invalidators.create(() -> slotCache, invalidationConfig, clock, scheduler, listener);
 * slotCache.addEventTypeObserver(wiring.eventTypeSink()); // feeds every decoded EventType to the index
 * Invalidator invalidator = wiring.asInvalidator();
 * BookingsService bookings = new DefaultBookingsService(caller, listener, invalidator, invalidationConfig);
 * // on close: invalidator.close();
 * }</pre>
 */
public final class Invalidators {
  private Invalidators() {}

  /**
   * Creates the dependency index and the invalidator; subscribes to the configured bus at once (before the cache
   * serves reads).
   *
   * @param target the slot cache; looked up on first use, so it may be created after this call
   * @param config the invalidation configuration
   * @param clock the client's clock
   * @param scheduler the client's scheduler (retries and delivery timeouts)
   * @param listener the client's listener fan-out
   */
  public static Wiring create(
      Supplier<InvalidationTarget> target,
      InvalidationConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      CalcomEventListener listener) {
    Objects.requireNonNull(config, "config");
    DependencyIndex index = new DependencyIndex();
    SmartInvalidator invalidator = new SmartInvalidator(target, index, config, clock, scheduler, listener);
    return new Wiring(invalidator, index);
  }

  /**
   * The wired parts.
   *
   * @param invalidator the invalidator (close it with the client)
   * @param index the dependency index
   */
  public record Wiring(SmartInvalidator invalidator, DependencyIndex index) {
    /** Where the slot cache and the event type service report every event type they decode. */
    public Consumer<EventType> eventTypeSink() {
      return index;
    }

    /** The invalidator as its public interface. */
    public Invalidator asInvalidator() {
      return invalidator;
    }
  }
}
