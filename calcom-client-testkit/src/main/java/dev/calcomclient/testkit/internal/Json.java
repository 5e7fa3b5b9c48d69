package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON trees for the fake: it speaks the wire format only through Jackson nodes. */
final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a request body; an empty body is an empty object. */
  public static JsonNode parseBody(String body) {
    if (body == null || body.isBlank()) {
      return object();
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("Unexpected token in JSON body: " + e.getOriginalMessage());
    }
  }

  /** One ValidationPipe error entry: {@code {property, value?, constraints:{name: message}, children:[]}}. */
  public static ObjectNode fieldError(String property, JsonNode value, String constraint, String message) {
    ObjectNode e = object();
    e.put("property", property);
    if (value != null && !value.isMissingNode()) {
      e.set("value", value);
    }
    e.set("children", array());
    ObjectNode c = object();
    c.put(constraint, message);
    e.set("constraints", c);
    return e;
  }
}
