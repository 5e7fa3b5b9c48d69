package dev.calcomclient;

import dev.calcomclient.internal.Redactor;

/** A response could not be decoded (malformed JSON, truncated body, unexpected envelope). */
public class CalcomDecodingException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int status;
  /** The response's {@code X-Request-Id}, or null. */
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
