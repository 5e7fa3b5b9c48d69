package dev.calcomclient;

/** The resource does not exist, or the {@code cal-api-version} does not have this endpoint (HTTP 404). */
public class NotFoundException extends CalcomApiException {
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
  public NotFoundException(int status, String code, String serverMessage, String requestId, String details) {
    super(status, code, serverMessage, requestId, details);
  }
}
