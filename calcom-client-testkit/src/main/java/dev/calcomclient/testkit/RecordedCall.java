package dev.calcomclient.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request served by {@link FakeCalcom}, as recorded in its {@linkplain FakeCalcom#journal() journal}.
 *
 * @param time           when the request arrived (from the fake's clock)
 * @param method         HTTP method
 * @param path           path without the query, e.g. {@code /v2/slots}
 * @param query          raw query string without {@code ?}, or {@code null}
 * @param headers        request headers, names lower-case
 * @param body           request body as UTF-8 text (empty when there was none)
 * @param responseStatus HTTP status the fake answered with
 * @param requestId      the {@code X-Request-Id} the fake sent back
 */
public record RecordedCall(
    Instant time,
    String method,
    String path,
    String query,
    Map<String, List<String>> headers,
    String body,
    int responseStatus,
    String requestId) {

  /** Copies the headers. */
  public RecordedCall {
    headers = Map.copyOf(headers);
  }

  /** The first value of a request header (case-insensitive name), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
