package dev.calcomclient.internal.decode;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Me;
import dev.calcomclient.model.Schedule;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotReservation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a JSON tree against a model record before Jackson sees it: the tolerant-reader rules of the client.
 *
 * <ul>
 *   <li>An optional field whose JSON type or value is not the expected one (an object where a number is
 *       expected, a string that is not a date, a number out of range) is removed, so it decodes as absent, and
 *       noted as {@link DecodeIssue.Kind#TOLERATED}.
 *   <li>An identity field (ids, uids, event type ids, starts, ends, booking status; see {@link #IDENTITY}) that is
 *       missing, {@code null} or malformed throws {@link IdentityException} naming the field; the caller turns it
 *       into a typed error or leaves the element out of a list.
 * </ul>
 *
 * <p>The expected JSON type of each field is read from the record's components (their Java types and
 * {@code @JsonProperty} names), so the rules follow the models. Unknown fields are left alone (Jackson ignores
 * them). Never records a value, only field names.
 */
final class TolerantReader {
  /** What must be present and well formed for each model, by JSON name. */
  static final Map<Class<?>, Set<String>> IDENTITY =
      Map.of(
          Booking.class, Set.of("id", "uid", "start", "end", "status"),
          EventType.class, Set.of("id"),
          Schedule.class, Set.of("id"),
          Me.class, Set.of("id"),
          SlotReservation.class, Set.of("eventTypeId", "slotStart", "reservationUid"),
          Slot.class, Set.of("start"));

  private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

  /** A field of a record as seen on the wire. */
  private record Field(String name, Type type) {}

  /** An identity field was missing or malformed. */
  static final class IdentityException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    IdentityException(String field) {
      super(field, null, false, false);
      this.field = field;
    }

    String field() {
      return field;
    }
  }

  private final Map<String, Integer> tolerated = new LinkedHashMap<>();

  /** The optional fields removed so far, by path, with how often. */
  Map<String, Integer> tolerated() {
    return tolerated;
  }

  /**
   * Returns a cleaned copy of {@code node} for {@code type}: mistyped optional fields removed (and noted).
   *
   * @throws IdentityException when an identity field is missing or malformed
   */
  ObjectNode clean(JsonNode node, Class<?> type) {
    if (node == null || !node.isObject()) {
      throw new IdentityException("(element)");
    }
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    Map<String, Integer> local = new LinkedHashMap<>();
    cleanRecord(copy, type, "", local);
    if (type == Booking.class) {
      requireBookingEventType(copy);
    }
    local.forEach((k, v) -> tolerated.merge(k, v, Integer::sum));
    return copy;
  }

  /** A booking must say which event type it is of: {@code eventType.id} or the deprecated {@code eventTypeId}. */
  private static void requireBookingEventType(ObjectNode booking) {
    if (!isId(booking.path("eventType").get("id")) && !isId(booking.get("eventTypeId"))) {
      throw new IdentityException("eventTypeId");
    }
  }

  private void cleanRecord(ObjectNode node, Class<?> type, String prefix, Map<String, Integer> out) {
    Set<String> identity = IDENTITY.getOrDefault(type, Set.of());
    for (Field f : fields(type)) {
      JsonNode value = node.get(f.name());
      boolean strict = identity.contains(f.name());
      if (value == null || value.isNull()) {
        if (strict) {
          throw new IdentityException(prefix + f.name());
        }
        continue;
      }
      boolean ok = strict ? strictValue(value, f.type()) : check(value, f.type(), prefix + f.name(), out);
      if (!ok) {
        if (strict) {
          throw new IdentityException(prefix + f.name());
        }
        node.remove(f.name());
        out.merge(prefix + f.name(), 1, Integer::sum);
      }
    }
  }

  /**
   * An identity value: a non-negative JSON integer for ids (never text, never a fraction), a non-blank string, a
   * date-time with offset.
   */
  private static boolean strictValue(JsonNode v, Type type) {
    Class<?> c = raw(type);
    if (isIntegral(c)) {
      return isId(v);
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return v.isTextual() && isDateTime(v.asText());
    }
    return v.isTextual() && !v.asText().isBlank();
  }

  static boolean isId(JsonNode v) {
    return v != null && v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0;
  }

  /**
   * Whether {@code v} fits {@code type}; containers and nested records are cleaned in place (their bad items and
   * fields removed and noted).
   */
  private boolean check(JsonNode v, Type type, String path, Map<String, Integer> out) {
    Class<?> c = raw(type);
    if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
      return true;
    }
    if (c == Integer.class || c == int.class) {
      return isWhole(v) ? v.canConvertToInt() : wholeText(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (c == Long.class || c == long.class) {
      return isWhole(v) ? v.canConvertToLong() : wholeText(v, Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (c == BigDecimal.class || c == Double.class || c == double.class || c == Float.class || c == float.class) {
      return v.isNumber() || v.isTextual() && parses(() -> new BigDecimal(v.asText().trim()));
    }
    if (c == Boolean.class || c == boolean.class) {
      return v.isBoolean();
    }
    if (c == String.class) {
      return v.isValueNode();
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return v.isTextual() && isDateTime(v.asText());
    }
    if (c == LocalDate.class) {
      return v.isTextual() && parses(() -> LocalDate.parse(v.asText()));
    }
    if (c == LocalTime.class) {
      return v.isTextual() && parses(() -> LocalTime.parse(v.asText()));
    }
    if (Collection.class.isAssignableFrom(c)) {
      if (!v.isArray()) {
        return false;
      }
      Type item = typeArgument(type, 0);
      ArrayNode array = (ArrayNode) v;
      for (int i = array.size() - 1; i >= 0; i--) {
        JsonNode element = array.get(i);
        if (element == null || element.isNull() || !check(element, item, path + "[]", out)) {
          array.remove(i);
          out.merge(path + "[]", 1, Integer::sum);
        }
      }
      return true;
    }
    if (Map.class.isAssignableFrom(c)) {
      if (!v.isObject()) {
        return false;
      }
      Type valueType = typeArgument(type, 1);
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull() && !check(e.getValue(), valueType, path + "{}", out)) {
          it.remove();
          out.merge(path + "{}", 1, Integer::sum);
        }
      }
      return true;
    }
    if (c.isRecord()) {
      if (v.isTextual() && hasStringCreator(c)) {
        return c != Slot.class || isDateTime(v.asText());
      }
      if (!v.isObject()) {
        return false;
      }
      try {
        cleanRecord((ObjectNode) v, c, path + ".", out);
        return true;
      } catch (IdentityException e) {
        return false;
      }
    }
    if (hasStringCreator(c) || c.isEnum()) {
      return v.isTextual();
    }
    return true;
  }

  private static boolean isWhole(JsonNode v) {
    if (v.isIntegralNumber()) {
      return true;
    }
    if (v.isFloatingPointNumber()) {
      double d = v.doubleValue();
      return !Double.isInfinite(d) && d == Math.rint(d) && Math.abs(d) <= Long.MAX_VALUE;
    }
    return false;
  }

  /** A number sent as text ({@code "30"}, as Cal.com's own examples do), within range: Jackson reads it. */
  private static boolean wholeText(JsonNode v, long min, long max) {
    if (!v.isTextual()) {
      return false;
    }
    try {
      long n = Long.parseLong(v.asText().trim());
      return n >= min && n <= max;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static boolean isDateTime(String text) {
    return parses(() -> OffsetDateTime.parse(text)) || parses(() -> Instant.parse(text));
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException | NumberFormatException e) {
      return false;
    }
  }

  private static boolean isIntegral(Class<?> c) {
    return c == Long.class || c == long.class || c == Integer.class || c == int.class;
  }

  private static boolean hasStringCreator(Class<?> c) {
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers())
          && m.isAnnotationPresent(JsonCreator.class)
          && m.getParameterCount() == 1
          && m.getParameterTypes()[0] == String.class) {
        return true;
      }
    }
    return false;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType p && p.getActualTypeArguments().length > index) {
      return p.getActualTypeArguments()[index];
    }
    return Object.class;
  }

  private static List<Field> fields(Class<?> type) {
    return FIELDS.computeIfAbsent(
        type,
        t -> {
          List<Field> fields = new ArrayList<>();
          if (!t.isRecord()) {
            return fields;
          }
          for (RecordComponent rc : t.getRecordComponents()) {
            JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
            if (p == null) {
              p = rc.getAnnotation(JsonProperty.class);
            }
            String name = p != null && !p.value().isEmpty() ? p.value() : rc.getName();
            fields.add(new Field(name, rc.getGenericType()));
          }
          return fields;
        });
  }
}
