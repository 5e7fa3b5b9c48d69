package dev.calcomclient.testing;

import dev.calcomclient.catalog.internal.EventTypeCatalog;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** Event-type catalogs for tests that feed the facts themselves. */
public final class Catalogs {
  private Catalogs() {}

  /** A catalog whose loads find nothing: it knows what it is {@linkplain EventTypeCatalog#record told}. */
  public static EventTypeCatalog inert(Clock clock, ScheduledExecutorService scheduler) {
    return new EventTypeCatalog(
        (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), Duration.ofMinutes(15), clock, scheduler);
  }
}
