package dev.calcomclient;

/** The request conflicts with the server's state (HTTP 409). */
public class ConflictException extends CalcomApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link CalcomApiException#CalcomApiException}.
   *
   * @param status the status
   * @param code the code
   * @param serverMessage the server message
   * @param requestId the request ID
   * @param details the details
   */
  public ConflictException(int status, String code, String serverMessage, String requestId, String details) {
    super(status, code, serverMessage, requestId, details);
  }
}
