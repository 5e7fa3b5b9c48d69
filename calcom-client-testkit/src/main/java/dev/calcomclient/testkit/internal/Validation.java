package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Collects ValidationPipe-style errors and throws them as one 400. */
final class Validation {
  private final ArrayNode errors = Json.array();

  void add(String property, JsonNode value, String constraint, String message) {
    errors.add(Json.fieldError(property, value, constraint, message));
  }

  void add(String property, String value, String constraint, String message) {
    add(property, value == null ? null : TextNode.valueOf(value), constraint, message);
  }

  /** Adds an error on a nested property: {@code {property: parent, children:[{property: child, ...}]}}. */
  void addNested(String parent, JsonNode parentValue, String child, JsonNode childValue, String constraint,
      String message) {
    ObjectNode entry = null;
    for (JsonNode e : errors) {
      if (e.path("property").asText().equals(parent)) {
        entry = (ObjectNode) e;
      }
    }
    if (entry == null) {
      entry = Json.object();
      entry.put("property", parent);
      if (parentValue != null && !parentValue.isMissingNode()) {
        entry.set("value", parentValue);
      }
      entry.putArray("children");
      entry.putObject("constraints");
      errors.add(entry);
    }
    ((ArrayNode) entry.get("children")).add(Json.fieldError(child, childValue, constraint, message));
  }

  void throwIfAny() {
    if (!errors.isEmpty()) {
      throw ApiError.validation(errors);
    }
  }

  /** Reads an integer query parameter; records an error and returns {@code null} when it is not one. */
  Integer intParam(String name, String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      add(name, value, "isNumber", name + " must be a number conforming to the specified constraints");
      return null;
    }
  }
}
