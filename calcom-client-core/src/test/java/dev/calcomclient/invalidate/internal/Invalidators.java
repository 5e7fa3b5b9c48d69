package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.cache.internal.PeerConnectivity;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Builds a {@link SmartInvalidator} with its dependency index subscribed to a catalog, the way the client's graph
 * does, over any {@link dev.calcomclient.cache.internal.InvalidationTarget} (tests use a recording one).
 */
public final class Invalidators {
  private Invalidators() {}

  /**
   * Creates the dependency index and the invalidator; subscribes to the configured bus at once (before the cache
   * serves reads).
   *
   * @param target the slot store
   * @param catalog the event types' facts; the dependency index subscribes to it
   * @param config the invalidation configuration
   * @param clock the client's clock
   * @param scheduler the client's scheduler (retries and delivery timeouts)
   * @param listener the client's listener fan-out
   */
  public static Wiring create(
      InvalidationTarget target,
      EventTypeCatalog catalog,
      InvalidationConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      CalcomEventListener listener) {
    Objects.requireNonNull(config, "config");
    DependencyIndex index = new DependencyIndex();
    catalog.subscribe(index);
    SmartInvalidator invalidator =
        new SmartInvalidator(target, index, catalog, config, clock, scheduler, listener, new PeerConnectivity());
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
