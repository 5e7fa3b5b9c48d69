package dev.calcomclient;

/**
 * The connection failed (refused, reset, DNS, TLS, dropped mid-response). {@link #requestMayHaveBeenSent()} is
 * false when the failure happened before any byte of the request was written, which is the only case in which a
 * mutation is safe to send again.
 */
public non-sealed class CalcomConnectionException extends UncertainOutcomeException {
  private static final long serialVersionUID = 1L;

  /** Whether the request may have reached Cal.com. */
  private final boolean requestMayHaveBeenSent;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param requestMayHaveBeenSent false only when no byte of the request was written
   * @param cause the underlying failure, or {@code null}
   */
  public CalcomConnectionException(String message, boolean requestMayHaveBeenSent, Throwable cause) {
    super(message, cause);
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
  }

  /** False only when the request provably never reached the server. */
  @Override
  public boolean requestMayHaveBeenSent() {
    return requestMayHaveBeenSent;
  }
}
