package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Upstream fetches in aligned blocks of days ({@link CacheConfig#fetchBlockDays()}; blocks of 7 days, ISO weeks,
 * unless a test says otherwise) and the delayed, batched refresh of conservatively patched days ({@link
 * CacheConfig#conservativePatchRefreshAfter()}), over a scripted upstream on a manual clock. Today is Thursday
 * 2050-09-01; the week of interest runs Monday 2050-09-05 to Sunday 2050-09-11.
 */
class FetchBlocksTest {
  private static final long ET = 101;
  private static final LocalDate TODAY = LocalDate.parse("2050-09-01");
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final LocalDate WED = MON.plusDays(2);
  private static final LocalDate THU = MON.plusDays(3);
  private static final LocalDate SUN = MON.plusDays(6);
  private static final LocalDate NEXT_MON = MON.plusDays(7);

  private final ManualScheduler s = new ManualScheduler(TODAY.atTime(10, 0).toInstant(ZoneOffset.UTC));
  private final ScriptedFetcher upstream = new ScriptedFetcher();

  private SlotCacheUnderTest cache(CacheConfig config) {
    return cache(config, upstream);
  }

  private SlotCacheUnderTest cache(CacheConfig config, ScriptedFetcher fetcher) {
    EventTypeCatalog catalog =
        new EventTypeCatalog(
            (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), config.metadataTtl(), s.clock(), s);
    return new SlotCacheUnderTest(config, fetcher, s, new RecordingListener(), catalog, new PeerConnectivity());
  }

  /** Blocks of 7 days (ISO weeks), easier to follow than the default 14 ({@link #theDefaultBlockIsTwoIsoWeeks}). */
  private static CacheConfig.Builder config() {
    return CacheConfig.builder().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(300))).loadEventTypeMetadata(false)
        .fetchBlockDays(7);
  }

  private static SlotsResult find(SlotCacheUnderTest cache, LocalDate first, LocalDate lastInclusive) {
    return Futures.join(cache.find(SlotQuery.forEventType(ET)
        .between(first.atStartOfDay(ZoneOffset.UTC).toInstant(), lastInclusive.atTime(23, 59).toInstant(ZoneOffset.UTC))
        .build()));
  }

  private static List<Instant> starts(SlotsResult r) {
    return r.all().stream().map(Slot::startInstant).toList();
  }

  private static List<Instant> startsOf(LocalDate first, LocalDate lastInclusive) {
    List<Instant> out = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(lastInclusive); d = d.plusDays(1)) {
      out.addAll(ScriptedFetcher.starts(d));
    }
    return out;
  }

  private static Instant midnight(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static DayPatch conservativeBooking(Instant start) {
    return new DayPatch(start, start.plus(Duration.ofMinutes(30)), Duration.ZERO, Duration.ZERO).asConservative();
  }

  @Test
  void blocksOfSevenDaysAreIsoWeeksAndBlocksOfOtherLengthsLieOnTheSameGrid() {
    assertThat(SlotStore.blockStart(WED, 7)).isEqualTo(MON);
    assertThat(SlotStore.blockStart(MON, 7)).isEqualTo(MON);
    assertThat(SlotStore.blockStart(SUN, 7)).isEqualTo(MON);
    assertThat(SlotStore.blockStart(NEXT_MON, 7)).isEqualTo(NEXT_MON);
    LocalDate fortnight = SlotStore.blockStart(WED, 14);
    assertThat(fortnight.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    assertThat(SlotStore.blockStart(fortnight.plusDays(13), 14)).isEqualTo(fortnight);
    assertThat(SlotStore.blockStart(fortnight.plusDays(14), 14)).isEqualTo(fortnight.plusDays(14));
    assertThat(SlotStore.blockStart(LocalDate.parse("1970-01-05"), 5)).isEqualTo(LocalDate.parse("1970-01-05"));
    assertThat(SlotStore.blockStart(LocalDate.parse("1970-01-04"), 5)).isEqualTo(LocalDate.parse("1969-12-31"));
    assertThat(SlotStore.blockStart(WED, 1)).isEqualTo(WED);
  }

  @Test
  void theDefaultBlockIsTwoIsoWeeks() {
    SlotCacheUnderTest cache = cache(CacheConfig.builder().loadEventTypeMetadata(false).build());

    find(cache, NEXT_MON, NEXT_MON);
    assertThat(upstream.last().from()).isEqualTo(midnight(NEXT_MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON.plusDays(14)));
    find(cache, WED, WED); // in the fortnight from Monday 2050-08-29, which started before today
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(TODAY));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON));
    find(cache, TODAY, NEXT_MON.plusDays(13));
    assertThat(upstream.calls).as("today to four weeks ahead: two requests in all").hasSize(2);
  }

  @Test
  void aLookupOfOneDayFetchesItsWeekInOneRequestAndLaterLookupsOfTheWeekAreHits() {
    SlotCacheUnderTest cache = cache(config().build());

    SlotsResult wed = find(cache, WED, WED);
    assertThat(upstream.calls).hasSize(1);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON));
    assertThat(starts(wed)).as("the answer is the asked day only").isEqualTo(ScriptedFetcher.starts(WED));

    SlotsResult week = find(cache, MON, SUN);
    assertThat(upstream.calls).as("every day of the block was stored").hasSize(1);
    assertThat(week.source()).isEqualTo(SlotsSource.L1);
    assertThat(starts(week)).isEqualTo(startsOf(MON, SUN));

    find(cache, NEXT_MON, NEXT_MON);
    assertThat(upstream.calls).as("the next week is another block").hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(NEXT_MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON.plusDays(7)));
  }

  @Test
  void aLookupAcrossTwoBlocksFetchesBothInOneRequestAndAnswersOnlyTheAskedDays() {
    SlotCacheUnderTest cache = cache(config().build());

    SlotDaySource.DaySpan span = Futures.join(cache.days(ET, null, SUN, NEXT_MON, Priority.STANDARD));
    assertThat(span.upstreamCalls()).isEqualTo(1);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON.plusDays(7)));
    assertThat(span.byUtcDay()).as("the rest of the blocks is stored, not answered").containsOnlyKeys(SUN, NEXT_MON);

    find(cache, MON, NEXT_MON.plusDays(6));
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void noDayBeforeTodayIsFetchedUnlessTheAskedDayIsPast() {
    SlotCacheUnderTest cache = cache(config().build());

    find(cache, TODAY.plusDays(1), TODAY.plusDays(1)); // Friday, in the week of Monday 2050-08-29
    assertThat(upstream.last().from()).as("the block starts today, not on its Monday").isEqualTo(midnight(TODAY));
    assertThat(upstream.last().to()).isEqualTo(midnight(MON));

    LocalDate tuesdayPast = TODAY.minusDays(2);
    find(cache, tuesdayPast, tuesdayPast);
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().from()).as("from the past day asked, not its Monday").isEqualTo(midnight(tuesdayPast));
    assertThat(upstream.last().to()).isEqualTo(midnight(MON));
  }

  @Test
  void withBlocksOfOneDayALookupFetchesOnlyItsDays() {
    SlotCacheUnderTest cache = cache(config().fetchBlockDays(1).build());

    find(cache, WED, WED);
    assertThat(upstream.last().from()).isEqualTo(midnight(WED));
    assertThat(upstream.last().to()).isEqualTo(midnight(THU));
    find(cache, THU, THU);
    assertThat(upstream.calls).as("Thursday was not fetched with Wednesday").hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(THU));
  }

  @Test
  void refreshAheadOfOneDayRefreshesItsWholeBlockInOneBackgroundRequest() {
    SlotCacheUnderTest cache = cache(config().ttlPolicy(TtlPolicy.fixed(Duration.ofSeconds(100))).refreshAhead(0.2)
        .build());
    find(cache, WED, WED);
    s.advance(Duration.ofSeconds(81)); // 19 s of 100 left: due

    upstream.holdAnswers();
    assertThat(find(cache, WED, WED).source()).isEqualTo(SlotsSource.L1);
    find(cache, THU, THU); // due too, same block: no second refresh
    assertThat(s.pending()).isEqualTo(1);
    s.runDue();
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().priority()).isEqualTo(Priority.BACKGROUND);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON));
    upstream.last().answerWith(upstream.slots(upstream.last().from(), upstream.last().to()));
    upstream.answerImmediately();

    s.advance(Duration.ofSeconds(50)); // past the first fill's expiry: the whole week lives from the refresh
    assertThat(find(cache, MON, SUN).source()).isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void aBlockFetchDoesNotStoreADayOfTheBlockInvalidatedWhileItWasInFlight() {
    SlotCacheUnderTest cache = cache(config().build());
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> wed = cache.find(SlotQuery.forEventType(ET)
        .between(midnight(WED), WED.atTime(23, 59).toInstant(ZoneOffset.UTC)).build());
    List<Slot> beforeTheBooking = upstream.slots(midnight(MON), midnight(NEXT_MON));
    Instant booked = ScriptedFetcher.starts(THU).get(2);
    upstream.take(booked);
    cache.invalidateLocal(List.of(new SlotTag(ET, THU)));
    upstream.last().answerWith(beforeTheBooking); // Cal.com answered before the booking landed
    Futures.join(wed);
    upstream.answerImmediately();

    SlotsResult thu = find(cache, THU, THU);
    assertThat(upstream.calls).as("Thursday's fill read the generation before the invalidation: not stored")
        .hasSize(2);
    assertThat(starts(thu)).doesNotContain(booked);
    assertThat(find(cache, WED, WED).source()).isEqualTo(SlotsSource.L1);
  }

  /**
   * With a shared tier, the days of a block no read of this instance asked for go to L2 only: an L1 entry is where a
   * booking made on another instance still shows until its bus message arrives, so L1 keeps the days this instance
   * reads, as without blocks; every instance reads the rest of the block from L2 without a request.
   */
  @Test
  void withASharedTierTheDaysOfABlockNobodyHereAskedForGoToL2Only() {
    RemoteCache shared = RemoteCache.inMemory(s.clock());
    SlotCacheUnderTest a = cache(config().remoteCache(shared).build());
    ScriptedFetcher otherUpstream = new ScriptedFetcher();
    SlotCacheUnderTest b = cache(config().remoteCache(shared).build(), otherUpstream);

    find(a, WED, WED);
    SlotsResult week = find(b, MON, SUN);
    assertThat(otherUpstream.calls).as("the other instance reads the whole week from L2").isEmpty();
    assertThat(week.source()).isEqualTo(SlotsSource.L2);
    assertThat(starts(week)).isEqualTo(startsOf(MON, SUN));

    assertThat(find(a, WED, WED).source()).as("the asked day is in L1").isEqualTo(SlotsSource.L1);
    SlotsResult thu = find(a, THU, THU);
    assertThat(thu.source()).as("the rest of the block is read from L2, then kept in L1").isEqualTo(SlotsSource.L2);
    assertThat(find(a, THU, THU).source()).isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void aConservativelyPatchedDayIsServedPatchedUntilTheDelayThenOneRequestRefreshesEveryPatchedDayOfItsBlock() {
    SlotCacheUnderTest cache = cache(config().refreshAheadOff()
        .conservativePatchRefreshAfter(Duration.ofSeconds(30)).build());
    find(cache, MON, SUN);
    Instant bookedWed = ScriptedFetcher.starts(WED).get(1);
    Instant bookedThu = ScriptedFetcher.starts(THU).get(3);
    Instant hiddenThu = ScriptedFetcher.starts(THU).get(4); // overlaps nothing Cal.com counts: free again on refetch
    upstream.take(bookedWed);
    assertThat(cache.store.patchLocal(Map.of(new SlotTag(ET, WED), conservativeBooking(bookedWed)))).isEqualTo(1);

    s.advance(Duration.ofSeconds(10));
    assertThat(starts(find(cache, WED, WED))).doesNotContain(bookedWed);
    upstream.take(bookedThu);
    cache.store.patchLocal(Map.of(new SlotTag(ET, THU),
        new DayPatch(bookedThu, bookedThu.plus(Duration.ofMinutes(60)), Duration.ZERO, Duration.ZERO)
            .asConservative()));
    assertThat(starts(find(cache, THU, THU))).doesNotContain(bookedThu, hiddenThu);

    s.advance(Duration.ofSeconds(19)); // 29 s after Wednesday's patch
    assertThat(starts(find(cache, WED, THU))).doesNotContain(bookedWed, bookedThu);
    assertThat(s.pending()).as("no refresh within the delay").isZero();
    assertThat(upstream.calls).hasSize(1);

    s.advance(Duration.ofSeconds(1));
    assertThat(starts(find(cache, WED, WED))).as("still served patched while the refresh runs")
        .doesNotContain(bookedWed);
    assertThat(s.pending()).isEqualTo(1);
    s.runDue();
    assertThat(upstream.calls).as("one request for the block").hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(MON));
    assertThat(upstream.last().to()).isEqualTo(midnight(NEXT_MON));

    SlotsResult after = find(cache, WED, THU);
    assertThat(after.source()).isEqualTo(SlotsSource.L1);
    assertThat(starts(after)).as("Thursday's hidden start is back with Wednesday's refresh, no booked one")
        .contains(hiddenThu).doesNotContain(bookedWed, bookedThu);
    s.advance(Duration.ofSeconds(40));
    find(cache, WED, THU);
    assertThat(s.pending()).as("a refreshed day is no longer marked").isZero();
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void withoutADelayTheFirstReadAfterAConservativePatchRefreshes() {
    SlotCacheUnderTest cache = cache(config().refreshAheadOff().conservativePatchRefreshAfter(Duration.ZERO)
        .fetchBlockDays(1).build());
    find(cache, WED, WED);
    Instant booked = ScriptedFetcher.starts(WED).get(1);
    upstream.take(booked);
    cache.store.patchLocal(Map.of(new SlotTag(ET, WED), conservativeBooking(booked)));

    assertThat(starts(find(cache, WED, WED))).doesNotContain(booked);
    assertThat(s.pending()).isEqualTo(1);
    s.runDue();
    assertThat(upstream.calls).hasSize(2);
    assertThat(upstream.last().from()).isEqualTo(midnight(WED));
    assertThat(upstream.last().to()).isEqualTo(midnight(THU));
    assertThat(starts(find(cache, WED, WED))).doesNotContain(booked).hasSize(5);
  }

  @Test
  void anExactPatchIsNeverRefreshedForItsOwnSake() {
    SlotCacheUnderTest cache = cache(config().refreshAheadOff().build());
    find(cache, WED, WED);
    Instant booked = ScriptedFetcher.starts(WED).get(1);
    cache.store.patchLocal(
        Map.of(new SlotTag(ET, WED), new DayPatch(booked, booked.plus(Duration.ofMinutes(30)), Duration.ZERO,
            Duration.ZERO)));
    s.advance(Duration.ofSeconds(200));
    assertThat(starts(find(cache, WED, WED))).doesNotContain(booked);
    assertThat(s.pending()).isZero();
    assertThat(upstream.calls).hasSize(1);
  }
}
