package dev.calcomclient;

/**
 * A call ended without a clear answer from Cal.com: the request may or may not have reached it, or reached it and
 * was answered with something this client cannot read. For a read this only means "no answer"; for a mutation it
 * means <em>the change may have been applied</em>. {@link #requestMayHaveBeenSent()} tells whether the request can
 * have left this machine at all.
 *
 * <p>The cases are closed: {@link CalcomTimeoutException} (no answer in time), {@link CalcomConnectionException}
 * (the connection failed), {@link CalcomDecodingException} (a 2xx whose body cannot be decoded: the request was
 * applied, its result is unknown) and {@link BookingOutcomeUnknownException} (a booking create whose outcome a
 * lookup could not settle). A 5xx answer is a {@link ServerErrorException} (an {@link CalcomApiException}); the
 * client judges it like these cases where it matters: a booking create answered 5xx is looked up, never reported
 * as "not created".
 *
 * <pre>{@code
 * try {
 *   client.bookings().cancel(uid, CancelBookingRequest.withReason("moved"));
 * } catch (UncertainOutcomeException e) {
 *   if (e.requestMayHaveBeenSent()) {
 *     // check with bookings().get(uid) before trying again
 *   }
 * }
 * }</pre>
 */
public abstract sealed class UncertainOutcomeException extends CalcomException
    permits CalcomTimeoutException,
        CalcomConnectionException,
        CalcomDecodingException,
        BookingOutcomeUnknownException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param cause the underlying failure, or {@code null}
   */
  protected UncertainOutcomeException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether the request can have reached Cal.com (and, for a mutation, been applied).
   *
   * @return false only when the request provably never left this machine
   */
  public abstract boolean requestMayHaveBeenSent();
}
