package dev.calcomclient.metrics;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Duration;

/**
 * Sees every stage of every call, like OkHttp's {@code EventListener}. Every method has an empty default, so an
 * implementation overrides only what it needs, and methods added later do not break it. Register any number with
 * {@code CalcomClient.Builder.addListener}; {@code client.stats()} is built on the same events.
 *
 * <p>Methods are called on the thread that completes the stage (an HTTP callback thread, the client's scheduler,
 * or the caller's thread), so they must be fast and must not block. A listener that throws is logged and skipped;
 * it never fails the call.
 *
 * <p>Terms: a <em>request</em> is one call made through the client (one {@code slots().find(...)}); an
 * <em>attempt</em> is one real HTTP exchange with Cal.com. Retries and the retry after a 429 pause make several
 * attempts for one request; a coalesced join or (later) a cache hit makes none.
 */
public interface CalcomEventListener {

  // ---- requests ----

  /**
   * A request entered the pipeline.
   *
   * @param request the request
   */
  default void requestStart(CalcomRequest request) {}

  /**
   * A request ended with an HTTP answer of {@code status} (any status; non-2xx become exceptions later).
   *
   * @param request the request
   * @param status the status
   * @param latency the latency
   */
  default void requestEnd(CalcomRequest request, int status, Duration latency) {}

  /**
   * A request ended without an HTTP answer (timeout, connection error, open circuit, local rate limit...).
   *
   * @param request the request
   * @param failure the failure
   * @param latency the latency
   */
  default void requestFailed(CalcomRequest request, Throwable failure, Duration latency) {}

  // ---- attempts ----

  /**
   * An HTTP attempt is about to be sent; it holds a rate-limit token.
   *
   * @param attempt the attempt
   */
  default void attemptStart(CalcomRequest attempt) {}

  /**
   * An HTTP attempt got an answer.
   *
   * @param attempt the attempt
   * @param status the status
   * @param latency the latency
   */
  default void attemptEnd(CalcomRequest attempt, int status, Duration latency) {}

  /**
   * An HTTP attempt failed without an answer.
   *
   * @param attempt the attempt
   * @param failure the failure
   * @param latency the latency
   */
  default void attemptFailed(CalcomRequest attempt, Throwable failure, Duration latency) {}

  // ---- coalescer ----

  /**
   * A read joined an identical request already in flight and made no upstream call of its own.
   *
   * @param request the request
   */
  default void coalescedJoin(CalcomRequest request) {}

  // ---- rate limiter ----

  /**
   * An attempt waited {@code waited} for a rate-limit token and got one.
   *
   * @param attempt the attempt
   * @param waited the waited
   */
  default void rateLimitWaited(CalcomRequest attempt, Duration waited) {}

  /**
   * The local limiter refused an attempt; nothing was sent.
   *
   * @param attempt the attempt
   * @param retryAfter the retry after
   */
  default void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {}

  /**
   * Cal.com answered 429; the whole credential is paused for {@code pause}.
   *
   * @param attempt the attempt
   * @param pause the pause
   */
  default void rateLimitPaused(CalcomRequest attempt, Duration pause) {}

  // ---- circuit breaker ----

  /**
   * An endpoint group's breaker changed state.
   *
   * @param group the group
   * @param from the previous state
   * @param to the new state
   */
  default void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {}

  /**
   * An open breaker rejected a request; nothing was sent.
   *
   * @param request the request
   * @param retryAfter the retry after
   */
  default void circuitRejected(CalcomRequest request, Duration retryAfter) {}

  // ---- retries ----

  /**
   * The retry layer decided about a failed attempt.
   *
   * @param failedAttempt the attempt that failed
   * @param retrying whether another attempt follows
   * @param reason what failed and why it is or is not retried, for logs
   * @param backoff the delay before the next attempt ({@link Duration#ZERO} when not retrying)
   */
  default void retryDecision(CalcomRequest failedAttempt, boolean retrying, String reason, Duration backoff) {}

  /**
   * After an ambiguous failure of a booking create (timeout, dropped connection), the client looked the booking
   * up instead of posting again.
   *
   * @param found whether the booking turned out to exist (and was returned to the caller)
   * @param create whether the booking change was a create
   */
  default void bookingCreateLookup(CalcomRequest create, boolean found) {}

  // ---- cache ----

  /**
   * A cache tier answered {@code key}.
   *
   * @param tier the tier
   * @param key the key
   */
  default void cacheHit(CacheTier tier, String key) {}

  /**
   * A cache tier did not hold {@code key}.
   *
   * @param tier the tier
   * @param key the key
   */
  default void cacheMiss(CacheTier tier, String key) {}

  /**
   * A call of {@code operation} was answered entirely from the cache: it made no request, so no
   * {@link #requestStart} is reported for it.
   *
   * @param operation the operation the caller asked for
   */
  default void answeredFromCache(Operation operation) {}

  /**
   * A call of {@code operation} (a slot lookup or an alternative search) was answered with cached days past their
   * time to live, because Cal.com could not be asked for them: it failed, or no rate-limit token was available in
   * time. Reported once per answer, after the failed or refused request's own events.
   *
   * @param operation the operation the caller asked for ({@link Operation#SLOTS_FIND})
   * @param reason why the days were served stale
   * @param age how long ago Cal.com answered the oldest day served stale
   */
  default void answeredStale(Operation operation, StaleReason reason, Duration age) {}

  // ---- invalidation ----

  /**
   * A mutation or webhook invalidated {@code keys} cache keys in {@code duration}.
   *
   * @param keys the keys
   * @param duration the duration
   */
  default void invalidated(int keys, Duration duration) {}

  /**
   * An invalidation could not reach the shared tier or bus and was queued for retry.
   *
   * @param keys the keys
   */
  default void invalidationQueued(int keys) {}

  /**
   * A queued invalidation was dropped (queue full); instances fall back to flushing.
   *
   * @param keys the keys
   */
  default void invalidationDropped(int keys) {}

  // ---- webhooks ----

  /**
   * A webhook delivery was verified and accepted.
   *
   * @param triggerEvent its trigger name as sent (open: Cal.com adds triggers), or {@code CUSTOM_PAYLOAD} for a
   *     delivery rendered from a custom payload template
   */
  default void webhookVerified(String triggerEvent) {}

  /**
   * A webhook delivery was refused (bad or missing signature, too large, wrong content type, malformed body).
   *
   * @param reason the name of a {@code dev.calcomclient.webhook.RejectionReason}, such as {@code SIGNATURE_INVALID}
   */
  default void webhookRejected(String reason) {}

  // ---- decoding ----

  /**
   * Something in one of Cal.com's answers did not have the expected shape: an optional field decoded as absent,
   * or a list element without a valid identity left out. Called once per (operation, field, kind) and answer.
   *
   * @param issue what happened, with its count in that answer (never the value)
   */
  default void decodeIssue(DecodeIssue issue) {}
}
