package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: instance A computed a booking's tags from the event types A knows, so instance B, which serves another
 * event type of the same host, kept offering the taken time from its L1 and from the shared L2. A receiver now widens
 * what it hears with its own dependency index, in L1 and in L2.
 */
class PeerWidensInvalidationTest {
  private static final Instant MONDAY = Instant.parse("2050-09-05T00:00:00Z");

  private final FakeClock clock = FakeClock.at(NOW);
  private final InvalidationBus bus = InvalidationBus.inProcess();
  private final RemoteCache l2 = RemoteCache.inMemory(clock);
  private FakeCalcom fake;
  private CalcomClient a;
  private CalcomClient b;
  private CalcomClient c;
  private CalcomClient truth;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    a = instance();
    b = instance();
    c = instance();
    truth = FakeCalcomClients.onClock(fake, clock, CacheConfig.disabled()).build();
  }

  private CalcomClient instance() {
    return FakeCalcomClients.onClock(
            fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).remoteCache(l2).build())
        .invalidation(InvalidationConfig.builder().bus(bus).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    c.close();
    truth.close();
    fake.close();
  }

  @Test
  void anInstanceServingAnotherEventTypeOfTheSameHostDropsItToo() {
    // A serves intro-call (101); B serves consultation (102); both are Alice's. Each knows only its own type.
    a.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
    b.eventTypes().get(DefaultDataset.CONSULTATION_ID);
    Slot taken = monday(a, DefaultDataset.INTRO_CALL_ID).all().get(4);
    assertThat(monday(b, DefaultDataset.CONSULTATION_ID).all()).extracting(Slot::startInstant).contains(
        taken.startInstant());

    a.bookings()
        .create(
            CreateBookingRequest.builder()
                .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                .start(taken.startInstant())
                .attendee(Attendee.withEmail("Dana", "dana@example.com", "Europe/Berlin"))
                .build());

    // B has never seen intro-call: it learns its hosts with one background request, then drops consultation too.
    SlotsResult expected = monday(truth, DefaultDataset.CONSULTATION_ID);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(monday(b, DefaultDataset.CONSULTATION_ID)).isEqualTo(expected));
    assertThat(monday(b, DefaultDataset.CONSULTATION_ID).all())
        .extracting(Slot::startInstant)
        .doesNotContain(taken.startInstant());
    // C knows neither type: it reads consultation from the shared L2, which B's widening cleaned too.
    assertThat(monday(c, DefaultDataset.CONSULTATION_ID)).isEqualTo(expected);
  }

  private static SlotsResult monday(CalcomClient client, long eventTypeId) {
    return client
        .slots()
        .find(
            SlotQuery.forEventType(eventTypeId)
                .between(MONDAY, MONDAY.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone("UTC")
                .build());
  }
}
