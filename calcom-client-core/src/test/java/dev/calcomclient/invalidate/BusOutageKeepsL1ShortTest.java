package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: L1 was flushed when the invalidation bus went down and again when it came back, but entries cached
 * during the outage kept their full TTL (up to 5 minutes), so a booking made through another instance meanwhile
 * (whose message could not arrive) stayed offered. While the bus is down, L1 now keeps new entries for at most 5 s.
 */
class BusOutageKeepsL1ShortTest {
  private static final Instant MONDAY = Instant.parse("2050-09-05T00:00:00Z");

  private final FakeClock clock = FakeClock.at(NOW);
  private final ControllableBus bus = new ControllableBus();
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build())
            .invalidation(InvalidationConfig.builder().bus(bus).build())
            .build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void whileTheBusIsDownABookingMadeElsewhereIsSeenWithinSecondsNotMinutes() {
    bus.down();
    Slot slot = monday().all().get(2);
    assertThat(monday().source()).as("cached, briefly").isEqualTo(SlotsSource.L1);

    // Another instance books; its invalidation message cannot reach this one.
    FakeBooking elsewhere =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Elsewhere", "elsewhere@example.com");
    clock.advance(Duration.ofSeconds(6));

    SlotsResult after = monday();
    assertThat(after.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(after.all()).extracting(Slot::startInstant).doesNotContain(elsewhere.start());
  }

  @Test
  void withTheBusUpEntriesKeepTheirNormalTtl() {
    monday();
    clock.advance(Duration.ofSeconds(6));
    assertThat(monday().source()).isEqualTo(SlotsSource.L1);
  }

  private SlotsResult monday() {
    return client
        .slots()
        .find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(MONDAY, MONDAY.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone("UTC")
                .build());
  }
}
