package dev.calcomclient;

/**
 * Cal.com answered with an error status. Carries the HTTP status, Cal.com's error code (the server's exception
 * class name, such as {@code NotFoundException}), its message and the {@code X-Request-Id} to quote to Cal.com
 * support. Specific statuses have subclasses; other statuses (for example 498, an expired managed-user token)
 * are thrown as this class.
 */
public class CalcomApiException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status code. */
  private final int status;
  /** Cal.com's error code, or null when the response had none. */
  private final String code;
  /** Cal.com's error message, or null. */
  private final String serverMessage;
  /** The response's {@code X-Request-Id}, or null. */
  private final String requestId;
  /** Cal.com's error details, or null. */
  private final String details;

  /**
   * Creates an API exception.
   *
   * @param status HTTP status
   * @param code Cal.com's {@code error.code}, or {@code null}
   * @param serverMessage Cal.com's {@code error.message}, or {@code null}
   * @param requestId the {@code X-Request-Id} header, or {@code null}
   * @param details the {@code error.details} JSON as text, or {@code null}
   */
  public CalcomApiException(int status, String code, String serverMessage, String requestId, String details) {
    this(format(status, code, serverMessage, requestId), status, code, serverMessage, requestId, details);
  }

  /**
   * Creates an API exception with a message of its own, for subclasses whose message is not "Cal.com answered"
   * (a refusal before sending, a redirect that was not followed).
   *
   * @param message the whole message
   * @param status HTTP status (for a refusal before sending, the status it stands for)
   * @param code an error code, or {@code null}
   * @param serverMessage the server's message, or {@code null}
   * @param requestId the {@code X-Request-Id} header, or {@code null}
   * @param details the details as text, or {@code null}
   */
  protected CalcomApiException(
      String message, int status, String code, String serverMessage, String requestId, String details) {
    super(message);
    this.status = status;
    this.code = code;
    this.serverMessage = serverMessage;
    this.requestId = requestId;
    this.details = details;
  }

  private static String format(int status, String code, String message, String requestId) {
    StringBuilder sb = new StringBuilder("Cal.com answered HTTP ").append(status);
    if (code != null) {
      sb.append(' ').append(code);
    }
    if (message != null && !message.isEmpty()) {
      sb.append(": ").append(message);
    }
    if (requestId != null) {
      sb.append(" (X-Request-Id ").append(requestId).append(')');
    }
    return sb.toString();
  }

  /**
   * The HTTP status code.
   *
   * @return the HTTP status code
   */
  public int status() {
    return status;
  }

  /**
   * Cal.com's error code, such as {@code NotFoundException} or {@code ThrottlerException}; may be null.
   *
   * @return Cal.com's error code, such as {@code NotFoundException} or {@code ThrottlerException}; may be null
   */
  public String code() {
    return code;
  }

  /**
   * Cal.com's error message; may be null.
   *
   * @return Cal.com's error message; may be null
   */
  public String serverMessage() {
    return serverMessage;
  }

  /**
   * The {@code X-Request-Id} of the failed response; may be null.
   *
   * @return the {@code X-Request-Id} of the failed response; may be null
   */
  public String requestId() {
    return requestId;
  }

  /**
   * The error envelope's {@code details} as JSON text (validation errors live here); may be null.
   *
   * @return the error envelope's {@code details} as JSON text (validation errors live here); may be null
   */
  public String details() {
    return details;
  }
}
