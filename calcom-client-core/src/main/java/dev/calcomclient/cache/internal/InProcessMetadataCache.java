package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The {@link MetadataCache} of a client whose cache is enabled: an L1-only cache of decoded metadata (event types, schedules, {@code me}) for {@link CacheConfig#metadataTtl()},
 * bounded at 1 000 answers. Metadata changes rarely and is not invalidated by bookings, so it is not shared through
 * L2: each instance keeps its own copy for the TTL. Values are the decoded immutable models.
 *
 * <p>Concurrent misses for the same answer both go upstream and are coalesced into one call by the pipeline's
 * coalescer; failures are not cached.
 */
final class InProcessMetadataCache implements MetadataCache {
  private static final long MAXIMUM_ENTRIES = 1_000;

  private final Cache<String, Object> cache;
  private final String prefix;
  private final CalcomEventListener listener;

  /** Creates an empty cache with {@code config}'s metadata TTL on {@code clock}'s time. */
  InProcessMetadataCache(CacheConfig config, Clock clock, CalcomEventListener listener) {
    this.prefix = config.keyPrefix();
    this.listener = Objects.requireNonNull(listener, "listener");
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM_ENTRIES)
            .expireAfterWrite(config.metadataTtl())
            .ticker(LocalSlotTier.ticker(clock))
            .executor(Runnable::run)
            .build();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> get(
      CalcomRequest request, Supplier<CompletableFuture<T>> load, Predicate<? super T> cacheable) {
    String key = keyOf(request);
    Object hit = cache.getIfPresent(key);
    if (hit != null) {
      listener.cacheHit(CacheTier.L1, key);
      listener.answeredFromCache(request.operation());
      return CompletableFuture.completedFuture((T) hit);
    }
    listener.cacheMiss(CacheTier.L1, key);
    return load.get()
        .thenApply(
            value -> {
              if (value != null && cacheable.test(value)) {
                cache.put(key, value);
              }
              return value;
            });
  }

  /** {@code {prefix}:meta:{path}?{sorted query}}; never contains a credential. */
  String keyOf(CalcomRequest request) {
    StringBuilder sb = new StringBuilder(prefix).append(":meta:").append(request.path());
    Map<String, List<String>> sorted = new TreeMap<>(request.query());
    char sep = '?';
    for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
      List<String> values = new ArrayList<>(e.getValue());
      values.sort(null);
      for (String v : values) {
        sb.append(sep).append(e.getKey()).append('=').append(v);
        sep = '&';
      }
    }
    return sb.toString();
  }
}
