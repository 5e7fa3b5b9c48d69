package dev.calcomclient.invalidate.internal;

import static dev.calcomclient.invalidate.EventTypeFixture.personal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.ControllableBus;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.InvalidationReport;
import dev.calcomclient.invalidate.RecordingInvalidationTarget;
import dev.calcomclient.invalidate.RecordingListener;
import dev.calcomclient.testing.Catalogs;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SmartInvalidatorTest {
  private static final LocalDate WED = LocalDate.parse("2050-09-07");
  private static final LocalDate THU = WED.plusDays(1);
  private static final long ALICE = 1;
  private static final long BOB = 2;

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T10:00:00Z"));
  private final RecordingInvalidationTarget target = new RecordingInvalidationTarget();
  private final RecordingInvalidationTarget peerTarget = new RecordingInvalidationTarget();
  private final ControllableBus bus = new ControllableBus();
  private final RecordingListener listener = new RecordingListener();
  private final List<SmartInvalidator> created = new ArrayList<>();

  @AfterEach
  void closeAll() {
    created.forEach(SmartInvalidator::close);
  }

  private InvalidationConfig.Builder config() {
    return InvalidationConfig.builder().bus(bus).retryBackoff(Duration.ofMillis(10), Duration.ofMillis(80));
  }

  private SmartInvalidator invalidator(InvalidationConfig config) {
    return invalidator(target, config, listener);
  }

  private SmartInvalidator invalidator(
      InvalidationTarget t, InvalidationConfig config, RecordingListener l) {
    Invalidators.Wiring w = Invalidators.create(t, Catalogs.inert(s.clock(), s), config, s.clock(), s, l);
    w.eventTypeSink().accept(personal(101, ALICE).build());
    w.eventTypeSink().accept(personal(102, ALICE).build());
    w.eventTypeSink().accept(personal(103, ALICE).length(15).build());
    w.eventTypeSink().accept(personal(104, BOB).build());
    created.add(w.invalidator());
    return w.invalidator();
  }

  /** Another instance on the same bus, with its own L1. */
  private SmartInvalidator peer() {
    return invalidator(peerTarget, config().build(), new RecordingListener());
  }

  private static BookingChange aliceAt(LocalDate day, String time) {
    Instant start = Instant.parse(day + "T" + time + ":00Z");
    return BookingChange.created("bk", 101L, start, start.plus(Duration.ofMinutes(30)), Set.of(ALICE));
  }

  private static SlotKey key(long eventTypeId, LocalDate day) {
    return new SlotKey(eventTypeId, SlotKey.DEFAULT_DIMS, day);
  }

  private static List<SlotTag> tags(LocalDate day, long... eventTypeIds) {
    List<SlotTag> out = new ArrayList<>();
    for (long id : eventTypeIds) {
      out.add(new SlotTag(id, day));
    }
    return out;
  }

  private void sharedTierDown() {
    target.remote = t -> CompletableFuture.failedFuture(new IllegalStateException("L2 down"));
  }

  private void sharedTierUp() {
    target.remote = t -> CompletableFuture.completedFuture(t.size());
  }

  @Test
  void l1IsInvalidatedBeforeApplyReturnsAndTheFutureWaitsForTheSharedTier() {
    CompletableFuture<Integer> l2 = new CompletableFuture<>();
    target.remote = t -> l2;
    target.cache(key(101, WED)).cache(new SlotKey(101, "duration=60", WED)).cache(key(102, WED));
    target.cache(key(104, WED)).cache(key(101, THU));
    SmartInvalidator inv = invalidator(config().build());

    CompletableFuture<InvalidationReport> f = inv.apply(aliceAt(WED, "10:00"));

    // Alice's types on Wednesday are gone before apply returned; Bob's type and Thursday keep their entries.
    assertThat(target.cachedTags()).containsExactly(new SlotTag(101, THU), new SlotTag(104, WED));
    assertThat(f).isNotDone();

    l2.complete(4);

    InvalidationReport report = f.join();
    assertThat(report.tags()).containsExactlyElementsOf(tags(WED, 101, 102, 103));
    assertThat(report.keys()).isEqualTo(3);
    assertThat(report.l1Evicted()).isEqualTo(3);
    assertThat(report.eventTypeIds()).containsExactlyInAnyOrder(101L, 102L, 103L);
    assertThat(report.days()).containsExactly(WED);
    assertThat(report.queued()).isFalse();
    assertThat(listener.invalidated).containsExactly(3);
    assertThat(target.remoteDelivered()).containsExactly(tags(WED, 101, 102, 103));
    assertThat(inv.stats().changes()).isEqualTo(1);
    assertThat(inv.stats().tagsInvalidated()).isEqualTo(3);
    assertThat(inv.stats().l1Evicted()).isEqualTo(3);
  }

  @Test
  void theBusMessageIsPublishedOnlyAfterTheSharedTierAcknowledgedItsInvalidation() {
    // Regression (issue 12, defect 10): on a Redis Cluster the message overtook the L2 invalidation, and another
    // instance read the pre-booking day back from L2 and cached it again.
    CompletableFuture<Integer> l2 = new CompletableFuture<>();
    target.remote = t -> l2;
    SmartInvalidator inv = invalidator(config().build());

    CompletableFuture<InvalidationReport> f = inv.apply(aliceAt(WED, "10:00"));

    assertThat(bus.publishAttempts()).as("nothing published while L2 has not answered").isZero();
    l2.complete(3);
    assertThat(bus.delivered()).singleElement().satisfies(m -> assertThat(m.tags()).hasSize(3));
    assertThat(f.join().queued()).isFalse();
  }

  @Test
  void afterAFailedSharedTierTheMessageIsSentAgainBehindTheSharedTiersRetry() {
    sharedTierDown();
    SmartInvalidator inv = invalidator(config().build());

    assertThat(inv.apply(aliceAt(WED, "10:00")).join().queued()).isTrue();
    int publishedWhileDown = bus.delivered().size();
    sharedTierUp();
    s.advance(Duration.ofMillis(10));

    assertThat(target.remoteDelivered()).containsExactly(tags(WED, 101, 102, 103));
    // The last message left after L2's successful invalidation, so a receiver that read the old value back in
    // between drops it again.
    assertThat(bus.delivered()).hasSize(publishedWhileDown + 1);
    assertThat(inv.backlog()).isZero();
  }

  @Test
  void otherInstancesDropTheTagsAndTheirOwnMessageIsIgnored() {
    SmartInvalidator inv = invalidator(config().build());
    SmartInvalidator other = peer();
    peerTarget.cache(key(101, WED)).cache(key(104, WED));

    inv.apply(aliceAt(WED, "10:00")).join();

    assertThat(peerTarget.cachedTags()).containsExactly(new SlotTag(104, WED));
    assertThat(other.receiver().applied()).isEqualTo(1);
    // The publisher's own receiver heard the message too and ignored it: L1 was invalidated once, directly.
    assertThat(inv.receiver().ignoredOwn()).isEqualTo(1);
    assertThat(target.localCalls()).hasSize(1);
    InvalidationMessage m = bus.delivered().get(0);
    assertThat(m.sourceId()).isEqualTo(inv.sourceId());
    assertThat(m.sequence()).isEqualTo(1);
    assertThat(m.flushAll()).isFalse();
    assertThat(m.tags())
        .containsExactly(
            "calcom:v1:tag:et:101:2050-09-07", "calcom:v1:tag:et:102:2050-09-07", "calcom:v1:tag:et:103:2050-09-07");
  }

  @Test
  void eachInvalidatorHasItsOwnRandomSourceIdUnlessOneIsConfigured() {
    SmartInvalidator a = invalidator(config().build());
    SmartInvalidator b = invalidator(config().build());
    SmartInvalidator fixed = invalidator(config().sourceId("instance-7").build());

    assertThat(a.sourceId()).isNotEqualTo(b.sourceId()).hasSize(36);
    assertThat(fixed.sourceId()).isEqualTo("instance-7");
  }

  @Test
  void failedDeliveriesAreQueuedRetriedWithCappedBackoffAndDeliveredInOrderAfterRestoration() {
    SmartInvalidator inv = invalidator(config().build());
    sharedTierDown();
    bus.failSilently(true);

    InvalidationReport first = inv.apply(aliceAt(WED, "10:00")).join();
    InvalidationReport second = inv.apply(aliceAt(THU, "10:00")).join();
    InvalidationReport third = inv.apply(aliceAt(WED, "14:00")).join(); // same tags as the first

    assertThat(first.queued()).isTrue();
    assertThat(second.queued()).isTrue();
    assertThat(third.queued()).isTrue();
    assertThat(listener.queued).containsExactly(3, 3, 3);
    assertThat(listener.invalidated).containsExactly(3, 3, 3);
    assertThat(inv.backlog()).isEqualTo(6);
    assertThat(inv.whenDelivered()).isNotDone();
    // The first retry waits the minimum backoff; each failure doubles it up to the maximum.
    assertThat(s.pendingDelays()).containsExactly(Duration.ofMillis(10));
    s.advance(Duration.ofMillis(10));
    assertThat(s.pendingDelays()).containsExactly(Duration.ofMillis(20));
    s.advance(Duration.ofMillis(20));
    assertThat(s.pendingDelays()).containsExactly(Duration.ofMillis(40));
    s.advance(Duration.ofMillis(40));
    assertThat(s.pendingDelays()).containsExactly(Duration.ofMillis(80));
    s.advance(Duration.ofMillis(80));
    assertThat(s.pendingDelays()).containsExactly(Duration.ofMillis(80));
    assertThat(inv.backlog()).isEqualTo(6);
    assertThat(target.remoteDelivered()).isEmpty();

    sharedTierUp();
    bus.failSilently(false);
    s.advance(Duration.ofMillis(80));

    // One batch per channel, coalesced, in first-queued order.
    List<SlotTag> expected = new ArrayList<>(tags(WED, 101, 102, 103));
    expected.addAll(tags(THU, 101, 102, 103));
    assertThat(target.remoteDelivered()).containsExactly(expected);
    assertThat(bus.delivered()).hasSize(1);
    assertThat(bus.delivered().get(0).tags())
        .containsExactlyElementsOf(expected.stream().map(t -> t.render(SlotKey.DEFAULT_PREFIX)).toList());
    assertThat(inv.backlog()).isZero();
    assertThat(inv.whenDelivered()).isDone();
    assertThat(s.pending()).isZero();
    // The first change was sent at once and failed; the next two joined the queue unsent; four retries failed.
    assertThat(inv.stats().failedAttempts()).isEqualTo(1 + 4);
    assertThat(inv.stats().tagsQueued()).isEqualTo(9);
    assertThat(inv.stats().tagsDropped()).isZero();
    assertThat(listener.dropped).isEmpty();
  }

  @Test
  void aChangeMadeWhileOthersAreQueuedWaitsBehindThem() {
    SmartInvalidator inv = invalidator(config().build());
    sharedTierDown();
    inv.apply(aliceAt(WED, "10:00")).join();
    sharedTierUp();

    // The shared tier is back, but the retry is not due yet: this change must not overtake the queued one.
    InvalidationReport later = inv.apply(aliceAt(THU, "10:00")).join();

    assertThat(later.queued()).isTrue();
    assertThat(target.remoteDelivered()).isEmpty();
    s.advance(Duration.ofMillis(10));
    List<SlotTag> expected = new ArrayList<>(tags(WED, 101, 102, 103));
    expected.addAll(tags(THU, 101, 102, 103));
    assertThat(target.remoteDelivered()).containsExactly(expected);
  }

  @Test
  void aFullQueueDropsTheExcessCountsItAndTellsOtherInstancesToFlushOnceTheBusWorks() {
    SmartInvalidator inv = invalidator(config().queueCapacity(4).build());
    SmartInvalidator other = peer();
    peerTarget.cache(key(104, THU));
    sharedTierDown();
    bus.failSilently(true);

    inv.apply(aliceAt(WED, "10:00")).join(); // 3 tags queued
    inv.apply(aliceAt(THU, "10:00")).join(); // 3 more: 1 fits, 2 dropped

    assertThat(listener.dropped).containsExactly(2);
    assertThat(inv.stats().tagsDropped()).isEqualTo(2);
    assertThat(inv.backlog()).isEqualTo(4);

    sharedTierUp();
    bus.failSilently(false);
    s.advance(Duration.ofMillis(10));

    assertThat(bus.delivered()).singleElement().satisfies(m -> {
      assertThat(m.flushAll()).isTrue();
      assertThat(m.tags()).isEmpty();
    });
    assertThat(peerTarget.flushes()).isEqualTo(1);
    assertThat(peerTarget.cachedTags()).isEmpty();
    assertThat(other.receiver().flushes()).isEqualTo(1);
    assertThat(target.remoteDelivered()).containsExactly(
        List.of(new SlotTag(101, WED), new SlotTag(102, WED), new SlotTag(103, WED), new SlotTag(101, THU)));
    assertThat(inv.backlog()).isZero();
  }

  @Test
  void reconnectingTheBusRetriesAtOnceInsteadOfAfterTheBackoff() {
    SmartInvalidator inv = invalidator(config().retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)).build());
    SmartInvalidator other = peer();
    bus.down();
    assertThat(peerTarget.flushes()).as("a lost connection flushes L1").isEqualTo(1);

    InvalidationReport r = inv.apply(aliceAt(WED, "10:00")).join();
    assertThat(r.queued()).isTrue();
    assertThat(s.pendingDelays()).containsExactly(Duration.ofSeconds(10));

    bus.up();
    s.runDue();

    assertThat(inv.backlog()).isZero();
    assertThat(bus.delivered()).hasSize(1);
    assertThat(peerTarget.flushes()).as("a restored connection flushes L1 again").isEqualTo(2);
    assertThat(other.receiver().connected()).isTrue();
    assertThat(s.now()).isEqualTo(Instant.parse("2050-09-01T10:00:00Z"));
  }

  @Test
  void retryNowSkipsTheBackoff() {
    SmartInvalidator inv = invalidator(config().retryBackoff(Duration.ofSeconds(10), Duration.ofSeconds(10)).build());
    sharedTierDown();
    inv.apply(aliceAt(WED, "10:00")).join();
    sharedTierUp();

    inv.retryNow();
    s.runDue();

    assertThat(inv.backlog()).isZero();
    assertThat(target.remoteDelivered()).hasSize(1);
  }

  @Test
  void aSharedTierThatNeverAnswersTimesOutAndIsRetried() {
    SmartInvalidator inv = invalidator(config().deliveryTimeout(Duration.ofSeconds(1)).build());
    target.remote = t -> new CompletableFuture<>();

    CompletableFuture<InvalidationReport> f = inv.apply(aliceAt(WED, "10:00"));
    assertThat(f).isNotDone();

    s.advance(Duration.ofSeconds(1));
    assertThat(f).isDone();
    assertThat(f.join().queued()).isTrue();
    assertThat(inv.backlog()).isEqualTo(3);

    sharedTierUp();
    s.advance(Duration.ofMillis(10));
    assertThat(inv.backlog()).isZero();
  }

  @Test
  void aFailingL1InvalidationFlushesEveryL1SlotEntry() {
    AtomicInteger flushes = new AtomicInteger();
    InvalidationTarget broken =
        new InvalidationTarget() {
          @Override
          public int invalidateLocal(Collection<SlotTag> tags) {
            throw new IllegalStateException("boom");
          }

          @Override
          public int patchLocal(java.util.Map<SlotTag, dev.calcomclient.cache.internal.DayPatch> patches) {
            throw new IllegalStateException("boom");
          }

          @Override
          public CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags) {
            return CompletableFuture.completedFuture(0);
          }

          @Override
          public void flushLocalSlots() {
            flushes.incrementAndGet();
          }

          @Override
          public Set<Long> cachedEventTypeIds() {
            return Set.of();
          }

          @Override
          public String keyPrefix() {
            return SlotKey.DEFAULT_PREFIX;
          }
        };
    SmartInvalidator inv = invalidator(broken, config().build(), listener);

    InvalidationReport r = inv.apply(aliceAt(WED, "10:00")).join();

    assertThat(flushes).hasValue(1);
    assertThat(r.keys()).isEqualTo(3);
  }

  @Test
  void invalidatingEventTypesCoversYesterdayToTheHorizon() {
    SmartInvalidator inv = invalidator(config().horizonDays(30).build());

    InvalidationReport r = inv.invalidateEventTypes(List.of(104L)).join();

    assertThat(r.keys()).isEqualTo(32);
    assertThat(r.days().first()).isEqualTo(LocalDate.parse("2050-08-31"));
    assertThat(r.days().last()).isEqualTo(LocalDate.parse("2050-10-01"));
    assertThat(target.remoteDelivered()).singleElement().satisfies(batch -> assertThat(batch).hasSize(32));
  }

  @Test
  void flushAllFlushesThisInstanceAndTellsTheOthers() {
    SmartInvalidator inv = invalidator(config().build());
    peer();
    target.cache(key(104, WED));
    peerTarget.cache(key(104, WED));

    inv.flushAll().join();
    s.runDue();

    assertThat(target.cachedTags()).isEmpty();
    assertThat(peerTarget.cachedTags()).isEmpty();
    assertThat(bus.delivered()).singleElement().satisfies(m -> assertThat(m.flushAll()).isTrue());
  }

  @Test
  void withoutABusTheSharedTierIsStillInvalidatedAndNothingIsPublished() {
    SmartInvalidator inv = invalidator(InvalidationConfig.defaults());

    InvalidationReport r = inv.apply(aliceAt(WED, "10:00")).join();

    assertThat(r.queued()).isFalse();
    assertThat(target.remoteDelivered()).hasSize(1);
    assertThat(inv.receiver()).isNull();
    assertThat(bus.publishAttempts()).isZero();
  }

  @Test
  void closingUnsubscribesAndStopsRetrying() {
    SmartInvalidator inv = invalidator(config().build());
    sharedTierDown();
    inv.apply(aliceAt(WED, "10:00")).join();
    assertThat(s.pending()).isEqualTo(1);
    assertThat(bus.subscribers()).isEqualTo(1);

    inv.close();

    assertThat(bus.subscribers()).isZero();
    assertThat(s.pending()).isZero();
  }

  private static final Instant WED_TEN = Instant.parse(WED + "T10:00:00Z");

  @Test
  void aRefusalWithNoCopyHeldAnywhereDeletedTheSharedTierAndToldEveryInstance() {
    target.offer = InvalidationTarget.Offer.NOT_HELD; // neither L1 nor L2 holds a copy of the day
    SmartInvalidator inv = invalidator(config().build());
    peer();

    CompletableFuture<InvalidationReport> decided = inv.decideUnavailable(101, WED_TEN, Set.of()).join();

    assertThat(decided).isDone();
    assertThat(target.localCalls()).as("this instance's fills sent before the refusal are not stored")
        .singleElement().satisfies(tags -> assertThat(tags).contains(new SlotTag(101, WED)));
    assertThat(target.remoteCalls()).as("no copy in L2 to delete: another instance's fill must not be refused")
        .isEmpty();
    assertThat(bus.publishAttempts()).isZero();
    assertThat(peerTarget.localCalls()).isEmpty();
  }

  @Test
  void aRefusalWhoseCopiesOfferTheTimeOrCannotBeReadInvalidatesEverywhere() {
    for (InvalidationTarget.Offer offer : List.of(InvalidationTarget.Offer.OFFERED, InvalidationTarget.Offer.UNKNOWN)) {
      target.offer = offer;
      SmartInvalidator inv = invalidator(config().build());
      int published = bus.delivered().size();

      inv.applyUnavailable(101, WED_TEN, Set.of()).join();

      assertThat(target.remoteDelivered()).as(offer.name()).last().satisfies(
          tags -> assertThat(tags).contains(new SlotTag(101, WED)));
      assertThat(bus.delivered()).as(offer.name()).hasSize(published + 1);
    }
  }

  @Test
  void aRefusalOfATimeEveryCopyLeavesOutInvalidatesNothing() {
    target.offer = InvalidationTarget.Offer.LEFT_OUT;
    SmartInvalidator inv = invalidator(config().build());

    InvalidationReport report = inv.applyUnavailable(101, WED_TEN, Set.of()).join();

    assertThat(report.tags()).isEmpty();
    assertThat(target.localCalls()).isEmpty();
    assertThat(target.remoteCalls()).isEmpty();
    assertThat(bus.publishAttempts()).isZero();
  }
}
