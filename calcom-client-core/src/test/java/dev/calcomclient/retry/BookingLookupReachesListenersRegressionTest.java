package dev.calcomclient.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Regression: the booking service built its create-recovery without the client's listener, so a lookup after a
 * dropped create was never reported to listeners registered on the builder.
 */
class BookingLookupReachesListenersRegressionTest {

  @Test
  void aLookupAfterADroppedCreateIsReportedToRegisteredListeners() {
    List<Boolean> lookups = new CopyOnWriteArrayList<>();
    CalcomEventListener listener =
        new CalcomEventListener() {
          @Override
          public void bookingCreateLookup(CalcomRequest create, boolean found) {
            lookups.add(found);
          }
        };
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .retryPolicy(RetryPolicy.disabled())
                .addListener(listener)
                .build()) {
      Instant from = Instant.now().plus(Duration.ofDays(1));
      Instant start =
          client.slots()
              .find(SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(from, from.plus(Duration.ofDays(7))).build())
              .first()
              .orElseThrow()
              .start()
              .toInstant();
      fake.faults().nextRequests("POST /v2/bookings", 1, Fault.connectionDroppedAfterProcessing());

      Booking booking =
          client.bookings()
              .create(
                  CreateBookingRequest.builder()
                      .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                      .start(start)
                      .attendee(Attendee.withEmail("Lookup", "lookup@example.com", "UTC"))
                      .build());

      assertThat(fake.booking(booking.uid())).as("the booking the lookup returned exists in the fake").isPresent();
      assertThat(lookups).containsExactly(true);
    }
  }
}
