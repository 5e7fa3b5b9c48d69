package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response produced by the pipeline before it is written to the socket by MockWebServer. */
final class FakeResponse {
  private final int status;
  private final String body;
  private final Map<String, String> headers = new LinkedHashMap<>();

  public FakeResponse(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /** {@code {"status":"success","data":data}}. */
  public static FakeResponse success(int status, JsonNode data) {
    ObjectNode envelope = Json.object();
    envelope.put("status", "success");
    envelope.set("data", data);
    return new FakeResponse(status, Json.write(envelope));
  }

  /** A raw JSON body (e.g. an envelope with extra top-level fields). */
  public static FakeResponse json(int status, JsonNode body) {
    return new FakeResponse(status, Json.write(body));
  }

  public int status() {
    return status;
  }

  public String body() {
    return body;
  }

  /** Extra response headers (rate-limit headers etc.); later values replace earlier ones. */
  public Map<String, String> headers() {
    return headers;
  }

  public FakeResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }
}
