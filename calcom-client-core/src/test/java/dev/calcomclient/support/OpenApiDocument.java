package dev.calcomclient.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testkit.OpenApiExamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cal.com's OpenAPI document as kept in the repository (the testkit's test resources; provenance in its
 * {@code SOURCE.md}): loading, response schemas, and example envelopes assembled like Prism's static mode.
 */
public final class OpenApiDocument {
  /** Relative to the module directory, where Maven runs tests. */
  public static final Path SPEC =
      Path.of("../calcom-client-testkit/src/test/resources/calcom-openapi/openapi-v2.json");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonNode spec;

  private OpenApiDocument() {}

  /** The parsed document, read once. */
  public static synchronized JsonNode spec() {
    if (spec != null) {
      return spec;
    }
    if (!Files.isRegularFile(SPEC)) {
      throw new AssertionError(
          "OpenAPI document not found at " + SPEC.toAbsolutePath().normalize()
              + ": it is part of the repository (calcom-client-testkit/src/test/resources/calcom-openapi)");
    }
    try {
      spec = MAPPER.readTree(SPEC.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return spec;
  }

  /** The JSON schema of a response ({@code method} lower case, {@code status} such as {@code "200"}). */
  public static JsonNode responseSchema(String method, String path, String status) {
    return spec().get("paths").get(path).get(method).get("responses").get(status)
        .get("content").get("application/json").get("schema");
  }

  /** The example envelopes of a response: one per {@code oneOf} variant of its {@code data}. */
  public static List<JsonNode> exampleEnvelopes(String method, String path, String status) {
    return new OpenApiExamples(spec()).envelopes(responseSchema(method, path, status));
  }

  /** A named schema of {@code components/schemas}. */
  public static JsonNode component(String name) {
    return spec().get("components").get("schemas").get(name);
  }
}
