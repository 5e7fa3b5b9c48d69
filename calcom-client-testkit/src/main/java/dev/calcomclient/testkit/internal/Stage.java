package dev.calcomclient.testkit.internal;

/**
 * One step of the fake's request pipeline, shaped like OkHttp's {@code Interceptor}: it may answer by itself
 * (throwing {@link ApiError} or returning a response) or pass the exchange on with {@link Chain#proceed}.
 *
 * <p>The pipeline is journal → error envelope → routing → version → throttle → faults → auth → handler; latency
 * and the transport part of faults are applied by {@link FakeDispatcher} when it writes the response. Routing and
 * version come first because Nest answers unknown routes and version mismatches before any guard; the throttler is
 * a global guard and so runs before the auth guard.
 */
public interface Stage {

  FakeResponse intercept(FakeExchange exchange, Chain chain);

  /** The rest of the pipeline. */
  interface Chain {
    FakeResponse proceed(FakeExchange exchange);
  }
}
