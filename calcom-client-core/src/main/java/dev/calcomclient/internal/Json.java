package dev.calcomclient.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.pipeline.CalcomResponse;
import java.io.IOException;

/**
 * The JSON codec: one configured {@link ObjectMapper} (lenient on unknown properties, ISO-8601 for
 * {@code java.time}, nulls omitted on output) and the success-envelope decoding shared by every resource.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Json() {}

  /** The shared mapper. Configured once; do not reconfigure. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Serialises {@code value} to JSON bytes. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  /** Parses the whole body of a response as a tree. */
  public static JsonNode readTree(CalcomResponse response) {
    try {
      JsonNode node = MAPPER.readTree(response.bodyBytes());
      if (node == null || node.isMissingNode()) {
        throw new CalcomDecodingException("empty response body", response.status(), response.requestId(), null);
      }
      return node;
    } catch (IOException e) {
      throw new CalcomDecodingException(
          "malformed JSON in response body", response.status(), response.requestId(), e);
    }
  }

  /**
   * Parses a success envelope {@code {"status":"success","data":...}} and returns the whole envelope tree
   * (for list endpoints that also carry {@code pagination}).
   */
  public static JsonNode readSuccessEnvelope(CalcomResponse response) {
    JsonNode root = readTree(response);
    JsonNode status = root.get("status");
    if (status == null || !"success".equals(status.asText())) {
      throw new CalcomDecodingException(
          "expected a success envelope {\"status\":\"success\",...}", response.status(), response.requestId(), null);
    }
    return root;
  }

  /** Decodes the {@code data} member of a success envelope into {@code type}; {@code null} data gives null. */
  public static <T> T decodeData(CalcomResponse response, JavaType type) {
    JsonNode root = readSuccessEnvelope(response);
    return convert(root.get("data"), type, response);
  }

  /** Converts a tree into {@code type}, wrapping failures in {@link CalcomDecodingException}. */
  public static <T> T convert(JsonNode node, JavaType type, CalcomResponse response) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return MAPPER.convertValue(node, type);
    } catch (IllegalArgumentException e) {
      throw new CalcomDecodingException(
          "response data does not match " + type.toCanonical(), response.status(), response.requestId(), e);
    }
  }

  /** A {@link JavaType} for {@code cls}. */
  public static JavaType type(Class<?> cls) {
    return MAPPER.constructType(cls);
  }

  /** A {@link JavaType} for {@code List<cls>}. */
  public static JavaType listOf(Class<?> cls) {
    return MAPPER.getTypeFactory().constructCollectionType(java.util.List.class, cls);
  }
}
