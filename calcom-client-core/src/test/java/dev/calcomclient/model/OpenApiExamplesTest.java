package dev.calcomclient.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.support.MockCalcom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every response example the OpenAPI document gives for the endpoints this client covers is served by a mock
 * server and decoded through the real service method. The document has few whole-response examples; like
 * Prism's static mode, an example is assembled from the schema's property examples (one example per
 * {@code oneOf} variant; required properties without an example get a placeholder of their type).
 */
class OpenApiExamplesTest {
  /** Relative to the module directory, where Maven runs tests: the copy kept in the testkit module (provenance in its {@code SOURCE.md}). */
  static final Path SPEC = Path.of("../calcom-client-testkit/src/test/resources/calcom-openapi/openapi-v2.json");

  /** Responses not decoded, each with the spec defect (CALCOM-API-NOTES.md section 9) that makes it unusable. */
  static final Map<String, String> SKIPPED =
      Map.of(
          "GET /v2/slots/reservations/{uid} 200",
          "spec defect: GetReservedSlotOutput_2024_09_04.data refers to GetReservedSlotOutput_2024_09_04 itself"
              + " (a cycle) instead of ReserveSlotOutput_2024_09_04, so it has no example; the reservation"
              + " shape is covered by the POST and PATCH examples");

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MockWebServer server;

  /** A covered endpoint: the response to take examples from and the client call that decodes them. */
  private record Endpoint(String method, String path, String status, BiConsumer<CalcomClient, JsonNode> call) {
    String key() {
      return method.toUpperCase() + " " + path + " " + status;
    }
  }

  private static final Instant T = Instant.parse("2050-09-05T07:00:00Z");

  private static final List<Endpoint> ENDPOINTS =
      List.of(
          new Endpoint("get", "/v2/slots", "200", (c, data) -> {
            SlotsResult r = c.slots().find(SlotQuery.forEventType(1).between(T, T.plusSeconds(86_400)).build());
            assertThat(r.days().keySet()).map(Object::toString).containsExactlyElementsOf(fieldNames(data));
            assertThat(r.first().orElseThrow().start().toString())
                .startsWith(data.elements().next().get(0).get("start").asText().substring(0, 16));
          }),
          new Endpoint("post", "/v2/slots/reservations", "201", (c, data) ->
              assertThat(c.slots().reserve(ReserveSlotRequest.of(1, T)).reservationUid())
                  .isEqualTo(data.get("reservationUid").asText())),
          new Endpoint("get", "/v2/slots/reservations/{uid}", "200", (c, data) ->
              assertThat(c.slots().getReservation("r1")).isPresent()),
          new Endpoint("patch", "/v2/slots/reservations/{uid}", "200", (c, data) ->
              assertThat(c.slots().updateReservation("r1", ReserveSlotRequest.of(1, T)).slotDuration())
                  .isEqualTo(data.get("slotDuration").asInt())),
          new Endpoint("delete", "/v2/slots/reservations/{uid}", "200", (c, data) ->
              c.slots().deleteReservation("r1")),
          new Endpoint("post", "/v2/bookings", "201", (c, data) ->
              assertBooking(c.bookings().create(
                  CreateBookingRequest.builder()
                      .eventTypeId(1)
                      .start(T)
                      .attendee(Attendee.withEmail("A", "a@example.com", "Europe/Berlin"))
                      .build()), data)),
          new Endpoint("get", "/v2/bookings", "200", (c, data) -> {
            BookingPage page = c.bookings().list(BookingListQuery.all());
            assertThat(page.items()).hasSize(data.size());
            for (int i = 0; i < data.size(); i++) {
              assertBooking(page.items().get(i), data.get(i));
            }
            assertThat(page.pagination()).isNotNull();
          }),
          new Endpoint("get", "/v2/bookings/{bookingUid}", "200", (c, data) ->
              assertBooking(c.bookings().get("booking_uid_123"), data)),
          new Endpoint("post", "/v2/bookings/{bookingUid}/cancel", "200", (c, data) ->
              assertBooking(c.bookings().cancel("booking_uid_123", CancelBookingRequest.withoutReason()), data)),
          new Endpoint("post", "/v2/bookings/{bookingUid}/reschedule", "201", (c, data) ->
              assertBooking(c.bookings().reschedule("booking_uid_123", RescheduleBookingRequest.to(T)), data)),
          new Endpoint("get", "/v2/event-types", "200", (c, data) -> {
            List<EventType> types = c.eventTypes().list("jane");
            assertThat(types).hasSize(data.size());
            assertEventType(types.get(0), data.get(0));
          }),
          new Endpoint("get", "/v2/event-types/{eventTypeId}", "200", (c, data) ->
              assertEventType(c.eventTypes().get(1).orElseThrow(), data)),
          new Endpoint("get", "/v2/teams/{teamId}/event-types", "200", (c, data) -> {
            List<EventType> types = c.eventTypes().listForTeam(5);
            assertThat(types).hasSize(data.size());
            assertEventType(types.get(0), data.get(0));
          }),
          new Endpoint("get", "/v2/teams/{teamId}/event-types/{eventTypeId}", "200", (c, data) ->
              assertEventType(c.eventTypes().getForTeam(5, 1), data)),
          new Endpoint("get", "/v2/schedules", "200", (c, data) ->
              assertSchedule(c.schedules().list().get(0), data.get(0))),
          new Endpoint("get", "/v2/schedules/default", "200", (c, data) ->
              assertSchedule(c.schedules().getDefault().orElseThrow(), data)),
          new Endpoint("get", "/v2/schedules/{scheduleId}", "200", (c, data) ->
              assertSchedule(c.schedules().get(254).orElseThrow(), data)),
          new Endpoint("get", "/v2/me", "200", (c, data) ->
              assertThat(c.me().get().username()).isEqualTo(data.get("username").asText())));

  @BeforeEach
  void start() {
    server = MockCalcom.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void specIsPresent() {
    assertThat(SPEC)
        .withFailMessage(
            "OpenAPI document not found at %s (resolved %s): it is part of the repository (calcom-client-testkit/src/test/resources/calcom-openapi)",
            SPEC,
            SPEC.toAbsolutePath().normalize())
        .isRegularFile();
  }

  @Test
  void everyCoveredEndpointIsInTheSpec() throws IOException {
    JsonNode paths = spec().get("paths");
    for (Endpoint e : ENDPOINTS) {
      assertThat(paths.path(e.path()).path(e.method()).path("responses").has(e.status()))
          .as(e.key())
          .isTrue();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyResponseExampleDecodes() throws IOException {
    JsonNode spec = spec();
    List<DynamicTest> tests = new ArrayList<>();
    for (Endpoint e : ENDPOINTS) {
      if (SKIPPED.containsKey(e.key())) {
        continue;
      }
      JsonNode schema =
          spec.get("paths").get(e.path()).get(e.method()).get("responses").get(e.status())
              .get("content").get("application/json").get("schema");
      List<JsonNode> envelopes = new Examples(spec).envelopes(schema);
      assertThat(envelopes).as("examples of " + e.key()).isNotEmpty();
      for (int i = 0; i < envelopes.size(); i++) {
        JsonNode envelope = envelopes.get(i);
        tests.add(
            DynamicTest.dynamicTest(
                e.key() + " example " + (i + 1),
                () -> {
                  // A client per example: one shared client would soon wait on its own rate limiter.
                  server.enqueue(MockCalcom.json(Integer.parseInt(e.status()), envelope.toString()));
                  // Without cache: each example is one scripted answer decoded as sent (offsets included).
                  try (CalcomClient client =
                      CalcomClient.builder()
                          .apiKey(MockCalcom.API_KEY)
                          .baseUrl(server.url("/").toString())
                          .cache(CacheConfig.disabled())
                          .build()) {
                    e.call().accept(client, envelope.get("data"));
                  }
                }));
      }
    }
    return tests.stream();
  }

  private static JsonNode spec;

  private static synchronized JsonNode spec() throws IOException {
    if (spec != null) {
      return spec;
    }
    if (!Files.isRegularFile(SPEC)) {
      throw new AssertionError(
          "OpenAPI document not found at " + SPEC.toAbsolutePath().normalize()
              + ": it is part of the repository (calcom-client-testkit/src/test/resources/calcom-openapi)");
    }
    spec = MAPPER.readTree(SPEC.toFile());
    return spec;
  }

  private static void assertBooking(Booking b, JsonNode data) {
    JsonNode one = data.isArray() ? data.get(0) : data;
    assertThat(b.uid()).isEqualTo(one.get("uid").asText());
    assertThat(b.id()).isEqualTo(one.get("id").asLong());
    assertThat(b.status()).isEqualTo(BookingStatus.of(one.get("status").asText()));
    assertThat(b.start()).isEqualTo(Instant.parse(one.get("start").asText()));
    assertThat(b.eventType().slug()).isEqualTo(one.get("eventType").get("slug").asText());
    assertThat(b.attendees()).hasSize(one.get("attendees").size());
    assertThat(b.hosts()).hasSize(one.get("hosts").size());
  }

  private static void assertEventType(EventType t, JsonNode data) {
    assertThat(t.id()).isEqualTo(data.get("id").asLong());
    assertThat(t.slug()).isEqualTo(data.get("slug").asText());
    assertThat(t.lengthInMinutes()).isEqualTo(data.get("lengthInMinutes").asInt());
    assertThat(t.locations()).hasSize(data.get("locations").size());
  }

  private static void assertSchedule(Schedule s, JsonNode data) {
    assertThat(s.id()).isEqualTo(data.get("id").asLong());
    assertThat(s.timeZone()).isEqualTo(data.get("timeZone").asText());
    assertThat(s.availability()).hasSize(data.get("availability").size());
    assertThat(s.overrides()).hasSize(data.get("overrides").size());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Assembles examples from a schema, following {@code $ref}s, one per {@code oneOf} variant of {@code data}. */
  private static final class Examples {
    private final JsonNode spec;
    private final Set<String> inProgress = new HashSet<>();

    Examples(JsonNode spec) {
      this.spec = spec;
    }

    /** Whole success envelopes for a response schema. */
    List<JsonNode> envelopes(JsonNode schema) {
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

    /** An example for {@code schema}, or null when it has none and is optional. */
    JsonNode example(JsonNode schema, boolean required) {
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
}
