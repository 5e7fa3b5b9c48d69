package dev.calcomclient.internal.resource;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.internal.Json;
import dev.calcomclient.pipeline.CalcomResponse;
import java.util.Optional;

/** Decoding of the success envelopes whose {@code data} is not one fixed shape. */
final class Responses {
  private Responses() {}

  /** {@code data} as {@code type}, or empty when it is {@code null} or absent. */
  static <T> Optional<T> optionalData(CalcomResponse response, Class<T> type) {
    JsonNode data = Json.readSuccessEnvelope(response).get("data");
    return Optional.ofNullable(Json.convert(data, Json.type(type), response));
  }

  /**
   * {@code data} as one {@code type}: Cal.com answers with an array for recurring series (and recurring seated
   * bookings); the first element is taken then.
   */
  static <T> T singleOrFirst(CalcomResponse response, Class<T> type) {
    JsonNode data = Json.readSuccessEnvelope(response).get("data");
    if (data != null && data.isArray()) {
      data = data.size() == 0 ? null : data.get(0);
    }
    if (data == null || data.isNull() || !data.isObject()) {
      throw new CalcomDecodingException(
          "expected " + type.getSimpleName() + " in the response's data", response.status(), response.requestId(), null);
    }
    return Json.convert(data, Json.type(type), response);
  }

  /** A member of the envelope decoded as {@code type} ({@code null} when absent). */
  static <T> T member(CalcomResponse response, JsonNode root, String name, JavaType type) {
    return Json.convert(root.get(name), type, response);
  }
}
