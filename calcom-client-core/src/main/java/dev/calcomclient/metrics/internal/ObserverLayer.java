package dev.calcomclient.metrics.internal;

import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Reports start and end of what passes through it: placed first in the chain it sees requests, placed right after
 * the rate limiter it sees every real HTTP attempt.
 */
public final class ObserverLayer implements Layer {
  private final CalcomEventListener listener;
  private final Clock clock;
  private final boolean attempts;

  private ObserverLayer(CalcomEventListener listener, Clock clock, boolean attempts) {
    this.listener = listener;
    this.clock = clock;
    this.attempts = attempts;
  }

  /** The first layer: one start/end per request made through the client. */
  public static ObserverLayer requests(CalcomEventListener listener, Clock clock) {
    return new ObserverLayer(listener, clock, false);
  }

  /** The layer after the rate limiter: one start/end per HTTP attempt. */
  public static ObserverLayer attempts(CalcomEventListener listener, Clock clock) {
    return new ObserverLayer(listener, clock, true);
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    Instant start = clock.instant();
    if (attempts) {
      listener.attemptStart(request);
    } else {
      listener.requestStart(request);
    }
    // The returned stage completes after the listener ran, so a caller that sees the answer also sees its event.
    return chain
        .proceed(request)
        .whenComplete(
            (response, failure) -> {
              Duration latency = Duration.between(start, clock.instant());
              if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                if (attempts) {
                  listener.attemptFailed(request, cause, latency);
                } else {
                  listener.requestFailed(request, cause, latency);
                }
              } else if (attempts) {
                listener.attemptEnd(request, response.status(), latency);
              } else {
                listener.requestEnd(request, response.status(), latency);
              }
            });
  }
}
