package dev.calcomclient.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "Testing with the testkit" example, kept compiling and passing. */
class ReadmeTestkitExampleTest {
  @RegisterExtension static FakeCalcomExtension fake = FakeCalcomExtension.withDefaultData();

  @Test
  void booksTheFirstSlot(FakeCalcom calcom) {
    try (CalcomClient cal = CalcomClient.builder().apiKey(calcom.apiKey()).baseUrl(calcom.baseUrl()).build()) {
      Instant from = Instant.now().plus(Duration.ofDays(1));
      SlotsResult slots = cal.slots().find(SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
          .between(from, from.plus(Duration.ofDays(7))).build());
      Booking b = cal.bookings().create(CreateBookingRequest.builder().eventTypeId(DefaultDataset.INTRO_CALL_ID)
          .start(slots.first().orElseThrow().start().toInstant())
          .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/London")).build());
      assertThat(calcom.bookings()).extracting(FakeBooking::uid).contains(b.uid());
    }
  }
}
