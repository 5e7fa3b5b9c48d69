package dev.calcomclient;

import java.time.Duration;
import java.util.Objects;

/**
 * The call was not made, or was refused, because of the rate limit. Either Cal.com answered 429
 * ({@link #isLocal()} is false) or this client's own limiter refused to send it within the call's allowed wait,
 * so that the shared key never exceeds Cal.com's limit ({@link #isLocal()} is true; nothing was sent).
 * {@link #retryAfter()} says when trying again makes sense.
 */
public class RateLimitedException extends CalcomApiException {
  private static final long serialVersionUID = 1L;

  /** How long to wait before trying again, or null when unknown. */
  private final Duration retryAfter;
  /** Whether this client refused the call itself (nothing was sent). */
  private final boolean local;

  /**
   * A 429 answered by Cal.com.
   *
   * @param status the status
   * @param code the code
   * @param serverMessage the server message
   * @param requestId the request ID
   * @param details the details
   * @param retryAfter the retry after
   */
  public RateLimitedException(
      int status, String code, String serverMessage, String requestId, String details, Duration retryAfter) {
    super(status, code, serverMessage, requestId, details);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.local = false;
  }

  private RateLimitedException(String message, Duration retryAfter) {
    super(429, "LocalRateLimit", message, null, null);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.local = true;
  }

  /**
   * A refusal by this client's own limiter; nothing was sent.
   *
   * @param message the message
   * @param retryAfter the retry after
   * @return a refusal by this client's own limiter; nothing was sent
   */
  public static RateLimitedException local(String message, Duration retryAfter) {
    return new RateLimitedException(message, retryAfter);
  }

  /**
   * How long to wait before the budget allows this call.
   *
   * @return how long to wait before the budget allows this call
   */
  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * True when this client's limiter refused the call before sending it.
   *
   * @return true when this client's limiter refused the call before sending it
   */
  public boolean isLocal() {
    return local;
  }
}
