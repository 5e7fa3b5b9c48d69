package dev.calcomclient.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random answers generated from the document's schemas, as a mock server in random mode would: every value is only
 * as constrained as the document says ({@code type: number} may be a fraction or negative, {@code type: string}
 * any text, {@code nullable} may be {@code null}, optional properties may be absent, {@code oneOf} any variant).
 */
public final class RandomAnswers {
  /**
   * The lenient derivative kept beside the document: its {@code GET /v2/slots} 200 schema describes the real
   * envelope (the document's describes only {@code data}); see the provenance note.
   */
  static final Path LENIENT =
      Path.of("../calcom-client-testkit/src/test/resources/calcom-openapi/openapi-v2.prism-lenient.json");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 8;
  private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789-_ ";
  private static JsonNode lenient;

  private final JsonNode spec;
  private final Random random;
  private final Set<String> inProgress = new HashSet<>();

  /**
   * A generator over {@code spec}.
   *
   * @param spec the document
   * @param random the source of randomness (seeded by the test)
   */
  public RandomAnswers(JsonNode spec, Random random) {
    this.spec = spec;
    this.random = random;
  }

  /** The {@code GET /v2/slots} 200 schema of the lenient derivative. */
  public static synchronized JsonNode slotsSchema() {
    if (lenient == null) {
      try {
        lenient = new ObjectMapper().readTree(LENIENT.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lenient.get("paths").get("/v2/slots").get("get").get("responses").get("200")
        .get("content").get("application/json").get("schema");
  }

  /** A random value of {@code schema}. */
  public JsonNode value(JsonNode schema) {
    return value(schema, 0);
  }

  private JsonNode value(JsonNode schema, int depth) {
    if (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (depth > MAX_DEPTH || !inProgress.add(ref)) {
        return NODES.objectNode();
      }
      try {
        String name = ref.substring("#/components/schemas/".length());
        return value(spec.get("components").get("schemas").get(name), depth + 1);
      } finally {
        inProgress.remove(ref);
      }
    }
    if (schema.path("nullable").asBoolean(false) && random.nextInt(6) == 0) {
      return NODES.nullNode();
    }
    for (String union : new String[] {"oneOf", "anyOf"}) {
      if (schema.has(union)) {
        JsonNode variants = schema.get(union);
        return value(variants.get(random.nextInt(variants.size())), depth + 1);
      }
    }
    if (schema.has("allOf")) {
      ObjectNode merged = NODES.objectNode();
      for (JsonNode part : schema.get("allOf")) {
        JsonNode v = value(part, depth + 1);
        if (v instanceof ObjectNode o) {
          merged.setAll(o);
        }
      }
      return merged;
    }
    if (schema.has("enum")) {
      JsonNode values = schema.get("enum");
      return values.get(random.nextInt(values.size()));
    }
    String type = schema.path("type").asText(schema.has("properties") ? "object" : "any");
    switch (type) {
      case "string":
        return NODES.textNode(string(schema.path("format").asText("")));
      case "integer":
        return NODES.numberNode(random.nextInt(2_000_001) - 1_000_000);
      case "number":
        return random.nextBoolean()
            ? NODES.numberNode(random.nextInt(2_000_001) - 1_000_000)
            : NODES.numberNode(random.nextDouble() * 2_000 - 1_000);
      case "boolean":
        return NODES.booleanNode(random.nextBoolean());
      case "array":
        ArrayNode array = NODES.arrayNode();
        int n = depth > MAX_DEPTH ? 0 : random.nextInt(4);
        for (int i = 0; i < n; i++) {
          array.add(value(schema.path("items"), depth + 1));
        }
        return array;
      case "object":
        return object(schema, depth);
      default:
        return any(depth);
    }
  }

  private JsonNode object(JsonNode schema, int depth) {
    ObjectNode object = NODES.objectNode();
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      if (required.contains(p.getKey()) || random.nextInt(10) < 7) {
        object.set(p.getKey(), value(p.getValue(), depth + 1));
      }
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      int n = random.nextInt(3);
      for (int i = 0; i < n; i++) {
        object.set(string(""), value(additional, depth + 1));
      }
    } else if (!schema.has("properties") && random.nextBoolean()) {
      object.set(string(""), any(depth + 1));
    }
    return object;
  }

  private JsonNode any(int depth) {
    switch (random.nextInt(depth > MAX_DEPTH ? 4 : 6)) {
      case 0:
        return NODES.textNode(string(""));
      case 1:
        return NODES.numberNode(random.nextInt(1000));
      case 2:
        return NODES.booleanNode(random.nextBoolean());
      case 3:
        return NODES.nullNode();
      case 4:
        return NODES.arrayNode().add(any(depth + 1));
      default:
        ObjectNode o = NODES.objectNode();
        o.set(string(""), any(depth + 1));
        return o;
    }
  }

  private String string(String format) {
    if (format.equals("date-time")) {
      return instant().toString();
    }
    if (format.equals("date")) {
      return LocalDate.ofInstant(instant(), ZoneOffset.UTC).toString();
    }
    int n = random.nextInt(13);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
    }
    return b.toString();
  }

  /** A random instant between 2020 and 2060, whole seconds. */
  public Instant instant() {
    return Instant.ofEpochSecond(1_577_836_800L + (long) (random.nextDouble() * 1_262_304_000L));
  }

  /** The source of randomness. */
  public Random random() {
    return random;
  }
}
