package dev.calcomclient;

import java.time.Duration;
import java.util.Objects;

/**
 * The call was not made, or was refused, because of the rate limit. Either Cal.com answered 429
 * ({@link #isLocal()} is false; the message starts "Cal.com answered HTTP 429") or this client's own limiter refused
 * to send it within the call's allowed wait, so that the shared key never exceeds Cal.com's limit
 * ({@link #isLocal()} is true; nothing was sent, and the message starts "Not sent"; {@link #status()} is still 429
 * and {@link #code()} is {@value #LOCAL_CODE}, so one catch handles both). {@link #retryAfter()} says when trying
 * again makes sense.
 */
public class RateLimitedException extends CalcomApiException {
  private static final long serialVersionUID = 1L;

  /** The {@link #code()} of a refusal by this client's own limiter. */
  public static final String LOCAL_CODE = "LocalRateLimit";

  /** How long to wait before trying again, or null when unknown. */
  private final Duration retryAfter;
  /** Whether this client refused the call itself (nothing was sent). */
  private final boolean local;

  /**
   * A 429 answered by Cal.com.
   *
   * @param status HTTP status (429)
   * @param code Cal.com's error code, or {@code null}
   * @param serverMessage Cal.com's message, or {@code null}
   * @param requestId the {@code X-Request-Id}, or {@code null}
   * @param details the error details as text, or {@code null}
   * @param retryAfter how long to wait
   */
  public RateLimitedException(
      int status, String code, String serverMessage, String requestId, String details, Duration retryAfter) {
    super(status, code, serverMessage, requestId, details);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.local = false;
  }

  private RateLimitedException(String message, Duration retryAfter) {
    super("Not sent: " + message, 429, LOCAL_CODE, null, null, null);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    this.local = true;
  }

  /**
   * A refusal by this client's own limiter; nothing was sent.
   *
   * @param message why, without the "Not sent: " prefix this adds
   * @param retryAfter when the budget allows the call
   * @return the exception
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
