package dev.calcomclient;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pipeline layer (below the rate limiter) that, while on, refuses every slots request the way a spent budget does:
 * a local {@link RateLimitedException}, nothing sent. The truth oracle's overloaded lookups run with it on, so their
 * answers come from the cache (stale days included) or not at all.
 */
final class OracleOverload implements Layer {
  private final AtomicBoolean on = new AtomicBoolean();

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    if (on.get() && request.operation() == Operation.SLOTS_FIND) {
      return CompletableFuture.failedFuture(
          RateLimitedException.local("the oracle's budget is spent", Duration.ofSeconds(15)));
    }
    return chain.proceed(request);
  }

  /** Refuses slots requests until {@link #off()}. */
  void on() {
    on.set(true);
  }

  /** Lets slots requests through again. */
  void off() {
    on.set(false);
  }
}
