package dev.calcomclient.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Example answers assembled from an OpenAPI document, like Prism's static mode: a response's own example when it
 * has one, otherwise one envelope per {@code oneOf} variant of its {@code data}, built from the schema's property
 * examples (following {@code $ref}s; required properties without an example get a placeholder of their type).
 */
public final class OpenApiExamples {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final JsonNode spec;
  private final Set<String> inProgress = new HashSet<>();

  /**
   * An assembler over {@code spec}.
   *
   * @param spec the parsed OpenAPI document
   */
  public OpenApiExamples(JsonNode spec) {
    this.spec = spec;
  }

  /**
   * Whole success envelopes for a response schema: one per {@code oneOf} variant of its {@code data}.
   *
   * @param schema the response's JSON schema
   * @return the envelopes (empty when the schema has none to give)
   */
  public List<JsonNode> envelopes(JsonNode schema) {
    List<JsonNode> out = new ArrayList<>();
    if (schema.has("oneOf")) {
      // GET /v2/slots: each variant carries a complete envelope example.
      schema.get("oneOf").forEach(v -> out.add(v.get("example")));
      return out;
    }
    JsonNode resolved = resolve(schema);
    if (resolved.has("example")) {
      out.add(resolved.get("example"));
      return out;
    }
    JsonNode properties = resolved.get("properties");
    JsonNode data = properties.get("data");
    for (JsonNode variant : variants(data)) {
      ObjectNode envelope = NODES.objectNode();
      envelope.put("status", "success");
      envelope.set("data", example(variant, true));
      if (properties.has("pagination")) {
        envelope.set("pagination", example(properties.get("pagination"), true));
      }
      out.add(envelope);
    }
    return out;
  }

  private List<JsonNode> variants(JsonNode schema) {
    List<JsonNode> out = new ArrayList<>();
    if (schema.has("oneOf")) {
      schema.get("oneOf").forEach(out::add);
    } else {
      out.add(schema);
    }
    return out;
  }

  private JsonNode resolve(JsonNode schema) {
    JsonNode cur = schema;
    while (cur.has("$ref")) {
      String name = cur.get("$ref").asText().substring("#/components/schemas/".length());
      cur = spec.get("components").get("schemas").get(name);
    }
    return cur;
  }

  /**
   * An example for {@code schema}, or null when it has none and is optional.
   *
   * @param schema a JSON schema of the document
   * @param required whether a value must be given (a placeholder of the type when there is no example)
   * @return the example, or {@code null}
   */
  public JsonNode example(JsonNode schema, boolean required) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (!inProgress.add(ref)) {
        return null;
      }
      try {
        return example(resolve(schema), required);
      } finally {
        inProgress.remove(ref);
      }
    }
    if (schema.has("example")) {
      return schema.get("example");
    }
    if (schema.has("allOf")) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : schema.get("allOf")) {
        JsonNode e = example(part, required);
        if (e instanceof ObjectNode o) {
          merged.setAll(o);
        } else if (e != null) {
          return e;
        }
      }
      return merged.isEmpty() && !required ? null : merged;
    }
    if (schema.has("oneOf")) {
      return example(schema.get("oneOf").get(0), required);
    }
    String type = schema.path("type").asText("object");
    if (type.equals("array")) {
      ArrayNode array = NODES.arrayNode();
      JsonNode items = schema.path("items");
      for (JsonNode variant : variants(items)) {
        JsonNode e = example(variant, true);
        if (e != null) {
          array.add(e);
        }
      }
      return array.isEmpty() && !required ? null : array;
    }
    if (schema.has("properties")) {
      ObjectNode object = NODES.objectNode();
      Set<String> requiredNames = new HashSet<>();
      schema.path("required").forEach(n -> requiredNames.add(n.asText()));
      Iterator<Map.Entry<String, JsonNode>> it = schema.get("properties").fields();
      Map<String, JsonNode> ordered = new LinkedHashMap<>();
      it.forEachRemaining(e -> ordered.put(e.getKey(), e.getValue()));
      ordered.forEach(
          (name, prop) -> {
            JsonNode e = example(prop, requiredNames.contains(name));
            if (e != null) {
              object.set(name, e);
            }
          });
      return object;
    }
    if (!required) {
      return null;
    }
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    switch (type) {
      case "string":
        return NODES.textNode("string");
      case "number":
      case "integer":
        return NODES.numberNode(0);
      case "boolean":
        return NODES.booleanNode(true);
      default:
        return NODES.objectNode();
    }
  }
}
