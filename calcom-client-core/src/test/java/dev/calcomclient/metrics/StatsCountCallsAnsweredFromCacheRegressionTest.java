package dev.calcomclient.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: {@code stats()} counted only the calls that made a request, so calls answered from L1 were missing
 * from the operation's call count while the cache's hits counted them (a demo computed "5.3% hit" from the two).
 */
class StatsCountCallsAnsweredFromCacheRegressionTest {
  private static final FakeClock CLOCK = FakeClock.at(FakeCalcomClients.NOW);

  @RegisterExtension
  static final FakeCalcomExtension FAKE =
      FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

  @Test
  void aSlotLookupAndAMeAnsweredFromL1AreCountedAsCallsFromCache() {
    try (CalcomClient client = FakeCalcomClients.onClock(FAKE.get(), CLOCK, CacheConfig.defaults()).build()) {
      Instant monday = Instant.parse(FakeCalcomClients.MONDAY + "T00:00:00Z");
      SlotQuery query =
          SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(monday, monday.plusSeconds(86_400)).build();

      assertThat(client.slots().find(query).source()).isEqualTo(SlotsSource.UPSTREAM);
      assertThat(client.slots().find(query).source()).isEqualTo(SlotsSource.L1);
      assertThat(client.slots().find(query).source()).isEqualTo(SlotsSource.L1);
      client.me().get();
      client.me().get();

      ClientStats stats = client.stats();
      OperationStats slots = stats.operation(Operation.SLOTS_FIND);
      assertThat(slots.calls()).as("every find, answered from L1 or not").isEqualTo(3);
      assertThat(slots.fromCache()).isEqualTo(2);
      OperationStats me = stats.operation(Operation.ME_GET);
      assertThat(me.calls()).isEqualTo(2);
      assertThat(me.fromCache()).isEqualTo(1);
      assertThat(stats.toReport()).contains("calls      3 (from cache      2)");
    }
  }
}
