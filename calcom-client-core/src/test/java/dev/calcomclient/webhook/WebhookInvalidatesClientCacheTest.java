package dev.calcomclient.webhook;

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
import dev.calcomclient.testkit.WebhookTampering;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's end-to-end acceptance: a booking made directly on the fake (not through the client) reaches the client
 * only as a signed webhook; {@code client.webhookReceiver()} verifies it and the client's next query no longer
 * offers the slot. A forged delivery is answered 401 and invalidates nothing.
 */
class WebhookInvalidatesClientCacheTest {
  private static final String SECRET = "whsec_e2e-test-secret";
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final FakeClock clock = FakeClock.at(NOW);
  private final List<Integer> statuses = new CopyOnWriteArrayList<>();
  private FakeCalcom fake;
  private CalcomClient client;
  private CalcomWebhooks webhooks;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build())
            .build();
    webhooks = client.webhookReceiver().secret(SECRET).build();
    fake.webhooks()
        .subscribe(
            (body, headers) -> statuses.add(webhooks.handle(body, name -> header(headers, name)).httpStatus()),
            SECRET,
            Set.of("BOOKING_CREATED", "BOOKING_CANCELLED", "BOOKING_RESCHEDULED"));
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aBookingMadeElsewhereLeavesTheCacheByItsWebhook() {
    Slot slot = monday().on(MONDAY).get(1);
    assertThat(monday().source()).as("cached").isEqualTo(SlotsSource.L1);

    FakeBooking elsewhere =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Walk-in", "walkin@example.com");
    assertThat(monday().all()).as("without the webhook the cache cannot know").contains(slot);

    fake.webhooks().trigger("BOOKING_CREATED", elsewhere.uid());
    fake.webhooks().awaitDeliveries(1, WAIT);

    assertThat(statuses).containsExactly(200);
    SlotsResult after = monday();
    assertThat(after.source())
        .as("patched in place when the event type's facts are known, else re-fetched")
        .isIn(SlotsSource.L1, SlotsSource.UPSTREAM);
    assertThat(after.all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
    Instant start = MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    assertThat(after.all())
        .extracting(Slot::startInstant)
        .as("the answer is Cal.com's truth after the booking, start for start")
        .containsExactlyElementsOf(
            fake.availableStarts(DefaultDataset.INTRO_CALL_ID, start, start.plus(Duration.ofDays(1)).minusSeconds(1)));
    assertThat(client.stats().webhooksVerified()).isEqualTo(1);
  }

  @Test
  void aForgedDeliveryIsAnswered401AndInvalidatesNothing() {
    Slot slot = monday().on(MONDAY).get(1);
    FakeBooking elsewhere =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Walk-in", "walkin@example.com");

    fake.webhooks().tamperNext(1, WebhookTampering.WRONG_SECRET);
    fake.webhooks().trigger("BOOKING_CREATED", elsewhere.uid());
    fake.webhooks().awaitDeliveries(1, WAIT);

    assertThat(statuses).containsExactly(401);
    SlotsResult after = monday();
    assertThat(after.source()).as("still served from L1: nothing was invalidated").isEqualTo(SlotsSource.L1);
    assertThat(after.all()).contains(slot);
    assertThat(client.stats().webhooksRejected()).isEqualTo(1);
  }

  private SlotsResult monday() {
    Instant start = MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    return client
        .slots()
        .find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(start, start.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone("UTC")
                .build());
  }

  private static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
