package dev.calcomclient;

/**
 * The root of every exception this client throws. Messages never contain an API key or secret.
 *
 * <p>Subtypes: {@link CalcomApiException} (Cal.com answered with an error status), {@link ValidationException}
 * (bad input, nothing was sent), {@link CircuitOpenException}, and {@link UncertainOutcomeException} (the request
 * may or may not have reached Cal.com: {@link CalcomTimeoutException}, {@link CalcomConnectionException},
 * {@link CalcomDecodingException}, {@link BookingOutcomeUnknownException}).
 */
public class CalcomException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message the message
   */
  public CalcomException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and cause.
   *
   * @param message the message
   * @param cause the cause
   */
  public CalcomException(String message, Throwable cause) {
    super(message, cause);
  }
}
