package dev.calcomclient.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.RemoteCache.Fill;
import dev.calcomclient.cache.RemoteCache.KeyRef;
import dev.calcomclient.cache.RemoteCache.Lookup;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@link RemoteCache} contract, run against every implementation with the same assertions: the in-memory one
 * of core and the Redis one (standalone and Cluster). Keys and tags are rendered by core's {@link SlotKey} and
 * {@link SlotTag}.
 */
abstract class RemoteCacheContract {
  static final String PREFIX = SlotKey.DEFAULT_PREFIX;
  static final LocalDate MONDAY = LocalDate.parse("2050-09-05");

  /** The implementation under test, empty. */
  abstract RemoteCache cache();

  /** Lets {@code d} pass for the cache's TTLs (a manual clock moves; Redis's own clock just runs). */
  abstract void passTime(Duration d);

  /** A TTL short enough to wait for. */
  abstract Duration shortTtl();

  static SlotKey key(long eventType, String dims, LocalDate day) {
    return new SlotKey(eventType, dims, day);
  }

  static KeyRef ref(SlotKey k) {
    return new KeyRef(k.render(PREFIX), k.tag().render(PREFIX));
  }

  static Fill fill(SlotKey k, String value, long generation, Duration ttl) {
    return new Fill(k.render(PREFIX), k.tag().render(PREFIX), value.getBytes(UTF_8), generation, ttl);
  }

  static String tag(long eventType, LocalDate day) {
    return new SlotTag(eventType, day).render(PREFIX);
  }

  List<Lookup> get(SlotKey... keys) {
    List<KeyRef> refs = new ArrayList<>();
    for (SlotKey k : keys) {
      refs.add(ref(k));
    }
    return join(cache().getAll(refs));
  }

  Lookup get(SlotKey k) {
    return get(new SlotKey[] {k}).get(0);
  }

  int put(Fill... fills) {
    return join(cache().putAll(List.of(fills)));
  }

  int invalidate(String... tags) {
    return join(cache().invalidate(List.of(tags)));
  }

  static <T> T join(CompletableFuture<T> f) {
    return f.orTimeout(10, TimeUnit.SECONDS).join();
  }

  static String text(Lookup l) {
    return new String(l.value(), UTF_8);
  }

  @Test
  void aMissReportsGenerationZeroAndNoTtl() {
    Lookup l = get(key(101, "default", MONDAY));
    assertThat(l.isHit()).isFalse();
    assertThat(l.value()).isNull();
    assertThat(l.generation()).isZero();
    assertThat(l.remainingTtl()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aFillAtTheCurrentGenerationIsReadBackWithItsRemainingTtl() {
    SlotKey k = key(101, "default", MONDAY);
    assertThat(put(fill(k, "{\"slots\":[1]}", 0, Duration.ofMinutes(5)))).isEqualTo(1);

    Lookup l = get(k);
    assertThat(l.isHit()).isTrue();
    assertThat(text(l)).isEqualTo("{\"slots\":[1]}");
    assertThat(l.generation()).isZero();
    assertThat(l.remainingTtl()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(l.remainingTtl()).isGreaterThan(Duration.ofMinutes(4));
  }

  @Test
  void getAllAnswersEveryKeyInOrderAcrossTags() {
    SlotKey a = key(101, "default", MONDAY);
    SlotKey b = key(101, "duration=60", MONDAY);
    SlotKey c = key(102, "default", MONDAY.plusDays(1));
    SlotKey missing = key(103, "default", MONDAY);
    assertThat(put(fill(a, "A", 0, Duration.ofMinutes(1)), fill(c, "C", 0, Duration.ofMinutes(1)))).isEqualTo(2);
    invalidate(tag(104, MONDAY));
    SlotKey otherGeneration = key(104, "default", MONDAY);

    List<Lookup> found = get(c, missing, a, b, otherGeneration);

    assertThat(found).hasSize(5);
    assertThat(text(found.get(0))).isEqualTo("C");
    assertThat(found.get(1).isHit()).isFalse();
    assertThat(text(found.get(2))).isEqualTo("A");
    assertThat(found.get(3).isHit()).isFalse();
    assertThat(found.get(4).isHit()).isFalse();
    assertThat(found.get(4).generation()).isEqualTo(1);
  }

  @Test
  void aFillWhoseTagMovedOnIsNotStored() {
    SlotKey k = key(101, "default", MONDAY);
    long seen = get(k).generation();
    invalidate(k.tag().render(PREFIX)); // a booking lands while the filler is fetching

    assertThat(put(fill(k, "pre-booking slots", seen, Duration.ofMinutes(5)))).isZero();

    Lookup after = get(k);
    assertThat(after.isHit()).isFalse();
    assertThat(after.generation()).isEqualTo(seen + 1);
    // A fill that read the new generation is stored.
    assertThat(put(fill(k, "post-booking slots", after.generation(), Duration.ofMinutes(5)))).isEqualTo(1);
    assertThat(text(get(k))).isEqualTo("post-booking slots");
    assertThat(get(k).generation()).isEqualTo(1);
  }

  @Test
  void aBatchStoresOnlyTheFillsWhoseTagIsUnchanged() {
    SlotKey fresh = key(101, "default", MONDAY);
    SlotKey stale = key(102, "default", MONDAY);
    invalidate(stale.tag().render(PREFIX));

    int stored =
        put(fill(fresh, "fresh", 0, Duration.ofMinutes(1)), fill(stale, "stale", 0, Duration.ofMinutes(1)));

    assertThat(stored).isEqualTo(1);
    List<Lookup> found = get(fresh, stale);
    assertThat(text(found.get(0))).isEqualTo("fresh");
    assertThat(found.get(1).isHit()).isFalse();
  }

  @Test
  void invalidatingATagDropsEveryDimensionOfItAndNothingElse() {
    SlotKey plain = key(101, "default", MONDAY);
    SlotKey sixty = key(101, "duration=60", MONDAY);
    SlotKey reschedule = key(101, "rescheduleUid=abc", MONDAY);
    SlotKey nextDay = key(101, "default", MONDAY.plusDays(1));
    SlotKey otherType = key(102, "default", MONDAY);
    put(
        fill(plain, "1", 0, Duration.ofMinutes(1)),
        fill(sixty, "2", 0, Duration.ofMinutes(1)),
        fill(reschedule, "3", 0, Duration.ofMinutes(1)),
        fill(nextDay, "4", 0, Duration.ofMinutes(1)),
        fill(otherType, "5", 0, Duration.ofMinutes(1)));

    assertThat(invalidate(tag(101, MONDAY))).isEqualTo(3);

    List<Lookup> found = get(plain, sixty, reschedule, nextDay, otherType);
    assertThat(found.subList(0, 3)).allSatisfy(l -> assertThat(l.isHit()).isFalse());
    assertThat(found.subList(0, 3)).allSatisfy(l -> assertThat(l.generation()).isEqualTo(1));
    assertThat(text(found.get(3))).isEqualTo("4");
    assertThat(found.get(3).generation()).isZero();
    assertThat(text(found.get(4))).isEqualTo("5");
  }

  @Test
  void oneBatchInvalidatesSeveralTagsAndCountsTheDeletedKeys() {
    put(
        fill(key(101, "default", MONDAY), "1", 0, Duration.ofMinutes(1)),
        fill(key(101, "default", MONDAY.plusDays(1)), "2", 0, Duration.ofMinutes(1)),
        fill(key(102, "default", MONDAY), "3", 0, Duration.ofMinutes(1)),
        fill(key(102, "duration=15", MONDAY), "4", 0, Duration.ofMinutes(1)));

    int deleted = invalidate(tag(101, MONDAY), tag(101, MONDAY.plusDays(1)), tag(102, MONDAY), tag(105, MONDAY));

    assertThat(deleted).isEqualTo(4);
    assertThat(get(key(105, "default", MONDAY)).generation()).isEqualTo(1);
    assertThat(get(key(101, "default", MONDAY.plusDays(1))).generation()).isEqualTo(1);
  }

  @Test
  void everyInvalidationBumpsTheGenerationOnceEvenWhenNothingIsCached() {
    String t = tag(101, MONDAY);
    assertThat(invalidate(t)).isZero();
    assertThat(invalidate(t)).isZero();
    assertThat(get(key(101, "default", MONDAY)).generation()).isEqualTo(2);
  }

  @Test
  void anEntryIsGoneOnceItsTtlHasPassed() {
    SlotKey shortLived = key(101, "default", MONDAY);
    SlotKey longLived = key(101, "duration=60", MONDAY);
    put(fill(shortLived, "short", 0, shortTtl()), fill(longLived, "long", 0, Duration.ofMinutes(10)));
    assertThat(get(shortLived).isHit()).isTrue();

    passTime(shortTtl().plusMillis(1));

    await().atMost(Duration.ofSeconds(30)).until(() -> !get(shortLived).isHit());
    assertThat(text(get(longLived))).isEqualTo("long");
  }

  @Test
  void aRefillReplacesTheValueAndItsTtl() {
    SlotKey k = key(101, "default", MONDAY);
    put(fill(k, "old", 0, Duration.ofMinutes(1)));
    put(fill(k, "new", 0, Duration.ofMinutes(30)));

    Lookup l = get(k);
    assertThat(text(l)).isEqualTo("new");
    assertThat(l.remainingTtl()).isGreaterThan(Duration.ofMinutes(29));
  }

  @Test
  void binaryValuesRoundTripUnchanged() {
    SlotKey k = key(101, "default", MONDAY);
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    join(cache().putAll(List.of(new Fill(k.render(PREFIX), k.tag().render(PREFIX), bytes, 0, Duration.ofMinutes(1)))));
    assertThat(get(k).value()).isEqualTo(bytes);
  }

  @Test
  void aFillRacingAnInvalidationIsNeverReadable() throws Exception {
    // Whatever the interleaving, the result is a miss: a fill that lands first is deleted by the invalidation, a fill
    // that lands second carries a generation the invalidation has already moved past.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 100; i++) {
        SlotKey k = key(1000 + i, "default", MONDAY);
        long seen = get(k).generation();
        CountDownLatch go = new CountDownLatch(1);
        var filler =
            pool.submit(
                () -> {
                  go.await();
                  return put(fill(k, "before-booking", seen, Duration.ofMinutes(5)));
                });
        var invalidator =
            pool.submit(
                () -> {
                  go.await();
                  return invalidate(k.tag().render(PREFIX));
                });
        go.countDown();
        int stored = filler.get(10, TimeUnit.SECONDS);
        int deleted = invalidator.get(10, TimeUnit.SECONDS);

        Lookup after = get(k);
        assertThat(after.isHit()).as("iteration %d (stored %d, deleted %d)", i, stored, deleted).isFalse();
        assertThat(after.generation()).isEqualTo(seen + 1);
        assertThat(deleted).as("an invalidation deletes exactly the fill that landed before it").isEqualTo(stored);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
