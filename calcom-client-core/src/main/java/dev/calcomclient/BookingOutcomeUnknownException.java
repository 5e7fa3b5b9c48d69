package dev.calcomclient;

/**
 * A booking create failed in a way that leaves open whether Cal.com created the booking (a timeout, a connection
 * dropped after the request was sent, any 5xx answer, or a 2xx whose body cannot be decoded), and looking the
 * booking up (within the call's deadline) did not settle it. <strong>The booking may exist</strong>: check
 * ({@code bookings().list} by attendee and start) before booking again. The client never re-posts a create on its
 * own, and it treats the booking's time as taken in its cache until Cal.com says otherwise.
 *
 * <p>Every other exception from a create means the booking was not created by that call: errors Cal.com answered
 * with a 4xx (among them {@link SlotUnavailableException}), local refusals (rate limit, open circuit, validation),
 * and failures before the request was sent. When the lookup finds the booking, the create returns it and no
 * exception is thrown.
 */
public non-sealed class BookingOutcomeUnknownException extends UncertainOutcomeException {
  private static final long serialVersionUID = 1L;

  /** Whether a lookup by attendee, event type and start was made before giving up. */
  private final boolean lookedUp;

  /**
   * Creates the exception.
   *
   * @param message what happened
   * @param lookedUp true when a lookup ran and found no matching booking; false when it could not run or failed
   * @param cause the failure of the create
   */
  public BookingOutcomeUnknownException(String message, boolean lookedUp, Throwable cause) {
    super(message, cause);
    this.lookedUp = lookedUp;
  }

  /**
   * True when a lookup after the failure found no matching booking: the create most likely did not happen, but a
   * create still being processed by Cal.com when the lookup ran could yet appear. False when no lookup could be
   * made (it failed, or the request could not be matched); its failure is attached as a suppressed exception.
   *
   * @return true when a lookup after the failure found no matching booking: the create most likely did not happen, but
   *     a create still being processed by Cal.com when the lookup ran could yet appear
   */
  public boolean lookedUp() {
    return lookedUp;
  }

  /** Always true: the create may have been applied. */
  @Override
  public boolean requestMayHaveBeenSent() {
    return true;
  }
}
