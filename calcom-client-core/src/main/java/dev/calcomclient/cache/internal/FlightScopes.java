package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.function.ToLongFunction;

/**
 * Read-your-writes through the coalescer: the scope an upstream slot fetch adds to its flight key, so that a fetch
 * that starts after an invalidation never joins a flight (in this JVM or, through a shared coalescer, another) that
 * started before it and would answer with the pre-invalidation slots.
 *
 * <p>For a span whose tags were invalidated (or all flushed) within the last {@link #WINDOW}, the scope is the
 * newest L1 generation among them: fetches after the same invalidation share it and still coalesce, a flight from
 * before it has another scope (or none). Past the window every flight that could have started before the
 * invalidation has ended (a slots call's deadline is a few attempt timeouts), so the span needs no scope and
 * coalesces freely again, across instances too. Bounded: one entry per tag invalidated within the window.
 */
final class FlightScopes {
  /** Longer than any slots flight lasts (its deadline is three attempt timeouts, 9 s by default). */
  static final Duration WINDOW = Duration.ofMinutes(2);

  private final Clock clock;
  private final Cache<SlotTag, Long> recent;
  private volatile long flushedAtMillis = Long.MIN_VALUE / 4; // never (no overflow when subtracted)

  FlightScopes(Clock clock) {
    this.clock = clock;
    this.recent =
        Caffeine.newBuilder()
            .expireAfterWrite(WINDOW)
            .ticker(LocalSlotTier.ticker(clock))
            .executor(Runnable::run)
            .build();
  }

  /** Records that {@code tags} were invalidated now, at the generations {@code generation} reads. */
  void invalidated(Collection<SlotTag> tags, ToLongFunction<SlotTag> generation) {
    for (SlotTag t : tags) {
      recent.put(t, generation.applyAsLong(t));
    }
  }

  /** Records that every tag moved to a new generation now. */
  void flushed() {
    flushedAtMillis = clock.millis();
  }

  /**
   * The scope of a fetch of {@code keys} whose L1 generations were read by {@code generation}.
   *
   * @return the newest generation among recently invalidated tags, as text, or {@code null} for none
   */
  String scopeOf(Collection<SlotKey> keys, ToLongFunction<SlotTag> generation) {
    boolean flushedRecently = clock.millis() - flushedAtMillis < WINDOW.toMillis();
    long newest = -1;
    for (SlotKey k : keys) {
      SlotTag tag = k.tag();
      if (flushedRecently || recent.getIfPresent(tag) != null) {
        newest = Math.max(newest, generation.applyAsLong(tag));
      }
    }
    return newest < 0 ? null : "g" + newest;
  }
}
