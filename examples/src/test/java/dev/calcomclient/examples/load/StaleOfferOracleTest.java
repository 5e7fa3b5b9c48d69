package dev.calcomclient.examples.load;

import static dev.calcomclient.testkit.DefaultDataset.CONSULTATION_ID;
import static dev.calcomclient.testkit.DefaultDataset.INTRO_CALL_ID;
import static dev.calcomclient.testkit.DefaultDataset.PRODUCT_DEMO_ID;
import static dev.calcomclient.testkit.DefaultDataset.SALES_CALL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load program's stale-offer oracle judges what the client could know: a start is stale when the bookings that
 * completed before the lookup started take it by the fake's own rules (round robin needs every host taken, buffers
 * count), never because of a booking still in flight or completed while the lookup ran.
 */
class StaleOfferOracleTest {
  /** Monday 2030-01-07: Alice works 08:00-16:00Z, Bob 14:00-22:00Z. */
  private static final Instant ONLY_ALICE_WORKS = Instant.parse("2030-01-07T09:00:00Z");
  private static final Instant BOTH_WORK = Instant.parse("2030-01-07T14:00:00Z");
  private static final double SCALE = 60;

  private final AtomicLong wallNanos = new AtomicLong();
  private final SimTime time =
      new SimTime(SCALE, true, () -> Instant.parse("2030-01-06T00:00:00Z").plusNanos(wallNanos.get()), wallNanos::get);
  private final FakeCalcom fake =
      FakeCalcom.builder().withDefaultData().clock(FakeClock.at("2030-01-06T00:00:00Z")).build().start();
  private final StaleOfferOracle oracle = new StaleOfferOracle(fake, time);

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private void at(double simSeconds) {
    wallNanos.set(Math.round(simSeconds * 1e9 / SCALE));
  }

  private FakeBooking book(long eventTypeId, Instant start) {
    return fake.seedBooking(eventTypeId, start, "Load User", "u" + fake.bookings().size() + "@load.test");
  }

  @Test
  void aStartTakenByABookingThatCompletedBeforeTheLookupStartedIsStale() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), "");
    at(3);

    oracle.answered(INTRO_CALL_ID, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.details()).singleElement().satisfies(d -> {
      assertThat(d.offered()).isEqualTo(ONLY_ALICE_WORKS);
      assertThat(d.occupying()).singleElement().asString().startsWith(b.uid());
    });
  }

  @Test
  void aBookingInFlightOrCompletedWhileTheLookupRanMakesNoStaleOffer() {
    book(INTRO_CALL_ID, ONLY_ALICE_WORKS); // its create has not returned
    FakeBooking later = book(CONSULTATION_ID, BOTH_WORK);
    at(3);
    oracle.bookingCompleted(later.uid(), ""); // returned after the lookup started at 2

    oracle.answered(INTRO_CALL_ID, 2, List.of(ONLY_ALICE_WORKS, BOTH_WORK));

    assertThat(oracle.staleOffers()).isZero();
  }

  @Test
  void aRoundRobinStartIsStaleOnlyWhenCompletedBookingsTakeEveryHostWhoWorksThen() {
    FakeBooking alice = book(INTRO_CALL_ID, BOTH_WORK);
    FakeBooking bob = book(PRODUCT_DEMO_ID, BOTH_WORK);
    FakeBooking aliceMorning = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(alice.uid(), "");
    oracle.bookingCompleted(aliceMorning.uid(), "");
    at(3);

    // Bob's booking was still in flight: as far as the client could know, Bob was free at 14:00
    oracle.answered(SALES_CALL_ID, 2, List.of(BOTH_WORK));
    assertThat(oracle.staleOffers()).isZero();

    // at 09:00 only Alice works, and her booking had completed
    oracle.answered(SALES_CALL_ID, 2, List.of(ONLY_ALICE_WORKS));
    assertThat(oracle.staleOffers()).isEqualTo(1);

    oracle.bookingCompleted(bob.uid(), "");
    at(5);
    oracle.answered(SALES_CALL_ID, 4, List.of(BOTH_WORK));
    assertThat(oracle.staleOffers()).isEqualTo(2);
  }

  @Test
  void aCompletedBookingsAfterBufferMakesTheStartRightAfterItStale() {
    FakeBooking consultation = book(CONSULTATION_ID, ONLY_ALICE_WORKS); // 60 min and a 15 min after-buffer
    at(1);
    oracle.bookingCompleted(consultation.uid(), "");
    at(3);

    oracle.answered(INTRO_CALL_ID, 2, List.of(ONLY_ALICE_WORKS.plusSeconds(3600)));

    assertThat(oracle.staleOffers()).isEqualTo(1);
  }

  @Test
  void aBookingMadeElsewhereWithoutAWebhookIsMeasuredByAgeNotCountedStale() {
    at(10);
    FakeBooking silent = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    oracle.externalMade(silent.uid(), false);
    at(40);

    oracle.answered(INTRO_CALL_ID, 30, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isZero();
    assertThat(oracle.silentStaleOffers()).isEqualTo(1);
    assertThat(oracle.staleOfferMaxAgeSeconds()).isEqualTo(30.0);
  }

  @Test
  void anOfferTakenOnlyWithAWebhookAnnouncedBookingCountsAsStaleAfterTheWebhook() {
    FakeBooking elsewhere = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    oracle.externalMade(elsewhere.uid(), true);
    at(1);
    oracle.webhookHandled(elsewhere.uid());
    at(3);

    oracle.answered(INTRO_CALL_ID, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.staleOffersAfterWebhook()).isEqualTo(1);
  }
}
