package dev.calcomclient.ratelimit;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.internal.DisabledRateLimiter;
import dev.calcomclient.ratelimit.internal.LocalRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Decides when each real HTTP attempt of a credential may be sent, so that the credential stays inside Cal.com's
 * per-window limit. The client's rate-limit layer calls {@link #acquire} before every attempt (retries included)
 * and {@link #onResponse} after every answer; it also retries a request once after a 429 pause.
 *
 * <p>The in-process default is {@link #local}; the Redis module shares one budget across JVMs. Implementations
 * must not block: a request that has to wait gets a future completed later.
 */
public interface RateLimiter {

  /**
   * Takes one token of {@code request}'s credential, in {@code request}'s lane.
   *
   * @param request the request
   * @return a future completed with how long the request waited once it may be sent, or exceptionally with a
   *     local {@link dev.calcomclient.RateLimitedException} when no token is available within the lane's maximum
   *     wait and the request's deadline
   */
  CompletableFuture<Duration> acquire(CalcomRequest request);

  /**
   * Learns from an answer: {@code X-RateLimit-Remaining-*} / {@code X-RateLimit-Reset-*} may only lower the local
   * estimate, and a 429 pauses the whole credential for {@code Retry-After}, else the reset time, else 60 s.
   *
   * @param request the request
   * @param response the response
   */
  void onResponse(CalcomRequest request, CalcomResponse response);

  /**
   * An attempt that holds a token ended without an answer (timeout, connection failure): it may or may not have
   * reached Cal.com. Lets a limiter that counts attempts in flight stop counting it. The default does nothing.
   *
   * @param request the request
   * @param failure the failure
   */
  default void onAttemptFailed(CalcomRequest request, Throwable failure) {}

  /**
   * The configuration this limiter enforces, when it has one (for stats).
   *
   * @return the configuration this limiter enforces, when it has one (for stats)
   */
  default Optional<RateLimiterConfig> config() {
    return Optional.empty();
  }

  /**
   * When the pause a 429 or an exhausted window imposed on {@code credentialId} ends, while it lasts. The default
   * knows of no pause.
   *
   * @param credentialId the credential's non-secret id
   * @return the end of the current pause, or empty when the credential is not paused (or the limiter cannot tell)
   */
  default Optional<Instant> pauseEnd(String credentialId) {
    return Optional.empty();
  }

  /**
   * Tokens available now for {@code credentialId}, when known.
   *
   * @param credentialId the credential ID
   * @return tokens available now for {@code credentialId}, when known
   */
  default OptionalLong availableTokens(String credentialId) {
    return OptionalLong.empty();
  }

  /**
   * The in-process limiter, one exact sliding log of the last window's sends per credential.
   *
   * @param clock the time source of the logs and the waits
   * @param scheduler where waiting requests are completed; not shut down by the limiter
   * @param config the config
   * @return the in-process limiter, one sliding log per credential
   */
  static RateLimiter local(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler) {
    return new LocalRateLimiter(config, clock, scheduler);
  }

  /**
   * No limiting at all: the client leaves the rate-limit layer out. Only for a credential with its own quota.
   *
   * @return no limiting at all: the client leaves the rate-limit layer out
   */
  static RateLimiter disabled() {
    return DisabledRateLimiter.INSTANCE;
  }
}
