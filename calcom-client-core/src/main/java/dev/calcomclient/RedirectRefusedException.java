package dev.calcomclient;

/**
 * The server answered with a redirect (3xx), which this client never follows: Cal.com's API does not redirect API
 * calls, so a redirect comes from a misconfigured proxy, a captive portal or an impostor, and following it could
 * carry the credential to another host or downgrade https to http. Nothing was sent to the redirect's target.
 * {@link #location()} says where it pointed (secrets redacted); check the base URL.
 */
public class RedirectRefusedException extends CalcomApiException {
  private static final long serialVersionUID = 1L;

  /** Where the refused redirect pointed. */
  private final String location;

  /**
   * Creates the exception.
   *
   * @param status the 3xx status
   * @param location the {@code Location} header, already redacted, or {@code null}
   * @param requestId the {@code X-Request-Id} header, or {@code null}
   */
  public RedirectRefusedException(int status, String location, String requestId) {
    super(
        "The server answered HTTP "
            + status
            + " (a redirect"
            + (location == null ? "" : " to " + location)
            + "); redirects are never followed, so the credential stays with the configured base URL. Check the base"
            + " URL and any proxy in between."
            + (requestId == null ? "" : " (X-Request-Id " + requestId + ")"),
        status,
        "Redirect",
        null,
        requestId,
        null);
    this.location = location;
  }

  /**
   * Where the redirect pointed.
   *
   * @return the {@code Location} header with secrets redacted, or {@code null} when it named no location
   */
  public String location() {
    return location;
  }
}
