package dev.calcomclient.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP response from Cal.com (or from a layer that answers on its behalf), before decoding. Every status is a
 * response here, 4xx and 5xx included: layers such as the rate limiter and circuit breaker classify statuses, and
 * the decoding step after the pipeline turns non-2xx answers into typed exceptions. Only transport failures
 * (timeouts, connection errors) travel as exceptions.
 */
public final class CalcomResponse {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * Creates a response.
   *
   * @param status the HTTP status code
   * @param headers response headers (names are matched case-insensitively)
   * @param body the raw body, possibly empty
   */
  public CalcomResponse(int status, Map<String, List<String>> headers, byte[] body) {
    this.status = status;
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers").forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.body = body == null ? new byte[0] : body;
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
   * Whether the status is 2xx.
   *
   * @return whether the status is 2xx
   */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * All headers, names case-insensitive.
   *
   * @return all headers, names case-insensitive
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a header (case-insensitive name), or {@code null}.
   *
   * @param name the name
   * @return the first value of a header (case-insensitive name), or {@code null}
   */
  public String header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * Cal.com's {@code X-Request-Id}, or {@code null}.
   *
   * @return Cal.com's {@code X-Request-Id}, or {@code null}
   */
  public String requestId() {
    return header("X-Request-Id");
  }

  /**
   * The raw body. The array is shared: do not modify it.
   *
   * @return the raw body
   */
  public byte[] bodyBytes() {
    return body;
  }

  /**
   * The body decoded as UTF-8.
   *
   * @return the body decoded as UTF-8
   */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT, "CalcomResponse{status=%d, requestId=%s, bytes=%d}", status, requestId(), body.length);
  }
}
