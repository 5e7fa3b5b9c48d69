package dev.calcomclient;

import dev.calcomclient.internal.Redactor;

/**
 * A successful (2xx) response could not be decoded (malformed JSON, truncated body, unexpected envelope). The
 * request reached Cal.com and was applied; only its result is unknown. A booking create never ends with this
 * exception: the client looks the booking up instead (see {@link BookingOutcomeUnknownException}).
 */
public non-sealed class CalcomDecodingException extends UncertainOutcomeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String requestId;

  /**
   * Creates the exception. The cause's messages (a JSON parser quotes what it could not read) are cleaned of
   * anything shaped like a Cal.com key.
   *
   * @param message what could not be decoded
   * @param status the HTTP status of the answer
   * @param requestId the {@code X-Request-Id}, or {@code null}
   * @param cause the decoder's failure, or {@code null}
   */
  public CalcomDecodingException(String message, int status, String requestId, Throwable cause) {
    super(
        Redactor.keyShapesOnly()
            .redact(message + " (HTTP " + status + (requestId == null ? "" : ", X-Request-Id " + requestId) + ")"),
        Redactor.keyShapesOnly().scrub(cause));
    this.status = status;
    this.requestId = requestId;
  }

  /** The HTTP status of the undecodable response. */
  public int status() {
    return status;
  }

  /** The {@code X-Request-Id}, or {@code null}. */
  public String requestId() {
    return requestId;
  }

  /** Always true: Cal.com answered, so the request reached it. */
  @Override
  public boolean requestMayHaveBeenSent() {
    return true;
  }
}
