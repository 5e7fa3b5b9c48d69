package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalSlotTierTest {
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final SlotKey KEY = new SlotKey(101, "default", MON);
  private static final SlotDay DAY =
      new SlotDay(List.of(new CachedSlot(Instant.parse("2050-09-05T09:00:00Z"), null, null, null, null, null)));
  private static final Duration TTL = Duration.ofSeconds(60);

  private final FakeClock clock = FakeClock.at("2050-09-01T00:00:00Z");

  @Test
  void anEntryLivesForItsTtlPlusTheStaleRetentionOnTheInjectedClock() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ofSeconds(30), clock);
    assertThat(tier.storeIfCurrent(KEY, DAY, tier.generation(KEY.tag()), TTL, TTL)).isTrue();

    clock.advance(Duration.ofSeconds(59));
    assertThat(tier.get(KEY).isFresh(clock.millis())).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tier.get(KEY)).as("kept for stale-if-error").isNotNull();
    assertThat(tier.get(KEY).isFresh(clock.millis())).isFalse();
    clock.advance(Duration.ofSeconds(29));
    assertThat(tier.get(KEY)).isNotNull();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tier.get(KEY)).isNull();
  }

  @Test
  void aFillReadBeforeAnInvalidationIsRefused() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    long before = tier.generation(KEY.tag());
    tier.invalidate(List.of(KEY.tag()));
    assertThat(tier.generation(KEY.tag())).isGreaterThan(before);
    assertThat(tier.storeIfCurrent(KEY, DAY, before, TTL, TTL)).isFalse();
    assertThat(tier.get(KEY)).isNull();
    assertThat(tier.size()).isZero();
    assertThat(tier.storeIfCurrent(KEY, DAY, tier.generation(KEY.tag()), TTL, TTL)).isTrue();
    assertThat(tier.get(KEY).value()).isEqualTo(DAY);
  }

  @Test
  void invalidationEvictsEveryKeyOfTheTagAndNoOther() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    SlotKey d60 = new SlotKey(101, "d60", MON);
    SlotKey tuesday = new SlotKey(101, "default", MON.plusDays(1));
    SlotKey other = new SlotKey(102, "default", MON);
    for (SlotKey k : List.of(KEY, d60, tuesday, other)) {
      tier.storeIfCurrent(k, DAY, tier.generation(k.tag()), TTL, TTL);
    }
    assertThat(tier.eventTypeIds()).containsExactlyInAnyOrder(101L, 102L);

    assertThat(tier.invalidate(List.of(new SlotTag(101, MON)))).isEqualTo(2);
    assertThat(tier.get(KEY)).isNull();
    assertThat(tier.get(d60)).isNull();
    assertThat(tier.get(tuesday)).isNotNull();
    assertThat(tier.get(other)).isNotNull();
    assertThat(tier.invalidate(List.of(new SlotTag(101, MON)))).as("nothing left").isZero();
  }

  @Test
  void aFlushDropsEverythingAndRefusesFillsReadBeforeIt() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    SlotKey tuesday = new SlotKey(101, "default", MON.plusDays(1));
    tier.storeIfCurrent(KEY, DAY, tier.generation(KEY.tag()), TTL, TTL);
    tier.invalidate(List.of(tuesday.tag()));
    long readBeforeFlush = tier.generation(tuesday.tag());
    long untouchedBeforeFlush = tier.generation(new SlotTag(105, MON));

    tier.flush();
    assertThat(tier.get(KEY)).isNull();
    assertThat(tier.eventTypeIds()).isEmpty();
    assertThat(tier.storeIfCurrent(tuesday, DAY, readBeforeFlush, TTL, TTL)).isFalse();
    SlotKey never = new SlotKey(105, "default", MON);
    assertThat(tier.storeIfCurrent(never, DAY, untouchedBeforeFlush, TTL, TTL)).isFalse();
    assertThat(tier.storeIfCurrent(never, DAY, tier.generation(never.tag()), TTL, TTL)).isTrue();
  }

  @Test
  void theTierIsBounded() {
    LocalSlotTier tier = new LocalSlotTier(10, Duration.ZERO, clock);
    for (int i = 0; i < 50; i++) {
      SlotKey k = new SlotKey(101, "default", MON.plusDays(i));
      tier.storeIfCurrent(k, DAY, tier.generation(k.tag()), TTL, TTL);
    }
    assertThat(tier.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void pastDaysTagsArePrunedButAFillReadBeforeTheirLastInvalidationIsStillRefused() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    SlotKey monday = new SlotKey(101, "default", MON);
    SlotKey neverInvalidated = new SlotKey(102, "default", MON);
    long readBeforeInvalidation = tier.generation(monday.tag());
    long untouched = tier.generation(neverInvalidated.tag());
    tier.invalidate(List.of(monday.tag()));
    long readAfterInvalidation = tier.generation(monday.tag());
    assertThat(tier.generationCount()).isEqualTo(1);

    clock.advance(Duration.ofDays(10)); // Monday is now more than a day in the past
    tier.invalidate(List.of(new SlotTag(101, MON.plusDays(12))));

    assertThat(tier.generationCount()).as("Monday's tag pruned, the new day's kept").isEqualTo(1);
    assertThat(tier.storeIfCurrent(monday, DAY, readBeforeInvalidation, TTL, TTL)).as("stale fill").isFalse();
    assertThat(tier.storeIfCurrent(neverInvalidated, DAY, untouched, TTL, TTL))
        .as("a past day's generation moved on: an extra miss, never a stale answer").isFalse();
    assertThat(tier.generation(monday.tag())).isGreaterThanOrEqualTo(readAfterInvalidation);
    assertThat(tier.storeIfCurrent(monday, DAY, tier.generation(monday.tag()), TTL, TTL)).isTrue();
    assertThat(tier.get(monday).value()).isEqualTo(DAY);
  }

  @Test
  void aTagInvalidatedAgainAfterPruningMovesPastEveryGenerationItHadBefore() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    SlotTag monday = new SlotTag(101, MON);
    tier.invalidate(List.of(monday, monday, monday));
    long last = tier.generation(monday);
    clock.advance(Duration.ofDays(10));
    tier.invalidate(List.of(new SlotTag(105, MON.plusDays(11))));
    long readAfterPrune = tier.generation(monday);
    tier.invalidate(List.of(monday));
    assertThat(tier.generation(monday)).isGreaterThan(readAfterPrune).isGreaterThan(last);
  }

  @Test
  void aPatchKeepsTheEntryPatchedAtANewGenerationAndRefusesFillsReadBeforeIt() {
    LocalSlotTier tier = new LocalSlotTier(100, Duration.ZERO, clock);
    Instant nine = Instant.parse("2050-09-05T09:00:00Z");
    Instant ten = Instant.parse("2050-09-05T10:00:00Z");
    SlotDay two = new SlotDay(List.of(new CachedSlot(nine, nine.plusSeconds(1800), null, null, null, null),
        new CachedSlot(ten, ten.plusSeconds(1800), null, null, null, null)));
    SlotKey reschedule = new SlotKey(101, new SlotDims(null, "uid").render(), MON);
    long before = tier.generation(KEY.tag());
    tier.storeIfCurrent(KEY, two, before, TTL, TTL);
    tier.storeIfCurrent(reschedule, two, before, TTL, TTL);
    clock.advance(Duration.ofSeconds(20));

    int patched = tier.patch(java.util.Map.of(KEY.tag(),
        new DayPatch(ten, ten.plusSeconds(1800), Duration.ZERO, Duration.ZERO)));

    assertThat(patched).isEqualTo(1);
    assertThat(tier.generation(KEY.tag())).isGreaterThan(before);
    LocalSlotTier.Entry entry = tier.get(KEY);
    assertThat(entry.value().slots()).extracting(CachedSlot::start).containsExactly(nine);
    assertThat(entry.remainingMillis(clock.millis())).as("the patch keeps the entry's expiry").isEqualTo(40_000);
    assertThat(tier.get(reschedule)).as("a reschedule query's entry cannot be patched: dropped").isNull();
    assertThat(tier.storeIfCurrent(KEY, two, before, TTL, TTL)).as("a fill read before the patch").isFalse();
    assertThat(tier.get(KEY).value().slots()).hasSize(1);
  }
}
