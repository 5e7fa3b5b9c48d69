package dev.calcomclient.redis.internal;

import dev.calcomclient.cache.RemoteCache;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The shared L2 on Redis, with exactly the semantics of the in-memory {@link RemoteCache}: a value is stored in a
 * hash ({@code v}: the JSON bytes, {@code g}: the tag generation it was filled at) with a {@code PX} time to live;
 * a read returns it only while its tag is still at that generation; a fill is stored only if the tag's generation
 * is still the one the filler read before fetching; an invalidation bumps the generation and deletes every key in
 * the tag's set. Each of these runs as one Lua script, so it is atomic with respect to the others on every instance
 * (no stale fill across instances), and each batch is one round trip (one script call; in Cluster mode one call per
 * tag, sent together; see {@link CacheKeyLayout}).
 *
 * <p>Generation counters expire after {@code generationTtl} without an invalidation; a value filled under an
 * expired generation can then no longer be read (a harmless miss), and a fill that started before the counter
 * expired can only be stored if it took longer than {@code generationTtl}.
 */
public final class RedisRemoteCache implements RemoteCache {
  // KEYS: value1, gen1, value2, gen2, ...  Returns value|nil, generation, remaining ms (-2 on a miss) per key.
  private static final LuaScript GET =
      new LuaScript(
          """
          local out = {}
          for i = 1, #KEYS, 2 do
            local gen = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
            local stored = redis.call('HMGET', KEYS[i], 'g', 'v')
            local value = false
            local ttl = -2
            if stored[2] and tonumber(stored[1]) == gen then
              ttl = redis.call('PTTL', KEYS[i])
              if ttl > 0 then value = stored[2] else ttl = -2 end
            end
            out[#out + 1] = value
            out[#out + 1] = gen
            out[#out + 1] = ttl
          end
          return out
          """);

  // KEYS: value1, gen1, set1, ...  ARGV: bytes1, expectedGeneration1, ttlMillis1, ...  Returns how many were stored.
  private static final LuaScript PUT =
      new LuaScript(
          """
          local stored = 0
          for i = 1, #KEYS, 3 do
            local gen = tonumber(redis.call('GET', KEYS[i + 1]) or '0')
            if gen == tonumber(ARGV[i + 1]) then
              local ttl = tonumber(ARGV[i + 2])
              redis.call('HSET', KEYS[i], 'g', gen, 'v', ARGV[i])
              redis.call('PEXPIRE', KEYS[i], ttl)
              redis.call('SADD', KEYS[i + 2], KEYS[i])
              if redis.call('PTTL', KEYS[i + 2]) < ttl then
                redis.call('PEXPIRE', KEYS[i + 2], ttl)
              end
              stored = stored + 1
            end
          end
          return stored
          """);

  // KEYS: set1, gen1, set2, gen2, ...  ARGV[1]: generation ttl ms.  Returns how many value keys were deleted.
  private static final LuaScript INVALIDATE =
      new LuaScript(
          """
          local deleted = 0
          for i = 1, #KEYS, 2 do
            redis.call('INCR', KEYS[i + 1])
            redis.call('PEXPIRE', KEYS[i + 1], ARGV[1])
            local members = redis.call('SMEMBERS', KEYS[i])
            for k = 1, #members, 500 do
              deleted = deleted + redis.call('DEL', unpack(members, k, math.min(k + 499, #members)))
            end
            redis.call('DEL', KEYS[i])
          end
          return deleted
          """);

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final CacheKeyLayout layout;
  private final byte[] generationTtlMillis;

  /**
   * Creates a cache on an open connection, which the cache does not close.
   *
   * @param redis the commands of a connection with {@code String} keys and {@code byte[]} values
   * @param layout how keys are named (standalone or Cluster)
   * @param generationTtl how long a tag's generation counter outlives its last invalidation
   */
  public RedisRemoteCache(
      RedisClusterAsyncCommands<String, byte[]> redis, CacheKeyLayout layout, Duration generationTtl) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.layout = Objects.requireNonNull(layout, "layout");
    if (generationTtl.isNegative() || generationTtl.isZero()) {
      throw new IllegalArgumentException("generationTtl must be positive, got: " + generationTtl);
    }
    this.generationTtlMillis = LuaScript.arg(generationTtl.toMillis());
  }

  @Override
  public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
    if (keys.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<List<Integer>> groups = groups(keys.size(), i -> keys.get(i).tag());
    List<CompletableFuture<List<Object>>> calls = new ArrayList<>(groups.size());
    for (List<Integer> group : groups) {
      String[] redisKeys = new String[group.size() * 2];
      int k = 0;
      for (int i : group) {
        KeyRef ref = keys.get(i);
        redisKeys[k++] = layout.valueKey(ref.key(), ref.tag());
        redisKeys[k++] = layout.generationKey(ref.tag());
      }
      calls.add(GET.run(redis, ScriptOutputType.MULTI, redisKeys));
    }
    return allOf(calls)
        .thenApply(
            replies -> {
              Lookup[] out = new Lookup[keys.size()];
              for (int g = 0; g < groups.size(); g++) {
                List<Object> reply = replies.get(g);
                List<Integer> group = groups.get(g);
                for (int j = 0; j < group.size(); j++) {
                  byte[] value = (byte[]) reply.get(3 * j);
                  long generation = (Long) reply.get(3 * j + 1);
                  long ttl = (Long) reply.get(3 * j + 2);
                  out[group.get(j)] =
                      value == null || ttl <= 0
                          ? new Lookup(null, generation, Duration.ZERO)
                          : new Lookup(value, generation, Duration.ofMillis(ttl));
                }
              }
              return List.of(out);
            });
  }

  @Override
  public CompletableFuture<Integer> putAll(List<Fill> fills) {
    if (fills.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<List<Integer>> groups = groups(fills.size(), i -> fills.get(i).tag());
    List<CompletableFuture<Long>> calls = new ArrayList<>(groups.size());
    for (List<Integer> group : groups) {
      String[] redisKeys = new String[group.size() * 3];
      byte[][] args = new byte[group.size() * 3][];
      int k = 0;
      for (int i : group) {
        Fill f = fills.get(i);
        redisKeys[k] = layout.valueKey(f.key(), f.tag());
        redisKeys[k + 1] = layout.generationKey(f.tag());
        redisKeys[k + 2] = layout.tagSetKey(f.tag());
        args[k] = f.value();
        args[k + 1] = LuaScript.arg(f.expectedGeneration());
        args[k + 2] = LuaScript.arg(Math.max(1, f.ttl().toMillis()));
        k += 3;
      }
      calls.add(PUT.run(redis, ScriptOutputType.INTEGER, redisKeys, args));
    }
    return allOf(calls).thenApply(counts -> counts.stream().mapToInt(Long::intValue).sum());
  }

  @Override
  public CompletableFuture<Integer> invalidate(Collection<String> tags) {
    List<String> all = List.copyOf(tags);
    if (all.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<List<Integer>> groups = groups(all.size(), all::get);
    List<CompletableFuture<Long>> calls = new ArrayList<>(groups.size());
    for (List<Integer> group : groups) {
      String[] redisKeys = new String[group.size() * 2];
      int k = 0;
      for (int i : group) {
        redisKeys[k++] = layout.tagSetKey(all.get(i));
        redisKeys[k++] = layout.generationKey(all.get(i));
      }
      calls.add(INVALIDATE.run(redis, ScriptOutputType.INTEGER, redisKeys, generationTtlMillis));
    }
    return allOf(calls).thenApply(counts -> counts.stream().mapToInt(Long::intValue).sum());
  }

  /**
   * The indexes of a batch grouped into script calls: all in one call for a standalone server; one call per tag in
   * Cluster mode, where a script may only touch one hash slot.
   */
  private List<List<Integer>> groups(int size, java.util.function.IntFunction<String> tagOf) {
    if (layout == CacheKeyLayout.STANDALONE) {
      List<Integer> all = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        all.add(i);
      }
      return List.of(all);
    }
    Map<String, List<Integer>> byTag = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      byTag.computeIfAbsent(tagOf.apply(i), t -> new ArrayList<>()).add(i);
    }
    return new ArrayList<>(byTag.values());
  }

  private static <T> CompletableFuture<List<T>> allOf(List<CompletableFuture<T>> calls) {
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .thenApply(v -> calls.stream().map(CompletableFuture::join).toList());
  }

  @Override
  public String toString() {
    return "RedisRemoteCache{layout=" + layout + "}";
  }
}
