package dev.calcomclient.internal.resource;

import dev.calcomclient.MeService;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.internal.MetadataCache;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.Me;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * {@link MeService} over the pipeline; the profile goes through the {@link MetadataCache} (kept in process, L1
 * only, for the metadata TTL; nothing kept when the cache is disabled).
 */
public final class DefaultMeService implements MeService {
  private final ApiCaller caller;
  private final MetadataCache cache;

  /** Creates the service without a cache. */
  public DefaultMeService(ApiCaller caller) {
    this(caller, MetadataCache.disabled());
  }

  /** Creates the service; {@code cache} is {@link MetadataCache#disabled()} for none. */
  public DefaultMeService(ApiCaller caller, MetadataCache cache) {
    this.caller = caller;
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public Me get(RequestOptions options) {
    return caller.await(getAsync(options), options);
  }

  @Override
  public CompletableFuture<Me> getAsync(RequestOptions options) {
    Checks.required("options", options);
    CalcomRequest r = caller.request(Operation.ME_GET, "/v2/me", options, Priority.STANDARD).build();
    return cache.get(r, () -> caller.send(r).thenApply(resp -> caller.decoder().one(r.operation(), resp, Me.class)), me -> true);
  }
}
