package dev.calcomclient.testkit.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.calcomclient.testkit.Fault;

/**
 * One request travelling through the fake's pipeline: the parsed request plus what the stages learned about it
 * (matched route, path parameters, authenticated principal).
 */
final class FakeExchange {
  private final Instant receivedAt;
  private final String requestId;
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> query;
  private final Map<String, List<String>> headers;
  private final String body;

  private Route route;
  private Map<String, String> pathParams = Map.of();
  private Principal principal;
  private String tracker;
  private final Map<String, String> rateLimitHeaders = new LinkedHashMap<>();
  private Fault fault;

  public FakeExchange(Instant receivedAt, String requestId, String method, String path, String rawQuery,
      Map<String, List<String>> query, Map<String, List<String>> headers, String body) {
    this.receivedAt = receivedAt;
    this.requestId = requestId;
    this.method = method;
    this.path = path;
    this.rawQuery = rawQuery;
    this.query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  public String requestId() {
    return requestId;
  }

  public String method() {
    return method;
  }

  /** Path without the query. */
  public String path() {
    return path;
  }

  /** Raw query without {@code ?}, or {@code null}. */
  public String rawQuery() {
    return rawQuery;
  }

  /** Path and query as sent, as Cal.com echoes in the error envelope's {@code path}. */
  public String pathWithQuery() {
    return rawQuery == null ? path : path + "?" + rawQuery;
  }

  public Map<String, List<String>> query() {
    return query;
  }

  /** First value of a query parameter, or {@code null}. */
  public String queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Headers with lower-case names. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** First value of a header (case-insensitive), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String body() {
    return body;
  }

  public Route route() {
    return route;
  }

  void route(Route route, Map<String, String> pathParams) {
    this.route = route;
    this.pathParams = Map.copyOf(pathParams);
  }

  public String pathParam(String name) {
    return pathParams.get(name);
  }

  /** The authenticated caller, or {@code null} for an anonymous call. */
  public Principal principal() {
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  /** The throttler's tracker id of the caller ({@code api_key_<sha256>}, ...), or {@code null} if not throttled. */
  public String tracker() {
    return tracker;
  }

  void tracker(String tracker) {
    this.tracker = tracker;
  }

  /** The {@code X-RateLimit-*-Default} headers to send with whatever response this request gets. */
  public Map<String, String> rateLimitHeaders() {
    return rateLimitHeaders;
  }

  /** The fault injected into this request, or {@code null}. */
  public Fault fault() {
    return fault;
  }

  void fault(Fault fault) {
    this.fault = fault;
  }

  /** The endpoint key {@code "METHOD /pattern"}, or {@code null} when no route matched. */
  public String endpoint() {
    return route == null ? null : route.method() + " " + route.pattern();
  }

  /** An authenticated caller: the user the credential belongs to, and how it authenticated. */
  public record Principal(long userId, String method, String credential) {}
}
