package dev.calcomclient;

import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import java.util.Optional;

/** Lets tests in other packages (and modules) reach a client's components through its graph; test code only. */
public final class ClientInternals {
  private ClientInternals() {}

  /** The client's event-type catalog. */
  public static EventTypeCatalog catalog(CalcomClient client) {
    return client.graph().catalog;
  }

  /** The client's smart invalidator (its cache must be enabled). */
  public static dev.calcomclient.invalidate.internal.SmartInvalidator invalidator(CalcomClient client) {
    return (dev.calcomclient.invalidate.internal.SmartInvalidator) client.graph().invalidator;
  }

  /** The client's slot store, or empty when its cache is disabled. */
  public static Optional<SlotStore> store(CalcomClient client) {
    return client.graph().store;
  }
}
