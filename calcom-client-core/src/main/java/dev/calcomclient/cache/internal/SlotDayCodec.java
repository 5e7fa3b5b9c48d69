package dev.calcomclient.cache.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.internal.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The L2 byte form of a {@link SlotDay}: compact JSON, {@code {"v":1,"slots":[{"s":"...Z","e":"...Z"}]}} with seat
 * fields ({@code sb}, {@code sr}, {@code st}, {@code u}) only when present.
 */
final class SlotDayCodec {
  private static final int VERSION = 1;

  private SlotDayCodec() {}

  static byte[] encode(SlotDay day) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("v", VERSION);
    ArrayNode slots = root.putArray("slots");
    for (CachedSlot s : day.slots()) {
      ObjectNode o = slots.addObject();
      o.put("s", s.start().toString());
      if (s.end() != null) {
        o.put("e", s.end().toString());
      }
      if (s.seatsBooked() != null) {
        o.put("sb", s.seatsBooked());
      }
      if (s.seatsRemaining() != null) {
        o.put("sr", s.seatsRemaining());
      }
      if (s.seatsTotal() != null) {
        o.put("st", s.seatsTotal());
      }
      if (s.bookingUid() != null) {
        o.put("u", s.bookingUid());
      }
    }
    return Json.write(root);
  }

  /**
   * Decodes {@code bytes}.
   *
   * @throws IllegalArgumentException when the bytes are not a day of this version
   */
  static SlotDay decode(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a cached slot day", e);
    }
    if (root == null || root.path("v").asInt() != VERSION || !root.path("slots").isArray()) {
      throw new IllegalArgumentException("not a cached slot day of version " + VERSION);
    }
    List<CachedSlot> slots = new ArrayList<>();
    for (JsonNode o : root.get("slots")) {
      slots.add(
          new CachedSlot(
              Instant.parse(o.path("s").asText()),
              o.hasNonNull("e") ? Instant.parse(o.get("e").asText()) : null,
              o.hasNonNull("sb") ? o.get("sb").asInt() : null,
              o.hasNonNull("sr") ? o.get("sr").asInt() : null,
              o.hasNonNull("st") ? o.get("st").asInt() : null,
              o.hasNonNull("u") ? o.get("u").asText() : null));
    }
    return new SlotDay(slots);
  }
}
