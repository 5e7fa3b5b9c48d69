package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.RemoteCache;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * An L2 tier held in this JVM's memory ({@link RemoteCache#inMemory}): not shared with other instances (that is the
 * Redis module's), but with the same semantics as the Redis one, so that a single JVM and the tests exercise the
 * L2 code path: per-tag generations, check-and-set
 * fills, tag sets for invalidation, TTLs on {@code clock} time. One lock makes every batch atomic, as the Redis
 * scripts are. Expired values are dropped when read, when their tag is invalidated, and by a sweep at most once a
 * minute of {@code clock} time.
 *
 * <p>Bounded over months: when the UTC day moves on, the tags of days before yesterday (the day is the tag's last
 * {@code :yyyy-mm-dd} segment) are forgotten with their values. Their generation is first raised to a <em>past
 * floor</em>, the largest generation forgotten, so that a generation never goes back to a value a fill could have
 * read before the tag's last invalidation: such a fill is refused whenever it ends. The cost is an extra miss for a
 * past day, never a stale answer. Tags without a day are never forgotten.
 */
public final class InProcessL2 implements RemoteCache {
  // Module boundary: public only because RemoteCache.inMemory (another package) constructs it.
  private final Clock clock;
  private final Map<String, Stored> values = new HashMap<>();
  private final Map<String, Long> generations = new HashMap<>();
  private final Map<String, Set<String>> tagged = new HashMap<>();
  private long horizonEpochDay = Long.MIN_VALUE;
  private long pastFloor;
  private long nextSweepMillis = Long.MIN_VALUE;

  /** Creates an empty cache on {@code clock}. */
  public InProcessL2(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
    long now = clock.millis();
    maintain(now);
    List<Lookup> out = new ArrayList<>(keys.size());
    for (KeyRef k : keys) {
      long gen = generation(k.tag());
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
    maintain(now);
    int stored = 0;
    for (Fill f : fills) {
      long gen = generation(f.tag());
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
    maintain(clock.millis());
    int deleted = 0;
    for (String tag : tags) {
      generations.put(tag, generation(tag) + 1);
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

  /** How many values are held (expired ones included until swept); for tests. */
  public synchronized int size() {
    return values.size();
  }

  /** How many tags have a generation or a tag set of their own; for tests. */
  public synchronized int tagCount() {
    Set<String> all = new HashSet<>(generations.keySet());
    all.addAll(tagged.keySet());
    return all.size();
  }

  private long generation(String tag) {
    long g = generations.getOrDefault(tag, 0L);
    return dayOf(tag) < horizonEpochDay ? Math.max(g, pastFloor) : g;
  }

  /** Sweeps expired values (at most once a minute) and forgets past days' tags (once per UTC day). */
  private void maintain(long now) {
    if (now >= nextSweepMillis) {
      nextSweepMillis = now + 60_000L;
      values.entrySet().removeIf(e -> e.getValue().expiresAtMillis <= now);
      tagged.values().forEach(keys -> keys.removeIf(k -> !values.containsKey(k)));
      tagged.values().removeIf(Set::isEmpty);
    }
    long horizon = Math.floorDiv(now, 86_400_000L) - 1;
    if (horizon <= horizonEpochDay) {
      return;
    }
    for (Map.Entry<String, Long> e : generations.entrySet()) {
      if (dayOf(e.getKey()) < horizon) {
        pastFloor = Math.max(pastFloor, e.getValue());
      }
    }
    horizonEpochDay = horizon;
    generations.keySet().removeIf(t -> dayOf(t) < horizon);
    tagged.entrySet().removeIf(e -> {
      if (dayOf(e.getKey()) >= horizon) {
        return false;
      }
      e.getValue().forEach(values::remove);
      return true;
    });
  }

  /** The epoch day of a tag ending in {@code :yyyy-mm-dd}, or {@link Long#MAX_VALUE} (never past) for others. */
  private static long dayOf(String tag) {
    int colon = tag.lastIndexOf(':');
    if (colon < 0 || tag.length() - colon != 11) {
      return Long.MAX_VALUE;
    }
    try {
      return LocalDate.parse(tag.substring(colon + 1)).toEpochDay();
    } catch (DateTimeParseException e) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public synchronized String toString() {
    return "InProcessL2{values=" + values.size() + ", tags=" + tagged.size() + "}";
  }

  private record Stored(byte[] value, long generation, long expiresAtMillis) {}
}
