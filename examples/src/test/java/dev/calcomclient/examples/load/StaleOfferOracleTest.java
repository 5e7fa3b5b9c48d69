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
import dev.calcomclient.invalidate.InvalidationMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
  /** What the invalidation bus carried between the instances, as the test logs it. */
  private final List<BusLog.Event> bus = new CopyOnWriteArrayList<>();
  private final StaleOfferOracle oracle = new StaleOfferOracle(fake, time, () -> List.copyOf(bus));

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
    oracle.bookingCompleted(b.uid(), -1);
    at(3);

    oracle.answered(INTRO_CALL_ID, -1, 2, List.of(ONLY_ALICE_WORKS));

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
    oracle.bookingCompleted(later.uid(), -1); // returned after the lookup started at 2

    oracle.answered(INTRO_CALL_ID, -1, 2, List.of(ONLY_ALICE_WORKS, BOTH_WORK));

    assertThat(oracle.staleOffers()).isZero();
  }

  @Test
  void aRoundRobinStartIsStaleOnlyWhenCompletedBookingsTakeEveryHostWhoWorksThen() {
    FakeBooking alice = book(INTRO_CALL_ID, BOTH_WORK);
    FakeBooking bob = book(PRODUCT_DEMO_ID, BOTH_WORK);
    FakeBooking aliceMorning = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(alice.uid(), -1);
    oracle.bookingCompleted(aliceMorning.uid(), -1);
    at(3);

    // Bob's booking was still in flight: as far as the client could know, Bob was free at 14:00
    oracle.answered(SALES_CALL_ID, -1, 2, List.of(BOTH_WORK));
    assertThat(oracle.staleOffers()).isZero();

    // at 09:00 only Alice works, and her booking had completed
    oracle.answered(SALES_CALL_ID, -1, 2, List.of(ONLY_ALICE_WORKS));
    assertThat(oracle.staleOffers()).isEqualTo(1);

    oracle.bookingCompleted(bob.uid(), -1);
    at(5);
    oracle.answered(SALES_CALL_ID, -1, 4, List.of(BOTH_WORK));
    assertThat(oracle.staleOffers()).isEqualTo(2);
  }

  @Test
  void aCompletedBookingsAfterBufferMakesTheStartRightAfterItStale() {
    FakeBooking consultation = book(CONSULTATION_ID, ONLY_ALICE_WORKS); // 60 min and a 15 min after-buffer
    at(1);
    oracle.bookingCompleted(consultation.uid(), -1);
    at(3);

    oracle.answered(INTRO_CALL_ID, -1, 2, List.of(ONLY_ALICE_WORKS.plusSeconds(3600)));

    assertThat(oracle.staleOffers()).isEqualTo(1);
  }

  @Test
  void aBookingMadeElsewhereWithoutAWebhookIsMeasuredByAgeNotCountedStale() {
    at(10);
    FakeBooking silent = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    oracle.externalMade(silent.uid(), false);
    at(40);

    oracle.answered(INTRO_CALL_ID, -1, 30, List.of(ONLY_ALICE_WORKS));

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

    oracle.answered(INTRO_CALL_ID, -1, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.staleOffersAfterWebhook()).isEqualTo(1);
  }

  /** Instance {@code publisher}'s message number {@code sequence} dropping {@code eventTypeId}'s day of 2030-01-07. */
  private static InvalidationMessage message(int publisher, long sequence, long eventTypeId) {
    return new InvalidationMessage("instance-" + publisher, sequence,
        List.of("calcom:v1:tag:et:" + eventTypeId + ":2030-01-07"), false, Set.of());
  }

  private void published(double at, int publisher, InvalidationMessage m) {
    bus.add(new BusLog.Event(at, publisher, true, m));
  }

  private void received(double at, int receiver, InvalidationMessage m) {
    bus.add(new BusLog.Event(at, receiver, false, m));
  }

  @Test
  void anOfferReadAfterTheReaderReceivedAnotherInstancesMessageIsStale() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), 1);
    InvalidationMessage m = message(1, 1, INTRO_CALL_ID);
    published(1.1, 1, m);
    received(1.5, 0, m);
    at(3);

    oracle.answered(INTRO_CALL_ID, 0, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.offersInBusWindow()).isZero();
  }

  @Test
  void anOfferReadBeforeTheReaderReceivedAnotherInstancesMessageIsInTheBusWindow() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), 1);
    InvalidationMessage m = message(1, 1, INTRO_CALL_ID);
    published(1.1, 1, m);
    received(1.2, 2, m); // another instance had it before the lookup: no matter, the reader is instance 0
    at(3);

    oracle.answered(INTRO_CALL_ID, 0, 2, List.of(ONLY_ALICE_WORKS));
    received(3.5, 0, m); // the reader's receipt is logged after the answer: settled when counted

    assertThat(oracle.staleOffers()).isZero();
    assertThat(oracle.offersInBusWindow()).isEqualTo(1);
    assertThat(oracle.details()).singleElement().satisfies(d -> {
      assertThat(d.inBusWindow()).isTrue();
      assertThat(d.reader()).isZero();
    });
  }

  @Test
  void anOfferOfTheReadersOwnBookingIsStaleWhateverTheBus() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), 0);
    InvalidationMessage m = message(0, 1, INTRO_CALL_ID);
    published(1.1, 0, m);
    received(3.5, 1, m);
    at(3);

    oracle.answered(INTRO_CALL_ID, 0, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.offersInBusWindow()).isZero();
  }

  @Test
  void anOfferWhoseMessageTheReaderNeverReceivedIsStale() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), 1);
    InvalidationMessage m = message(1, 1, INTRO_CALL_ID);
    published(1.1, 1, m);
    received(1.2, 2, m);
    at(3);

    oracle.answered(INTRO_CALL_ID, 0, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.offersInBusWindow()).isZero();
    assertThat(oracle.details()).singleElement().satisfies(d -> assertThat(d.inBusWindow()).isFalse());
  }

  @Test
  void aMessageNotCarryingTheBookingsTagProvesNoWindow() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    at(1);
    oracle.bookingCompleted(b.uid(), 1);
    InvalidationMessage other = message(1, 1, CONSULTATION_ID);
    published(1.1, 1, other);
    received(3.5, 0, other);
    at(3);

    oracle.answered(INTRO_CALL_ID, 0, 2, List.of(ONLY_ALICE_WORKS));

    assertThat(oracle.staleOffers()).isEqualTo(1);
    assertThat(oracle.offersInBusWindow()).isZero();
  }

  @Test
  void aRoundRobinOfferTakenByTheReadersOwnAndAnUnheardBookingIsInTheWindowOnlyWhileTheUnheardOneIsNeeded() {
    FakeBooking alice = book(INTRO_CALL_ID, BOTH_WORK); // the reader's own
    FakeBooking bob = book(PRODUCT_DEMO_ID, BOTH_WORK); // another instance's, heard of after the lookup started
    at(1);
    oracle.bookingCompleted(alice.uid(), 0);
    oracle.bookingCompleted(bob.uid(), 1);
    InvalidationMessage m = message(1, 1, PRODUCT_DEMO_ID);
    published(1.1, 1, m);
    received(2.5, 0, m);
    at(3);

    oracle.answered(SALES_CALL_ID, 0, 2, List.of(BOTH_WORK));

    assertThat(oracle.staleOffers()).isZero();
    assertThat(oracle.offersInBusWindow()).isEqualTo(1);
  }

  @Test
  void theBusDelayRunsFromThePublishToEachOtherInstancesReceipt() {
    InvalidationMessage m = message(1, 1, INTRO_CALL_ID);
    published(1.0, 1, m);
    received(1.0, 1, m); // its own: not a delivery
    received(1.2, 0, m);
    received(1.5, 2, m);

    List<Double> delays = BusLog.deliveryDelays(List.copyOf(bus));

    assertThat(delays).hasSize(2);
    assertThat(delays.get(0)).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(BusLog.deliverySummary(delays, 20)).containsEntry("max_sim_s", 0.5).containsEntry("max_wall_ms", 25.0);
  }

  @Test
  void thePublishLagRunsFromTheCreateReturningToTheFirstMessageAboutTheBooking() {
    FakeBooking b = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    FakeBooking unpublished = book(CONSULTATION_ID, BOTH_WORK);
    at(1);
    oracle.bookingCompleted(b.uid(), 1);
    oracle.bookingCompleted(unpublished.uid(), 1);
    published(1.25, 1, message(1, 1, INTRO_CALL_ID));
    published(2, 1, message(1, 2, INTRO_CALL_ID)); // a later one about the same day: not the first

    assertThat(oracle.publishLags()).singleElement().satisfies(
        lag -> assertThat(lag).isCloseTo(0.25, org.assertj.core.data.Offset.offset(1e-6)));
  }
}
