package dev.calcomclient.internal.resource;

import dev.calcomclient.MeService;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.Me;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Operation;
import java.util.concurrent.CompletableFuture;

/** {@link MeService} over the pipeline. */
public final class DefaultMeService implements MeService {
  private final ApiCaller caller;

  /** Creates the service. */
  public DefaultMeService(ApiCaller caller) {
    this.caller = caller;
  }

  @Override
  public Me get() {
    return Futures.join(getAsync());
  }

  @Override
  public CompletableFuture<Me> getAsync() {
    CalcomRequest r = caller.request(Operation.ME_GET, "/v2/me").build();
    return caller.send(r).thenApply(resp -> Responses.singleOrFirst(resp, Me.class));
  }
}
