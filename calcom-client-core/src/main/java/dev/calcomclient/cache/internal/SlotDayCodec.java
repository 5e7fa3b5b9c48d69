package dev.calcomclient.cache.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.internal.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The L2 byte form of a {@link SlotDay}: compact JSON,
 * {@code {"v":2,"ttl":60000,"kept":300000,"slots":[{"s":"...Z","e":"...Z"}]}} with seat fields ({@code sb},
 * {@code sr}, {@code st}, {@code u}) only when present.
 *
 * <p>{@code ttl} is the value's time to live and {@code kept} how much longer L2 keeps it (its physical time to live
 * is their sum) so that another instance can serve it stale when its own fetch is refused or fails: the value is
 * fresh while more than {@code kept} of its physical time to live is left, and Cal.com answered it {@code ttl +
 * kept - remaining} ago. Both are durations, not instants, so that no two instances' clocks are compared: the
 * remaining time is the L2's own.
 *
 * <p>Version 1 values (without {@code ttl} and {@code kept}, written by earlier versions of the client) still decode,
 * as fresh for their whole physical time to live. An earlier version reading a version 2 value refuses it and
 * fetches the day again (an extra upstream call during a rolling upgrade, never a value served fresh while it is
 * only kept to be served stale).
 */
final class SlotDayCodec {
  private static final int VERSION = 2;
  private static final int VERSION_WITHOUT_LIFETIME = 1;

  private SlotDayCodec() {}

  /**
   * A decoded L2 value: the day, and its time to live and the time L2 keeps it beyond that, both {@code null} for a
   * version 1 value.
   */
  record Decoded(SlotDay day, Duration ttl, Duration kept) {}

  /** Encodes {@code day} without a lifetime, as version 1 did (for tests of compatibility). */
  static byte[] encode(SlotDay day) {
    return write(day, null, null);
  }

  /**
   * Encodes {@code day} with its time to live {@code ttl} and the time {@code kept} that L2 keeps it past that.
   */
  static byte[] encode(SlotDay day, Duration ttl, Duration kept) {
    return write(day, ttl, kept);
  }

  private static byte[] write(SlotDay day, Duration ttl, Duration kept) {
    ObjectNode root = Json.mapper().createObjectNode();
    if (ttl == null) {
      root.put("v", VERSION_WITHOUT_LIFETIME);
    } else {
      root.put("v", VERSION);
      root.put("ttl", ttl.toMillis());
      root.put("kept", kept.toMillis());
    }
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
   * Decodes {@code bytes}, ignoring the lifetime.
   *
   * @throws IllegalArgumentException when the bytes are not a day of version 1 or 2
   */
  static SlotDay decode(byte[] bytes) {
    return decodeWithLifetime(bytes).day();
  }

  /**
   * Decodes {@code bytes} with the lifetime a version 2 value carries.
   *
   * @throws IllegalArgumentException when the bytes are not a day of version 1 or 2
   */
  static Decoded decodeWithLifetime(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a cached slot day", e);
    }
    int version = root == null ? 0 : root.path("v").asInt();
    if (version != VERSION && version != VERSION_WITHOUT_LIFETIME || !root.path("slots").isArray()) {
      throw new IllegalArgumentException("not a cached slot day of version " + VERSION_WITHOUT_LIFETIME + " or "
          + VERSION);
    }
    Duration ttl = null;
    Duration kept = null;
    if (version == VERSION) {
      if (!root.path("ttl").canConvertToLong() || !root.path("kept").canConvertToLong()
          || root.get("ttl").asLong() <= 0 || root.get("kept").asLong() < 0) {
        throw new IllegalArgumentException("a cached slot day of version " + VERSION + " without its lifetime");
      }
      ttl = Duration.ofMillis(root.get("ttl").asLong());
      kept = Duration.ofMillis(root.get("kept").asLong());
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
    return new Decoded(new SlotDay(slots), ttl, kept);
  }
}
