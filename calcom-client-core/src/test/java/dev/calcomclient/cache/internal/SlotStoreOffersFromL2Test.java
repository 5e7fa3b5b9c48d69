package dev.calcomclient.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.testing.ControlledReads;
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
 * Issue 18, several instances: {@link SlotStore#offers} of a day this instance holds no L1 copy of reads the shared
 * tier's copy at the default dimensions (fresh or kept past its time to live), so that a refusal on an instance the
 * caller was not answered by can tell whether the shared copy already leaves the refused start out.
 */
class SlotStoreOffersFromL2Test {
  private static final long ET = 101;
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final SlotTag MONDAY = new SlotTag(ET, MON);
  private static final Duration TTL = Duration.ofSeconds(60);
  private static final Instant TAKEN = ScriptedFetcher.starts(MON).get(3);
  private static final Instant FREE = ScriptedFetcher.starts(MON).get(2);

  private final ManualScheduler s = new ManualScheduler(Instant.parse("2050-09-01T00:00:00Z"));
  private final ScriptedFetcher upstream = new ScriptedFetcher();
  private final InProcessL2 shared = new InProcessL2(s.clock());

  private SlotCacheUnderTest instance(RemoteCache l2) {
    CacheConfig.Builder config =
        CacheConfig.builder().ttlPolicy(TtlPolicy.fixed(TTL)).refreshAheadOff().loadEventTypeMetadata(false);
    CacheConfig c = (l2 == null ? config : config.remoteCache(l2)).build();
    EventTypeCatalog catalog = new EventTypeCatalog(
        (id, lane) -> CompletableFuture.completedFuture(Optional.empty()), c.metadataTtl(), s.clock(), s);
    return new SlotCacheUnderTest(c, upstream, s, new RecordingListener(), catalog, new PeerConnectivity());
  }

  private static SlotQuery monday(Integer duration) {
    SlotQuery.Builder q = SlotQuery.forEventType(ET)
        .between(MON.atStartOfDay(ZoneOffset.UTC).toInstant(), MON.atTime(23, 59).toInstant(ZoneOffset.UTC));
    if (duration != null) {
      q.duration(duration);
    }
    return q.build();
  }

  private static InvalidationTarget.Offer offers(SlotCacheUnderTest instance, Instant start) {
    return Futures.join(instance.store.offers(MONDAY, start));
  }

  @Test
  void aDayHeldOnlyInL2IsAnsweredFromItsCopyThereFreshOrKeptPastItsTimeToLive() {
    SlotCacheUnderTest a = instance(shared);
    SlotCacheUnderTest b = instance(shared);
    upstream.take(TAKEN);
    Futures.join(a.find(monday(null)));
    int calls = upstream.calls.size();

    assertThat(offers(b, TAKEN)).isEqualTo(InvalidationTarget.Offer.LEFT_OUT);
    assertThat(offers(b, FREE)).isEqualTo(InvalidationTarget.Offer.OFFERED);
    s.advance(TTL.plusSeconds(30)); // kept past its time to live: still what a read would serve stale
    assertThat(offers(b, TAKEN)).isEqualTo(InvalidationTarget.Offer.LEFT_OUT);
    assertThat(offers(b, FREE)).isEqualTo(InvalidationTarget.Offer.OFFERED);
    assertThat(upstream.calls).as("read from L2, never fetched").hasSize(calls);
    assertThat(Futures.join(b.find(monday(null))).source())
        .as("the check does not fill L1: a find still misses there").isNotEqualTo(SlotsSource.L1);

    Futures.join(a.invalidateRemote(List.of(MONDAY)));
    assertThat(offers(instance(shared), TAKEN)).as("invalidated in L2").isEqualTo(InvalidationTarget.Offer.NOT_HELD);
  }

  @Test
  void onlyTheDefaultDimensionsAreReadFromL2() {
    SlotCacheUnderTest a = instance(shared);
    SlotCacheUnderTest b = instance(shared);
    upstream.take(TAKEN);
    Futures.join(a.find(monday(60)));

    assertThat(offers(b, TAKEN)).isEqualTo(InvalidationTarget.Offer.NOT_HELD);
    assertThat(offers(a, TAKEN)).as("L1 holds its copy, whatever its dimensions")
        .isEqualTo(InvalidationTarget.Offer.LEFT_OUT);
  }

  @Test
  void aFailedL2ReadCannotTellAndDoesNotFail() {
    SlotCacheUnderTest a = instance(shared);
    upstream.take(TAKEN);
    Futures.join(a.find(monday(null)));
    ControlledReads failing = new ControlledReads(shared);
    failing.failing = true;
    ControlledReads throwing = new ControlledReads(shared);
    throwing.throwing = true;

    assertThat(offers(instance(failing), TAKEN)).as("cannot tell").isEqualTo(InvalidationTarget.Offer.UNKNOWN);
    assertThat(offers(instance(throwing), TAKEN)).as("cannot tell").isEqualTo(InvalidationTarget.Offer.UNKNOWN);
    assertThat(offers(instance(shared), TAKEN)).as("the copy is there").isEqualTo(InvalidationTarget.Offer.LEFT_OUT);
    assertThat(offers(instance(null), TAKEN)).as("no L2").isEqualTo(InvalidationTarget.Offer.NOT_HELD);
  }
}
