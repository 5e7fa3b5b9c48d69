package dev.calcomclient.invalidate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.PeerConnectivity;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.invalidate.EventTypeFixture;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.RecordingInvalidationTarget;
import dev.calcomclient.model.SchedulingType;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BusReceiverTest {
  private static final LocalDate WED = LocalDate.parse("2050-09-07");
  private static final String TAG_101 = "calcom:v1:tag:et:101:2050-09-07";
  private static final String TAG_104 = "calcom:v1:tag:et:104:2050-09-07";

  private final RecordingInvalidationTarget target = new RecordingInvalidationTarget();
  private final AtomicInteger restoredCallbacks = new AtomicInteger();
  private final BusReceiver receiver = new BusReceiver("me", target, restoredCallbacks::incrementAndGet);

  private static InvalidationMessage from(String source, long seq, String... tags) {
    return new InvalidationMessage(source, seq, List.of(tags), false);
  }

  private void cacheBoth() {
    target.cache(new SlotKey(101, SlotKey.DEFAULT_DIMS, WED)).cache(new SlotKey(104, SlotKey.DEFAULT_DIMS, WED));
  }

  @Test
  void aReceivedTagOfAnEventTypeThisInstanceDoesNotKnowIsWidenedOnceTheCatalogLoadedItsFacts() {
    ManualScheduler s = new ManualScheduler();
    EventTypeCatalog catalog =
        new EventTypeCatalog(
            (id, lane) -> CompletableFuture.completedFuture(Optional.of(EventTypeFixture.personal(id, 7).build())),
            Duration.ofMinutes(15),
            s.clock(),
            s);
    DependencyIndex index = new DependencyIndex();
    catalog.subscribe(index);
    catalog.record(EventTypeFixture.personal(104, 7).build());
    cacheBoth();
    BusReceiver widening = new BusReceiver("me", target, () -> {}, index, catalog, new PeerConnectivity());

    widening.onMessage(from("other", 1, "calcom:v1:tag:et:999:2050-09-07"));

    assertThat(target.locallyInvalidated()).containsExactly(new SlotTag(999, WED));
    assertThat(catalog.pending(999)).isTrue();
    s.runDue();
    assertThat(catalog.get(999)).as("the facts arrive in the background").isPresent();
    assertThat(target.locallyInvalidated())
        .as("999 shares host 7 with 104: widened once known")
        .containsExactly(new SlotTag(999, WED), new SlotTag(104, WED));
    assertThat(widening.widenedTags()).isEqualTo(1);
  }

  /**
   * Issue 18: Alice (1) booked her own type 102; the sender's tags are her types, the round-robin team type 201 (Alice
   * and Bob) among them. Widening 201's tag by all its hosts dropped Bob's (2) type 104 on every instance, which under
   * overload then had nothing to answer 104 with. With the change's hosts in the message, only Alice's count.
   */
  @Test
  void aTeamTypesTagWidensOnlyByTheHostsTheSenderNamedNotByEveryHostOfTheTeam() {
    DependencyIndex index = new DependencyIndex();
    index.accept(EventTypeFixture.personal(102, 1).build());
    index.accept(EventTypeFixture.personal(103, 1).build());
    index.accept(EventTypeFixture.personal(104, 2).build());
    index.accept(EventTypeFixture.team(201, 21, SchedulingType.ROUND_ROBIN, 1, 2).build());
    BusReceiver widening = new BusReceiver("me", target, () -> {}, index, null, new PeerConnectivity());
    String tag102 = "calcom:v1:tag:et:102:2050-09-07";
    String tag201 = "calcom:v1:tag:et:201:2050-09-07";

    widening.onMessage(new InvalidationMessage("other", 1, List.of(tag102, tag201), false, Set.of(1L)));
    assertThat(target.locallyInvalidated())
        .as("Alice's type the sender did not know (103) is added; Bob's 104 is not")
        .containsExactlyInAnyOrder(new SlotTag(102, WED), new SlotTag(201, WED), new SlotTag(103, WED));

    widening.onMessage(from("other", 2, tag102, tag201));
    assertThat(target.locallyInvalidated())
        .as("hosts unknown (an earlier sender): every host of 201 counts, as before")
        .contains(new SlotTag(104, WED));
  }

  @Test
  void ownMessagesAreIgnored() {
    cacheBoth();

    receiver.onMessage(from("me", 1, TAG_101));

    assertThat(target.localCalls()).isEmpty();
    assertThat(target.cachedTags()).hasSize(2);
    assertThat(receiver.ignoredOwn()).isEqualTo(1);
  }

  @Test
  void otherInstancesTagsAreDroppedFromL1() {
    cacheBoth();

    receiver.onMessage(from("other", 1, TAG_101));
    receiver.onMessage(from("other", 2, TAG_104));

    assertThat(target.localCalls())
        .containsExactly(List.of(new SlotTag(101, WED)), List.of(new SlotTag(104, WED)));
    assertThat(target.flushes()).isZero();
    assertThat(receiver.applied()).isEqualTo(2);
  }

  @Test
  void theFirstMessageOfASourceSetsItsBaselineWithoutFlushing() {
    receiver.onMessage(from("other", 57, TAG_101));
    receiver.onMessage(from("other", 58, TAG_101));

    assertThat(target.flushes()).isZero();
  }

  @Test
  void aSequenceGapFlushesEveryL1SlotEntry() {
    cacheBoth();
    receiver.onMessage(from("other", 1, TAG_101));

    receiver.onMessage(from("other", 3, TAG_101)); // #2 was lost

    assertThat(target.flushes()).isEqualTo(1);
    assertThat(target.cachedTags()).isEmpty();
    assertThat(receiver.gaps()).isEqualTo(1);
  }

  @Test
  void sequencesAreTrackedPerSource() {
    receiver.onMessage(from("a", 1, TAG_101));
    receiver.onMessage(from("b", 1, TAG_101));
    receiver.onMessage(from("a", 2, TAG_101));
    receiver.onMessage(from("b", 2, TAG_101));

    assertThat(target.flushes()).isZero();
  }

  @Test
  void aLateDuplicateIsAppliedWithoutFlushing() {
    receiver.onMessage(from("other", 1, TAG_101));
    receiver.onMessage(from("other", 2, TAG_101));

    receiver.onMessage(from("other", 2, TAG_104));

    assertThat(target.flushes()).isZero();
    assertThat(target.localCalls()).hasSize(3);
  }

  @Test
  void aFlushAllMessageFlushes() {
    cacheBoth();

    receiver.onMessage(new InvalidationMessage("other", 1, List.of(), true));

    assertThat(target.flushes()).isEqualTo(1);
    assertThat(target.cachedTags()).isEmpty();
  }

  @Test
  void aLostConnectionFlushesAndARestoredOneFlushesAgainAndRetriesTheQueue() {
    receiver.onMessage(from("other", 1, TAG_101));

    receiver.connectionLost();
    assertThat(target.flushes()).isEqualTo(1);
    assertThat(receiver.connected()).isFalse();

    receiver.connectionRestored();
    assertThat(target.flushes()).isEqualTo(2);
    assertThat(receiver.connected()).isTrue();
    assertThat(restoredCallbacks).hasValue(1);

    // The flush on restoration covered what was missed: the next number sets a new baseline.
    receiver.onMessage(from("other", 9, TAG_101));
    assertThat(target.flushes()).isEqualTo(2);
  }

  @Test
  void tagsOfAnotherKeySpaceAreIgnoredAndMalformedOnesFlush() {
    receiver.onMessage(from("other", 1, "tenant-b:v1:tag:et:101:2050-09-07"));
    assertThat(target.localCalls()).isEmpty();
    assertThat(target.flushes()).isZero();

    receiver.onMessage(from("other", 2, "calcom:v1:tag:et:not-a-number:2050-09-07"));
    assertThat(target.flushes()).isEqualTo(1);
  }
}
