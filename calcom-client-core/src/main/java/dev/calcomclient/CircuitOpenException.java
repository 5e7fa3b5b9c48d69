package dev.calcomclient;

import java.time.Duration;

/**
 * The circuit breaker for this endpoint group is open after repeated upstream failures; the call was not sent.
 * {@link #retryAfter()} is the time until the breaker lets a trial call through.
 */
public class CircuitOpenException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** How long to wait before trying again, or null when unknown. */
  private final Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param message the message
   * @param retryAfter the retry after
   */
  public CircuitOpenException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /**
   * Time until the breaker half-opens; may be {@link Duration#ZERO}.
   *
   * @return time until the breaker half-opens; may be {@link Duration#ZERO}
   */
  public Duration retryAfter() {
    return retryAfter;
  }
}
