package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * L1 for slot days: a bounded Caffeine cache with per-entry expiry on the injected clock, per-tag generations and a
 * tag-to-keys index.
 *
 * <p>Generations: every tag's generation is the value of one global sequence at the tag's last invalidation (or the
 * flush floor, whichever is larger; 0 before either). A fill reads the generation before it fetches and is stored
 * only if the generation is unchanged, checked and written atomically with respect to {@link #invalidate} (both run
 * inside the generation map's per-tag lock). A read accepts an entry only if it was stored at the tag's current
 * generation, so even an entry that slipped in is never served after its tag moved on.
 *
 * <p>Entries are kept {@code staleRetention} past their time to live so that stale-if-error has something to serve;
 * {@link Entry#isFresh} tells the two apart.
 *
 * <p>Bounded over months: without a bus nothing ever flushes, so the generation map would gain one entry per
 * invalidated (event type, UTC day) forever. When the UTC day moves on, the tags of days before yesterday are
 * pruned: every past day's generation is first raised to a <em>past floor</em> (the largest generation pruned), and
 * only then are the pruned tags removed. A tag's generation therefore never goes back to a value a fill could have
 * read before the tag's last invalidation: any fill still running with an older generation is refused, whenever it
 * ends, and the only cost is an extra miss for a past day (never a stale answer).
 */
final class LocalSlotTier {
  private final Cache<SlotKey, Entry> cache;
  private final Clock clock;
  private final ConcurrentHashMap<SlotTag, Long> generations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<SlotTag, Set<SlotKey>> index = new ConcurrentHashMap<>();
  /** A request whose dispatch is unknown (it joined another flight, or was never sent). */
  static final long NOT_DISPATCHED = -1;

  private final AtomicLong sequence = new AtomicLong();
  private volatile long floor;
  /** Days before {@code horizon} have a generation of at least {@code floor}; replaced as a whole. */
  private volatile PastFloor past = new PastFloor(Long.MIN_VALUE, 0);

  LocalSlotTier(long maximumEntries, Duration staleRetention, Clock clock) {
    this.clock = clock;
    long retentionNanos = staleRetention.toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumEntries)
            .ticker(ticker(clock))
            .executor(Runnable::run)
            .expireAfter(
                new Expiry<SlotKey, Entry>() {
                  @Override
                  public long expireAfterCreate(SlotKey key, Entry value, long currentTime) {
                    return saturatedAdd(Duration.ofMillis(value.ttlMillis()).toNanos(), retentionNanos);
                  }

                  @Override
                  public long expireAfterUpdate(SlotKey key, Entry value, long currentTime, long currentDuration) {
                    return expireAfterCreate(key, value, currentTime);
                  }

                  @Override
                  public long expireAfterRead(SlotKey key, Entry value, long currentTime, long currentDuration) {
                    return currentDuration;
                  }
                })
            .removalListener(
                (SlotKey key, Entry value, RemovalCause cause) -> {
                  if (key != null && cause != RemovalCause.REPLACED) {
                    unindex(key);
                  }
                })
            .build();
  }

  /** A Caffeine ticker reading {@code clock}, so that tests move L1 time with the client's clock. */
  static Ticker ticker(Clock clock) {
    return () -> Math.multiplyExact(clock.millis(), 1_000_000L);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  /** The tag's current generation; read it before fetching what will be stored under it. */
  long generation(SlotTag tag) {
    return current(tag, generations.get(tag));
  }

  /** The generation of {@code tag} whose map entry is {@code g} (null when absent). */
  private long current(SlotTag tag, Long g) {
    long f = floor;
    long base = g == null ? f : Math.max(g, f);
    PastFloor p = past;
    return tag.day().toEpochDay() < p.horizonEpochDay() ? Math.max(base, p.floor()) : base;
  }

  /**
   * What the entries filed under {@code tag} at its current generation (fresh or not) say of a slot starting at
   * {@code start}.
   */
  InvalidationTarget.Offer offers(SlotTag tag, java.time.Instant start) {
    Set<SlotKey> keys = index.get(tag);
    if (keys == null) {
      return InvalidationTarget.Offer.NOT_HELD;
    }
    boolean held = false;
    for (SlotKey k : keys) {
      Entry e = get(k);
      if (e == null) {
        continue;
      }
      held = true;
      if (e.value().offers(start)) {
        return InvalidationTarget.Offer.OFFERED;
      }
    }
    return held ? InvalidationTarget.Offer.LEFT_OUT : InvalidationTarget.Offer.NOT_HELD;
  }

  /** The entry for {@code key} if it is held at the tag's current generation (fresh or not), else {@code null}. */
  Entry get(SlotKey key) {
    Entry e = cache.getIfPresent(key);
    return e != null && e.generation() == generation(key.tag()) ? e : null;
  }

  /**
   * Stores {@code value} for {@code ttl} if the key's tag is still at {@code expectedGeneration}.
   *
   * @param nominalTtl the full time to live of the value (for refresh-ahead), at least {@code ttl}
   * @return whether it was stored
   */
  boolean storeIfCurrent(SlotKey key, SlotDay value, long expectedGeneration, Duration ttl, Duration nominalTtl) {
    return storeIfCurrent(key, value, expectedGeneration, ttl, nominalTtl, Duration.ZERO);
  }

  /**
   * Stores {@code value} for {@code ttl} if the key's tag is still at {@code expectedGeneration}.
   *
   * @param nominalTtl the full time to live of the value (for refresh-ahead), at least {@code ttl}
   * @param age how long ago Cal.com answered the value (zero for a value fetched now, more for an L2 back-fill)
   * @return whether it was stored
   */
  boolean storeIfCurrent(
      SlotKey key, SlotDay value, long expectedGeneration, Duration ttl, Duration nominalTtl, Duration age) {
    return store(key, value, expectedGeneration, NOT_DISPATCHED, ttl, nominalTtl, age);
  }

  /**
   * Stores a value Cal.com answered to a request sent when the generation sequence read {@code dispatchedAt} ({@link
   * #sequenceNow()}, or {@link #NOT_DISPATCHED} when unknown) if the key's tag is still at {@code readGeneration}, or
   * if no invalidation of the tag was applied after the request was sent. An invalidation is applied after the change
   * it stands for reached Cal.com (a booking answered, a bus message or webhook received), so an answer to a request
   * sent after it already includes the change, although its fill read the generation before (while it waited for a
   * token, say): it is stored, at the tag's current generation (issue 18: such answers were thrown away, and the next
   * refused lookup had nothing to serve).
   *
   * @param readGeneration the tag's generation read before the fetch
   * @param dispatchedAt the sequence when the request that answered was sent, or {@link #NOT_DISPATCHED}
   * @param nominalTtl the full time to live of the value (for refresh-ahead), at least {@code ttl}
   * @return whether it was stored
   */
  boolean storeIfUnchangedSince(
      SlotKey key, SlotDay value, long readGeneration, long dispatchedAt, Duration ttl, Duration nominalTtl) {
    return store(key, value, readGeneration, dispatchedAt, ttl, nominalTtl, Duration.ZERO);
  }

  private boolean store(
      SlotKey key, SlotDay value, long readGeneration, long dispatchedAt, Duration ttl, Duration nominalTtl,
      Duration age) {
    boolean[] stored = {false};
    SlotTag tag = key.tag();
    long now = clock.millis();
    long fetchedAt = now - age.toMillis();
    prunePastDays(now);
    generations.compute(
        tag,
        (t, g) -> {
          long current = current(t, g);
          if (current == readGeneration || (dispatchedAt != NOT_DISPATCHED && current <= dispatchedAt)) {
            index.computeIfAbsent(t, x -> ConcurrentHashMap.newKeySet()).add(key);
            cache.put(key, new Entry(value, current, now + ttl.toMillis(), ttl.toMillis(), nominalTtl.toMillis(),
                fetchedAt, Entry.NOT_PATCHED));
            stored[0] = true;
          }
          return g;
        });
    return stored[0];
  }

  /**
   * The generation sequence now: every invalidation, patch or flush applied after this call moves its tags to a
   * larger generation, and every one applied before it left its tags at this value or below.
   */
  long sequenceNow() {
    return sequence.get();
  }

  /** Bumps each tag's generation and evicts every entry filed under it; returns how many entries were evicted. */
  int invalidate(Collection<SlotTag> tags) {
    prunePastDays(clock.millis());
    int[] evicted = {0};
    for (SlotTag tag : tags) {
      generations.compute(
          tag,
          (t, g) -> {
            long next = sequence.incrementAndGet();
            Set<SlotKey> keys = index.remove(t);
            if (keys != null) {
              for (SlotKey k : keys) {
                if (cache.asMap().remove(k) != null) {
                  evicted[0]++;
                }
              }
            }
            return next;
          });
    }
    return evicted[0];
  }

  /**
   * Bumps each tag's generation, like {@link #invalidate}, but keeps the entries filed under it that its patch can
   * compute exactly, patched and stored at the new generation (same expiry); the others are evicted. Runs inside
   * each tag's generation lock, so no fill that read the old generation is stored after it.
   *
   * @return how many entries were patched (kept)
   */
  int patch(Map<SlotTag, DayPatch> patches) {
    long now = clock.millis();
    prunePastDays(now);
    int[] patched = {0};
    for (Map.Entry<SlotTag, DayPatch> p : patches.entrySet()) {
      DayPatch patch = p.getValue();
      generations.compute(
          p.getKey(),
          (t, g) -> {
            long old = current(t, g);
            long next = sequence.incrementAndGet();
            Set<SlotKey> keys = index.get(t);
            if (keys != null) {
              for (SlotKey k : Set.copyOf(keys)) {
                Entry e = cache.getIfPresent(k);
                SlotDay value = e == null || e.generation() != old ? null : patch.apply(k, e.value());
                if (value == null) {
                  keys.remove(k);
                  cache.asMap().remove(k);
                } else {
                  // Cal.com's answer is as old as before: the patch only applied this client's own change to it.
                  cache.put(
                      k,
                      new Entry(
                          value,
                          next,
                          e.freshUntilMillis(),
                          e.ttlMillis(),
                          e.nominalTtlMillis(),
                          e.fetchedAtMillis(),
                          // the first conservative patch since the fetch starts the refresh delay; later ones join
                          e.conservativelyPatched() || !patch.conservative() ? e.patchedSinceMillis() : now));
                  patched[0]++;
                }
              }
            }
            return next;
          });
    }
    return patched[0];
  }

  /**
   * Once per UTC day: raises the generation of every day before yesterday to the largest generation held for such a
   * day, then forgets those days' tags and entries (see the class comment for why that never serves a stale fill).
   */
  private void prunePastDays(long nowMillis) {
    long horizon = Math.floorDiv(nowMillis, 86_400_000L) - 1;
    if (horizon <= past.horizonEpochDay()) {
      return;
    }
    synchronized (this) {
      PastFloor before = past;
      if (horizon <= before.horizonEpochDay()) {
        return;
      }
      long pastFloor = before.floor();
      for (Map.Entry<SlotTag, Long> e : generations.entrySet()) {
        if (e.getKey().day().toEpochDay() < horizon) {
          pastFloor = Math.max(pastFloor, e.getValue());
        }
      }
      past = new PastFloor(horizon, pastFloor);
      long raised = pastFloor;
      // Conditional removal (remove(key, value) per entry): a tag invalidated meanwhile holds a newer generation
      // than the floor and stays.
      generations.entrySet().removeIf(e -> e.getKey().day().toEpochDay() < horizon && e.getValue() <= raised);
      for (SlotTag t : index.keySet()) {
        if (t.day().toEpochDay() < horizon) {
          Set<SlotKey> keys = index.remove(t);
          if (keys != null) {
            keys.forEach(cache.asMap()::remove);
          }
        }
      }
    }
  }

  /** How many tags have a generation of their own (for the memory tests). */
  int generationCount() {
    return generations.size();
  }

  /** Drops every entry and moves every tag to a new generation. */
  void flush() {
    floor = sequence.incrementAndGet();
    generations.clear();
    cache.invalidateAll();
    index.clear();
  }

  /** The event types with at least one entry. */
  Set<Long> eventTypeIds() {
    Set<Long> ids = new HashSet<>();
    for (SlotTag t : index.keySet()) {
      ids.add(t.eventTypeId());
    }
    return ids;
  }

  /** The number of entries held (expired ones until Caffeine drops them). */
  long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  private void unindex(SlotKey key) {
    index.computeIfPresent(
        key.tag(),
        (t, keys) -> {
          if (!cache.asMap().containsKey(key)) {
            keys.remove(key);
          }
          return keys.isEmpty() ? null : keys;
        });
  }

  /** Every day before {@code horizonEpochDay} is at generation {@code floor} or later. */
  private record PastFloor(long horizonEpochDay, long floor) {}

  /**
   * One L1 entry.
   *
   * @param value the day
   * @param generation the tag generation it was stored at
   * @param freshUntilMillis when its time to live ends (epoch millis)
   * @param ttlMillis the time to live it was stored with
   * @param nominalTtlMillis the full time to live of the value (for an L2 back-fill, longer than what was left)
   * @param fetchedAtMillis when Cal.com answered the value (epoch millis; estimated for an L2 back-fill)
   * @param patchedSinceMillis when the first conservative patch since the value was fetched was applied (it may
   *     have hidden starts: a hit after the configured delay refreshes it ahead), or {@link #NOT_PATCHED}
   */
  record Entry(
      SlotDay value,
      long generation,
      long freshUntilMillis,
      long ttlMillis,
      long nominalTtlMillis,
      long fetchedAtMillis,
      long patchedSinceMillis) {
    /** {@link #patchedSinceMillis} of an entry no conservative patch touched. */
    static final long NOT_PATCHED = Long.MIN_VALUE;

    /** Whether a conservative patch touched the value since it was fetched (it may hide starts). */
    boolean conservativelyPatched() {
      return patchedSinceMillis != NOT_PATCHED;
    }

    boolean isFresh(long nowMillis) {
      return nowMillis < freshUntilMillis;
    }

    long remainingMillis(long nowMillis) {
      return freshUntilMillis - nowMillis;
    }

    /** How old the value is at {@code nowMillis}: the time since Cal.com answered it. */
    Duration age(long nowMillis) {
      return Duration.ofMillis(Math.max(0, nowMillis - fetchedAtMillis));
    }
  }
}
