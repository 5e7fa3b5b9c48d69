package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.RemoteCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory {@link RemoteCache} with the same semantics as the Redis one: per-tag generations, check-and-set
 * fills, tag sets for invalidation, TTLs on {@code clock} time. One lock makes every batch atomic, as the Redis
 * scripts are. Expired values are dropped when read or when their tag is invalidated.
 */
public final class InMemoryRemoteCache implements RemoteCache {
  private final Clock clock;
  private final Map<String, Stored> values = new HashMap<>();
  private final Map<String, Long> generations = new HashMap<>();
  private final Map<String, Set<String>> tagged = new HashMap<>();

  /** Creates an empty cache on {@code clock}. */
  public InMemoryRemoteCache(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
    long now = clock.millis();
    List<Lookup> out = new ArrayList<>(keys.size());
    for (KeyRef k : keys) {
      long gen = generations.getOrDefault(k.tag(), 0L);
      Stored s = values.get(k.key());
      if (s != null && s.expiresAtMillis <= now) {
        values.remove(k.key());
        s = null;
      }
      if (s == null || s.generation != gen) {
        out.add(new Lookup(null, gen, Duration.ZERO));
      } else {
        out.add(new Lookup(s.value.clone(), gen, Duration.ofMillis(s.expiresAtMillis - now)));
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public synchronized CompletableFuture<Integer> putAll(List<Fill> fills) {
    long now = clock.millis();
    int stored = 0;
    for (Fill f : fills) {
      long gen = generations.getOrDefault(f.tag(), 0L);
      if (gen != f.expectedGeneration()) {
        continue;
      }
      values.put(f.key(), new Stored(f.value().clone(), gen, now + f.ttl().toMillis()));
      tagged.computeIfAbsent(f.tag(), t -> new HashSet<>()).add(f.key());
      stored++;
    }
    return CompletableFuture.completedFuture(stored);
  }

  @Override
  public synchronized CompletableFuture<Integer> invalidate(Collection<String> tags) {
    int deleted = 0;
    for (String tag : tags) {
      generations.merge(tag, 1L, Long::sum);
      Set<String> keys = tagged.remove(tag);
      if (keys != null) {
        for (String key : keys) {
          if (values.remove(key) != null) {
            deleted++;
          }
        }
      }
    }
    return CompletableFuture.completedFuture(deleted);
  }

  /** How many values are held (expired ones included until read); for tests. */
  public synchronized int size() {
    return values.size();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryRemoteCache{values=" + values.size() + ", tags=" + tagged.size() + "}";
  }

  private record Stored(byte[] value, long generation, long expiresAtMillis) {}
}
