package dev.calcomclient.examples.load;

import dev.calcomclient.cache.RemoteCache;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An L2 whose store counts lifetimes on the wall clock (Redis's {@code PX}) used by a client on simulated time:
 * a fill's time to live is divided by the time scale on the way in and a lookup's remaining time to live multiplied
 * by it on the way out, so that a day cached for 300 simulated seconds leaves Redis after 300 simulated seconds, as
 * with {@link RemoteCache#inMemory} on the simulated clock. Without it every L2 entry would outlive a whole
 * scenario at x60 and the figures would count hits that a real deployment would not get.
 */
final class ScaledTtlRemoteCache implements RemoteCache {
  private final RemoteCache delegate;
  private final double scale;

  ScaledTtlRemoteCache(RemoteCache delegate, double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive, got " + scale);
    }
    this.delegate = delegate;
    this.scale = scale;
  }

  /** A simulated duration as the wall-clock duration the store counts; at least 1 ms (PX takes milliseconds). */
  static Duration toWall(Duration simulated, double scale) {
    return Duration.ofMillis(Math.max(1, Math.round(simulated.toMillis() / scale)));
  }

  /** A wall-clock duration the store reported, in simulated time. */
  static Duration toSimulated(Duration wall, double scale) {
    return Duration.ofMillis(Math.round(wall.toMillis() * scale));
  }

  @Override
  public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
    return delegate.getAll(keys).thenApply(lookups -> lookups.stream()
        .map(l -> new Lookup(l.value(), l.generation(), toSimulated(l.remainingTtl(), scale)))
        .toList());
  }

  @Override
  public CompletableFuture<Integer> putAll(List<Fill> fills) {
    return delegate.putAll(fills.stream()
        .map(f -> new Fill(f.key(), f.tag(), f.value(), f.expectedGeneration(), toWall(f.ttl(), scale)))
        .toList());
  }

  @Override
  public CompletableFuture<Integer> invalidate(Collection<String> tags) {
    return delegate.invalidate(tags);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
