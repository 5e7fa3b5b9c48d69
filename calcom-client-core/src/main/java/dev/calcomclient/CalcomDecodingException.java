package dev.calcomclient;

import dev.calcomclient.internal.Redactor;
import dev.calcomclient.pipeline.Operation;

/**
 * A successful (2xx) response could not be decoded (malformed JSON, truncated body, unexpected envelope), or it
 * lacked an identity the client's promises rest on (an id, uid, start, end or status). The message names the field
 * and the operation, never the value. The request reached Cal.com and was applied; only its result is unknown. A
 * booking create never ends with this exception: the client looks the booking up instead (see
 * {@link BookingOutcomeUnknownException}).
 */
public non-sealed class CalcomDecodingException extends UncertainOutcomeException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int status;
  /** The response's {@code X-Request-Id}, or null. */
  private final String requestId;
  private final transient Operation operation;
  /** The value. */
  private final String field;

  /**
   * Creates the exception. The cause's messages (a JSON parser quotes what it could not read) are cleaned of
   * anything shaped like a Cal.com key.
   *
   * @param message what could not be decoded (no values)
   * @param status the HTTP status of the answer
   * @param requestId the {@code X-Request-Id}, or {@code null}
   * @param cause the decoder's failure, or {@code null}
   */
  public CalcomDecodingException(String message, int status, String requestId, Throwable cause) {
    this(message, status, requestId, cause, null, null);
  }

  /**
   * Creates the exception for a field of an operation's answer.
   *
   * @param message what could not be decoded (no values)
   * @param status the HTTP status
   * @param requestId the {@code X-Request-Id}, or {@code null}
   * @param cause the parser's failure, or {@code null}
   * @param operation the operation whose answer it was, or {@code null}
   * @param field the JSON field that was missing or malformed, or {@code null}
   */
  public CalcomDecodingException(
      String message, int status, String requestId, Throwable cause, Operation operation, String field) {
    super(
        Redactor.keyShapesOnly()
            .redact(message + " (HTTP " + status + (requestId == null ? "" : ", X-Request-Id " + requestId) + ")"),
        Redactor.keyShapesOnly().scrub(cause));
    this.status = status;
    this.requestId = requestId;
    this.operation = operation;
    this.field = field;
  }

  /**
   * The HTTP status of the undecodable response.
   *
   * @return the status
   */
  public int status() {
    return status;
  }

  /**
   * The {@code X-Request-Id}.
   *
   * @return the request id, or {@code null}
   */
  public String requestId() {
    return requestId;
  }

  /**
   * The operation whose answer could not be decoded.
   *
   * @return the operation, or {@code null} when not known
   */
  public Operation operation() {
    return operation;
  }

  /**
   * The JSON field that was missing or malformed (relative to one element of {@code data}).
   *
   * @return the field, or {@code null} when the whole body was unreadable
   */
  public String field() {
    return field;
  }

  /**
   * Always true: Cal.com answered, so the request reached it.
   *
   * @return {@code true}
   */
  @Override
  public boolean requestMayHaveBeenSent() {
    return true;
  }
}
