package dev.calcomclient;

import dev.calcomclient.catalog.internal.EventTypeCatalog;

/** Lets tests in other packages reach a client's components; test code only. */
public final class ClientInternals {
  private ClientInternals() {}

  /** The client's event-type catalog. */
  public static EventTypeCatalog catalog(CalcomClient client) {
    return client.catalog();
  }
}
