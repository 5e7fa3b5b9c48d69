package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, several instances: a lookup reads a day's generation, waits for a rate-limit token while another
 * instance's booking invalidates the day (its bus message arrives), and is sent after that. Cal.com's answer already
 * includes the booking, yet the store threw it away because the generation had moved, so the next lookup refused a
 * token had nothing to serve. The store now keeps an answer whose request was sent after every invalidation of its
 * tag, and still drops one sent before an invalidation, or whose sending it never learnt (a joined flight). The L2
 * generations a fill is stored under are read when its request is sent, so an invalidation that reached L2 before
 * that (even one whose bus message reaches this instance later) does not refuse it.
 */
class AnswerSentAfterInvalidationTest {
  private static final long ET = 101;
  private static final LocalDate MON = LocalDate.parse("2050-09-05");

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final ScriptedFetcher upstream = new ScriptedFetcher();
  private final SlotCacheUnderTest cache;

  AnswerSentAfterInvalidationTest() {
    cache = instance(CacheConfig.builder());
  }

  private SlotCacheUnderTest instance(CacheConfig.Builder config) {
    CacheConfig c = config.ttlPolicy(TtlPolicy.fixed(Duration.ofMinutes(2))).refreshAheadOff()
        .loadEventTypeMetadata(false).build();
    EventTypeCatalog catalog = new EventTypeCatalog(
        (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), c.metadataTtl(), s.clock(), s);
    return new SlotCacheUnderTest(c, upstream, s, new RecordingListener(), catalog, new PeerConnectivity());
  }

  /** Runs the pending call's dispatch hook and waits for what it does before the request may leave. */
  private void dispatch() {
    Futures.join(upstream.last().onDispatch().get().toCompletableFuture());
  }

  private static SlotQuery monday() {
    return SlotQuery.forEventType(ET)
        .between(MON.atStartOfDay(ZoneOffset.UTC).toInstant(), MON.atTime(23, 59).toInstant(ZoneOffset.UTC))
        .build();
  }

  /** Starts a lookup of Monday whose upstream call stays pending; returns the call and the lookup. */
  private CompletableFuture<SlotsResult> pendingLookup() {
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> lookup = cache.find(monday());
    assertThat(upstream.calls).hasSize(1);
    return lookup;
  }

  private void bookingElsewhere() {
    cache.invalidateLocal(List.of(new SlotTag(ET, MON))); // its bus message reached this instance
  }

  /** Answers the pending call as Cal.com would now; the lookup completes from it. */
  private void answerPending(CompletableFuture<SlotsResult> lookup) {
    ScriptedFetcher.Call call = upstream.last();
    call.answerWith(upstream.slots(call.from(), call.to()));
    assertThat(Futures.join(lookup).source()).isEqualTo(SlotsSource.UPSTREAM);
    upstream.answerImmediately();
  }

  /** Answers the pending call as Cal.com would now, then asks again with answers immediate. */
  private SlotsResult answerAndAskAgain(CompletableFuture<SlotsResult> lookup) {
    answerPending(lookup);
    return Futures.join(cache.find(monday()));
  }

  @Test
  void anAnswerToARequestSentAfterAnInvalidationWasThrownAwayBecauseTheGenerationWasReadBeforeIt() {
    CompletableFuture<SlotsResult> lookup = pendingLookup();
    bookingElsewhere(); // while the lookup waits for its token
    dispatch(); // the token granted: sent after the booking

    SlotsResult again = answerAndAskAgain(lookup);
    assertThat(again.source()).as("kept: the answer includes the booking").isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void anAnswerToARequestSentBeforeAnInvalidationIsStillThrownAway() {
    CompletableFuture<SlotsResult> lookup = pendingLookup();
    dispatch();
    bookingElsewhere(); // Cal.com may have answered before the booking

    assertThat(answerAndAskAgain(lookup).source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(upstream.calls).hasSize(2);
  }

  @Test
  void aRetryResentAfterAnInvalidationIsKeptAndOneSentBeforeItIsNot() {
    CompletableFuture<SlotsResult> lookup = pendingLookup();
    dispatch(); // first attempt, timed out
    bookingElsewhere();
    dispatch(); // the retry that answers, sent after the booking

    assertThat(answerAndAskAgain(lookup).source()).isEqualTo(SlotsSource.L1);
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void anAnswerSentAfterABookingElsewhereWasRefusedByL2SoNoOtherInstanceHadTheDay() {
    InProcessL2 shared = new InProcessL2(s.clock());
    SlotCacheUnderTest a = instance(CacheConfig.builder().remoteCache(shared));
    SlotCacheUnderTest b = instance(CacheConfig.builder().remoteCache(shared));
    SlotCacheUnderTest booker = instance(CacheConfig.builder().remoteCache(shared));
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> lookup = a.find(monday()); // reads the L2 generations, waits for a token
    List<SlotTag> monday = List.of(new SlotTag(ET, MON));
    Futures.join(booker.invalidateRemote(monday)); // the booking elsewhere: L2 first,
    a.invalidateLocal(monday); // then its bus message here
    dispatch();
    answerPending(lookup);

    assertThat(Futures.join(b.find(monday())).source())
        .as("the answer, which includes the booking, reached L2 for the other instances").isEqualTo(SlotsSource.L2);
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void anAnswerSentAfterABookingElsewhereReachedL2ButBeforeItsBusMessageArrivedWasRefusedByL2() {
    InProcessL2 shared = new InProcessL2(s.clock());
    SlotCacheUnderTest a = instance(CacheConfig.builder().remoteCache(shared));
    SlotCacheUnderTest b = instance(CacheConfig.builder().remoteCache(shared));
    SlotCacheUnderTest booker = instance(CacheConfig.builder().remoteCache(shared));
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> lookup = a.find(monday()); // reads the L2 generations, waits for a token
    List<SlotTag> monday = List.of(new SlotTag(ET, MON));
    Futures.join(booker.invalidateRemote(monday)); // the booking elsewhere reached L2,
    dispatch(); // the token granted: sent after it,
    a.invalidateLocal(monday); // and only then its bus message arrives here
    answerPending(lookup);

    assertThat(Futures.join(b.find(monday())).source())
        .as("the answer was sent after the invalidation reached L2, so it includes the booking and is shared")
        .isEqualTo(SlotsSource.L2);
    assertThat(Futures.join(a.find(monday())).source())
        .as("the instance that fetched it, whose L1 refused it (the bus message came after the send), reads L2")
        .isEqualTo(SlotsSource.L2);
    assertThat(upstream.calls).hasSize(1);
  }

  @Test
  void anAnswerSentBeforeABookingElsewhereReachedL2IsStillRefusedThere() {
    InProcessL2 shared = new InProcessL2(s.clock());
    SlotCacheUnderTest a = instance(CacheConfig.builder().remoteCache(shared));
    SlotCacheUnderTest b = instance(CacheConfig.builder().remoteCache(shared));
    upstream.holdAnswers();
    CompletableFuture<SlotsResult> lookup = a.find(monday());
    dispatch();
    Futures.join(b.invalidateRemote(List.of(new SlotTag(ET, MON)))); // a booking elsewhere, its message not here yet
    answerPending(lookup);

    assertThat(Futures.join(b.find(monday())).source()).isEqualTo(SlotsSource.UPSTREAM);
  }

  @Test
  void anAnswerWhoseSendingTheLookupNeverLearntKeepsToTheGenerationItRead() {
    CompletableFuture<SlotsResult> lookup = pendingLookup();
    bookingElsewhere(); // the call joined a flight sent by someone else, perhaps before this

    assertThat(answerAndAskAgain(lookup).source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(upstream.calls).hasSize(2);
  }
}
