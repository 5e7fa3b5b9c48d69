package dev.calcomclient;

/** A response could not be decoded (malformed JSON, truncated body, unexpected envelope). */
public class CalcomDecodingException extends CalcomException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String requestId;

  /** Creates the exception. */
  public CalcomDecodingException(String message, int status, String requestId, Throwable cause) {
    super(message + " (HTTP " + status + (requestId == null ? "" : ", X-Request-Id " + requestId) + ")", cause);
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
}
