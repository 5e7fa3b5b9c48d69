package dev.calcomclient.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.internal.Json;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.CoveredOperations.Covered;
import dev.calcomclient.support.CoveredOperations;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.MockCalcom;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spec-driven mutation test. For every covered operation, the document's example answer is mutated
 * systematically and served to the client:
 *
 * <ul>
 *   <li>every field of the first element of {@code data} (and of its nested objects, one level down) is removed,
 *       set to {@code null}, and replaced by each JSON type ({@code {}}, {@code []}, {@code "x"}, {@code 12345},
 *       {@code 1.5}, {@code -1}, {@code true});
 *   <li>the element is duplicated, emptied ({@code {}}) and the elements reordered; an unknown field and unknown
 *       enum values are added; the envelope says {@code "status":"error"} or has no {@code data}.
 * </ul>
 *
 * <p>The oracle: the call never fails with anything but a {@link CalcomException}; an identity field (id, uid,
 * start, end, status; a slot's start; a reservation's event type, start and uid) made absent or malformed gives a
 * {@link CalcomDecodingException} naming the field and the operation, or the element is left out and reported as
 * {@link DecodeIssue.Kind#LEFT_OUT} naming the field; an optional field the model maps, given a JSON type its Java
 * type cannot hold, decodes as absent with the element kept and a {@link DecodeIssue.Kind#TOLERATED} report naming
 * it; every decoded identity is one that was sent (never {@code 0} or {@code null} made up). The figures
 * (operations × mutations tried, tolerated, refused) go to the {@code calcom.figures} log.
 */
class SpecMutationTest {
  private static final Logger figures = LoggerFactory.getLogger("calcom.figures");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The identity of each model, as the client promises it (JSON names). */
  static final Map<Class<?>, Set<String>> IDENTITY =
      Map.of(
          Booking.class, Set.of("id", "uid", "start", "end", "status"),
          EventType.class, Set.of("id"),
          Schedule.class, Set.of("id"),
          Me.class, Set.of("id"),
          SlotReservation.class, Set.of("eventTypeId", "slotStart", "reservationUid"),
          Slot.class, Set.of("start"));

  /** Replacement values: each JSON type, a fraction and a negative number. */
  private static final Map<String, JsonNode> VALUES = new LinkedHashMap<>();

  static {
    VALUES.put("object", NODES.objectNode());
    VALUES.put("array", NODES.arrayNode());
    VALUES.put("string", NODES.textNode("x"));
    VALUES.put("number", NODES.numberNode(12345));
    VALUES.put("fraction", NODES.numberNode(1.5));
    VALUES.put("negative", NODES.numberNode(-1));
    VALUES.put("boolean", NODES.booleanNode(true));
  }

  private static MockWebServer server;
  private static final AtomicReference<String> answer = new AtomicReference<>();
  private static final AtomicReference<Integer> answerStatus = new AtomicReference<>(200);
  private static final List<DecodeIssue> issues = new CopyOnWriteArrayList<>();
  private static final Map<Operation, int[]> tally = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    server = MockCalcom.answering(answerStatus::get, answer::get);
  }

  @AfterAll
  static void stop() {
    int tried = 0;
    int tolerated = 0;
    int refused = 0;
    int clean = 0;
    for (int[] t : tally.values()) {
      tried += t[0];
      tolerated += t[1];
      refused += t[2];
      clean += t[3];
    }
    figures.info(
        "spec mutation test: {} operations x {} mutations tried: {} tolerated (decoded, field reported), {} refused"
            + " (typed error or element left out), {} decoded unchanged",
        tally.size(), tried, tolerated, refused, clean);
    tally.forEach(
        (op, t) -> figures.info("  {}: {} tried, {} tolerated, {} refused, {} clean", op, t[0], t[1], t[2], t[3]));
    server.close();
  }

  /** What one mutated answer gave. */
  private record Outcome(List<?> decoded, List<DecodeIssue> issues, Throwable failure) {
    boolean tolerated(String field) {
      return failure == null
          && issues.stream().anyMatch(i -> i.kind() == DecodeIssue.Kind.TOLERATED && i.field().equals(field));
    }

    boolean leftOut(String field) {
      return failure == null
          && issues.stream().anyMatch(i -> i.kind() == DecodeIssue.Kind.LEFT_OUT && i.field().equals(field));
    }

    boolean refusedNaming(Operation op, String field) {
      // A create's undecodable answer is an unknown outcome: looked up, then BookingOutcomeUnknownException caused
      // by the decoding failure (the booking may exist).
      Throwable f =
          op == Operation.BOOKING_CREATE && failure instanceof BookingOutcomeUnknownException u
              ? u.getCause()
              : failure;
      return f instanceof CalcomDecodingException d && d.operation() == op && field.equals(d.field())
          || leftOut(field);
    }
  }

  @Test
  void everyCoveredOperationIsMutated() {
    assertThat(CoveredOperations.ALL).extracting(Covered::operation).containsExactlyInAnyOrder(Operation.values());
  }

  @TestFactory
  Stream<DynamicTest> mutationsOfEveryCoveredOperation() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Covered c : CoveredOperations.ALL) {
      tests.add(DynamicTest.dynamicTest(c.key(), () -> mutate(c)));
    }
    return tests.stream();
  }

  /**
   * The same mutations of FakeCalcom's own answers (the read operations it answers without state to set up):
   * the fake's shapes differ from the document's examples (more fields, real values).
   */
  @TestFactory
  Stream<DynamicTest> mutationsOfTheFakesAnswers() {
    Map<Operation, String> paths = new LinkedHashMap<>();
    paths.put(Operation.EVENT_TYPES_LIST, "/v2/event-types?username=alice");
    paths.put(Operation.EVENT_TYPE_GET, "/v2/event-types/" + DefaultDataset.INTRO_CALL_ID);
    paths.put(Operation.TEAM_EVENT_TYPES_LIST, "/v2/teams/" + DefaultDataset.SALES_TEAM_ID + "/event-types");
    paths.put(Operation.SCHEDULES_LIST, "/v2/schedules");
    paths.put(Operation.SCHEDULE_GET, "/v2/schedules/" + DefaultDataset.ALICE_SCHEDULE_ID);
    paths.put(Operation.ME_GET, "/v2/me");
    paths.put(
        Operation.SLOTS_FIND,
        "/v2/slots?eventTypeId=" + DefaultDataset.INTRO_CALL_ID + "&start=2050-09-05T00:00:00Z"
            + "&end=2050-09-05T23:59:59Z&format=range");
    List<DynamicTest> tests = new ArrayList<>();
    try (FakeCalcom fake =
        FakeCalcom.builder().withDefaultData().clock(FakeClock.at(FakeCalcomClients.NOW)).build().start()) {
      for (Covered c : CoveredOperations.ALL) {
        String path = paths.get(c.operation());
        if (path != null) {
          JsonNode answer = fakeAnswer(fake, c, path);
          tests.add(DynamicTest.dynamicTest(c.key() + " (FakeCalcom's answer)", () -> mutate(c, answer)));
        }
      }
    }
    return tests.stream();
  }

  private static JsonNode fakeAnswer(FakeCalcom fake, Covered c, String path) {
    okhttp3.OkHttpClient http = new okhttp3.OkHttpClient();
    okhttp3.Request.Builder request =
        new okhttp3.Request.Builder().url(fake.baseUrl().replaceAll("/$", "") + path)
            .header("Authorization", "Bearer " + fake.apiKey());
    String version = c.operation().resource().defaultVersion();
    if (version != null) {
      request.header("cal-api-version", version);
    }
    try (okhttp3.Response response = http.newCall(request.build()).execute()) {
      assertThat(response.code()).as(c.key() + " from the fake").isBetween(200, 299);
      return Json.mapper().readTree(response.body().string());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private void mutate(Covered c) {
    // The example whose first element has the most fields (GET /v2/slots: the range format's).
    JsonNode example =
        c.examples().stream()
            .max(java.util.Comparator.comparingInt(e -> elementsOf(c, e).isEmpty() ? 0 : elementsOf(c, e).get(0).size()))
            .orElseThrow();
    mutate(c, example);
  }

  private void mutate(Covered c, JsonNode example) {
    int[] t = tally.computeIfAbsent(c.operation(), k -> new int[4]);
    try (CalcomClient client = CoveredOperations.client(server, new CalcomEventListener() {
          @Override
          public void decodeIssue(DecodeIssue issue) {
            issues.add(issue);
          }
        })) {
      // The example itself decodes without any issue.
      Outcome plain = run(client, c, example.toString());
      assertThat(plain.failure()).as(c.key() + " example").isNull();
      assertThat(plain.issues()).as(c.key() + " example issues").isEmpty();

      envelopeMutations(client, c, example, t);
      if (c.model() == null) {
        return;
      }
      for (FieldRef f : fields(c, example)) {
        for (Map.Entry<String, JsonNode> v : mutationsOf()) {
          JsonNode mutated = f.set(example, v.getValue());
          Outcome o = run(client, c, mutated.toString());
          judge(c, f, v.getKey(), v.getValue(), mutated, o, t);
        }
      }
      elementMutations(client, c, example, t);
    }
  }

  private static List<Map.Entry<String, JsonNode>> mutationsOf() {
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    out.add(Map.entry("removed", NODES.missingNode()));
    out.add(Map.entry("null", NODES.nullNode()));
    out.addAll(VALUES.entrySet());
    return out;
  }

  /** Checks one field mutation against the oracle. */
  private void judge(
      Covered c, FieldRef f, String kind, JsonNode value, JsonNode sent, Outcome o, int[] t) {
    String what = c.key() + " " + f.path() + " " + kind;
    t[0]++;
    assertTyped(what, o);
    assertIdentitiesWereSent(what, c, sent, o);
    if (f.identity()) {
      boolean acceptable = identityAccepts(f, value);
      if (!acceptable) {
        assertThat(o.refusedNaming(c.operation(), f.path()))
            .as(what + ": identity made invalid must be refused naming the field; got " + describe(o))
            .isTrue();
        t[2]++;
        return;
      }
      assertThat(o.failure()).as(what + ": a valid identity decodes").isNull();
      t[3]++;
      return;
    }
    if (o.failure() != null || o.issues().stream().anyMatch(DecodeIssue::isLeftOut)) {
      // An optional field never costs the element: only identity does.
      assertThat(o.failure()).as(what + ": an optional field must not fail the call").isNull();
      assertThat(o.issues()).as(what + ": an optional field must not leave the element out")
          .noneMatch(DecodeIssue::isLeftOut);
    }
    assertThat(o.decoded()).as(what + ": elements kept").hasSameSizeAs(elementsOf(c, sent));
    if (f.modelType() != null && !value.isMissingNode() && !value.isNull() && !fits(f.modelType(), value)) {
      assertThat(o.tolerated(f.path()))
          .as(what + ": a mapped optional field of the wrong JSON type is reported tolerated; got " + describe(o))
          .isTrue();
    }
    if (o.issues().isEmpty()) {
      t[3]++;
    } else {
      t[1]++;
    }
  }

  /** Duplicated, emptied, reordered elements; an unknown field; unknown enum values. */
  private void elementMutations(CalcomClient client, Covered c, JsonNode example, int[] t) {
    List<JsonNode> elements = elementsOf(c, example);
    JsonNode first = elements.get(0);

    // unknown field: decoded, nothing reported
    JsonNode withUnknown = replaceFirst(c, example, e -> ((ObjectNode) e.deepCopy()).put("someFutureField", 7));
    Outcome unknown = run(client, c, withUnknown.toString());
    t[0]++;
    assertThat(unknown.failure()).as(c.key() + " unknown field").isNull();
    assertThat(unknown.issues()).as(c.key() + " unknown field").isEmpty();
    t[3]++;

    // unknown enum values
    for (String field : List.of("status", "schedulingType")) {
      if (first.has(field) && first.get(field).isTextual()) {
        JsonNode m = replaceFirst(c, example, e -> ((ObjectNode) e.deepCopy()).put(field, "someFutureValue"));
        Outcome o = run(client, c, m.toString());
        t[0]++;
        assertTyped(c.key() + " unknown " + field, o);
        assertThat(o.failure()).as(c.key() + " unknown enum value of " + field).isNull();
        assertThat(o.decoded()).hasSameSizeAs(elements);
        t[3]++;
      }
    }

    // emptied element: its identity is missing
    JsonNode emptied = replaceFirst(c, example, e -> NODES.objectNode());
    Outcome empty = run(client, c, emptied.toString());
    t[0]++;
    assertTyped(c.key() + " emptied", empty);
    assertThat(empty.failure() instanceof CalcomDecodingException
            || empty.issues().stream().anyMatch(DecodeIssue::isLeftOut))
        .as(c.key() + " an emptied element is refused or left out; got " + describe(empty))
        .isTrue();
    t[2]++;

    if (c.operation() == Operation.SLOTS_FIND) {
      // a day key that is not a date: that day is left out
      JsonNode badDay = example.deepCopy();
      ObjectNode days = (ObjectNode) badDay.get("data");
      String day = days.fieldNames().next();
      days.set("not-a-date", days.remove(day));
      Outcome o = run(client, c, badDay.toString());
      t[0]++;
      assertThat(o.leftOut("day")).as("a slot day key that is not a date is left out; got " + describe(o)).isTrue();
      t[2]++;
    }
    if (!c.list() || !dataOf(c, example).isArray() && c.operation() != Operation.SLOTS_FIND) {
      return;
    }
    // duplicated and reordered: every element decoded, in the order sent
    JsonNode dup = withElements(c, example, e -> {
      ArrayNode a = (ArrayNode) e.deepCopy();
      a.add(a.get(0).deepCopy());
      for (int i = 0, j = a.size() - 1; i < j; i++, j--) {
        JsonNode x = a.get(i);
        a.set(i, a.get(j));
        a.set(j, x);
      }
      return a;
    });
    Outcome d = run(client, c, dup.toString());
    t[0]++;
    assertThat(d.failure()).as(c.key() + " duplicated and reordered").isNull();
    assertThat(d.decoded()).hasSize(elements.size() + 1);
    assertIdentitiesWereSent(c.key() + " duplicated", c, dup, d);
    t[3]++;
  }

  /**
   * The decoding failure behind an outcome. A create whose 2xx answer cannot be decoded has an unknown outcome (the
   * booking may exist): the client looks it up and, when the lookup cannot confirm it, fails with
   * {@link BookingOutcomeUnknownException} caused by the decoding failure.
   */
  private static Throwable decodingFailure(Covered c, Outcome o) {
    if (c.operation() == Operation.BOOKING_CREATE && o.failure() instanceof BookingOutcomeUnknownException u) {
      return u.getCause();
    }
    return o.failure();
  }

  /** A 2xx whose envelope says error, or has no data, is an error. */
  private void envelopeMutations(CalcomClient client, Covered c, JsonNode example, int[] t) {
    ObjectNode error = example.deepCopy();
    error.put("status", "error");
    Outcome o = run(client, c, error.toString());
    t[0]++;
    assertThat(decodingFailure(c, o)).as(c.key() + " 2xx with status error").isInstanceOf(CalcomDecodingException.class);
    t[2]++;
    if (c.model() != null) {
      ObjectNode noData = example.deepCopy();
      noData.remove("data");
      Outcome n = run(client, c, noData.toString());
      t[0]++;
      assertThat(decodingFailure(c, n)).as(c.key() + " 2xx without data").isInstanceOf(CalcomDecodingException.class);
      assertThat(((CalcomDecodingException) decodingFailure(c, n)).field()).isEqualTo("data");
      t[2]++;
    }
  }

  // ---- the oracle's parts ----

  private static void assertTyped(String what, Outcome o) {
    if (o.failure() != null) {
      assertThat(o.failure()).as(what + ": only typed errors").isInstanceOf(CalcomException.class);
      assertThat(o.failure().getMessage()).as(what + ": the message never carries a value").doesNotContain("12345");
    }
  }

  /** Every identity decoded is one that was sent, value for value. */
  private static void assertIdentitiesWereSent(String what, Covered c, JsonNode sent, Outcome o) {
    if (c.model() == null || o.failure() != null) {
      return;
    }
    List<JsonNode> sentElements = elementsOf(c, sent);
    for (Object decoded : o.decoded()) {
      JsonNode tree = Json.mapper().valueToTree(decoded);
      boolean matches = false;
      for (JsonNode s : sentElements) {
        if (sameIdentity(c.model(), s, tree)) {
          matches = true;
          break;
        }
      }
      assertThat(matches).as(what + ": decoded identity " + identityOf(c.model(), tree) + " was sent").isTrue();
    }
  }

  private static boolean sameIdentity(Class<?> model, JsonNode sent, JsonNode decoded) {
    if (!sent.isObject()) {
      return model == Slot.class && sent.isTextual() && sameValue(sent, decoded.get("start"));
    }
    for (String f : IDENTITY.get(model)) {
      if (!sameValue(sent.get(f), decoded.get(f))) {
        return false;
      }
    }
    return true;
  }

  static boolean sameValue(JsonNode sent, JsonNode decoded) {
    if (sent == null || decoded == null || sent.isNull() || decoded.isNull()) {
      return false;
    }
    if (sent.isNumber() && decoded.isNumber()) {
      return sent.decimalValue().compareTo(decoded.decimalValue()) == 0;
    }
    if (sent.isTextual() && decoded.isTextual()) {
      Instant a = instant(sent.asText());
      Instant b = instant(decoded.asText());
      if (a != null && b != null) {
        return a.equals(b);
      }
      return sent.asText().equalsIgnoreCase(decoded.asText());
    }
    return false;
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (RuntimeException e) {
      try {
        return Instant.parse(text);
      } catch (RuntimeException e2) {
        return null;
      }
    }
  }

  private static String identityOf(Class<?> model, JsonNode tree) {
    Map<String, String> out = new LinkedHashMap<>();
    IDENTITY.get(model).forEach(f -> out.put(f, String.valueOf(tree.get(f))));
    return out.toString();
  }

  /** Whether the client may accept {@code value} as the identity field {@code f}. */
  private static boolean identityAccepts(FieldRef f, JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return false;
    }
    JsonNode original = f.original();
    if (original.isNumber()) {
      return value.isIntegralNumber() && value.longValue() >= 0;
    }
    if (original.isTextual() && instant(original.asText()) != null) {
      return value.isTextual() && instant(value.asText()) != null;
    }
    return value.isTextual() && !value.asText().isBlank();
  }

  /** Whether a Java type can hold a JSON value without loss (the types the models use). */
  private static boolean fits(Type type, JsonNode v) {
    Class<?> c = raw(type);
    if (c == Object.class) {
      return true;
    }
    if (List.class.isAssignableFrom(c)) {
      return v.isArray();
    }
    if (Map.class.isAssignableFrom(c) || c.isRecord()) {
      return v.isObject() || c.isRecord() && v.isTextual();
    }
    if (v.isObject() || v.isArray()) {
      return false;
    }
    if (c == Boolean.class || c == boolean.class) {
      return v.isBoolean();
    }
    if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
      return v.isIntegralNumber() || v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue());
    }
    if (Number.class.isAssignableFrom(c)) {
      return v.isNumber();
    }
    if (c == String.class) {
      return true;
    }
    if (c == Instant.class || c == OffsetDateTime.class) {
      return v.isTextual() && instant(v.asText()) != null;
    }
    if (c.getName().startsWith("java.time.")) {
      return false;
    }
    return v.isTextual();
  }

  // ---- where the fields are ----

  /**
   * A field of the first element: its path ({@code hosts[].id}), the example's value, whether it is an identity,
   * and the Java type the model maps it to ({@code null} when the model does not map it).
   */
  private record FieldRef(
      String path, JsonNode original, boolean identity, Type modelType, Covered covered, List<String> steps) {
    JsonNode set(JsonNode example, JsonNode value) {
      return replaceFirst(covered, example, e -> {
        JsonNode copy = e.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < steps.size() - 1; i++) {
          String s = steps.get(i);
          parent = s.equals("[]") ? parent.get(0) : parent.get(s);
        }
        String last = steps.get(steps.size() - 1);
        if (value.isMissingNode()) {
          ((ObjectNode) parent).remove(last);
        } else {
          ((ObjectNode) parent).set(last, value);
        }
        return copy;
      });
    }
  }

  private static List<FieldRef> fields(Covered c, JsonNode example) {
    List<FieldRef> out = new ArrayList<>();
    JsonNode first = elementsOf(c, example).get(0);
    if (!first.isObject()) {
      return out;
    }
    Map<String, Type> mapped = components(c.model());
    Set<String> identity = IDENTITY.get(c.model());
    Iterator<Map.Entry<String, JsonNode>> it = first.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      Type type = mapped.get(name);
      out.add(new FieldRef(name, e.getValue(), identity.contains(name), type, c, List.of(name)));
      // one level down: fields of a nested object, or of the first object of an array
      JsonNode nested = e.getValue().isArray() && e.getValue().size() > 0 ? e.getValue().get(0) : e.getValue();
      boolean inArray = e.getValue().isArray();
      Class<?> nestedModel = type == null ? null : raw(inArray ? argument(type) : type);
      if (nested.isObject() && nestedModel != null && nestedModel.isRecord()) {
        Map<String, Type> nestedMapped = components(nestedModel);
        Iterator<Map.Entry<String, JsonNode>> n = nested.fields();
        while (n.hasNext()) {
          Map.Entry<String, JsonNode> ne = n.next();
          String path = name + (inArray ? "[]." : ".") + ne.getKey();
          List<String> steps = inArray ? List.of(name, "[]", ne.getKey()) : List.of(name, ne.getKey());
          out.add(new FieldRef(path, ne.getValue(), false, nestedMapped.get(ne.getKey()), c, steps));
        }
      }
    }
    return out;
  }

  private static Map<String, Type> components(Class<?> model) {
    Map<String, Type> out = new LinkedHashMap<>();
    for (RecordComponent rc : model.getRecordComponents()) {
      JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
      out.put(p != null ? p.value() : rc.getName(), rc.getGenericType());
    }
    return out;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : Object.class;
  }

  private static Type argument(Type type) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
  }

  private static JsonNode dataOf(Covered c, JsonNode envelope) {
    return envelope.get("data");
  }

  /** The elements of an answer: {@code data}'s items, the one object, or (slots) every day's slots. */
  private static List<JsonNode> elementsOf(Covered c, JsonNode envelope) {
    JsonNode data = envelope.get("data");
    List<JsonNode> out = new ArrayList<>();
    if (data == null || data.isNull()) {
      return out;
    }
    if (c.operation() == Operation.SLOTS_FIND) {
      data.fields().forEachRemaining(e -> {
        if (e.getKey().matches("\\d{4}-\\d{2}-\\d{2}") && e.getValue().isArray()) {
          e.getValue().forEach(out::add);
        }
      });
      return out;
    }
    if (data.isArray()) {
      data.forEach(out::add);
    } else {
      out.add(data);
    }
    return out;
  }

  /** The envelope with its first element replaced. */
  private static JsonNode replaceFirst(Covered c, JsonNode example, UnaryOperator<JsonNode> change) {
    ObjectNode copy = example.deepCopy();
    JsonNode data = copy.get("data");
    if (c.operation() == Operation.SLOTS_FIND) {
      ArrayNode day = (ArrayNode) data.elements().next();
      day.set(0, change.apply(day.get(0)));
    } else if (data.isArray()) {
      ((ArrayNode) data).set(0, change.apply(data.get(0)));
    } else {
      copy.set("data", change.apply(data));
    }
    return copy;
  }

  /** The envelope with its element array (for slots: the first day's) replaced. */
  private static JsonNode withElements(Covered c, JsonNode example, UnaryOperator<JsonNode> change) {
    ObjectNode copy = example.deepCopy();
    if (c.operation() == Operation.SLOTS_FIND) {
      ObjectNode data = (ObjectNode) copy.get("data");
      String day = data.fieldNames().next();
      data.set(day, change.apply(data.get(day)));
    } else {
      copy.set("data", change.apply(copy.get("data")));
    }
    return copy;
  }

  private Outcome run(CalcomClient client, Covered c, String body) {
    issues.clear();
    answer.set(body);
    answerStatus.set(Integer.parseInt(c.status()));
    try {
      List<?> decoded = c.call().apply(client);
      return new Outcome(decoded, List.copyOf(issues), null);
    } catch (CompletionException e) {
      return new Outcome(List.of(), List.copyOf(issues), e.getCause());
    } catch (RuntimeException e) {
      return new Outcome(List.of(), List.copyOf(issues), e);
    }
  }

  private static String describe(Outcome o) {
    return o.failure() != null
        ? o.failure().getClass().getSimpleName() + ": " + o.failure().getMessage()
        : String.format(Locale.ROOT, "%d decoded, issues %s", o.decoded().size(), o.issues());
  }
}
