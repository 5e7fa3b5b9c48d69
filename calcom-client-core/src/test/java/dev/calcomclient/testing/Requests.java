package dev.calcomclient.testing;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Requests and responses for layer tests. */
public final class Requests {
  public static final String CREDENTIAL = "0123456789abcdef";

  private Requests() {}

  public static CalcomRequest request(Operation op, Priority priority, Instant deadline) {
    return CalcomRequest.builder(op, "/v2/test/" + op.name().toLowerCase())
        .credentialId(CREDENTIAL)
        .priority(priority)
        .deadline(deadline)
        .build();
  }

  public static CalcomRequest get(Instant now) {
    return request(Operation.SLOTS_FIND, Priority.STANDARD, now.plusSeconds(30));
  }

  public static CalcomResponse response(int status) {
    return response(status, Map.of());
  }

  public static CalcomResponse response(int status, Map<String, String> headers) {
    Map<String, List<String>> h = new java.util.HashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    String body = status < 300 ? "{\"status\":\"success\",\"data\":{}}" : "{\"status\":\"error\",\"error\":{\"code\":\"E\"}}";
    return new CalcomResponse(status, h, body.getBytes(StandardCharsets.UTF_8));
  }

  public static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1_000_000_000L));
  }
}
