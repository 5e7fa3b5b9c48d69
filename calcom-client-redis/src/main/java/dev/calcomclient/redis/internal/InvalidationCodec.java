package dev.calcomclient.redis.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The wire form of an {@link InvalidationMessage} on the bus: a small JSON object with a format version, so that
 * instances of different library versions can tell a message they cannot read from no message at all.
 *
 * <pre>{"v":1,"source":"...","seq":12,"tags":["calcom:v1:tag:et:101:2050-09-05"],"flushAll":false,"hosts":[1]}</pre>
 *
 * <p>{@code hosts} (the change's affected hosts, {@link InvalidationMessage#hosts()}) is written only when known. It
 * is optional in version 1: earlier versions ignore it (and widen by every host, as before), and a message without
 * it, or with one that is not a list of at most {@value #MAX_HOSTS} user ids, is read with its hosts unknown.
 */
final class InvalidationCodec {
  static final int VERSION = 1;
  /** More hosts than this and they are read as unknown (the widening falls back to every host): a bound, not a rule. */
  static final int MAX_HOSTS = 1000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private InvalidationCodec() {}

  static byte[] encode(InvalidationMessage m) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", VERSION);
    node.put("source", m.sourceId());
    node.put("seq", m.sequence());
    ArrayNode tags = node.putArray("tags");
    m.tags().forEach(tags::add);
    node.put("flushAll", m.flushAll());
    if (!m.hosts().isEmpty()) {
      ArrayNode hosts = node.putArray("hosts");
      m.hosts().stream().sorted().forEach(hosts::add);
    }
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode an invalidation message", e);
    }
  }

  /**
   * Decodes a message.
   *
   * @throws IllegalArgumentException when {@code bytes} is not a message of a known version
   */
  static InvalidationMessage decode(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject() || node.path("v").asInt(-1) != VERSION) {
        throw new IllegalArgumentException("not an invalidation message of version " + VERSION);
      }
      List<String> tags = new ArrayList<>();
      for (JsonNode t : node.path("tags")) {
        tags.add(t.asText());
      }
      JsonNode source = node.get("source");
      if (source == null || !source.isTextual()) {
        throw new IllegalArgumentException("invalidation message without a source");
      }
      return new InvalidationMessage(
          source.asText(), node.path("seq").asLong(0), tags, node.path("flushAll").asBoolean(false),
          hosts(node.get("hosts")));
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed invalidation message", e);
    }
  }

  /** The hosts of a message, or none (unknown) when absent or not a short list of user ids. */
  private static Set<Long> hosts(JsonNode hosts) {
    if (hosts == null || !hosts.isArray() || hosts.size() > MAX_HOSTS) {
      return Set.of();
    }
    Set<Long> out = new HashSet<>();
    for (JsonNode h : hosts) {
      if (!h.isIntegralNumber() || !h.canConvertToLong()) {
        return Set.of();
      }
      out.add(h.asLong());
    }
    return out;
  }
}
