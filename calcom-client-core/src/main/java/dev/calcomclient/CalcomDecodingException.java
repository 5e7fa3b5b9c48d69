package dev.calcomclient;

/** A response could not be decoded (malformed JSON, truncated body, unexpected envelope). */
public class CalcomDecodingException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int status;
  /** The response's {@code X-Request-Id}, or null. */
  private final String requestId;

  /**
   * Creates the exception.
   *
   * @param message the message
   * @param status the status
   * @param requestId the request ID
   * @param cause the cause
   */
  public CalcomDecodingException(String message, int status, String requestId, Throwable cause) {
    super(message + " (HTTP " + status + (requestId == null ? "" : ", X-Request-Id " + requestId) + ")", cause);
    this.status = status;
    this.requestId = requestId;
  }

  /**
   * The HTTP status of the undecodable response.
   *
   * @return the HTTP status of the undecodable response
   */
  public int status() {
    return status;
  }

  /**
   * The {@code X-Request-Id}, or {@code null}.
   *
   * @return the {@code X-Request-Id}, or {@code null}
   */
  public String requestId() {
    return requestId;
  }
}
