package dev.calcomclient;

import static dev.calcomclient.testkit.DefaultDataset.CONSULTATION_ID;
import static dev.calcomclient.testkit.DefaultDataset.INTRO_CALL_ID;
import static dev.calcomclient.testkit.DefaultDataset.PRODUCT_DEMO_ID;
import static dev.calcomclient.testkit.DefaultDataset.SALES_CALL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.model.Slot;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The truth oracle's I1 judges an answer by the fake's own rules applied to the bookings the instance knew of: what
 * it used to miss (a known booking's buffer, a round-robin time whose only working host is known busy) is caught,
 * and a round-robin time another host keeps free as far as known bookings go is not blamed.
 */
class OracleCheckerTest {
  /** Monday 2050-09-05: Alice works 07:00-15:00Z, Bob 13:00-21:00Z (summer time). */
  private static final Instant ONLY_ALICE_WORKS = Instant.parse("2050-09-05T08:00:00Z");
  private static final Instant BOTH_WORK = Instant.parse("2050-09-05T13:30:00Z");
  private static final Instant FROM = Instant.parse("2050-09-05T00:00:00Z");
  private static final Instant TO = Instant.parse("2050-09-05T23:59:59Z");

  private final FakeCalcom fake = OracleUniverse.fake(FakeClock.at(OracleUniverse.NOW)).build().start();
  private final OracleChecker checker = new OracleChecker(fake);

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private FakeBooking book(long eventTypeId, Instant start) {
    return fake.seedBooking(eventTypeId, start, "Oracle", "o" + fake.bookings().size() + "@oracle.test");
  }

  private String judge(long eventTypeId, Map<String, Long> known, Instant offered) {
    return checker.checkAnswer("A", eventTypeId, FROM, TO, OracleUniverse.NOW, known,
        List.of(Slot.at(offered.atOffset(ZoneOffset.UTC))), OracleUniverse.TTL);
  }

  @Test
  void aKnownBookingsAfterBufferTakesTheTimeRightAfterIt() {
    FakeBooking consultation = book(CONSULTATION_ID, ONLY_ALICE_WORKS); // 60 min, then a 15 min after-buffer

    String violation = judge(INTRO_CALL_ID, Map.of(consultation.uid(), CONSULTATION_ID),
        ONLY_ALICE_WORKS.plusSeconds(3600));

    assertThat(violation).startsWith("I1").contains(consultation.uid());
  }

  @Test
  void aRoundRobinTimeWhoseOnlyWorkingHostIsKnownBusyIsTakenWhateverElseOverlaps() {
    FakeBooking alice = book(INTRO_CALL_ID, ONLY_ALICE_WORKS);
    book(PRODUCT_DEMO_ID, ONLY_ALICE_WORKS); // Bob, outside his hours, unknown to the instance

    assertThat(judge(SALES_CALL_ID, Map.of(alice.uid(), INTRO_CALL_ID), ONLY_ALICE_WORKS))
        .startsWith("I1").contains(alice.uid());
  }

  @Test
  void aRoundRobinTimeIsNotBlamedOnOneHostWhileAnotherIsFreeOfKnownBookings() {
    FakeBooking alice = book(INTRO_CALL_ID, BOTH_WORK);
    FakeBooking bob = book(PRODUCT_DEMO_ID, BOTH_WORK); // still in flight for the instance: unknown

    assertThat(judge(SALES_CALL_ID, Map.of(alice.uid(), INTRO_CALL_ID), BOTH_WORK)).isNull();
    assertThat(judge(SALES_CALL_ID, Map.of(alice.uid(), INTRO_CALL_ID, bob.uid(), PRODUCT_DEMO_ID), BOTH_WORK))
        .startsWith("I1");
  }
}
