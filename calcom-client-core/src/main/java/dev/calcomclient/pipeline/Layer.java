package dev.calcomclient.pipeline;

import java.util.concurrent.CompletableFuture;

/**
 * One stage of the request pipeline, like OkHttp's {@code Interceptor} but asynchronous. A layer may answer
 * by itself (a joined in-flight read), fail fast (an open circuit), delay (a rate limiter), repeat (a retry) or
 * pass the request on with {@link Chain#proceed}. The transport is the last layer.
 *
 * <p>The chain order is fixed by design: coalescer, circuit breaker, retry, rate limiter, the custom layers added
 * with {@code CalcomClient.Builder.addLayer}, transport. The slot and metadata caches are not layers: they sit
 * above the pipeline, so a cache hit makes no request at all and a miss is one request through every layer.
 * A layer must not block the calling thread; waiting is done by completing the returned future later.
 */
@FunctionalInterface
public interface Layer {

  /**
   * Handles {@code request}, usually by calling {@code chain.proceed(request)} once or more.
   *
   * @param request the request
   * @param chain the chain
   * @return a future completed with the response (any HTTP status) or exceptionally with a
   *     {@link dev.calcomclient.CalcomException}
   */
  CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain);

  /** The rest of the pipeline after a layer. */
  @FunctionalInterface
  interface Chain {
    /**
     * Passes {@code request} to the next layer.
     *
     * @param request the request
     * @return passes {@code request} to the next layer
     */
    CompletableFuture<CalcomResponse> proceed(CalcomRequest request);
  }
}
