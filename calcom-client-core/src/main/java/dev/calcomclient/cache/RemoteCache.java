package dev.calcomclient.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The shared second cache tier (L2) behind every instance's in-process L1. Values are opaque bytes (the client
 * stores JSON); every value is filed under a {@link SlotTag}-like tag string, and every tag has a generation
 * counter that an invalidation bumps. The in-memory implementation is {@link #inMemory}; the Redis module
 * supplies one shared by every instance.
 *
 * <p>The generation contract closes the stale-fill race across instances: a caller reads the tag's generation
 * together with the value ({@link #getAll}), fetches upstream on a miss, and stores with {@link #putAll} only if
 * the tag's generation is still the one it read. An implementation must make that check-and-set atomic with
 * respect to {@link #invalidate} (in Redis: one Lua script), and must never return a value stored under an older
 * generation than the tag's current one.
 *
 * <p>Every method is one round trip and must not block the calling thread; futures fail (never hang) when the
 * store is unreachable, within the implementation's command timeout.
 */
public interface RemoteCache extends AutoCloseable {

  /**
   * Reads values and their tags' current generations.
   *
   * @param keys the keys to read, each with the tag it is filed under
   * @return one {@link Lookup} per key, in the same order
   */
  CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys);

  /**
   * Stores each fill whose tag is still at {@link Fill#expectedGeneration()}, with its time to live, and files
   * its key under its tag. Fills whose tag has moved on are skipped.
   *
   * @param fills the fills
   * @return how many fills were stored
   */
  CompletableFuture<Integer> putAll(List<Fill> fills);

  /**
   * For each tag: bumps its generation and deletes every key filed under it. One round trip for the whole batch.
   *
   * @param tags the tags
   * @return how many keys were deleted
   */
  CompletableFuture<Integer> invalidate(Collection<String> tags);

  /** Releases connections the implementation owns; the default does nothing. */
  @Override
  default void close() {}

  /**
   * An L2 held in this JVM's memory, on {@code clock}-based time: not shared with other instances, for a single JVM
   * or tests (same semantics as the Redis one).
   *
   * @param clock the time of the values' TTLs
   * @return a new, empty L2
   */
  static RemoteCache inMemory(java.time.Clock clock) {
    return new dev.calcomclient.cache.internal.InProcessL2(clock);
  }

  /**
   * A key to read and the tag it is filed under.
   *
   * @param key the rendered key
   * @param tag the rendered tag
   */
  record KeyRef(String key, String tag) {
    /**
     * Checks the components.
     *
     * @param key the key
     * @param tag the tag
     */
    public KeyRef {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(tag, "tag");
    }
  }

  /**
   * What {@link #getAll} found for one key.
   *
   * @param value the stored bytes, or {@code null} when absent, expired or stored under an older generation
   * @param generation the tag's current generation (0 for a tag never invalidated)
   * @param remainingTtl the value's remaining time to live ({@link Duration#ZERO} when {@code value} is null)
   */
  record Lookup(byte[] value, long generation, Duration remainingTtl) {
    /**
     * Checks the components.
     *
     * @param value the value
     * @param generation the generation
     * @param remainingTtl the remaining TTL
     */
    public Lookup {
      Objects.requireNonNull(remainingTtl, "remainingTtl");
    }

    /**
     * Whether a value was found.
     *
     * @return whether a value was found
     */
    public boolean isHit() {
      return value != null;
    }
  }

  /**
   * A value to store if its tag has not moved on.
   *
   * @param key the rendered key
   * @param tag the rendered tag
   * @param value the bytes to store
   * @param expectedGeneration the tag generation read before fetching the value
   * @param ttl how long to keep the value; positive
   */
  record Fill(String key, String tag, byte[] value, long expectedGeneration, Duration ttl) {
    /**
     * Checks the components.
     *
     * @param key the key
     * @param tag the tag
     * @param value the value
     * @param expectedGeneration the expected generation
     * @param ttl the TTL
     */
    public Fill {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(tag, "tag");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive, got: " + ttl);
      }
    }
  }
}
