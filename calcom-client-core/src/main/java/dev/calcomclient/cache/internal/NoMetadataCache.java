package dev.calcomclient.cache.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The {@link MetadataCache} of a client whose cache is disabled: every answer is loaded, nothing is kept. */
enum NoMetadataCache implements MetadataCache {
  INSTANCE;

  @Override
  public <T> CompletableFuture<T> get(
      CalcomRequest request, Supplier<CompletableFuture<T>> load, Predicate<? super T> cacheable) {
    return load.get();
  }
}
