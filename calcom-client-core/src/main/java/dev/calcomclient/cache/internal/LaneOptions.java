package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.pipeline.Priority;
import java.util.EnumMap;
import java.util.Map;

/**
 * The options that only name a lane, built once: the cache's lookups ask for them on every search (the hit path
 * included), and {@link RequestOptions} are immutable.
 */
final class LaneOptions {
  private static final Map<Priority, RequestOptions> BY_LANE = new EnumMap<>(Priority.class);

  static {
    for (Priority p : Priority.values()) {
      BY_LANE.put(p, RequestOptions.builder().lane(p).build());
    }
  }

  private LaneOptions() {}

  static RequestOptions of(Priority lane) {
    return BY_LANE.get(lane);
  }
}
