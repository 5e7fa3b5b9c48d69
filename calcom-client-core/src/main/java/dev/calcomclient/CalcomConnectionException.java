package dev.calcomclient;

/**
 * The connection failed (refused, reset, DNS, TLS, dropped mid-response). {@link #requestMayHaveBeenSent()} is
 * false when the failure happened before any byte of the request was written, which is the only case in which a
 * mutation is safe to send again.
 */
public class CalcomConnectionException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** Whether the request may have reached Cal.com. */
  private final boolean requestMayHaveBeenSent;

  /**
   * Creates the exception.
   *
   * @param message the message
   * @param requestMayHaveBeenSent the request may have been sent
   * @param cause the cause
   */
  public CalcomConnectionException(String message, boolean requestMayHaveBeenSent, Throwable cause) {
    super(message, cause);
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
  }

  /**
   * False only when the request provably never reached the server.
   *
   * @return false only when the request provably never reached the server
   */
  public boolean requestMayHaveBeenSent() {
    return requestMayHaveBeenSent;
  }
}
