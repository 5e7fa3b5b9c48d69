package dev.calcomclient.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.internal.Json;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.CoveredOperations.Covered;
import dev.calcomclient.support.CoveredOperations;
import dev.calcomclient.support.MockCalcom;
import dev.calcomclient.support.OpenApiDocument;
import dev.calcomclient.support.RandomAnswers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
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
 * The client against random 2xx answers generated from the document's schemas (seeded, {@value #ANSWERS} per
 * operation and mode).
 *
 * <p>The document leaves every identity field of the covered operations unconstrained ({@code id: type number},
 * times {@code type: string} without a format, uids without a minimum length, {@code status} of the envelope
 * {@code success | error}); docs/CALCOM-WIRE-NOTES.md lists them with Cal.com's source. So two modes:
 *
 * <ul>
 *   <li><b>as Cal.com sends it</b>: everything random as the document allows, except the identity fields, constrained
 *       as Cal.com's source constrains them (the notes). Every answer decodes; no element is left out; every
 *       identity is the one sent; everything else that does not fit is tolerated and reported;
 *   <li><b>as the document allows</b>: nothing constrained. The client never throws anything but a
 *       {@link CalcomException} and never decodes an identity that was not sent.
 * </ul>
 */
class RandomAnswersTest {
  static final int ANSWERS = 150;
  private static final long SEED = 20261205L;
  private static final Logger figures = LoggerFactory.getLogger("calcom.figures");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Path NOTES = Path.of("../docs/CALCOM-WIRE-NOTES.md");

  private static MockWebServer server;
  private static final AtomicReference<String> answer = new AtomicReference<>();
  private static final AtomicReference<Integer> status = new AtomicReference<>(200);
  private static final List<DecodeIssue> issues = new CopyOnWriteArrayList<>();
  private static final int[] totals = new int[4];

  @BeforeAll
  static void start() {
    server = MockCalcom.answering(status::get, answer::get);
  }

  @AfterAll
  static void stop() {
    figures.info(
        "random answers: {} as Cal.com sends them, all decoded ({} with tolerated fields); {} as the document"
            + " allows, {} refused with a typed error or an element left out",
        totals[0], totals[1], totals[2], totals[3]);
    server.close();
  }

  @Test
  void theNotesListEveryCoveredOperationWhoseIdentityTheDocumentLeavesUnconstrained() throws IOException {
    assertThat(NOTES).isRegularFile();
    String notes = Files.readString(NOTES);
    for (Covered c : CoveredOperations.ALL) {
      if (c.model() != null) {
        assertThat(notes).as("the notes name " + c.operation()).contains(c.operation().name());
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRandomAnswerAsCalcomSendsItDecodes() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Covered c : CoveredOperations.ALL) {
      tests.add(DynamicTest.dynamicTest(c.key(), () -> constrained(c)));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> everyRandomAnswerAsTheDocumentAllowsItIsDecodedOrRefusedTyped() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Covered c : CoveredOperations.ALL) {
      tests.add(DynamicTest.dynamicTest(c.key(), () -> literal(c)));
    }
    return tests.stream();
  }

  private void constrained(Covered c) {
    RandomAnswers random = new RandomAnswers(OpenApiDocument.spec(), new Random(SEED + c.operation().ordinal()));
    try (CalcomClient client = client()) {
      for (int i = 0; i < ANSWERS; i++) {
        JsonNode envelope = asCalcomSendsIt(c, random);
        List<JsonNode> sent = elements(c, envelope);
        Object result = run(client, c, envelope);
        String what = c.key() + " answer " + i + ": " + envelope;
        assertThat(result).as(what).isInstanceOf(List.class);
        List<?> decoded = (List<?>) result;
        if (c.model() != null) {
          int expected = c.list() ? sent.size() : Math.min(1, sent.size());
          assertThat(decoded).as(what).hasSize(expected);
          assertThat(issues).as(what).noneMatch(DecodeIssue::isLeftOut);
          assertIdentitiesSent(what, c, sent, decoded);
        }
        totals[0]++;
        if (!issues.isEmpty()) {
          totals[1]++;
        }
      }
    }
  }

  private void literal(Covered c) {
    RandomAnswers random = new RandomAnswers(OpenApiDocument.spec(), new Random(SEED * 31 + c.operation().ordinal()));
    try (CalcomClient client = client()) {
      for (int i = 0; i < ANSWERS; i++) {
        JsonNode envelope = random.value(schema(c));
        Object result = run(client, c, envelope);
        String what = c.key() + " answer " + i + ": " + envelope;
        totals[2]++;
        if (result instanceof Throwable t) {
          assertThat(t).as(what).isInstanceOf(CalcomException.class);
          totals[3]++;
        } else {
          if (c.model() != null) {
            assertIdentitiesSent(what, c, elements(c, envelope), (List<?>) result);
          }
          if (issues.stream().anyMatch(DecodeIssue::isLeftOut)) {
            totals[3]++;
          }
        }
      }
    }
  }

  /** A random answer with its identity constrained as Cal.com's source constrains it (see the notes). */
  private static JsonNode asCalcomSendsIt(Covered c, RandomAnswers random) {
    ObjectNode envelope = (ObjectNode) random.value(schema(c));
    envelope.put("status", "success"); // Cal.com's success responses always say SUCCESS_STATUS
    if (c.model() == null) {
      return envelope;
    }
    JsonNode data = envelope.get("data");
    if (c.operation() == Operation.SLOTS_FIND) {
      ObjectNode days = NODES.objectNode();
      if (data != null && data.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = data.fields();
        while (it.hasNext()) {
          JsonNode slots = it.next().getValue();
          Instant day = random.instant();
          for (JsonNode slot : slots) {
            constrain(Slot.class, slot, random);
          }
          days.set(day.toString().substring(0, 10), slots);
        }
      }
      envelope.set("data", days);
      return envelope;
    }
    if (data == null || data.isNull() || data.isArray() && data.isEmpty()) {
      // Cal.com answers a create or cancel with the booking(s), a get with the object: never an empty array
      data = c.list() && !c.operation().isMutation() ? NODES.arrayNode() : NODES.objectNode();
    }
    if (!data.isArray() && !data.isObject()) {
      data = NODES.objectNode();
    }
    envelope.set("data", data);
    if (data.isArray()) {
      for (int i = 0; i < data.size(); i++) {
        if (!data.get(i).isObject()) {
          ((ArrayNode) data).set(i, NODES.objectNode());
        }
        constrain(c.model(), data.get(i), random);
      }
    } else {
      constrain(c.model(), data, random);
    }
    return envelope;
  }

  /** Sets the identity fields as Cal.com's DTOs declare them (@IsInt ids, @IsDateString times, uids, statuses). */
  private static void constrain(Class<?> model, JsonNode node, RandomAnswers random) {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    Random r = random.random();
    Instant start = random.instant();
    for (String f : SpecMutationTest.IDENTITY.get(model)) {
      switch (f) {
        case "id", "eventTypeId" -> o.put(f, 1 + r.nextInt(1_000_000));
        case "start", "slotStart" -> o.put(f, start.toString());
        case "end" -> o.put(f, start.plusSeconds(1800).toString());
        case "status" -> o.put(f, List.of("accepted", "cancelled", "rejected", "pending").get(r.nextInt(4)));
        default -> o.put(f, "uid-" + Long.toHexString(r.nextLong()));
      }
    }
    if (model == Booking.class) {
      o.put("eventTypeId", 1 + r.nextInt(1_000_000));
    }
  }

  private static JsonNode schema(Covered c) {
    return c.operation() == Operation.SLOTS_FIND ? RandomAnswers.slotsSchema() : c.schema();
  }

  private static List<JsonNode> elements(Covered c, JsonNode envelope) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode data = envelope.path("data");
    if (c.operation() == Operation.SLOTS_FIND) {
      data.fields().forEachRemaining(e -> e.getValue().forEach(out::add));
    } else if (data.isArray()) {
      data.forEach(out::add);
    } else if (data.isObject()) {
      out.add(data);
    }
    return out;
  }

  private static void assertIdentitiesSent(String what, Covered c, List<JsonNode> sent, List<?> decoded) {
    Set<String> identity = SpecMutationTest.IDENTITY.get(c.model());
    for (Object d : decoded) {
      JsonNode tree = Json.mapper().valueToTree(d);
      boolean found =
          sent.stream()
              .anyMatch(s -> identity.stream().allMatch(f -> SpecMutationTest.sameValue(s.get(f), tree.get(f))));
      assertThat(found).as(what + ": decoded identity was sent").isTrue();
    }
  }

  private Object run(CalcomClient client, Covered c, JsonNode envelope) {
    issues.clear();
    answer.set(envelope.toString());
    status.set(Integer.parseInt(c.status()));
    try {
      return c.call().apply(client);
    } catch (CompletionException e) {
      return e.getCause();
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static CalcomClient client() {
    return CoveredOperations.client(
        server,
        new CalcomEventListener() {
          @Override
          public void decodeIssue(DecodeIssue issue) {
            issues.add(issue);
          }
        });
  }

  static {
    // fail early with a clear message when the document is missing
    if (!Files.isRegularFile(OpenApiDocument.SPEC)) {
      throw new UncheckedIOException(new IOException("missing " + OpenApiDocument.SPEC));
    }
  }
}
