package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot store's view of L2 (a {@link RemoteCache}, or none): keys and tags rendered under the prefix, batched
 * reads, generation reads, fills and tag invalidations. Never throws: a throwing L2 becomes a failed future, and
 * without an L2 every read misses and every write is a no-op.
 *
 * <p>A fill is kept {@code retention} past its time to live (the longest stale-if-error or stale-if-overloaded
 * window), its lifetime written into the value ({@link SlotDayCodec}), so that an instance whose own fetch is
 * refused or fails can serve a day another instance fetched ({@link Held#staleCandidate}) as an L1 entry kept past
 * its time to live is served. A read tells the two apart: a value past its time to live is a miss.
 */
final class RemoteSlotTier {
  private static final Logger log = LoggerFactory.getLogger(RemoteSlotTier.class);

  private final RemoteCache l2;
  private final String prefix;
  private final Duration retention;

  RemoteSlotTier(RemoteCache l2, String prefix, Duration retention) {
    this.l2 = l2;
    this.prefix = prefix;
    this.retention = retention;
  }

  boolean present() {
    return l2 != null;
  }

  /** One round trip for the values and tag generations of {@code keys}, in order. */
  CompletableFuture<List<RemoteCache.Lookup>> getAll(List<SlotKey> keys) {
    List<RemoteCache.KeyRef> refs = new ArrayList<>(keys.size());
    for (SlotKey k : keys) {
      refs.add(new RemoteCache.KeyRef(k.render(prefix), k.tag().render(prefix)));
    }
    try {
      return l2.getAll(refs);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The L2 generations of {@code keys} (ignoring values), or empty when there is no L2 or it failed. */
  CompletableFuture<Map<SlotKey, Long>> generations(List<SlotKey> keys) {
    if (l2 == null) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return getAll(keys).handle(
        (lookups, failure) -> {
          Map<SlotKey, Long> gens = new HashMap<>();
          if (failure == null && lookups != null && lookups.size() == keys.size()) {
            for (int i = 0; i < keys.size(); i++) {
              gens.put(keys.get(i), lookups.get(i).generation());
            }
          }
          return gens;
        });
  }

  /**
   * What L2's value of {@code key} says of a slot starting at {@code start}, in one round trip: a value held at the
   * tag's current generation, fresh or kept past its time to live (both would be served), offers it or leaves it
   * out; no L2, no value, an undecodable one or a failed read is {@link InvalidationTarget.Offer#NOT_HELD}. Never
   * fails.
   */
  CompletableFuture<InvalidationTarget.Offer> offers(SlotKey key, Instant start) {
    if (l2 == null) {
      return CompletableFuture.completedFuture(InvalidationTarget.Offer.NOT_HELD);
    }
    return getAll(List.of(key)).handle(
        (lookups, failure) -> {
          if (failure != null || lookups == null || lookups.size() != 1) {
            log.debug("L2 read of {} failed; taking it as not held", key, failure);
            return InvalidationTarget.Offer.NOT_HELD;
          }
          Held held = held(key, lookups.get(0));
          if (held == null) {
            return InvalidationTarget.Offer.NOT_HELD;
          }
          return held.day().offers(start) ? InvalidationTarget.Offer.OFFERED : InvalidationTarget.Offer.LEFT_OUT;
        });
  }

  /**
   * A fill of {@code key} at the L2 generation read before the fetch, fresh for {@code ttl} and kept the retention
   * beyond it.
   */
  RemoteCache.Fill fill(SlotKey key, SlotDay value, long generation, Duration ttl) {
    return new RemoteCache.Fill(
        key.render(prefix), key.tag().render(prefix), SlotDayCodec.encode(value, ttl, retention), generation,
        ttl.plus(retention));
  }

  /** Stores {@code fills} in the background; a failure only costs L2 hits (L1 still holds them). */
  void putAll(List<RemoteCache.Fill> fills) {
    if (l2 == null || fills.isEmpty()) {
      return;
    }
    try {
      l2.putAll(fills)
          .whenComplete(
              (stored, failure) -> {
                if (failure != null) {
                  log.debug("L2 fill of {} keys failed; L1 still holds them", fills.size(), failure);
                }
              });
    } catch (RuntimeException e) {
      log.debug("L2 fill of {} keys failed; L1 still holds them", fills.size(), e);
    }
  }

  /** Invalidates {@code tags} in one batched call; completes with 0 without an L2. */
  CompletableFuture<Integer> invalidate(Collection<SlotTag> tags) {
    if (l2 == null || tags.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<String> rendered = new ArrayList<>(tags.size());
    for (SlotTag t : tags) {
      rendered.add(t.render(prefix));
    }
    try {
      return l2.invalidate(rendered);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * What {@code lookup} holds for {@code key}: its day and lifetime, or {@code null} (a miss, refetched) when it has
   * no value or the value cannot be decoded.
   */
  static Held held(SlotKey key, RemoteCache.Lookup lookup) {
    if (!lookup.isHit()) {
      return null;
    }
    SlotDayCodec.Decoded d;
    try {
      d = SlotDayCodec.decodeWithLifetime(lookup.value());
    } catch (RuntimeException e) {
      log.warn("undecodable L2 value for {}; refetching", key, e);
      return null;
    }
    Duration physical = lookup.remainingTtl();
    return d.ttl() == null
        ? new Held(d.day(), physical, null)
        : new Held(d.day(), physical.minus(d.kept()), d.ttl());
  }

  /**
   * A day read from L2.
   *
   * @param day the day
   * @param remaining how much of its time to live is left: negative or zero once it is only kept to be served stale
   * @param ttl the time to live it was stored with, or {@code null} for a value written without it (an earlier
   *     version of the client, which kept nothing past the time to live)
   */
  record Held(SlotDay day, Duration remaining, Duration ttl) {
    /** Whether the day is still within its time to live. */
    boolean isFresh() {
      return remaining.toMillis() > 0;
    }

    /**
     * The day as an L1 entry past its time to live, stored at {@code l1Generation}, for {@link StaleIfError}: fresh
     * until {@code remaining} from {@code nowMillis}, answered by Cal.com {@code ttl} before that.
     */
    LocalSlotTier.Entry staleCandidate(long l1Generation, long nowMillis) {
      long freshUntil = nowMillis + remaining.toMillis();
      long ttlMillis = ttl.toMillis();
      return new LocalSlotTier.Entry(day, l1Generation, freshUntil, ttlMillis, ttlMillis, freshUntil - ttlMillis,
          LocalSlotTier.Entry.NOT_PATCHED);
    }
  }

  @Override
  public String toString() {
    return l2 == null ? "none" : l2.toString();
  }
}
