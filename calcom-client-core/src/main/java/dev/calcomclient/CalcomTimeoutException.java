package dev.calcomclient;

/**
 * No answer arrived within the call's timeout or deadline. For a mutation the server may or may not have
 * applied it: {@link #requestMayHaveBeenSent()} tells whether the request left this machine.
 */
public non-sealed class CalcomTimeoutException extends UncertainOutcomeException {
  private static final long serialVersionUID = 1L;

  /** Whether the request may have reached Cal.com. */
  private final boolean requestMayHaveBeenSent;

  /**
   * Creates the exception.
   *
   * @param message what timed out
   * @param requestMayHaveBeenSent false only when the request provably never left this machine
   * @param cause the underlying failure, or {@code null}
   */
  public CalcomTimeoutException(String message, boolean requestMayHaveBeenSent, Throwable cause) {
    super(message, cause);
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
  }

  /** False only when the request provably never reached the network. */
  @Override
  public boolean requestMayHaveBeenSent() {
    return requestMayHaveBeenSent;
  }
}
