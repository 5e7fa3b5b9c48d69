package dev.calcomclient.redis.internal;

/**
 * How {@link RedisRemoteCache} names its Redis keys. A cached value lives in a hash under its key; each tag has a
 * set of the keys filed under it and a generation counter.
 *
 * <ul>
 *   <li>{@link #STANDALONE} (and Sentinel): the value under the key exactly as the client rendered it
 *       ({@code calcom:v1:slots:et:101:default:2050-09-05}), the tag set under the rendered tag
 *       ({@code calcom:v1:tag:et:101:2050-09-05}) and the generation next to it ({@code ...:2050-09-05:gen}). A
 *       batch is one script call however many tags it touches.
 *   <li>{@link #CLUSTER}: a Lua script may only touch keys of one hash slot, so every key of a tag carries the tag
 *       as its hash tag: {@code {calcom:v1:tag:et:101:2050-09-05}} (set), {@code {...}:gen} and
 *       {@code {...}:calcom:v1:slots:et:101:default:2050-09-05} (value). The check-and-set of a fill and the
 *       invalidation of a tag stay atomic; a batch becomes one script call per tag, all sent at once (one round trip
 *       to each node involved). One hash tag per event type would make a booking's invalidation a single call, but
 *       would pin all of an event type's days to one node; a tag per (event type, day) spreads the load.
 * </ul>
 */
enum CacheKeyLayout {
  /** A single Redis server or a Sentinel-managed primary: keys as rendered by the client. */
  STANDALONE,
  /** Redis Cluster: keys carry their tag as hash tag. */
  CLUSTER;

  /** The Redis key that holds the value of {@code key}, filed under {@code tag}. */
  String valueKey(String key, String tag) {
    return this == STANDALONE ? key : hashTag(tag) + ":" + key;
  }

  /** The Redis set of the value keys filed under {@code tag}. */
  String tagSetKey(String tag) {
    return this == STANDALONE ? tag : hashTag(tag);
  }

  /** The Redis counter of {@code tag}'s generation. */
  String generationKey(String tag) {
    return tagSetKey(tag) + ":gen";
  }

  private static String hashTag(String tag) {
    if (tag.indexOf('{') >= 0 || tag.indexOf('}') >= 0) {
      throw new IllegalArgumentException("a tag must not contain braces in cluster mode: " + tag);
    }
    return "{" + tag + "}";
  }
}
