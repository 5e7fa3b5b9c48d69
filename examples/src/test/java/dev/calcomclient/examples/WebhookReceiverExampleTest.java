package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.testkit.WebhookTampering;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link WebhookReceiverExample}'s demonstration against a {@link FakeCalcom} with a fixed clock (Thursday
 * 2050-09-01; the day shown is Monday 2050-09-05) and checks its output and, independently, the fake's record of
 * what it delivered, how the endpoint answered, and which requests reached it.
 */
@Timeout(60)
class WebhookReceiverExampleTest {

  @Test
  void aWebhookDropsTheSlotBookedElsewhereAndForgedDeliveriesAreAnswered401AndChangeNothing() {
    try (FakeCalcom fake =
        FakeCalcom.builder().withDefaultData().clock(FakeClock.at("2050-09-01T00:00:00Z")).build().start()) {
      String out = VoiceAgentExampleTest.capture(o -> WebhookReceiverExample.runEmbedded(fake, o));

      assertThat(out)
          .contains("first query: 16 slots (source UPSTREAM), 1 upstream call (GET /v2/slots)")
          .contains("again: 16 slots (source L1), 0 upstream calls")
          .contains("10:00 is still offered (source L1): without a webhook the cache cannot know")
          .contains("receiver: answered 200, verified BOOKING_CREATED of booking")
          .contains("query: 15 slots (source L1), 0 upstream calls: 09:00 09:30 10:30")
          .contains("slot gone: 10:00 is no longer offered, and the answer came from L1")
          .contains("Webhooks: 1 verified, 2 rejected");
      assertThat(out.split("receiver: answered 401, rejected SIGNATURE_INVALID, nothing invalidated", -1))
          .hasSize(3);
      assertThat(out.split("the day is still served from L1: nothing was invalidated", -1)).hasSize(3);
      assertThat(out).as("the secret is never printed").doesNotContain("whsec_");

      assertThat(fake.webhooks().deliveries())
          .extracting(WebhookDelivery::triggerEvent, WebhookDelivery::tampering, WebhookDelivery::responseStatus)
          .containsExactly(
              tuple("BOOKING_CREATED", null, 200),
              tuple("BOOKING_CREATED", WebhookTampering.WRONG_SECRET, 401),
              tuple("BOOKING_CREATED", WebhookTampering.BODY_CHANGED, 401));
      assertThat(fake.bookings()).singleElement().satisfies(b -> {
        assertThat(b.start()).isEqualTo(Instant.parse("2050-09-05T08:00:00Z"));
        assertThat(b.attendeeEmail()).isEqualTo("walk-in@example.com");
      });
      assertThat(fake.requests().count("GET /v2/slots"))
          .as("one fetch to fill the cache; the genuine webhook patches the cached day, the forged ones change nothing")
          .isEqualTo(1);
      assertThat(fake.webhooks().subscriptions()).as("unsubscribed at the end").isEmpty();
    }
  }
}
