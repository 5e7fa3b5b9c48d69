package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The "no limiter" marker: the client leaves the rate-limit layer out when it sees this instance. */
public final class DisabledRateLimiter implements RateLimiter {
  /** The only instance. */
  public static final DisabledRateLimiter INSTANCE = new DisabledRateLimiter();

  private static final CompletableFuture<Duration> NO_WAIT = CompletableFuture.completedFuture(Duration.ZERO);

  private DisabledRateLimiter() {}

  @Override
  public CompletableFuture<Duration> acquire(CalcomRequest request) {
    return NO_WAIT.copy();
  }

  @Override
  public void onResponse(CalcomRequest request, CalcomResponse response) {}

  @Override
  public String toString() {
    return "RateLimiter.disabled()";
  }
}
