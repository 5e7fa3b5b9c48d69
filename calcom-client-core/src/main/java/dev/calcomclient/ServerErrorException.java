package dev.calcomclient;

/** Cal.com failed (HTTP 5xx). Counts as a failure for the circuit breaker; GETs are retried on 502-504. */
public class ServerErrorException extends CalcomApiException {
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
  public ServerErrorException(int status, String code, String serverMessage, String requestId, String details) {
    super(status, code, serverMessage, requestId, details);
  }
}
