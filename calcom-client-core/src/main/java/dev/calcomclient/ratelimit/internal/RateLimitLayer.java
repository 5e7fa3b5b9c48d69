package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.internal.Delay;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.RateLimitHeaders;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The last built-in layer before the transport: every HTTP attempt (retries included) takes exactly one token
 * here, every answer is fed back to the limiter, and a request answered 429 is sent once more after the pause if
 * its deadline allows (the throttler answers before any handler runs, so even a booking is safe to resend).
 * Otherwise the 429 answer goes up as it is and becomes a {@link RateLimitedException}.
 */
public final class RateLimitLayer implements Layer {
  private final RateLimiter limiter;
  private final CalcomEventListener listener;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RateLimitHeaders headers;

  /** Creates the layer. */
  public RateLimitLayer(
      RateLimiter limiter, CalcomEventListener listener, Clock clock, ScheduledExecutorService scheduler) {
    this.limiter = limiter;
    this.listener = listener;
    this.clock = clock;
    this.scheduler = scheduler;
    this.headers =
        limiter.config().map(RateLimitHeaders::of).orElse(RateLimitHeaders.defaults());
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    return send(request, chain, true);
  }

  private CompletableFuture<CalcomResponse> send(CalcomRequest request, Chain chain, boolean mayRetryAfter429) {
    return acquire(request)
        .thenCompose(ignored -> proceed(request, chain))
        .thenCompose(
            response -> {
              limiter.onResponse(request, response);
              if (response.status() != 429) {
                return CompletableFuture.completedFuture(response);
              }
              Duration pause = headers.retryAfter(response);
              listener.rateLimitPaused(request, pause);
              Instant resume = clock.instant().plus(pause);
              if (!mayRetryAfter429 || !resume.isBefore(request.deadline())) {
                return CompletableFuture.completedFuture(response);
              }
              CalcomRequest again = request.toBuilder().attempt(request.attempt() + 1).build();
              return Delay.after(scheduler, pause).thenCompose(v -> send(again, chain, false));
            });
  }

  /** Sends the attempt that now holds a token; tells the limiter when it ends without an answer. */
  private CompletableFuture<CalcomResponse> proceed(CalcomRequest request, Chain chain) {
    CompletableFuture<CalcomResponse> sent;
    try {
      sent = chain.proceed(request);
    } catch (RuntimeException e) {
      sent = CompletableFuture.failedFuture(e);
    }
    return sent.whenComplete(
        (response, failure) -> {
          if (failure != null) {
            limiter.onAttemptFailed(request, Futures.unwrap(failure));
          }
        });
  }

  private CompletableFuture<Duration> acquire(CalcomRequest request) {
    return limiter
        .acquire(request)
        .whenComplete(
            (waited, failure) -> {
              if (failure == null) {
                if (!waited.isZero()) {
                  listener.rateLimitWaited(request, waited);
                }
              } else if (Futures.unwrap(failure) instanceof RateLimitedException) {
                listener.rateLimitRejected(request, ((RateLimitedException) Futures.unwrap(failure)).retryAfter());
              }
            });
  }
}
