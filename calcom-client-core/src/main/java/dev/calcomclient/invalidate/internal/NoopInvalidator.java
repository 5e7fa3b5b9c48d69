package dev.calcomclient.invalidate.internal;

import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.InvalidationReport;
import dev.calcomclient.invalidate.InvalidatorStats;
import dev.calcomclient.invalidate.Invalidator;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The invalidator of a client whose cache is disabled (a null object): there is nothing to invalidate, so every
 * change completes at once with an empty report, and the services need no "is there an invalidator" branch.
 */
public final class NoopInvalidator implements Invalidator {
  /** The one instance. */
  public static final NoopInvalidator INSTANCE = new NoopInvalidator();

  private static final InvalidationReport NOTHING =
      new InvalidationReport(new TreeSet<>(), 0, Set.of(), new TreeSet<>(), Duration.ZERO, false);

  private NoopInvalidator() {}

  @Override
  public CompletableFuture<InvalidationReport> apply(BookingChange change) {
    Objects.requireNonNull(change, "change");
    return CompletableFuture.completedFuture(NOTHING);
  }

  @Override
  public CompletableFuture<InvalidationReport> invalidateEventTypes(Collection<Long> eventTypeIds) {
    Objects.requireNonNull(eventTypeIds, "eventTypeIds");
    return CompletableFuture.completedFuture(NOTHING);
  }

  @Override
  public CompletableFuture<Void> flushAll() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String sourceId() {
    return "none";
  }

  @Override
  public int backlog() {
    return 0;
  }

  @Override
  public CompletableFuture<Void> whenDelivered() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void retryNow() {}

  @Override
  public InvalidatorStats stats() {
    return new InvalidatorStats(0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "NoopInvalidator";
  }
}
