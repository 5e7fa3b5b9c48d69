package dev.calcomclient;

/**
 * The server's answer was larger than the client's limit ({@code CalcomClient.Builder.maxResponseBodyBytes}), so it
 * was not read: a misbehaving server or proxy cannot fill this process's memory. A subtype of
 * {@link CalcomDecodingException}, since the answer could not be decoded either way.
 */
public class ResponseTooLargeException extends CalcomDecodingException {
  private static final long serialVersionUID = 1L;

  /** The most response body bytes read. */
  private final long limitBytes;

  /**
   * Creates the exception.
   *
   * @param limitBytes the limit that was exceeded
   * @param status the HTTP status of the answer
   * @param requestId the {@code X-Request-Id}, or {@code null}
   */
  public ResponseTooLargeException(long limitBytes, int status, String requestId) {
    super("response body larger than the limit of " + limitBytes + " bytes; not read", status, requestId, null);
    this.limitBytes = limitBytes;
  }

  /**
   * The limit that the answer exceeded.
   *
   * @return the limit in bytes
   */
  public long limitBytes() {
    return limitBytes;
  }
}
