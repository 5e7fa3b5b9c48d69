package dev.calcomclient;

/** Cal.com rejected the request as invalid (HTTP 400). {@link #details()} holds the server's validation errors. */
public class BadRequestException extends CalcomApiException {
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
  public BadRequestException(int status, String code, String serverMessage, String requestId, String details) {
    super(status, code, serverMessage, requestId, details);
  }
}
