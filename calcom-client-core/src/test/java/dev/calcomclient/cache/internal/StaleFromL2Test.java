package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, several instances: a day another instance fetched is kept in L2 past its time to live (the
 * stale-if-error retention), so that an instance whose own fetch finds no rate-limit token (or fails) answers it
 * stale, with its exact age, as it answers a day its own L1 kept; never as fresh, never after an invalidation, never
 * beyond the maximum staleness. Two stores share one in-process L2 on one manual clock.
 */
class StaleFromL2Test {
  private static final long ET = 101;
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final LocalDate TUE = MON.plusDays(1);
  private static final LocalDate WED = MON.plusDays(2);
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final RateLimitedException REFUSED =
      RateLimitedException.local("budget spent", Duration.ofSeconds(15));

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final ScriptedFetcher upstream = new ScriptedFetcher();
  private final RecordingListener events = new RecordingListener();
  private final InProcessL2 shared = new InProcessL2(s.clock());

  private SlotCacheUnderTest instance(CacheConfig.Builder config) {
    CacheConfig c = config.ttlPolicy(TtlPolicy.fixed(TTL)).remoteCache(shared).refreshAheadOff()
        .loadEventTypeMetadata(false).build();
    EventTypeCatalog catalog = new EventTypeCatalog(
        (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), c.metadataTtl(), s.clock(), s);
    return new SlotCacheUnderTest(c, upstream, s, events, catalog, new PeerConnectivity());
  }

  private SlotCacheUnderTest instance() {
    return instance(CacheConfig.builder());
  }

  private static SlotQuery days(LocalDate first, LocalDate lastInclusive) {
    return SlotQuery.forEventType(ET)
        .between(first.atStartOfDay(ZoneOffset.UTC).toInstant(), lastInclusive.atTime(23, 59).toInstant(ZoneOffset.UTC))
        .build();
  }

  private static SlotsResult find(SlotCacheUnderTest instance, SlotQuery q) {
    return Futures.join(instance.find(q));
  }

  @Test
  void aDayAnotherInstanceFetchedIsServedStaleFromL2WhenThisInstanceIsRefusedAToken() {
    SlotCacheUnderTest a = instance();
    SlotCacheUnderTest b = instance();
    SlotsResult fetchedByA = find(a, days(MON, TUE));
    s.advance(Duration.ofSeconds(90)); // 30 s past the time to live
    events.drain();

    upstream.failWith(REFUSED);
    SlotsResult stale = find(b, days(MON, TUE));
    assertThat(stale).isEqualTo(fetchedByA);
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.staleAge()).as("exact: Cal.com answered A 90 s ago").contains(Duration.ofSeconds(90));
    assertThat(events.drain())
        .as("a miss for freshness in both tiers, then a stale answer for overload")
        .contains("MISS L2 " + key(MON), "MISS L2 " + key(TUE), "STALE SLOTS_FIND OVERLOADED PT1M30S");
    assertThat(upstream.calls).as("B asked (and was refused) before answering stale").hasSize(2);

    upstream.failWith(null);
    assertThat(find(b, days(MON, MON)).source())
        .as("neither served nor back-filled into L1 as fresh: fetched again once a token is there")
        .isEqualTo(SlotsSource.UPSTREAM);
  }

  @Test
  void whenCalcomCannotBeAskedADayFromL2IsServedStaleForTheErrorWindowWhichMayOutlastTheOverloadOne() {
    SlotCacheUnderTest a = instance();
    SlotCacheUnderTest b = instance(
        CacheConfig.builder().staleIfError(Duration.ofMinutes(5)).staleIfOverloaded(Duration.ofMinutes(2)));
    find(a, days(MON, MON));
    s.advance(TTL.plus(Duration.ofMinutes(3)));
    events.drain();

    upstream.failWith(REFUSED);
    assertThatThrownBy(() -> find(b, days(MON, MON)))
        .as("3 min past the time to live: beyond B's 2 min under overload").isInstanceOf(RateLimitedException.class);
    upstream.failWith(new CircuitOpenException("slots circuit open", Duration.ofSeconds(30)));
    SlotsResult stale = find(b, days(MON, MON));
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.staleAge()).contains(TTL.plus(Duration.ofMinutes(3)));
    assertThat(events.drain()).contains("STALE SLOTS_FIND UNAVAILABLE PT4M");
  }

  @Test
  void aDayFromL2IsNotServedBeyondTheMaximumStaleness() {
    SlotCacheUnderTest a = instance(CacheConfig.builder().staleIfError(Duration.ofMinutes(5)));
    SlotCacheUnderTest b = instance(CacheConfig.builder().staleIfError(Duration.ofMinutes(5)));
    find(a, days(MON, MON));
    upstream.failWith(REFUSED);

    s.advance(TTL.plus(Duration.ofMinutes(5)).minusSeconds(1));
    assertThat(find(b, days(MON, MON)).source()).isEqualTo(SlotsSource.STALE);
    s.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> find(b, days(MON, MON))).isInstanceOf(RateLimitedException.class);
    assertThat(shared.size()).as("L2 keeps it no longer than the time to live plus the retention").isZero();
  }

  @Test
  void aDayInvalidatedInL2IsNeverServedStaleFromIt() {
    SlotCacheUnderTest a = instance();
    SlotCacheUnderTest b = instance();
    find(a, days(MON, MON));
    s.advance(Duration.ofSeconds(90));
    Futures.join(a.invalidateRemote(List.of(new SlotTag(ET, MON))));

    upstream.failWith(REFUSED);
    assertThatThrownBy(() -> find(b, days(MON, MON))).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aDayFromL2IsNotServedStaleWhenAnInvalidationReachesThisInstanceWhileItsFetchIsWaiting() {
    SlotCacheUnderTest a = instance();
    SlotCacheUnderTest b = instance();
    find(a, days(MON, MON));
    s.advance(Duration.ofSeconds(90));

    upstream.holdAnswers();
    CompletableFuture<SlotsResult> waiting = b.find(days(MON, MON)); // read L2, now waiting for a token
    assertThat(upstream.calls).hasSize(2);
    b.invalidateLocal(List.of(new SlotTag(ET, MON))); // a booking elsewhere, through the bus
    upstream.last().answer().completeExceptionally(REFUSED);

    assertThatThrownBy(() -> Futures.join(waiting)).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void theMoreRecentOfTheOwnL1EntryAndAnotherInstancesL2ValueIsServed() {
    SlotCacheUnderTest a = instance();
    SlotCacheUnderTest b = instance();
    find(b, days(MON, MON));
    s.advance(Duration.ofSeconds(70)); // B's own entry has expired; A fetches the day again
    find(a, days(MON, MON));
    s.advance(Duration.ofSeconds(65));

    upstream.failWith(REFUSED);
    assertThat(find(b, days(MON, MON)).staleAge()).as("A's answer, 65 s old, not B's, 135 s old")
        .contains(Duration.ofSeconds(65));
    assertThat(find(a, days(MON, MON)).staleAge()).contains(Duration.ofSeconds(65));
  }

  @Test
  void aDayASpanRenewedWhileItWasAnL1HitIsWrittenToL2TooSoAnotherInstanceServesTheRenewedCopy() {
    // one-day fetch blocks: the first read caches Tuesday alone, so the span's call renews it as an L1 hit
    SlotCacheUnderTest a = instance(CacheConfig.builder().fetchBlockDays(1));
    SlotCacheUnderTest b = instance(CacheConfig.builder().fetchBlockDays(1));
    find(a, days(TUE, TUE));
    s.advance(Duration.ofSeconds(30));
    find(a, days(MON, WED)); // Monday and Wednesday missing: one call over Monday to Wednesday renews Tuesday too
    assertThat(upstream.calls).hasSize(2);
    assertThat(Futures.join(shared.getAll(List.of(ref(TUE)))).get(0).remainingTtl())
        .as("Tuesday's L2 copy renewed with the span's answer").isEqualTo(TTL.plus(Duration.ofMinutes(5)));
    s.advance(Duration.ofSeconds(90));

    upstream.failWith(REFUSED);
    assertThat(find(b, days(TUE, TUE)).staleAge()).as("the span's answer, not the first one")
        .contains(Duration.ofSeconds(90));
  }

  @Test
  void aFillKeepsTheValueInL2ForTheRetentionPastItsTimeToLiveAndAnEarlierVersionsValueStillReads() {
    SlotCacheUnderTest a = instance(CacheConfig.builder().staleIfError(Duration.ofMinutes(5)));
    find(a, days(MON, MON));
    RemoteCache.Lookup l = Futures.join(shared.getAll(List.of(ref(MON)))).get(0);
    assertThat(l.remainingTtl()).isEqualTo(TTL.plus(Duration.ofMinutes(5)));
    SlotDayCodec.Decoded stored = SlotDayCodec.decodeWithLifetime(l.value());
    assertThat(stored.ttl()).isEqualTo(TTL);
    assertThat(stored.kept()).isEqualTo(Duration.ofMinutes(5));

    // An earlier version wrote the day without its lifetime: fresh for all of its physical time to live.
    byte[] v1 = "{\"v\":1,\"slots\":[{\"s\":\"2050-09-06T09:00:00Z\",\"e\":\"2050-09-06T09:30:00Z\"}]}"
        .getBytes(StandardCharsets.UTF_8);
    Futures.join(shared.putAll(List.of(new RemoteCache.Fill(ref(TUE).key(), ref(TUE).tag(), v1, 0, TTL))));
    SlotCacheUnderTest b = instance();
    SlotsResult r = find(b, days(TUE, TUE));
    assertThat(r.source()).isEqualTo(SlotsSource.L2);
    assertThat(r.size()).isEqualTo(1);
    assertThat(SlotDayCodec.decode(v1)).isEqualTo(new SlotDay(List.of(new CachedSlot(
        Instant.parse("2050-09-06T09:00:00Z"), Instant.parse("2050-09-06T09:30:00Z"), null, null, null, null))));
  }

  @Test
  void aVersion2ValueWithoutItsLifetimeIsRefusedByTheCodec() {
    byte[] noLifetime = "{\"v\":2,\"slots\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> SlotDayCodec.decodeWithLifetime(noLifetime)).isInstanceOf(IllegalArgumentException.class);
    SlotDay day = new SlotDay(List.of(new CachedSlot(
        Instant.parse("2050-09-05T09:00:00Z"), Instant.parse("2050-09-05T09:30:00Z"), 1, 2, 3, "b1")));
    SlotDayCodec.Decoded d = SlotDayCodec.decodeWithLifetime(
        SlotDayCodec.encode(day, Duration.ofSeconds(60), Duration.ofMinutes(5)));
    assertThat(d).isEqualTo(new SlotDayCodec.Decoded(day, Duration.ofSeconds(60), Duration.ofMinutes(5)));
  }

  private static String key(LocalDate day) {
    return new SlotKey(ET, SlotKey.DEFAULT_DIMS, day).toString();
  }

  private static RemoteCache.KeyRef ref(LocalDate day) {
    SlotKey k = new SlotKey(ET, SlotKey.DEFAULT_DIMS, day);
    return new RemoteCache.KeyRef(k.render(SlotKey.DEFAULT_PREFIX), k.tag().render(SlotKey.DEFAULT_PREFIX));
  }
}
