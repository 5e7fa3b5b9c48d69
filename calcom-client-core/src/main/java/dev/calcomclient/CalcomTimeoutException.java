package dev.calcomclient;

/**
 * No answer arrived within the call's timeout or deadline. For a mutation the server may or may not have
 * applied it: {@link #requestMayHaveBeenSent()} tells whether the request left this machine.
 */
public class CalcomTimeoutException extends CalcomException {
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
  public CalcomTimeoutException(String message, boolean requestMayHaveBeenSent, Throwable cause) {
    super(message, cause);
    this.requestMayHaveBeenSent = requestMayHaveBeenSent;
  }

  /**
   * False only when the request provably never reached the network.
   *
   * @return false only when the request provably never reached the network
   */
  public boolean requestMayHaveBeenSent() {
    return requestMayHaveBeenSent;
  }
}
