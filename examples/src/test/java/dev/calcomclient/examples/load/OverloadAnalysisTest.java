package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.RecordedCall;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 18's figures on synthetic timelines. */
class OverloadAnalysisTest {
  private final SimTime time = new SimTime(60);
  private final List<RecordedCall> journal = new ArrayList<>();
  private final List<OpRecord> ops = new ArrayList<>();
  private final List<OverloadAnalysis.SlotAnswer> answers = new ArrayList<>();
  private final L2Log l2 = new L2Log(time);
  private final Map<String, Double> answeredAt = new java.util.HashMap<>();
  private final Map<String, Double> onWire = new java.util.HashMap<>();
  /** 101 and 102 share their host, 104 has another one. */
  /** The UTC day most tests fetch and check. */
  private static final String FROM = "2030-01-09T00:00:00Z";
  private static final String TO = "2030-01-10T00:00:00Z";
  private final Map<Long, Set<Long>> hosts = Map.of(101L, Set.of(1L), 102L, Set.of(1L), 104L, Set.of(2L));

  /** {@code n} request arrivals spread over minute {@code m}. */
  private static void minute(List<Double> times, int m, int n) {
    for (int i = 0; i < n; i++) {
      times.add(m * 60 + 60.0 * i / n);
    }
  }

  private static double[] array(List<Double> times) {
    return times.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void theMedianIsOverTheWholeMinutesWithAShortfall() {
    List<Double> times = new ArrayList<>();
    minute(times, 0, 100);
    minute(times, 1, 110);
    minute(times, 2, 50); // no shortfall: not saturated
    minute(times, 3, 120);
    minute(times, 4, 30); // a partial minute at the end of the run
    List<Double> shortfalls = List.of(5.0, 7.0, 61.0, 200.0, 245.0);

    OverloadAnalysis.Saturation s = OverloadAnalysis.saturation(array(times), shortfalls, 250);

    assertThat(s.perMinute()).containsExactly(100, 110, 120);
    assertThat(s.median()).isEqualTo(110.0);
  }

  @Test
  void anEvenNumberOfSaturatedMinutesTakesTheMeanOfTheMiddleTwo() {
    List<Double> times = new ArrayList<>();
    minute(times, 0, 90);
    minute(times, 1, 100);
    minute(times, 2, 120);
    minute(times, 3, 40);

    OverloadAnalysis.Saturation s = OverloadAnalysis.saturation(array(times), List.of(1.0, 70.0, 130.0, 190.0),
        240);

    assertThat(s.median()).isEqualTo(95.0);
  }

  @Test
  void aBudgetSentAtOnceStraddlingTwoMinutesIsSaturatedInTheTrailingWindowNotInEitherMinute() {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      times.add(i < 55 ? 50.0 + i * 0.1 : 60.0 + (i - 55) * 0.1); // 55 at the end of minute 0, 55 at minute 1's start
    }
    List<Double> shortfalls = List.of(70.0, 80.0, 100.0);

    assertThat(OverloadAnalysis.saturation(array(times), shortfalls, 120).median())
        .as("the whole minute 1 holds only half the budget")
        .isEqualTo(55.0);
    assertThat(OverloadAnalysis.trailingWindowMedian(array(times), shortfalls))
        .as("the 60 s before each refusal hold the whole budget")
        .isEqualTo(110.0);
    assertThat(OverloadAnalysis.trailingWindowMedian(array(times), List.of(116.0)))
        .as("at 116 s the first 55 are more than 60 s old")
        .isEqualTo(55.0);
    assertThat(OverloadAnalysis.trailingWindowMedian(array(times), List.of())).isNull();
  }

  @Test
  void aClientThatNeverRanShortHasNoSaturatedMinute() {
    List<Double> times = new ArrayList<>();
    minute(times, 0, 200);

    OverloadAnalysis.Saturation s = OverloadAnalysis.saturation(array(times), List.of(), 60);

    assertThat(s.perMinute()).isEmpty();
    assertThat(s.median()).isNull();
  }

  /** A fetch whose answer the client received 0.3 s after it reached Cal.com. */
  private void slots(double at, long eventTypeId, String from, String to) {
    slots(at, eventTypeId, from, to, at + 0.3);
  }

  /** A fetch whose answer the client received at {@code receivedAt} (never when NaN). */
  private void slots(double at, long eventTypeId, String from, String to, double receivedAt) {
    slots(at, eventTypeId, from, to, receivedAt, at - 0.001);
  }

  /** A fetch sent at {@code sentAt} that reached Cal.com at {@code at}, answered at {@code receivedAt}. */
  private void slots(double at, long eventTypeId, String from, String to, double receivedAt, double sentAt) {
    if (!Double.isNaN(receivedAt)) {
      answers.add(new OverloadAnalysis.SlotAnswer(OverloadAnalysis.slotsKey(
          String.valueOf(eventTypeId), from, to), receivedAt, sentAt));
    }
    journal.add(new RecordedCall(time.wallAt(at), "GET", "/v2/slots", "eventTypeId=" + eventTypeId + "&start=" + from
        + "&end=" + to + "&timeZone=UTC", Map.of(), "", 200, "id", "GET /v2/slots", "tracker", null));
  }

  private void booking(double at, long eventTypeId, String start) {
    journal.add(new RecordedCall(time.wallAt(at), "POST", "/v2/bookings", null, Map.of(),
        "{\"start\":\"" + start + "\",\"eventTypeId\":" + eventTypeId + ",\"attendee\":{\"email\":\"a"
            + Math.round(at) + "@example.com\"}}", 201, "id", "POST /v2/bookings",
        "tracker", null));
  }

  private void op(Op op, double at, long eventTypeId, String from, String to, Outcome outcome) {
    op(op, at, at + 1, eventTypeId, from, to, outcome);
  }

  /** An operation that started at {@code at} and ended (was refused) at {@code end}. */
  private void op(Op op, double at, double end, long eventTypeId, String from, String to, Outcome outcome) {
    ops.add(new OpRecord("op" + ops.size(), op, at, end, time.wallAt(at), time.wallAt(end), outcome,
        eventTypeId, Instant.parse(from), Instant.parse(to), 1, 1000, null, -1));
  }

  private long refusedWhileHeld() {
    JournalAnalysis j = new JournalAnalysis(journal, time);
    return OverloadAnalysis.refusedWhileHeld(j.calls(), j.requestTimes(), ops, hosts, answeredAt, onWire, 300,
        answers,
        l2.record());
  }

  @Test
  void aRefusedCheckCountsWhenEveryDayOfItsRangeWasHeld() {
    slots(10, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    op(Op.AVAILABILITY, 50, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 51, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.HTTP_429);
    op(Op.AVAILABILITY, 52, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.OK);

    assertThat(refusedWhileHeld()).as("only the local refusal counts").isEqualTo(1);
  }

  @Test
  void aDayFetchedTooLongAgoOrNeverOrOfAnotherTypeIsNotHeld() {
    slots(10, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    op(Op.AVAILABILITY, 311, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 50, 104, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 5, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).isZero();
  }

  @Test
  void aBookingOfATypeSharingAHostDropsTheDay() {
    slots(10, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    slots(10, 104, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    booking(30, 102, "2030-01-09T10:00:00Z");
    op(Op.AVAILABILITY, 50, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 50, 104, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z", Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("102 shares 101's host, not 104's").isEqualTo(1);
  }

  @Test
  void aCheckNeedsEveryDayASearchAnyDay() {
    slots(10, 101, "2030-01-09T00:00:00Z", "2030-01-10T00:00:00Z");
    // a Berlin day spans two UTC days, only one of them fetched
    op(Op.AVAILABILITY, 50, 101, "2030-01-08T23:00:00Z", "2030-01-09T23:00:00Z", Outcome.LOCAL_RATE_LIMIT);
    op(Op.ALTERNATIVES, 50, 101, "2030-01-08T23:00:00Z", "2030-01-16T23:00:00Z", Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("the search only").isEqualTo(1);
  }

  @Test
  void aDayWhoseAnswerWasStillOnItsWayBackOrNeverCameIsNotHeld() {
    slots(10, 101, FROM, TO, 10.6); // Cal.com had it at 10, the client got it at 10.6
    op(Op.AVAILABILITY, 10.4, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 10.7, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);
    slots(20, 104, FROM, TO, Double.NaN); // the answer never reached the client
    op(Op.AVAILABILITY, 25, 104, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("only the check after the answer came back").isEqualTo(1);
  }

  @Test
  void eachCallIsMatchedToTheFirstAnswerToTheSameRequestReceivedAfterItArrived() {
    slots(10, 101, FROM, TO, 10.3);
    booking(30, 101, "2030-01-09T10:00:00Z");
    slots(40, 101, FROM, TO, 41);
    op(Op.AVAILABILITY, 40.5, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // the new answer is not back yet
    op(Op.AVAILABILITY, 41.5, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld())
        .as("the first answer was dropped by the booking; the second holds from 41").isEqualTo(1);
  }

  private static String tag(long eventTypeId, String day) {
    return "calcom:tag:et:" + eventTypeId + ":" + day;
  }

  @Test
  void aDayAnotherInstanceFetchedIsHeldOnlyOnceItsFillReachedL2() {
    slots(10, 101, FROM, TO, 10.3);
    l2.filled(List.of(tag(101, "2030-01-09")), 10.8); // the fetching instance stored it in L2 after decoding it
    op(Op.AVAILABILITY, 10.5, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // another instance: L2 had nothing yet
    op(Op.AVAILABILITY, 11, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("only the check after the fill").isEqualTo(1);
  }

  @Test
  void aFetchSentBeforeABookingsInvalidationReachedL2HoldsNothingThoughItReachedCalcomAfterTheBooking() {
    booking(30, 102, "2030-01-09T10:00:00Z"); // answered at 30 (no answer time known: its arrival)
    l2.invalidated(List.of(tag(101, "2030-01-09"), tag(102, "2030-01-09")), 30.25); // its invalidation reached L2
    slots(30.24, 101, FROM, TO, 30.6, 30.2); // left before that, reached Cal.com after the booking
    l2.filled(List.of(tag(101, "2030-01-09")), 30.7);
    op(Op.AVAILABILITY, 31, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("no client can tell it includes the booking").isZero();

    slots(30.31, 101, FROM, TO, 30.61, 30.3); // left after the invalidation reached L2
    l2.filled(List.of(tag(101, "2030-01-09")), 30.72);

    assertThat(refusedWhileHeld()).as("this one includes the booking, and L2 had it").isEqualTo(1);
  }

  @Test
  void anInvalidationLongAfterABookingIsNotTakenForIt() {
    booking(30, 101, "2030-01-09T10:00:00Z");
    l2.invalidated(List.of(tag(101, "2030-01-09")), 40); // something else, ten seconds later
    slots(31, 101, FROM, TO, 31.3, 31);
    l2.filled(List.of(tag(101, "2030-01-09")), 31.4);
    op(Op.AVAILABILITY, 45, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("the booking counts from its answer at 30, the fetch after it holds")
        .isEqualTo(1);
  }

  @Test
  void aCallWhoseAnswerTheClientNeverGotTookTheAnswerOfALaterRequestForTheSameRange() {
    slots(20, 101, FROM, TO, Double.NaN); // Cal.com answered, the client had given up
    slots(40, 101, FROM, TO, 40.3, 39.9); // another instance asks the same range
    op(Op.AVAILABILITY, 330, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // 290 s after the second, 310 after the first

    assertThat(refusedWhileHeld()).as("the day is held by the call at 40, whose answer is the one at 40.3")
        .isEqualTo(1);
  }

  @Test
  void anotherChangesInvalidationWhileACreateWaitedForItsAnswerWasTakenForTheCreates() {
    booking(30, 101, "2030-01-09T10:00:00Z"); // reaches Cal.com at 30, answered at 33
    answeredAt.put("a30@example.com", 33.0);
    l2.invalidated(List.of(tag(101, "2030-01-09")), 31); // another change of the day, while the create waited
    slots(32, 101, FROM, TO, 32.3, 31.9); // sent after that one, before the create was answered
    l2.filled(List.of(tag(101, "2030-01-09")), 32.4);
    l2.invalidated(List.of(tag(101, "2030-01-09")), 33.01); // the create's own invalidation
    op(Op.AVAILABILITY, 35, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("the create became known at 33.01, after the fetch left").isZero();
  }

  /** A create of {@code start} Cal.com refused as taken, its refusal back to the harness at {@code refusedAt}. */
  private void refusedBooking(double at, long eventTypeId, String start, double refusedAt) {
    String id = "op" + ops.size();
    journal.add(new RecordedCall(time.wallAt(at), "POST", "/v2/bookings", null, Map.of(),
        "{\"start\":\"" + start + "\",\"eventTypeId\":" + eventTypeId + ",\"attendee\":{\"email\":\"" + id
            + "@load.test\"}}", 409, "id", "POST /v2/bookings", "tracker", null));
    ops.add(new OpRecord(id, Op.BOOK, at - 1, refusedAt, time.wallAt(at - 1), time.wallAt(refusedAt),
        Outcome.CONFLICT, eventTypeId, Instant.parse(start), Instant.parse(start), 1, 1000, null, -1));
  }

  @Test
  void aCompetingCreateRefusedBeforeTheBookingWasAnsweredMadeItKnown() {
    booking(30, 101, "2030-01-09T10:00:00Z"); // reaches Cal.com at 30, answered at 33
    answeredAt.put("a30@example.com", 33.0);
    slots(31.25, 101, FROM, TO, 31.4, 31.2); // left before the refusal below
    l2.filled(List.of(tag(101, "2030-01-09")), 31.45);
    refusedBooking(31, 102, "2030-01-09T10:00:00Z", 31.5); // the same time, a type of the same host: refused
    l2.invalidated(List.of(tag(101, "2030-01-09"), tag(102, "2030-01-09")), 31.55); // the client drops the day
    op(Op.AVAILABILITY, 32, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("the copy offered a time Cal.com had said was taken").isZero();

    op(Op.AVAILABILITY, 31.3, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // before the fetch was stored: not held
    op(Op.AVAILABILITY, 31.48, 31.5, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // refused before the refusal was known
    op(Op.AVAILABILITY, 31.49, 31.6, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // refused after: the copy was stale
    assertThat(refusedWhileHeld()).isEqualTo(1);
  }

  @Test
  void aCopyABookingMadeStaleWhileTheCheckWaitedForItsTokenIsNotHeld() {
    slots(10, 101, FROM, TO, 10.3);
    booking(49, 101, "2030-01-09T10:00:00Z"); // answered at 50.5, while the check below waited
    answeredAt.put("a49@example.com", 50.5);
    op(Op.AVAILABILITY, 50, 51, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);
    op(Op.AVAILABILITY, 50, 50.4, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT); // refused before the booking was known

    assertThat(refusedWhileHeld()).isEqualTo(1);
  }

  @Test
  void aBookingIsKnownFromItsOwnInvalidationAfterItsAnswerReachedTheClientNotFromAnEarlierOne() {
    booking(30, 101, "2030-01-09T10:00:00Z");
    answeredAt.put("a30@example.com", 33.0);
    onWire.put("a30@example.com", 32.95); // the client had Cal.com's answer at 32.95
    l2.invalidated(List.of(tag(101, "2030-01-09")), 32.7); // another change, just before
    slots(32.8, 101, FROM, TO, 33.1, 32.75);
    l2.filled(List.of(tag(101, "2030-01-09")), 33.2);
    l2.invalidated(List.of(tag(101, "2030-01-09")), 33.0); // the booking's own
    op(Op.AVAILABILITY, 34, 34.5, 101, FROM, TO, Outcome.LOCAL_RATE_LIMIT);

    assertThat(refusedWhileHeld()).as("the fetch left before the booking was known at 33.0").isZero();
  }
}
