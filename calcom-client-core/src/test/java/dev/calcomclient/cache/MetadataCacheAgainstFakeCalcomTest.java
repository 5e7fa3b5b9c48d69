package dev.calcomclient.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ClientInternals;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Event types, schedules and {@code me} are kept in L1 for the metadata TTL; decoded event types are observed. */
class MetadataCacheAgainstFakeCalcomTest {
  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private final List<String> cacheEvents = Collections.synchronizedList(new ArrayList<>());
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
    client = client(b -> b);
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  private CalcomClient client(UnaryOperator<CalcomClient.Builder> custom) {
    return custom
        .apply(
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(s.clock())
                .scheduler(s)
                .addListener(
                    new CalcomEventListener() {
                      @Override
                      public void cacheHit(CacheTier tier, String key) {
                        cacheEvents.add("HIT " + tier + " " + key);
                      }

                      @Override
                      public void cacheMiss(CacheTier tier, String key) {
                        cacheEvents.add("MISS " + tier + " " + key);
                      }
                    }))
        .build();
  }

  /** One read of every metadata endpoint; returns the answers. */
  private static List<Object> readAll(CalcomClient c) {
    return List.of(
        c.eventTypes().get(DefaultDataset.INTRO_CALL_ID),
        c.eventTypes().list("alice"),
        c.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID),
        c.eventTypes().getForTeam(DefaultDataset.SALES_TEAM_ID, DefaultDataset.SALES_CALL_ID),
        c.schedules().list(),
        c.schedules().get(DefaultDataset.ALICE_SCHEDULE_ID),
        c.schedules().getDefault(),
        c.me().get());
  }

  @Test
  void metadataIsServedFromL1ForTheMetadataTtl() {
    List<Object> first = readAll(client);
    assertThat(fake.requestCount()).isEqualTo(8);
    assertThat(fake.requests().countsByEndpoint().values()).allMatch(n -> n == 1L);
    assertThat(cacheEvents).hasSize(8).allMatch(e -> e.startsWith("MISS L1 calcom:v1:meta:/v2/"));
    cacheEvents.clear();

    s.advance(Duration.ofMinutes(14));
    assertThat(readAll(client)).isEqualTo(first);
    assertThat(fake.requestCount()).as("all from L1").isEqualTo(8);
    assertThat(cacheEvents).hasSize(8).allMatch(e -> e.startsWith("HIT L1 calcom:v1:meta:/v2/"));
    assertThat(cacheEvents).contains("HIT L1 calcom:v1:meta:/v2/event-types?username=alice", "HIT L1 calcom:v1:meta:/v2/me");

    s.advance(Duration.ofMinutes(1));
    readAll(client);
    assertThat(fake.requestCount()).as("expired after 15 min").isEqualTo(16);
  }

  @Test
  void theMetadataTtlIsConfigurableAndTheCacheCanBeDisabled() {
    try (CalcomClient shortLived = client(b -> b.cache(CacheConfig.builder().metadataTtl(Duration.ofSeconds(30))
            .build()));
        CalcomClient uncached = client(b -> b.cache(CacheConfig.disabled()))) {
      shortLived.me().get();
      s.advance(Duration.ofSeconds(29));
      shortLived.me().get();
      assertThat(fake.requestCount()).isEqualTo(1);
      s.advance(Duration.ofSeconds(1));
      shortLived.me().get();
      assertThat(fake.requestCount()).isEqualTo(2);

      uncached.me().get();
      uncached.me().get();
      assertThat(fake.requestCount()).isEqualTo(4);
      assertThat(ClientInternals.store(uncached)).isEmpty();
      // the disabled metadata cache keeps nothing for event types and schedules either
      uncached.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
      uncached.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
      uncached.schedules().list();
      uncached.schedules().list();
      assertThat(fake.requestCount()).isEqualTo(8);
    }
  }

  @Test
  void everyDecodedEventTypeReachesTheObserversAndBecomesKnown() {
    List<Long> observed = Collections.synchronizedList(new ArrayList<>());
    var catalog = ClientInternals.catalog(client);
    catalog.subscribe(et -> observed.add(et.id()));

    client.eventTypes().get(DefaultDataset.PRODUCT_DEMO_ID);
    client.eventTypes().list("alice");
    client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID);
    client.eventTypes().getForTeam(DefaultDataset.SALES_TEAM_ID, DefaultDataset.SALES_PANEL_ID);
    assertThat(observed)
        .contains(DefaultDataset.PRODUCT_DEMO_ID, DefaultDataset.INTRO_CALL_ID, DefaultDataset.CONSULTATION_ID,
            DefaultDataset.QUICK_CHAT_ID, DefaultDataset.SALES_CALL_ID, DefaultDataset.SALES_PANEL_ID);
    assertThat(catalog.get(DefaultDataset.CONSULTATION_ID))
        .map(EventType::minimumBookingNotice).contains(120);

    observed.clear();
    client.eventTypes().list("alice");
    assertThat(observed).as("a cache hit decodes nothing").isEmpty();
  }

  @Test
  void builderRejectsANullCacheConfig() {
    assertThatThrownBy(() -> CalcomClient.builder().cache(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("config");
  }
}
