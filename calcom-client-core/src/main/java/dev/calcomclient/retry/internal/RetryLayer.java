package dev.calcomclient.retry.internal;

import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.internal.Delay;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.retry.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Applies a {@link RetryPolicy}; each retry goes down the chain as {@code attempt + 1} and takes its own token.
 * Hand-written rather than on Failsafe's {@code RetryPolicy}: Failsafe cannot run on the injected clock (see the
 * comment at the top of {@code EndpointCircuitBreaker}).
 */
public final class RetryLayer implements Layer {
  private final RetryPolicy policy;
  private final CalcomEventListener listener;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  /** Creates the layer. */
  public RetryLayer(
      RetryPolicy policy, CalcomEventListener listener, Clock clock, ScheduledExecutorService scheduler) {
    this.policy = policy;
    this.listener = listener;
    this.clock = clock;
    this.scheduler = scheduler;
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    return attempt(request, chain, 0);
  }

  private CompletableFuture<CalcomResponse> attempt(CalcomRequest request, Chain chain, int retriesDone) {
    return chain
        .proceed(request)
        .handle(
            (response, failure) -> {
              Verdict verdict = judge(request, response, failure);
              if (verdict == null) {
                return outcome(response, failure);
              }
              String reason = verdict.reason;
              if (!verdict.retryable) {
                listener.retryDecision(request, false, reason, Duration.ZERO);
                return outcome(response, failure);
              }
              if (retriesDone >= policy.maxRetries()) {
                listener.retryDecision(request, false, reason + "; no retries left", Duration.ZERO);
                return outcome(response, failure);
              }
              Duration backoff = policy.backoff(retriesDone + 1);
              if (!clock.instant().plus(backoff).isBefore(request.deadline())) {
                listener.retryDecision(request, false, reason + "; the deadline leaves no time", Duration.ZERO);
                return outcome(response, failure);
              }
              listener.retryDecision(request, true, reason, backoff);
              CalcomRequest next = request.toBuilder().attempt(request.attempt() + 1).build();
              return Delay.after(scheduler, backoff).thenCompose(v -> attempt(next, chain, retriesDone + 1));
            })
        .thenCompose(f -> f);
  }

  private static CompletableFuture<CalcomResponse> outcome(CalcomResponse response, Throwable failure) {
    return failure == null
        ? CompletableFuture.completedFuture(response)
        : CompletableFuture.failedFuture(Futures.unwrap(failure));
  }

  /** A transient failure and whether it may be sent again. */
  static final class Verdict {
    final boolean retryable;
    final String reason;

    Verdict(boolean retryable, String reason) {
      this.retryable = retryable;
      this.reason = reason;
    }
  }

  /** {@code null} when the outcome is not a transient failure at all; else whether and why it may be retried. */
  static Verdict judge(CalcomRequest request, CalcomResponse response, Throwable failure) {
    boolean mutation = request.operation().isMutation();
    if (failure == null) {
      int s = response.status();
      if (s != 502 && s != 503 && s != 504) {
        return null;
      }
      return mutation
          ? new Verdict(false, "HTTP " + s + " on a " + request.method() + ": it may have been applied")
          : new Verdict(true, "HTTP " + s);
    }
    Throwable cause = Futures.unwrap(failure);
    boolean mayHaveBeenSent;
    String what;
    if (cause instanceof CalcomTimeoutException) {
      mayHaveBeenSent = ((CalcomTimeoutException) cause).requestMayHaveBeenSent();
      what = "timeout";
    } else if (cause instanceof CalcomConnectionException) {
      mayHaveBeenSent = ((CalcomConnectionException) cause).requestMayHaveBeenSent();
      what = "connection error";
    } else {
      return null;
    }
    if (!mutation) {
      return new Verdict(true, what);
    }
    return mayHaveBeenSent
        ? new Verdict(false, what + " on a " + request.method() + " that may have reached Cal.com")
        : new Verdict(true, what + " before the " + request.method() + " was sent");
  }
}
