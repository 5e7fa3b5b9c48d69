package dev.calcomclient.testkit;

import dev.calcomclient.testkit.internal.Tracker;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request served by {@link FakeCalcom}, as recorded in its {@linkplain FakeCalcom#journal() journal}. Secrets
 * are never recorded: {@code Authorization} and {@code x-cal-secret-key} are redacted, and the caller is identified
 * by its throttler tracker ({@code api_key_<sha256>}); use {@link #sentCredential(String)} to check which key was
 * sent.
 *
 * @param time           when the request arrived (from the fake's clock)
 * @param method         HTTP method
 * @param path           path without the query, e.g. {@code /v2/slots}
 * @param query          raw query string without {@code ?}, or {@code null}
 * @param headers        request headers, names lower-case, secrets redacted
 * @param body           request body as UTF-8 text (empty when there was none)
 * @param responseStatus HTTP status the fake produced ({@code 0} when the connection was reset before the
 *                       request was processed; with a connection fault the client did not see it, see {@code fault})
 * @param requestId      the {@code X-Request-Id} the fake sent back
 * @param endpoint       the matched route as {@code "METHOD /pattern"} (e.g. {@code POST /v2/bookings/{uid}/cancel}),
 *                       or {@code null} when no route matched
 * @param credential     the throttler's tracker id of the caller, or {@code null} when the request was not throttled
 * @param fault          the {@link Fault} injected into the response, or {@code null}
 */
public record RecordedCall(
    Instant time,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    int responseStatus,
    String requestId,
    String endpoint,
    String credential,
    Fault fault) {

  /** The value recorded in place of a secret header. */
  public static final String REDACTED = "[redacted]";

  /**
   * Copies the headers.
   *
   * @param time the time
   * @param method the method
   * @param path the path
   * @param query the query
   * @param headers the headers
   * @param body the body
   * @param responseStatus the response status
   * @param requestId the request ID
   * @param endpoint the endpoint
   * @param credential the credential
   * @param fault the fault
   */
  public RecordedCall {
    headers = Map.copyOf(headers);
  }

  /**
   * The first value of a request header (case-insensitive name), or {@code null}.
   *
   * @param name the name
   * @return the first value of a request header (case-insensitive name), or {@code null}
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Whether the request authenticated with {@code credential}: an API key or access token (sent as
   * {@code Authorization: Bearer <credential>}) or an OAuth client id.
   *
   * @param credential the credential
   * @return whether the request authenticated with {@code credential}: an API key or access token (sent as {@code
   *     Authorization: Bearer <credential>}) or an OAuth client id
   */
  public boolean sentCredential(String credential) {
    return this.credential != null && Tracker.candidates(credential).stream()
        .anyMatch(t -> t.id().equals(this.credential));
  }
}
