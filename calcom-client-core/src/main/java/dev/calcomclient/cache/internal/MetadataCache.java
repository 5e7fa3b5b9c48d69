package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decoded metadata answers (event types, schedules, {@code me}) kept for the metadata TTL. A client whose cache is
 * disabled gets the {@linkplain #disabled() null object}, so the services never ask "is there a cache?".
 */
public interface MetadataCache {

  /**
   * The cached answer of {@code request}, or {@code load}'s, stored when {@code cacheable} accepts it.
   *
   * @param <T> the decoded answer's type
   * @param request the upstream request this answer belongs to (its path and query form the key)
   * @param load sends the request and decodes the answer
   * @param cacheable whether an answer may be kept (an empty "not found" answer is not)
   * @return the cached or loaded answer
   */
  <T> CompletableFuture<T> get(
      CalcomRequest request, Supplier<CompletableFuture<T>> load, Predicate<? super T> cacheable);

  /**
   * An in-process cache (L1 only, bounded) with {@code config}'s metadata TTL.
   *
   * @param config an enabled cache configuration
   * @param clock the client's clock
   * @param listener told of hits (answered from the cache) and misses
   * @return the cache
   */
  static MetadataCache inProcess(CacheConfig config, Clock clock, CalcomEventListener listener) {
    return new InProcessMetadataCache(config, clock, listener);
  }

  /**
   * The cache of a client whose cache is disabled: every answer is loaded, nothing is kept.
   *
   * @return the null object
   */
  static MetadataCache disabled() {
    return NoMetadataCache.INSTANCE;
  }
}
