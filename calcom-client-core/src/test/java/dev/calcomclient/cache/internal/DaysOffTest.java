package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Lifetimes that follow the schedule, on a manual clock with {@link TtlPolicy#defaults()} and refresh-ahead at its
 * default 20%: an empty day nobody works (a day off) lives the standard 300 s without refresh-ahead; a day that
 * became empty keeps the empty-day 120 s and is refreshed ahead from 96 s.
 */
class DaysOffTest {
  private static final long ET = 101;
  // 2050-09-01 is a Thursday; the hosts work every day but Saturday and Sunday.
  private static final LocalDate FRI = LocalDate.parse("2050-09-02");
  private static final LocalDate SAT = FRI.plusDays(1);
  private static final LocalDate SUN = FRI.plusDays(2);
  private static final LocalDate NEXT_SAT = SAT.plusWeeks(1);
  private static final LocalDate NEXT_SUN = SUN.plusWeeks(1);
  private static final LocalDate WED = FRI.plusDays(5);

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final ScriptedFetcher upstream = new ScriptedFetcher();
  private final SlotCacheUnderTest cache = cache();

  private SlotCacheUnderTest cache() {
    // One-day fetch blocks: these tests follow each day's own lifetime (in blocks, a refresh of a working day of the
    // week renews its weekend too).
    CacheConfig config = CacheConfig.builder().ttlPolicy(TtlPolicy.defaults()).refreshAhead(0.2)
        .loadEventTypeMetadata(false).fetchBlockDays(1).build();
    EventTypeCatalog catalog = new EventTypeCatalog(
        (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), config.metadataTtl(), s.clock(), s);
    return new SlotCacheUnderTest(config, upstream, s, new RecordingListener(), catalog, new PeerConnectivity());
  }

  private void nobodyWorksOn(LocalDate... days) {
    for (LocalDate d : days) {
      ScriptedFetcher.starts(d).forEach(upstream::take);
    }
  }

  /** Reads {@code first..last}; returns the upstream calls the read made. */
  private int read(LocalDate first, LocalDate last) {
    return Futures.join(cache.days(ET, null, first, last, Priority.STANDARD)).upstreamCalls();
  }

  @Test
  void aWeekendNobodyWorksKeepsTheStandardLifetimeAndIsNotRefreshedAhead() {
    nobodyWorksOn(SAT, SUN, NEXT_SAT, NEXT_SUN);
    assertThat(read(FRI, NEXT_SUN)).isEqualTo(1);

    s.advance(Duration.ofSeconds(250)); // past the empty-day 120 s, inside the standard refresh window (240 s)
    assertThat(read(SAT, SUN)).as("still fresh at 250 s").isZero();
    assertThat(s.pending()).as("no refresh-ahead for a day off").isZero();
    assertThat(read(FRI, FRI)).isZero();
    assertThat(s.pending()).as("a day with slots is refreshed ahead at the same age").isEqualTo(1);

    s.advance(Duration.ofSeconds(49));
    upstream.calls.clear();
    assertThat(read(SAT, SUN)).as("fresh until 300 s").isZero();
    s.advance(Duration.ofSeconds(1));
    assertThat(read(SAT, SAT)).as("expired at the standard 300 s").isEqualTo(1);
  }

  @Test
  void aDayThatBecameEmptyKeepsTheShortLifetimeAndIsRefreshedAhead() {
    nobodyWorksOn(SUN, NEXT_SAT, NEXT_SUN);
    assertThat(read(FRI, NEXT_SUN)).isEqualTo(1);

    // Saturday had slots; it is booked up (the booking invalidates it) and comes back empty.
    nobodyWorksOn(SAT);
    cache.invalidateLocal(List.of(new SlotTag(ET, SAT)));
    assertThat(read(SAT, SAT)).isEqualTo(1);

    s.advance(Duration.ofSeconds(95));
    assertThat(read(SAT, SAT)).isZero();
    assertThat(s.pending()).as("not yet in the empty-day refresh window").isZero();
    s.advance(Duration.ofSeconds(2));
    assertThat(read(SAT, SAT)).isZero();
    assertThat(s.pending()).as("refreshed ahead from 96 s: it may open up again").isEqualTo(1);
    assertThat(cache.isRefreshing(new SlotKey(ET, SlotKey.DEFAULT_DIMS, SAT))).isTrue();
    s.advance(Duration.ofSeconds(23));
    upstream.calls.clear();
    assertThat(read(SAT, SAT)).as("the refresh stored it again at 97 s; fresh at 120 s").isZero();
  }

  @Test
  void aSingleEmptyDayBecomesADayOffOnlyOnceItStayedEmptyInFetchesFiveMinutesApart() {
    nobodyWorksOn(WED); // a holiday: the other Wednesdays have slots
    assertThat(read(WED, WED)).isEqualTo(1);
    s.advance(Duration.ofSeconds(120));
    assertThat(read(WED, WED)).as("the empty-day lifetime while it may be a booked-up day").isEqualTo(1);
    s.advance(Duration.ofSeconds(120));
    assertThat(read(WED, WED)).isEqualTo(1);
    s.advance(Duration.ofSeconds(120));
    assertThat(read(WED, WED)).as("empty in fetches 360 s apart: a day off from this fetch on").isEqualTo(1);

    s.advance(Duration.ofSeconds(250));
    assertThat(read(WED, WED)).isZero();
    assertThat(s.pending()).as("no refresh-ahead for a day off").isZero();
    s.advance(Duration.ofSeconds(49));
    assertThat(read(WED, WED)).isZero();
    s.advance(Duration.ofSeconds(1));
    assertThat(read(WED, WED)).as("expired at the standard 300 s").isEqualTo(1);
  }

  @Test
  void aWeekdayThatShowsSlotsAgainIsNoLongerTakenForADayOffAndTodayIsNoEvidence() {
    DaysOff daysOff = new DaysOff(100, s.clock());
    daysOff.record(key(SAT), true);
    assertThat(daysOff.isDayOff(key(SAT))).as("one empty Saturday may be a booked-up one").isFalse();
    daysOff.record(key(NEXT_SAT), true);
    assertThat(daysOff.isDayOff(key(SAT))).isTrue();
    assertThat(daysOff.isDayOff(key(NEXT_SAT.plusWeeks(1)))).as("a Saturday not fetched yet").isTrue();

    daysOff.record(key(NEXT_SAT.plusWeeks(2)), false); // the hosts work on Saturdays now
    assertThat(daysOff.isDayOff(key(SAT))).isFalse();
    assertThat(daysOff.isDayOff(key(NEXT_SAT))).isFalse();

    LocalDate today = LocalDate.parse("2050-09-01");
    daysOff.record(key(today), true); // empty maybe only because the working hours are over
    daysOff.record(key(today.plusWeeks(1)), true);
    assertThat(daysOff.isDayOff(key(today.plusWeeks(1)))).isFalse();
  }

  private static SlotKey key(LocalDate day) {
    return new SlotKey(ET, SlotKey.DEFAULT_DIMS, day);
  }
}
