package dev.calcomclient.testing;

import dev.calcomclient.cache.RemoteCache;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A view of a shared tier whose reads a test controls: they can fail (a failed future), throw, or be held until the
 * test completes {@link #held}; fills and invalidations go to the delegate unchanged.
 */
public final class ControlledReads implements RemoteCache {
  private final RemoteCache delegate;
  /** Reads answer with a failed future. */
  public volatile boolean failing;
  /** Reads throw instead of answering. */
  public volatile boolean throwing;
  /** When set, reads wait for it (and {@link #pending} records the keys of the last one). */
  public volatile CompletableFuture<Void> held;
  /** The keys of the last read that waited for {@link #held}. */
  public volatile List<KeyRef> pending;

  public ControlledReads(RemoteCache delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
    if (throwing) {
      throw new IllegalStateException("L2 read threw");
    }
    if (failing) {
      return CompletableFuture.failedFuture(new IllegalStateException("L2 read failed"));
    }
    CompletableFuture<Void> gate = held;
    if (gate == null) {
      return delegate.getAll(keys);
    }
    pending = keys;
    return gate.thenCompose(v -> delegate.getAll(keys));
  }

  @Override
  public CompletableFuture<Integer> putAll(List<Fill> fills) {
    return delegate.putAll(fills);
  }

  @Override
  public CompletableFuture<Integer> invalidate(Collection<String> tags) {
    return delegate.invalidate(tags);
  }
}
