package dev.calcomclient.internal.decode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes the {@code data} of Cal.com's success envelopes into the models with the tolerant-reader rules of
 * {@link TolerantReader}: optional fields of the wrong type decode as absent, list elements without a valid
 * identity are left out, and a single answer without its identity is a {@link CalcomDecodingException} naming the
 * field and the operation (never the value). Every issue goes to the {@link DecodeIssueSink} once per (field,
 * kind) and answer, with its count.
 */
public final class Decoder {
  private final DecodeIssueSink sink;

  /**
   * Creates a decoder.
   *
   * @param sink receives what did not decode as expected
   */
  public Decoder(DecodeIssueSink sink) {
    this.sink = sink == null ? DecodeIssueSink.NONE : sink;
  }

  /**
   * {@code data} as one {@code type}. An array (Cal.com answers one for a recurring series) gives its first
   * element.
   *
   * @throws CalcomDecodingException when {@code data} is missing, not an object, or lacks its identity
   */
  public <T> T one(Operation operation, CalcomResponse response, Class<T> type) {
    JsonNode data = data(operation, response);
    if (data.isArray() && data.size() > 0) {
      data = data.get(0);
    }
    if (!data.isObject()) {
      throw error(operation, response, "data", "expected " + type.getSimpleName() + " in the answer's data");
    }
    return decodeStrict(operation, response, data, type);
  }

  /**
   * {@code data} as one {@code type}, or empty when {@code data} is {@code null}.
   *
   * @throws CalcomDecodingException when {@code data} is missing, not an object, or lacks its identity
   */
  public <T> Optional<T> optional(Operation operation, CalcomResponse response, Class<T> type) {
    JsonNode data = data(operation, response);
    if (data.isNull()) {
      return Optional.empty();
    }
    return Optional.of(one(operation, response, type));
  }

  /**
   * {@code data} as a list of {@code type}, element by element: an element without a valid identity is left out
   * and reported. A single object (Cal.com answers one for a booking that is not part of a series) is a list of
   * one.
   *
   * @throws CalcomDecodingException when {@code data} is missing or neither an array nor an object
   */
  public <T> DecodedList<T> list(Operation operation, CalcomResponse response, Class<T> type) {
    JsonNode data = data(operation, response);
    return elements(operation, response, data, type);
  }

  /**
   * {@code node} (a member of the envelope such as {@code data} or {@code pagination}) as a list of {@code type},
   * element by element.
   *
   * @throws CalcomDecodingException when {@code node} is neither an array, an object nor null
   */
  public <T> DecodedList<T> elements(Operation operation, CalcomResponse response, JsonNode node, Class<T> type) {
    if (node == null || node.isNull()) {
      return DecodedList.of(List.of());
    }
    if (node.isObject()) {
      return new DecodedList<>(List.of(decodeStrict(operation, response, node, type)), List.of());
    }
    if (!node.isArray()) {
      throw error(operation, response, "data", "expected a list of " + type.getSimpleName());
    }
    TolerantReader reader = new TolerantReader();
    Map<String, Integer> leftOut = new LinkedHashMap<>();
    List<T> items = new ArrayList<>(node.size());
    for (JsonNode element : node) {
      try {
        items.add(convert(reader.clean(element, type), type));
      } catch (TolerantReader.IdentityException e) {
        leftOut.merge(e.field(), 1, Integer::sum);
      } catch (IllegalArgumentException e) {
        leftOut.merge("(element)", 1, Integer::sum);
      }
    }
    return new DecodedList<>(items, report(operation, reader.tolerated(), leftOut));
  }

  /**
   * A member of the envelope that carries no identity (such as {@code pagination}): decoded tolerantly; absent,
   * {@code null} or not an object gives a {@code null} value (the latter reported).
   */
  public <T> Member<T> member(Operation operation, JsonNode node, String name, Class<T> type) {
    if (node == null || node.isNull()) {
      return new Member<>(null, List.of());
    }
    if (!node.isObject()) {
      return new Member<>(null, report(operation, Map.of(name, 1), Map.of()));
    }
    TolerantReader reader = new TolerantReader();
    try {
      T value = convert(reader.clean(node, type), type);
      Map<String, Integer> prefixed = new LinkedHashMap<>();
      reader.tolerated().forEach((k, v) -> prefixed.put(name + "." + k, v));
      return new Member<>(value, report(operation, prefixed, Map.of()));
    } catch (RuntimeException e) {
      return new Member<>(null, report(operation, Map.of(name, 1), Map.of()));
    }
  }

  /**
   * A decoded envelope member with what did not decode.
   *
   * @param value the value, or {@code null}
   * @param issues the issues, empty when none
   * @param <T> the member's type
   */
  public record Member<T>(T value, List<DecodeIssue> issues) {}

  /**
   * {@code data} of {@code GET /v2/slots}: a map from day to slots. A day whose key is not a date, and a slot
   * without a valid start, are left out and reported.
   *
   * @throws CalcomDecodingException when {@code data} is missing or not an object
   */
  public SlotDays slotDays(Operation operation, CalcomResponse response) {
    JsonNode data = data(operation, response);
    if (data.isNull()) {
      return new SlotDays(Map.of(), List.of());
    }
    if (!data.isObject()) {
      throw error(operation, response, "data", "expected slots by day");
    }
    TolerantReader reader = new TolerantReader();
    Map<String, Integer> leftOut = new LinkedHashMap<>();
    Map<LocalDate, List<Slot>> days = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = data.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> day = it.next();
      LocalDate date;
      try {
        date = LocalDate.parse(day.getKey());
      } catch (DateTimeParseException e) {
        leftOut.merge("day", 1, Integer::sum);
        continue;
      }
      if (!day.getValue().isArray()) {
        leftOut.merge("day", 1, Integer::sum);
        continue;
      }
      List<Slot> slots = new ArrayList<>();
      for (JsonNode slot : day.getValue()) {
        try {
          if (slot.isTextual()) {
            if (!TolerantReader.isDateTime(slot.asText())) {
              throw new TolerantReader.IdentityException("start");
            }
            slots.add(Slot.ofStart(slot.asText()));
          } else {
            slots.add(convert(reader.clean(slot, Slot.class), Slot.class));
          }
        } catch (TolerantReader.IdentityException e) {
          leftOut.merge(e.field(), 1, Integer::sum);
        } catch (RuntimeException e) {
          leftOut.merge("start", 1, Integer::sum);
        }
      }
      days.put(date, slots);
    }
    return new SlotDays(days, report(operation, reader.tolerated(), leftOut));
  }

  /**
   * Checks an answer whose {@code data} is not used (a deletion): an empty body is fine, a body must not be an
   * envelope saying {@code "status":"error"}.
   *
   * @throws CalcomDecodingException when the 2xx answer's envelope reports an error, or the body is not JSON
   */
  public void requireNoError(Operation operation, CalcomResponse response) {
    if (response.bodyBytes() == null || response.bodyBytes().length == 0) {
      return;
    }
    JsonNode status = Json.readTree(response).get("status");
    if (status != null && !"success".equals(status.asText())) {
      throw error(operation, response, "status", "a 2xx answer whose envelope does not say success");
    }
  }

  /** Slot days with what did not decode. */
  public record SlotDays(Map<LocalDate, List<Slot>> days, List<DecodeIssue> issues) {}

  /** The envelope's {@code data}: present (possibly JSON {@code null}) in a success envelope. */
  private static JsonNode data(Operation operation, CalcomResponse response) {
    JsonNode root = Json.readSuccessEnvelope(response);
    JsonNode data = root.get("data");
    if (data == null) {
      throw error(operation, response, "data", "the success envelope has no data");
    }
    return data;
  }

  private <T> T decodeStrict(Operation operation, CalcomResponse response, JsonNode node, Class<T> type) {
    TolerantReader reader = new TolerantReader();
    T value;
    try {
      value = convert(reader.clean(node, type), type);
    } catch (TolerantReader.IdentityException e) {
      throw error(
          operation, response, e.field(), type.getSimpleName() + " without a valid " + e.field());
    } catch (IllegalArgumentException e) {
      throw error(operation, response, "data", "data does not match " + type.getSimpleName());
    }
    report(operation, reader.tolerated(), Map.of());
    return value;
  }

  private static <T> T convert(JsonNode node, Class<T> type) {
    return Json.mapper().convertValue(node, type);
  }

  private List<DecodeIssue> report(
      Operation operation, Map<String, Integer> tolerated, Map<String, Integer> leftOut) {
    if (tolerated.isEmpty() && leftOut.isEmpty()) {
      return List.of();
    }
    List<DecodeIssue> issues = new ArrayList<>();
    leftOut.forEach((f, n) -> issues.add(new DecodeIssue(operation, f, DecodeIssue.Kind.LEFT_OUT, n)));
    tolerated.forEach((f, n) -> issues.add(new DecodeIssue(operation, f, DecodeIssue.Kind.TOLERATED, n)));
    issues.forEach(sink::accept);
    return List.copyOf(issues);
  }

  private static CalcomDecodingException error(
      Operation operation, CalcomResponse response, String field, String message) {
    return new CalcomDecodingException(
        operation + ": " + message + " (field " + field + ")", response.status(), response.requestId(), null,
        operation, field);
  }
}
