package dev.calcomclient.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.ratelimit.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** What the limiter tests do to a credential's bucket and to the limiter's answers. */
final class LimiterProbe {
  private LimiterProbe() {}

  /** Takes tokens at once with {@code request}s until {@code tokens} are left. */
  static void drainTo(RateLimiter limiter, Supplier<CalcomRequest> request, long tokens) {
    while (limiter.availableTokens(request.get().credentialId()).getAsLong() > tokens) {
      assertThat(limiter.acquire(request.get())).isCompletedWithValue(Duration.ZERO);
    }
  }

  /** The local refusal {@code f} completed with. */
  static RateLimitedException rejection(CompletableFuture<?> f) {
    assertThat(f).isCompletedExceptionally();
    Throwable t = Futures.unwrap(f.handle((v, e) -> e).join());
    assertThat(t).isInstanceOf(RateLimitedException.class);
    RateLimitedException e = (RateLimitedException) t;
    assertThat(e.isLocal()).isTrue();
    return e;
  }
}
