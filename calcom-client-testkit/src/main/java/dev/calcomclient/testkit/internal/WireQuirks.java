package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The odd shapes Cal.com's document allows and its servers send, applied to the fake's successful answers when the
 * wire-quirks option is on: numbers its document types as {@code {type: object, nullable}} sent as {@code {}}
 * where they have no value ({@code seatsPerTimeSlot}, {@code slotInterval}; on team event types {@code ownerId} and
 * {@code parentEventTypeId}), an unknown field on the envelope and on every element (and nested attendee,
 * availability and slot), and unknown enum values where the client keeps open sets (a location type, a booking
 * field type). Values the client relies on are never changed.
 */
public final class WireQuirks implements Stage {
  /** The unknown field added everywhere. */
  public static final String UNKNOWN_FIELD = "someFutureField";

  @Override
  public FakeResponse intercept(FakeExchange exchange, Chain chain) {
    FakeResponse response = chain.proceed(exchange);
    if (response.status() < 200 || response.status() >= 300 || response.body() == null
        || response.body().isEmpty()) {
      return response;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(response.body());
    } catch (JsonProcessingException e) {
      return response;
    }
    if (!(root instanceof ObjectNode envelope) || !"success".equals(envelope.path("status").asText())) {
      return response;
    }
    envelope.set(UNKNOWN_FIELD, Json.object().put("addedBy", "wire quirks"));
    JsonNode data = envelope.get("data");
    String path = exchange.path();
    if (path.startsWith("/v2/event-types") || path.matches("/v2/teams/[^/]+/event-types.*")) {
      each(data, WireQuirks::eventType);
    } else if (path.startsWith("/v2/bookings")) {
      each(data, WireQuirks::booking);
    } else if (path.startsWith("/v2/schedules")) {
      each(data, WireQuirks::schedule);
    } else if (path.equals("/v2/slots") && data instanceof ObjectNode days) {
      days.fields().forEachRemaining(day -> each(day.getValue(), WireQuirks::unknownField));
    } else {
      each(data, WireQuirks::unknownField);
    }
    FakeResponse quirky = new FakeResponse(response.status(), Json.write(envelope));
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      quirky.header(h.getKey(), h.getValue());
    }
    return quirky;
  }

  private interface Quirk {
    void apply(ObjectNode element);
  }

  private static void each(JsonNode data, Quirk quirk) {
    if (data instanceof ObjectNode o) {
      quirk.apply(o);
    } else if (data instanceof ArrayNode a) {
      a.forEach(e -> {
        if (e instanceof ObjectNode o) {
          quirk.apply(o);
        }
      });
    }
  }

  private static void unknownField(ObjectNode o) {
    o.put(UNKNOWN_FIELD, "quirk");
  }

  private static void eventType(ObjectNode e) {
    unknownField(e);
    objectWhereEmpty(e, "seatsPerTimeSlot");
    objectWhereEmpty(e, "slotInterval");
    if (e.has("teamId")) {
      objectWhereEmpty(e, "ownerId");
      objectWhereEmpty(e, "parentEventTypeId");
    }
    if (e.get("locations") instanceof ArrayNode locations) {
      locations.addObject().put("type", "someFutureLocationType").put(UNKNOWN_FIELD, true);
    }
    if (e.get("bookingFields") instanceof ArrayNode fields) {
      fields.addObject().put("type", "someFutureFieldType").put("slug", "future").put("required", false);
    }
  }

  private static void booking(ObjectNode b) {
    unknownField(b);
    if (b.get("attendees") instanceof ArrayNode attendees) {
      attendees.forEach(a -> {
        if (a instanceof ObjectNode o) {
          unknownField(o);
        }
      });
    }
  }

  private static void schedule(ObjectNode s) {
    unknownField(s);
    if (s.get("availability") instanceof ArrayNode availability) {
      availability.forEach(a -> {
        if (a instanceof ObjectNode o) {
          unknownField(o);
        }
      });
    }
  }

  /** {@code {}} for a number the document types as a nullable object, when it has no value. */
  private static void objectWhereEmpty(ObjectNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      o.putObject(field);
    }
  }
}
