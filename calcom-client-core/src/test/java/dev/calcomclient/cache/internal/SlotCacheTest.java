package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.calcomclient.BadRequestException;
import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.internal.BusReceiver;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotFormat;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The slot cache engine over a scripted upstream ({@link ScriptedFetcher}) on a manual clock and scheduler: span
 * fetches, generations, L2 back-fill, stale-if-error, negative caching, refresh-ahead, events and sources, with
 * fetch blocks of one day.
 */
class SlotCacheTest {
  private static final long ET = 101;
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final LocalDate TUE = MON.plusDays(1);
  private static final LocalDate WED = MON.plusDays(2);
  private static final LocalDate THU = MON.plusDays(3);

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final ScriptedFetcher upstream = new ScriptedFetcher();
  private final RecordingListener events = new RecordingListener();

  /** What the catalog's loader answers; by default every event type exists with no minimum notice. */
  private final AtomicInteger loads = new AtomicInteger();
  private EventTypeCatalog catalog;
  private final PeerConnectivity peers = new PeerConnectivity();

  private SlotCacheUnderTest cache(CacheConfig config) {
    catalog =
        new EventTypeCatalog(
            (id, lane) -> {
              loads.incrementAndGet();
              return CompletableFuture.completedFuture(Optional.of(eventType(id, 0)));
            },
            config.metadataTtl(),
            s.clock(),
            s);
    return new SlotCacheUnderTest(config, upstream, s, events, catalog, peers);
  }

  /**
   * These tests name what a lookup fetches and stores for the days it needs: with blocks of one day, exactly those
   * (fetches in blocks of several days are {@link FetchBlocksTest}'s).
   */
  private static CacheConfig.Builder oneDayFetches() {
    return CacheConfig.builder().fetchBlockDays(1);
  }

  private SlotCacheUnderTest cache() {
    return cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(300))).build());
  }

  private static SlotQuery days(LocalDate first, LocalDate lastInclusive) {
    return SlotQuery.forEventType(ET)
        .between(first.atStartOfDay(ZoneOffset.UTC).toInstant(),
            lastInclusive.atTime(23, 59).toInstant(ZoneOffset.UTC))
        .build();
  }

  private static SlotsResult find(SlotCacheUnderTest cache, SlotQuery q) {
    return Futures.join(cache.find(q));
  }

  private static List<Instant> starts(SlotsResult r) {
    return r.all().stream().map(Slot::startInstant).toList();
  }

  private static List<Instant> startsOf(LocalDate... days) {
    List<Instant> out = new ArrayList<>();
    for (LocalDate d : days) {
      out.addAll(ScriptedFetcher.starts(d));
    }
    return out;
  }

  private static Instant midnight(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static String key(LocalDate day) {
    return new SlotKey(ET, SlotKey.DEFAULT_DIMS, day).toString();
  }

  @Test
  void missingDaysAreFetchedWithOneCallOverTheirUtcSpanAndCachedDaysCostNoCall() {
    SlotCacheUnderTest cache = cache();

    SlotsResult first = find(cache, days(MON, WED));
    assertThat(upstream.calls).hasSize(1);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(THU));
    assertThat(upstream.last().dims()).isEqualTo(SlotDims.DEFAULT);
    assertThat(upstream.last().priority()).isEqualTo(Priority.STANDARD);
    assertThat(starts(first)).isEqualTo(startsOf(MON, TUE, WED));
    assertThat(first.source()).isEqualTo(SlotsSource.UPSTREAM);

    SlotsResult again = find(cache, days(MON, WED));
    assertThat(upstream.calls).as("a fully cached range makes no call").hasSize(1);
    assertThat(again).isEqualTo(first);
    assertThat(again.source()).isEqualTo(SlotsSource.L1);

    // Tue..Thu: only Thursday is missing; the span covers just that day.
    SlotsResult overlap = find(cache, days(TUE, THU));
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(THU));
    assertThat(upstream.last().to()).isEqualTo(midnight(THU.plusDays(1)));
    assertThat(starts(overlap)).isEqualTo(startsOf(TUE, WED, THU));
    assertThat(overlap.source()).as("least fresh of L1 days and an upstream day").isEqualTo(SlotsSource.L1);

    // Sun and Fri missing around cached Mon..Thu: still one call, spanning both.
    find(cache, days(MON.minusDays(1), THU.plusDays(1)));
    assertThat(upstream.calls).hasSize(3);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON.minusDays(1)));
    assertThat(upstream.last().to()).isEqualTo(midnight(THU.plusDays(2)));
  }

  @Test
  void slotsOutsideTheFetchedDaysAreDroppedAndEmptyDaysAreCachedToo() {
    SlotCacheUnderTest cache = cache();
    // Cal.com's end bound is inclusive: a slot at 00:00Z of the day after the span would come back. Simulate one.
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> f = cache.find(days(MON, MON));
    Instant nextMidnight = midnight(TUE);
    List<Slot> answer = new ArrayList<>(upstream.slots(upstream.last().from(), upstream.last().to()));
    answer.add(Slot.at(nextMidnight.atOffset(ZoneOffset.UTC)));
    upstream.last().answerWith(answer);
    assertThat(starts(f.join())).isEqualTo(startsOf(MON));

    upstream.answerImmediately();
    // Tuesday was not stored from that answer: asking for it fetches it.
    find(cache, days(TUE, TUE));
    assertThat(upstream.calls).hasSize(2);

    // An empty day is an entry like any other.
    upstream.take(ScriptedFetcher.starts(WED).get(0));
    ScriptedFetcher.starts(WED).forEach(upstream::take);
    assertThat(find(cache, days(WED, WED)).isEmpty()).isTrue();
    assertThat(find(cache, days(WED, WED)).source()).isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(3);
  }

  @Test
  void aFillThatStartedBeforeAnInvalidationIsNeitherStoredNorServed() {
    SlotCacheUnderTest cache = cache();
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> slowFill = cache.find(days(MON, MON));
    assertThat(upstream.calls).hasSize(1);
    // What upstream said before the booking; the answer is still in flight.
    List<Slot> beforeBooking = upstream.slots(upstream.last().from(), upstream.last().to());

    Instant booked = ScriptedFetcher.starts(MON).get(2);
    upstream.take(booked);
    cache.invalidateLocal(Set.of(new SlotTag(ET, MON)));
    upstream.last().answerWith(beforeBooking);

    // The slow caller gets the answer it asked for...
    assertThat(starts(slowFill.join())).contains(booked);
    // ...but it was not stored: the next read goes upstream and never sees the booked slot.
    upstream.answerImmediately();
    SlotsResult after = find(cache, days(MON, MON));
    assertThat(upstream.calls).hasSize(2);
    assertThat(starts(after)).doesNotContain(booked);
    assertThat(after.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(find(cache, days(MON, MON)).source()).isEqualTo(SlotsSource.L1);
    assertThat(starts(find(cache, days(MON, MON)))).doesNotContain(booked);
  }

  @Test
  void invalidatingATagDropsEveryDimensionVariantOfThatDayOnly() {
    SlotCacheUnderTest cache = cache();
    find(cache, days(MON, TUE));
    find(cache, days(MON, TUE).toBuilder().duration(60).build());
    find(cache, days(MON, TUE).toBuilder().bookingUidToReschedule("uid-1").build());
    assertThat(upstream.calls).hasSize(3);
    assertThat(cache.cachedEventTypeIds()).containsExactly(ET);

    assertThat(cache.invalidateLocal(List.of(new SlotTag(ET, MON)))).isEqualTo(3);

    find(cache, days(TUE, TUE));
    find(cache, days(TUE, TUE).toBuilder().duration(60).build());
    assertThat(upstream.calls).as("Tuesday untouched").hasSize(3);
    find(cache, days(MON, MON).toBuilder().duration(60).build());
    assertThat(upstream.calls).hasSize(4);

    cache.flushLocalSlots();
    assertThat(cache.cachedEventTypeIds()).isEmpty();
    find(cache, days(TUE, TUE));
    assertThat(upstream.calls).hasSize(5);
  }

  @Test
  void l1EntriesLiveForTheirTtlOnTheInjectedClock() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfErrorOff().refreshAheadOff().build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(59));
    find(cache, days(MON, MON));
    assertThat(upstream.calls).hasSize(1);
    s.advance(Duration.ofSeconds(1));
    find(cache, days(MON, MON));
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void anL2HitBackFillsL1WithTheRemainingTtl() {
    RemoteCache shared = RemoteCache.inMemory(s.clock());
    CacheConfig config = oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(300)))
        .remoteCache(shared).staleIfErrorOff().refreshAheadOff().build();
    SlotCacheUnderTest instanceA = cache(config);
    SlotCacheUnderTest instanceB = cache(config);

    SlotsResult filled = find(instanceA, days(MON, MON));
    assertThat(upstream.calls).hasSize(1);
    events.drain();

    s.advance(Duration.ofSeconds(100));
    SlotsResult fromL2 = find(instanceB, days(MON, MON));
    assertThat(upstream.calls).as("B answered from L2").hasSize(1);
    assertThat(fromL2).isEqualTo(filled);
    assertThat(fromL2.source()).isEqualTo(SlotsSource.L2);
    assertThat(events.drain()).containsExactly("MISS L1 " + key(MON), "HIT L2 " + key(MON));

    // Back-filled for the 200 s that were left, not a fresh 300 s.
    s.advance(Duration.ofSeconds(199));
    assertThat(find(instanceB, days(MON, MON)).source()).isEqualTo(SlotsSource.L1);
    assertThat(events.drain()).containsExactly("HIT L1 " + key(MON));
    s.advance(Duration.ofSeconds(1));
    assertThat(find(instanceB, days(MON, MON)).source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(events.drain()).containsExactly("MISS L1 " + key(MON), "MISS L2 " + key(MON));
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void anL2FillIsSkippedWhenTheTagWasInvalidatedRemotelyWhileFetching() {
    InProcessL2 shared = new InProcessL2(s.clock());
    CacheConfig config = oneDayFetches().remoteCache(shared).build();
    SlotCacheUnderTest instanceA = cache(config);
    SlotCacheUnderTest instanceB = cache(config);

    upstream.holdAnswers();
    CompletableFuture<SlotsResult> slowFill = instanceA.find(days(MON, MON));
    Futures.join(instanceB.invalidateRemote(List.of(new SlotTag(ET, MON))));
    upstream.last().answerWith(upstream.slots(upstream.last().from(), upstream.last().to()));
    slowFill.join();

    assertThat(shared.size()).as("stale fill kept out of L2").isZero();
    upstream.answerImmediately();
    find(instanceB, days(MON, MON));
    assertThat(upstream.calls).hasSize(2);
    assertThat(shared.size()).isEqualTo(1);
  }

  @Test
  void whileUpstreamFailsCachedDaysAreServedStaleUpToTheMaximumAndUncachedDaysFail() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfError(Duration.ofMinutes(5)).refreshAheadOff().build());
    SlotsResult fresh = find(cache, days(MON, TUE));
    s.advance(Duration.ofSeconds(120));

    upstream.failWith(new CircuitOpenException("slots circuit open", Duration.ofSeconds(30)));
    SlotsResult stale = find(cache, days(MON, TUE));
    assertThat(stale).isEqualTo(fresh);
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.isStale()).isTrue();

    assertThatThrownBy(() -> find(cache, days(MON, WED))).isInstanceOf(CircuitOpenException.class);

    upstream.failWith(new ServerErrorException(503, "ServiceUnavailableException", "down", "r1", null));
    assertThat(find(cache, days(MON, MON)).source()).isEqualTo(SlotsSource.STALE);

    // A 400 is about the request, not Cal.com's availability: no stale answer.
    upstream.failWith(new BadRequestException(400, "BadRequestException", "bad", "r2", null));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(BadRequestException.class);

    // Past the maximum staleness (60 s TTL + 5 min): fail as before.
    upstream.failWith(new CircuitOpenException("slots circuit open", Duration.ofSeconds(30)));
    s.advance(Duration.ofSeconds(60 + 300 - 120 - 1));
    assertThat(find(cache, days(MON, MON)).source()).isEqualTo(SlotsSource.STALE);
    s.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void underOverloadASearchNeedsEveryDayCachedTheAlternativeFinderTakesTheCachedDaysAndTheWarmerIsRefused() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfErrorOff().refreshAheadOff().build());
    SlotsResult fresh = find(cache, days(MON, TUE));
    s.advance(Duration.ofSeconds(90));
    upstream.failWith(RateLimitedException.local("budget spent", Duration.ofSeconds(15)));
    events.drain();

    SlotsResult stale = find(cache, days(MON, TUE));
    assertThat(stale).isEqualTo(fresh);
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.staleAge()).contains(Duration.ofSeconds(90));
    assertThat(events.drain()).contains("STALE SLOTS_FIND OVERLOADED PT1M30S");

    assertThatThrownBy(() -> find(cache, days(MON, WED)))
        .as("no partial answer").isInstanceOf(RateLimitedException.class);
    assertThat(events.drain()).noneMatch(e -> e.startsWith("STALE"));

    SlotDaySource.DaySpan search = Futures.join(cache.daysForSearch(MON, WED));
    assertThat(search.byUtcDay()).containsOnlyKeys(MON, TUE);
    assertThat(search.leftOut()).containsExactly(WED);
    assertThat(search.stale()).isTrue();
    assertThat(search.staleAge()).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Futures.join(cache.daysForSearch(WED, THU)))
        .as("not one day cached").isInstanceOf(RateLimitedException.class);

    assertThatThrownBy(() -> Futures.join(cache.days(ET, null, MON, TUE, Priority.BACKGROUND)))
        .as("the warmer sees the refusal: a stale answer would warm nothing").isInstanceOf(RateLimitedException.class);

    // Past the maximum staleness under overload (60 s TTL + 5 min): refused.
    s.advance(Duration.ofSeconds(60 + 300 - 90));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void aDayBackFilledFromL2IsServedStaleWithItsAgeSinceCalcomAnsweredIt() {
    RemoteCache shared = RemoteCache.inMemory(s.clock());
    CacheConfig config = oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .remoteCache(shared).staleIfErrorOff().refreshAheadOff().build();
    SlotCacheUnderTest instanceA = cache(config);
    SlotCacheUnderTest instanceB = cache(config);
    find(instanceA, days(MON, MON));
    s.advance(Duration.ofSeconds(20));
    assertThat(find(instanceB, days(MON, MON)).source()).isEqualTo(SlotsSource.L2);
    s.advance(Duration.ofSeconds(70)); // 90 s after Cal.com answered, 30 s past B's back-filled TTL

    upstream.failWith(RateLimitedException.local("budget spent", Duration.ofSeconds(15)));
    SlotsResult stale = find(instanceB, days(MON, MON));
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.staleAge()).contains(Duration.ofSeconds(90));
  }

  @Test
  void underOverloadADayPatchedWithTheClientsOwnBookingIsServedStaleWithoutTheBookedTime() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfErrorOff().refreshAheadOff().build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(90));
    Instant booked = ScriptedFetcher.starts(MON).get(1);
    assertThat(cache.store.patchLocal(Map.of(new SlotTag(ET, MON),
        new DayPatch(booked, booked.plus(Duration.ofMinutes(30)), Duration.ZERO, Duration.ZERO))))
        .as("the expired entry kept for staleness is patched, not dropped").isEqualTo(1);

    upstream.failWith(RateLimitedException.local("budget spent", Duration.ofSeconds(15)));
    SlotsResult stale = find(cache, days(MON, MON));
    assertThat(stale.isStale()).isTrue();
    assertThat(stale.staleAge()).as("Cal.com's answer is as old as before the patch").contains(Duration.ofSeconds(90));
    assertThat(starts(stale)).as("read-your-writes: the booked time is not offered").doesNotContain(booked)
        .hasSize(ScriptedFetcher.starts(MON).size() - 1);
  }

  @Test
  void staleIfOverloadedOffRefusesAsBefore() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfOverloadedOff().build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(61));
    upstream.failWith(RateLimitedException.local("budget spent", Duration.ofSeconds(15)));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void anInvalidatedDayIsNeverServedStale() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60))).build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(61));
    cache.invalidateLocal(List.of(new SlotTag(ET, MON)));
    upstream.failWith(new CircuitOpenException("open", Duration.ofSeconds(30)));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void staleIfErrorOffFailsAsBefore() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(60)))
        .staleIfErrorOff().build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(61));
    upstream.failWith(new CircuitOpenException("open", Duration.ofSeconds(30)));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void aNotFoundEventTypeIsRememberedForTheNegativeTtlAndRethrownWithItsType() {
    SlotCacheUnderTest cache = cache(oneDayFetches().negativeTtl(Duration.ofSeconds(10)).build());
    upstream.failWith(new NotFoundException(404, "NotFoundException", "Event Type not found", "req-1", null));

    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> find(cache, days(TUE, WED)))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.serverMessage()).isEqualTo("Event Type not found");
            });
    assertThat(upstream.calls).as("remembered").hasSize(1);

    s.advance(Duration.ofSeconds(10));
    assertThatThrownBy(() -> find(cache, days(MON, MON))).isInstanceOf(NotFoundException.class);
    assertThat(upstream.calls).as("forgotten after the negative TTL").hasSize(2);

    // An invalidation of the type (it may have just been created) forgets it at once.
    cache.invalidateLocal(List.of(new SlotTag(ET, MON)));
    upstream.failWith(null);
    assertThat(find(cache, days(MON, MON)).size()).isEqualTo(6);
    assertThat(upstream.calls).hasSize(3);
  }

  @Test
  void aDayReadNearItsExpiryIsRefreshedOnceInTheBackgroundLane() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(100)))
        .refreshAhead(0.2).loadEventTypeMetadata(false).build());
    find(cache, days(MON, TUE));
    assertThat(upstream.calls).hasSize(1);

    s.advance(Duration.ofSeconds(79));
    find(cache, days(MON, MON));
    assertThat(s.pending()).as("21 s left of 100: not yet").isZero();

    s.advance(Duration.ofSeconds(2));
    upstream.holdAnswers();
    assertThat(find(cache, days(MON, MON)).source()).as("answered from L1 at once").isEqualTo(SlotsSource.L1);
    assertThat(s.pending()).isEqualTo(1);
    find(cache, days(MON, MON));
    assertThat(s.pending()).as("at most one refresh per key").isEqualTo(1);
    assertThat(upstream.calls).as("nothing on the caller's path").hasSize(1);

    s.runDue();
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().priority()).isEqualTo(Priority.BACKGROUND);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(TUE));
    assertThat(cache.isRefreshing(new SlotKey(ET, SlotKey.DEFAULT_DIMS, MON))).isTrue();
    find(cache, days(MON, MON));
    assertThat(s.pending()).as("still in flight: no second refresh").isZero();

    upstream.last().answerWith(upstream.slots(upstream.last().from(), upstream.last().to()));
    assertThat(cache.isRefreshing(new SlotKey(ET, SlotKey.DEFAULT_DIMS, MON))).isFalse();
    upstream.answerImmediately();
    // 100 s after the first fill Monday would have expired; the refresh made it fresh until 181 s.
    s.advance(Duration.ofSeconds(50));
    assertThat(find(cache, days(MON, MON)).source()).isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(2);
    assertThat(find(cache, days(TUE, TUE)).source()).as("Tuesday was not refreshed").isEqualTo(SlotsSource.UPSTREAM);
  }

  /**
   * Regression (issue 17): an alternatives span fetched every day from its first to its last missing day but stored
   * only the missing ones, so a cached day inside it that was due a refresh was fetched again by refresh-ahead right
   * after the span answered, and a cached day not yet due expired on its old time to live: 156 of 1750 upstream slot
   * requests of the normal load scenario re-fetched, less than 96 s later, days a span had just fetched.
   */
  @Test
  void aSpanStoresTheCachedDaysItCoversInsteadOfFetchingThemAgainRightAfter() {
    LocalDate fri = THU.plusDays(1);
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(100)))
        .refreshAhead(0.2).loadEventTypeMetadata(false).build());
    find(cache, days(WED, WED));
    s.advance(Duration.ofSeconds(50));
    find(cache, days(TUE, TUE));
    s.advance(Duration.ofSeconds(35)); // Wednesday is due a refresh (15 s of 100 left), Tuesday is not (65 s)

    SlotDaySource.DaySpan span = Futures.join(cache.days(ET, null, MON, fri, Priority.STANDARD));
    assertThat(span.upstreamCalls()).isEqualTo(1);
    assertThat(upstream.calls).hasSize(3);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(fri.plusDays(1)));
    s.runDue();
    assertThat(upstream.calls).as("no refresh-ahead of a day the span just fetched").hasSize(3);

    s.advance(Duration.ofSeconds(99));
    Futures.join(cache.days(ET, null, MON, fri, Priority.STANDARD));
    assertThat(upstream.calls).as("every day of the span lives its time to live from the span").hasSize(3);
  }

  @Test
  void refreshAheadOffNeverSchedules() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(100)))
        .refreshAheadOff().loadEventTypeMetadata(false).build());
    find(cache, days(MON, MON));
    s.advance(Duration.ofSeconds(99));
    find(cache, days(MON, MON));
    assertThat(s.pending()).isZero();
  }

  @Test
  void listenersSeeAMissPerTierAndDayThenHits() {
    SlotCacheUnderTest cache = cache(oneDayFetches().remoteCache(RemoteCache.inMemory(s.clock())).build());
    find(cache, days(MON, TUE));
    assertThat(events.drain())
        .containsExactly(
            "MISS L1 " + key(MON), "MISS L1 " + key(TUE), "MISS L2 " + key(MON), "MISS L2 " + key(TUE));
    find(cache, days(MON, TUE));
    assertThat(events.drain()).containsExactly("HIT L1 " + key(MON), "HIT L1 " + key(TUE));
  }

  @Test
  void answersAreInTheQueryZoneAndFormatAndFilteredToTheExactInclusiveRange() {
    SlotCacheUnderTest cache = cache();
    ZoneId kolkata = ZoneId.of("Asia/Kolkata");
    Instant from = MON.atTime(9, 30).toInstant(ZoneOffset.UTC);
    Instant to = TUE.atTime(10, 0).toInstant(ZoneOffset.UTC);
    SlotsResult r = find(cache, SlotQuery.forEventType(ET).between(from, to).timeZone(kolkata)
        .format(SlotFormat.RANGE).build());

    List<Instant> expected = startsOf(MON, TUE).stream().filter(i -> !i.isBefore(from) && !i.isAfter(to)).toList();
    assertThat(starts(r)).isEqualTo(expected).contains(from, to);
    assertThat(r.all()).allSatisfy(slot -> {
      assertThat(slot.start().getOffset()).isEqualTo(kolkata.getRules().getOffset(slot.startInstant()));
      assertThat(slot.duration()).contains(Duration.ofMinutes(30));
    });
    // Kolkata is +05:30: 09:00Z is 14:30 local, the same date.
    assertThat(r.days().keySet()).containsExactly(MON, TUE);

    SlotsResult timeFormat = find(cache, SlotQuery.forEventType(ET).between(from, to).build());
    assertThat(timeFormat.all()).allSatisfy(slot -> {
      assertThat(slot.end()).isNull();
      assertThat(slot.start().getOffset()).isEqualTo(ZoneOffset.UTC);
    });
    assertThat(upstream.calls).as("formats and zones share the day entries").hasSize(1);
  }

  @Test
  void aFetchAfterAnInvalidationOfItsDaysCarriesAFlightScopeSoItCannotJoinAFlightFromBeforeIt() {
    SlotCacheUnderTest cache = cache();
    find(cache, days(MON, MON));
    assertThat(upstream.last().flightScope()).as("nothing invalidated: coalesces with anyone").isNull();

    cache.invalidateLocal(List.of(new SlotTag(ET, MON)));
    find(cache, days(MON, TUE));
    String afterFirst = upstream.last().flightScope();
    assertThat(afterFirst).isNotNull();
    cache.invalidateLocal(List.of(new SlotTag(ET, MON)));
    find(cache, days(MON, MON));
    assertThat(upstream.last().flightScope()).as("each invalidation starts a new scope").isNotEqualTo(afterFirst);

    // Past the window no flight from before the invalidation can still be running: no scope, across instances too.
    s.advance(Duration.ofSeconds(301));
    find(cache, days(MON, MON));
    assertThat(upstream.last().flightScope()).isNull();
    cache.flushLocalSlots();
    find(cache, days(WED, WED));
    assertThat(upstream.last().flightScope()).as("a flush moves every tag on").isNotNull();
  }

  @Test
  void aTypeWhoseFirstFillWasInFlightDuringABookingWasLeftOutOfTheInvalidatorsCandidates() {
    // Found by the truth oracle: a host-sharing type whose facts were unknown and whose first fill was still in
    // flight had no L1 entry, so a booking's cautious invalidation missed it and the next lookup joined or stored
    // the pre-booking answer.
    SlotCacheUnderTest cache = cache();
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> inFlight = cache.find(days(MON, MON));
    assertThat(cache.store.cachedEventTypeIds()).as("a fill in flight makes its type a candidate").contains(ET);
    upstream.calls.get(0).answerWith(List.of());
    Futures.join(inFlight);
    assertThat(cache.store.cachedEventTypeIds()).as("and it stays one through its L1 entries").contains(ET);
  }

  @Test
  void aFetchAfterAnotherInstancesInvalidationWasReceivedCarriesAFlightScopeToo() {
    SlotCacheUnderTest cache = cache();
    find(cache, days(MON, MON));
    BusReceiver receiver = new BusReceiver("me", cache.store, () -> {});
    String tag = new SlotTag(ET, MON).render(cache.store.keyPrefix());
    receiver.onMessage(new InvalidationMessage("other", 1, List.of(tag), false));

    find(cache, days(MON, MON));
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().flightScope()).as("cannot join the other instance's pre-booking flight").isNotNull();
  }

  @Test
  void slotsThatHaveStartedOrFallInsideTheKnownMinimumNoticeAreLeftOut() {
    SlotCacheUnderTest cache = cache(oneDayFetches().ttlPolicy(TtlPolicy.fixed(Duration.ofDays(10))).build());
    find(cache, days(MON, MON));
    s.advance(Duration.between(s.now(), MON.atTime(9, 45).toInstant(ZoneOffset.UTC)));
    assertThat(starts(find(cache, days(MON, MON))))
        .isEqualTo(ScriptedFetcher.starts(MON).subList(2, 6));

    catalog.record(eventType(ET, 60));
    assertThat(cache.knownEventType(ET)).isPresent();
    // Earliest bookable 10:45Z: 11:00 and 11:30 remain.
    assertThat(starts(find(cache, days(MON, MON))))
        .isEqualTo(ScriptedFetcher.starts(MON).subList(4, 6));
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void theFirstFillOfAnEventTypeLoadsItsMetadataOnceInTheBackground() {
    SlotCacheUnderTest cache = cache();
    List<EventType> observed = new ArrayList<>();
    catalog.subscribe(observed::add);
    find(cache, days(MON, MON));
    find(cache, days(TUE, TUE));
    assertThat(loads).as("not on the caller's path").hasValue(0);
    s.runDue();
    assertThat(loads).hasValue(1);
    assertThat(observed).extracting(EventType::id).containsExactly(ET);
    find(cache, days(WED, WED));
    s.runDue();
    assertThat(loads).as("known now").hasValue(1);
  }

  @Test
  void metadataLoadingCanBeTurnedOff() {
    SlotCacheUnderTest cache = cache(oneDayFetches().loadEventTypeMetadata(false).build());
    find(cache, days(MON, MON));
    s.runDue();
    assertThat(loads).hasValue(0);
  }

  @Test
  void daySourceAnswersEveryRequestedUtcDayWithAtMostOneCall() {
    SlotCacheUnderTest cache = cache(oneDayFetches().loadEventTypeMetadata(false).build());
    find(cache, days(TUE, TUE));

    SlotDaySource.DaySpan span = Futures.join(cache.days(ET, null, MON, WED, Priority.BACKGROUND));
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().priority()).isEqualTo(Priority.BACKGROUND);
    assertThat(span.upstreamCalls()).isEqualTo(1);
    assertThat(span.stale()).isFalse();
    assertThat(span.byUtcDay()).containsOnlyKeys(MON, TUE, WED);
    assertThat(span.byUtcDay().get(MON)).extracting(Slot::startInstant).isEqualTo(ScriptedFetcher.starts(MON));
    assertThat(span.byUtcDay().get(MON)).allSatisfy(slot -> {
      assertThat(slot.start().getOffset()).isEqualTo(ZoneOffset.UTC);
      assertThat(slot.end()).isNotNull();
    });

    SlotDaySource.DaySpan warm = Futures.join(cache.days(ET, null, MON, WED, Priority.BACKGROUND));
    assertThat(warm.upstreamCalls()).isZero();
    assertThat(upstream.calls).hasSize(2);

    Futures.join(cache.days(ET, 45, MON, MON, Priority.STANDARD));
    assertThat(upstream.last().dims()).isEqualTo(new SlotDims(45, null));
  }

  @Test
  void sourceIsTheLeastFreshOfTheDaysAndSourceByDayTellsThemApart() {
    RemoteCache shared = RemoteCache.inMemory(s.clock());
    CacheConfig config = oneDayFetches().remoteCache(shared).build();
    SlotCacheUnderTest a = cache(config);
    SlotCacheUnderTest b = cache(config);
    assertThat(find(a, days(MON, TUE)).source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(find(b, days(MON, MON)).source()).isEqualTo(SlotsSource.L2);
    SlotsResult l2AndUpstream = find(b, days(TUE, WED));
    assertThat(l2AndUpstream.source()).as("L2 and upstream days").isEqualTo(SlotsSource.L2);
    assertThat(l2AndUpstream.sourceByDay()).containsExactly(entry(TUE, SlotsSource.L2), entry(WED, SlotsSource.UPSTREAM));
    assertThat(find(b, days(MON, THU)).source()).as("L1 and upstream days").isEqualTo(SlotsSource.L1);
  }

  @Test
  void anUndecodableL2ValueIsTreatedAsAMiss() {
    InProcessL2 shared = new InProcessL2(s.clock());
    SlotKey monday = new SlotKey(ET, SlotKey.DEFAULT_DIMS, MON);
    Futures.join(shared.putAll(List.of(new RemoteCache.Fill(monday.toString(), monday.tag().render("calcom:v1"),
        "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, Duration.ofMinutes(5)))));
    SlotCacheUnderTest cache = cache(oneDayFetches().remoteCache(shared).build());
    SlotsResult r = find(cache, days(MON, MON));
    assertThat(r.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(r.size()).isEqualTo(6);
  }

  @Test
  void codecRoundTripsEveryField() {
    SlotDay day = new SlotDay(List.of(
        new CachedSlot(Instant.parse("2050-09-05T09:00:00Z"), Instant.parse("2050-09-05T09:30:00Z"), 1, 2, 3, "b1"),
        new CachedSlot(Instant.parse("2050-09-05T10:00:00Z"), null, null, null, null, null)));
    assertThat(SlotDayCodec.decode(SlotDayCodec.encode(day))).isEqualTo(day);
    assertThat(SlotDayCodec.decode(SlotDayCodec.encode(SlotDay.EMPTY))).isEqualTo(SlotDay.EMPTY);
  }

  @Test
  void slotsAreRegroupedByTheirLocalDateInTheQueryZone() {
    SlotCacheUnderTest cache = cache();
    // +14:00: 09:00Z..11:30Z on Monday are 23:00 and 23:30 on Monday and 00:00..01:30 on Tuesday.
    ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
    SlotsResult r = find(cache, days(MON, MON).toBuilder().timeZone(kiritimati).build());
    assertThat(r.on(MON)).extracting(Slot::startInstant).isEqualTo(ScriptedFetcher.starts(MON).subList(0, 2));
    assertThat(r.on(TUE)).extracting(Slot::startInstant).isEqualTo(ScriptedFetcher.starts(MON).subList(2, 6));
    assertThat(r.all()).allSatisfy(slot -> assertThat(slot.start().getOffset()).isEqualTo(ZoneOffset.ofHours(14)));
  }

  private static EventType eventType(long id, int minimumNotice) {
    return new EventType(id, "t", "slug", null, 30, List.of(), null, minimumNotice, 0, 0, null, null, false,
        List.of(), List.of(), Map.of(), Map.of(), List.of(), false, Map.of(), Map.of(), null, null, false, false,
        false, false, 1L, List.of(), null, List.of(), null, null, null, Map.of());
  }
}
