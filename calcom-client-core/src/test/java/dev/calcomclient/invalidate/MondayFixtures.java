package dev.calcomclient.invalidate;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** What the refusal tests against FakeCalcom's default data ask: Monday's intro-call slots, and creates of them. */
final class MondayFixtures {
  static final Instant MONDAY = Instant.parse("2050-09-05T00:00:00Z");

  private MondayFixtures() {}

  /** Monday's intro-call slots through {@code client}, in {@code zone}. */
  static SlotsResult monday(CalcomClient client, String zone) {
    return client
        .slots()
        .find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(MONDAY, MONDAY.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone(zone)
                .build());
  }

  /** A create of an intro call at {@code start} for an attendee named {@code name} (Berlin). */
  static CreateBookingRequest introCall(String name, Instant start) {
    return CreateBookingRequest.builder()
        .start(start)
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .attendee(Attendee.withEmail(name, name.toLowerCase(Locale.ROOT) + "@example.com", "Europe/Berlin"))
        .build();
  }

  /** How many slot requests reached the fake. */
  static long slotCalls(FakeCalcom fake) {
    return fake.journal().stream().filter(c -> "/v2/slots".equals(c.path())).count();
  }
}
