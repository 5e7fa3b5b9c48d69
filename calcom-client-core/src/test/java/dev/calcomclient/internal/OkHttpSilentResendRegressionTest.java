package dev.calcomclient.internal;

import static dev.calcomclient.support.FakeWorkloads.callsTo;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.introCallSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression: OkHttp's {@code retryOnConnectionFailure} (on by default) silently sent a request again on a new
 * connection when its connection dropped, POSTs included. Under the fault run, a booking create whose connection
 * dropped after the fake created it was posted a second time; the second POST found the slot taken and the caller
 * got a 400 ("not created") for a booking that existed. Each transport attempt must be exactly one request.
 *
 * <p>OkHttp resends only on a pooled connection it reused, so each test first makes one call that leaves a
 * connection in the pool.
 */
class OkHttpSilentResendRegressionTest {
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().build().start();
    client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .retryPolicy(RetryPolicy.disabled())
            .build();
    client.me().get(); // leaves a kept-alive connection in the pool, which the faulted call reuses
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aCreateWhoseConnectionDropsAfterProcessingIsPostedOnceAndFoundByTheLookup() {
    fake.faults().nextRequests("POST /v2/bookings", 1, Fault.connectionDroppedAfterProcessing());

    Booking booking = client.bookings().create(introCallBooking("regression", 0, 0));

    assertThat(callsTo(fake, "POST /v2/bookings")).hasSize(1);
    assertThat(callsTo(fake, "GET /v2/bookings")).as("the lookup").hasSize(1);
    assertThat(fake.bookings()).singleElement().extracting(FakeBooking::uid).isEqualTo(booking.uid());
  }

  @Test
  void aCancelWhoseConnectionDropsIsSentOnceAndReportedAsMaybeApplied() {
    FakeBooking seeded =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, introCallSlot(0), "Ada", "ada@example.com");
    fake.faults().nextRequests("POST /v2/bookings/{uid}/cancel", 1, Fault.connectionDroppedAfterProcessing());

    assertThatThrownBy(() -> client.bookings().cancel(seeded.uid(), CancelBookingRequest.withoutReason()))
        .isInstanceOfSatisfying(
            CalcomConnectionException.class, e -> assertThat(e.requestMayHaveBeenSent()).isTrue());

    assertThat(callsTo(fake, "POST /v2/bookings/{uid}/cancel")).hasSize(1);
  }

  @Test
  void aGetWhoseConnectionIsResetIsNotResentBehindTheRetryLayersBack() {
    fake.faults().nextRequests("GET /v2/slots", 1, Fault.connectionReset());

    assertThatThrownBy(() -> client.slots().find(distinctSlotQuery(0)))
        .isInstanceOf(CalcomConnectionException.class);

    assertThat(callsTo(fake, "GET /v2/slots")).hasSize(1);
    assertThat(client.stats().upstreamRequests()).as("the warm-up call and the reset one").isEqualTo(2);
  }
}
