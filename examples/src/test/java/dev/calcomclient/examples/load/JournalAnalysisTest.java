package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.calcomclient.testkit.RecordedCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The journal figures on a hand-written journal: what each one counts and leaves out. */
class JournalAnalysisTest {
  private final SimTime time = new SimTime(60);
  private final List<RecordedCall> journal = new ArrayList<>();

  private void call(double simSeconds, String method, String path, String query, String body, int status,
      String... header) {
    Map<String, List<String>> headers = header.length == 0 ? Map.of() : Map.of(header[0], List.of(header[1]));
    journal.add(new RecordedCall(time.wallAt(simSeconds), method, path, query, headers, body, status, "id",
        method + " " + path, "tracker", null));
  }

  private void slots(double simSeconds, long eventTypeId, String startDay, String endDay, int status) {
    call(simSeconds, "GET", "/v2/slots", "eventTypeId=" + eventTypeId + "&start=" + startDay + "T00:00:00Z&end="
        + endDay + "T00:00:00Z&timeZone=UTC", "", status);
  }

  private void booking(double simSeconds, long eventTypeId, String start) {
    call(simSeconds, "POST", "/v2/bookings", null,
        "{\"start\":\"" + start + "\",\"eventTypeId\":" + eventTypeId + "}", 201);
  }

  @Test
  void hitRatioIsOneMinusAnsweredUpstreamSlotRequestsPerAnsweredRead() {
    slots(1, 101, "2030-01-07", "2030-01-08", 200);
    slots(2, 101, "2030-01-08", "2030-01-09", 200);
    slots(3, 101, "2030-01-09", "2030-01-10", 200);
    slots(4, 101, "2030-01-09", "2030-01-10", 429); // a refused request is no answer
    slots(70, 101, "2030-01-09", "2030-01-10", 200); // outside the first minute
    List<Recorder.Read> reads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      reads.add(new Recorder.Read(i, true));
    }
    reads.add(new Recorder.Read(5, false)); // not answered: counts on neither side

    JournalAnalysis j = new JournalAnalysis(journal, time);

    assertThat(j.hitRatio(reads, 0, 60)).isCloseTo(0.7, within(1e-9));
    assertThat(j.hitRatio(List.of(), 0, 60)).isNull();
    assertThat(j.requests429()).isEqualTo(1);
  }

  @Test
  void theTruthProbeIsLeftOutOfEveryFigure() {
    slots(1, 101, "2030-01-07", "2030-01-08", 200);
    call(2, "GET", "/v2/slots", "eventTypeId=101&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z", "", 200,
        BacklogRunner.TRUTH_HEADER.toLowerCase(java.util.Locale.ROOT), "1");

    JournalAnalysis j = new JournalAnalysis(journal, time);

    assertThat(j.upstreamRequests()).isEqualTo(1);
  }

  @Test
  void maxInAnyWindowSlidesOverSimulatedTime() {
    for (int i = 0; i < 5; i++) {
      slots(10 + i, 101, "2030-01-07", "2030-01-08", 200); // 10..14
    }
    for (int i = 0; i < 4; i++) {
      slots(75 + i, 101, "2030-01-07", "2030-01-08", 200); // 75..78: 61 s after 14, never in its window
    }
    assertThat(new JournalAnalysis(journal, time).maxInAnyWindow()).isEqualTo(5);

    slots(79.5, 101, "2030-01-07", "2030-01-08", 200);
    slots(79.9, 101, "2030-01-07", "2030-01-08", 200);
    assertThat(new JournalAnalysis(journal, time).maxInAnyWindow()).isEqualTo(6);
  }

  @Test
  void slotRequestsAreAttributedToFirstFillBookingOrExpiry() {
    Map<Long, Set<Long>> hosts = Map.of(101L, Set.of(1L), 102L, Set.of(1L), 104L, Set.of(2L));
    slots(1, 101, "2030-01-07", "2030-01-08", 200); // first fill
    booking(2, 102, "2030-01-07T10:00:00Z"); // alice again: drops 101 on the 7th too
    slots(3, 101, "2030-01-07", "2030-01-08", 200); // after booking
    slots(4, 104, "2030-01-07", "2030-01-08", 200); // bob: first fill
    slots(400, 104, "2030-01-07", "2030-01-08", 200); // no booking of bob's since: expired
    slots(401, 101, "2030-01-06", "2030-01-09", 200); // 6th and 8th first, 7th expired: expired wins

    Map<String, Long> causes = new JournalAnalysis(journal, time).slotRequestCauses(hosts);

    assertThat(causes).containsExactly(Map.entry("first_fill", 2L), Map.entry("after_booking", 1L),
        Map.entry("expired_or_refreshed", 2L));
  }

  @Test
  void theAccountCountsBookingTagsAmongEventTypesAskedForAndBinsReFetchesByAge() {
    Map<Long, Set<Long>> hosts = Map.of(101L, Set.of(1L), 102L, Set.of(1L), 103L, Set.of(1L), 104L, Set.of(2L));
    slots(1, 101, "2030-01-06", "2030-01-07", 200); // a Sunday, first fill
    slots(2, 102, "2030-01-07", "2030-01-08", 200); // Monday, first fill
    booking(3, 101, "2030-01-07T10:00:00Z"); // touches 101 and 102 on the 7th (103 is never asked for)
    slots(4, 102, "2030-01-07", "2030-01-08", 200); // after booking
    slots(101, 101, "2030-01-06", "2030-01-07", 200); // Sunday again after 100 s: empty-day refresh window
    slots(254, 102, "2030-01-07", "2030-01-08", 200); // Monday again after 250 s: standard refresh window

    JournalAnalysis.SlotRequestAccount a = new JournalAnalysis(journal, time).slotRequestAccount(hosts, Map.of());

    assertThat(a.causes()).containsExactly(Map.entry("first_fill", 2L), Map.entry("after_booking", 1L),
        Map.entry("expired_or_refreshed", 2L));
    assertThat(a.slotRequests()).isEqualTo(5);
    assertThat(a.bookings()).isEqualTo(1);
    assertThat(a.bookingTags()).isEqualTo(2);
    assertThat(a.tagsPerBooking()).isEqualTo(2.0);
    assertThat(a.expiredByAge()).containsEntry("96_to_120s_empty_day_refresh_window", 1L)
        .containsEntry("240_to_300s_standard_refresh_window", 1L);
    assertThat(a.expiredByAge().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2);
    assertThat(a.expiredWeekendOnly()).isEqualTo(1);
    assertThat(a.expiredEarlyAfterSpan()).isZero();
  }

  @Test
  void aDayFetchedAgainSoonAfterASpanFetchedItIsCounted() {
    slots(1, 101, "2030-01-07", "2030-01-12", 200); // an alternatives span: 5 UTC days
    slots(30, 101, "2030-01-09", "2030-01-10", 200); // one of them again after 29 s, no booking
    slots(60, 101, "2030-01-09", "2030-01-10", 200); // again after 30 s, but last fetched by a day read

    JournalAnalysis.SlotRequestAccount a =
        new JournalAnalysis(journal, time).slotRequestAccount(Map.of(101L, Set.of(1L)), Map.of());

    assertThat(a.causes()).containsEntry("expired_or_refreshed", 2L);
    assertThat(a.expiredByAge()).containsEntry("under_96s", 2L);
    assertThat(a.expiredEarlyAfterSpan()).isEqualTo(1);
  }

  @Test
  void aBookingCountsFromItsAnswerSoAFillFetchedWhileItWasInFlightIsDroppedByIt() {
    Map<Long, Set<Long>> hosts = Map.of(101L, Set.of(1L));
    call(10, "POST", "/v2/bookings", null, "{\"start\":\"2030-01-07T10:00:00Z\",\"eventTypeId\":101,"
        + "\"attendee\":{\"email\":\"op-1@load.test\"}}", 201); // arrives at 10, answered at 13
    slots(11, 101, "2030-01-07", "2030-01-08", 200); // first fill, while the create is in flight
    slots(20, 101, "2030-01-07", "2030-01-08", 200); // the answer at 13 made the client drop the fill of 11

    JournalAnalysis j = new JournalAnalysis(journal, time);

    assertThat(j.slotRequestAccount(hosts, Map.of("op-1@load.test", 13.0)).causes()).containsExactly(
        Map.entry("first_fill", 1L), Map.entry("after_booking", 1L), Map.entry("expired_or_refreshed", 0L));
    assertThat(j.slotRequestAccount(hosts, Map.of()).causes()).as("by arrival only, the fill looks newer")
        .containsExactly(Map.entry("first_fill", 1L), Map.entry("after_booking", 0L),
            Map.entry("expired_or_refreshed", 1L));
  }

  @Test
  void theHitRatioDiagnosticsLeaveOutOrKeepOnlyTheReFetchesAfterBookings() {
    SideResult r = new SideResult("calcom-client");
    r.answeredReads = 100;
    r.slotRequestAccount = new JournalAnalysis.SlotRequestAccount(
        Map.of("first_fill", 5L, "after_booking", 20L, "expired_or_refreshed", 15L), Map.of(), 0, 0, 10, 25);

    assertThat(r.hitRatioExcludingRefetchesAfterBookings()).isCloseTo(0.80, within(1e-9)); // 1 - 20 / 100
    assertThat(r.hitRatioCeilingAfterBookings()).isCloseTo(0.80, within(1e-9)); // 1 - 20 / 100
    assertThat(r.hitRatioCeilingEstimate()).isCloseTo(0.75, within(1e-9)); // 1 - 25 / 100
  }

  @Test
  void ageBinsFollowTheDefaultRefreshWindows() {
    assertThat(JournalAnalysis.ageBin(10)).isEqualTo("under_96s");
    assertThat(JournalAnalysis.ageBin(96)).isEqualTo("96_to_120s_empty_day_refresh_window");
    assertThat(JournalAnalysis.ageBin(299.9)).isEqualTo("240_to_300s_standard_refresh_window");
    assertThat(JournalAnalysis.ageBin(3600)).isEqualTo("600s_and_more");
  }

  @Test
  void firstMinuteReachingAThreshold() {
    List<double[]> series = List.of(new double[] {1, 0.2}, new double[] {2, 0.59}, new double[] {3, 0.61});

    assertThat(JournalAnalysis.firstMinuteReaching(series, 0.6)).isEqualTo(3.0);
    assertThat(JournalAnalysis.firstMinuteReaching(series, 0.9)).isNull();
  }

  @Test
  void duplicatesPreventedComparesRepeatedUpstreamQueriesWithRepeatedDemand() {
    slots(1, 101, "2030-01-07", "2030-01-08", 200);
    slots(2, 101, "2030-01-07", "2030-01-08", 200); // one duplicate upstream
    List<Recorder.Lookup> lookups = new ArrayList<>();
    String key = Recorder.lookupKey(101, java.time.Instant.parse("2030-01-07T00:00:00Z"),
        java.time.Instant.parse("2030-01-08T00:00:00Z"), "UTC");
    for (int i = 0; i < 5; i++) {
      lookups.add(new Recorder.Lookup(i, key, true)); // four duplicates asked for
    }

    assertThat(new JournalAnalysis(journal, time).duplicatesPrevented(lookups, 0, 60))
        .isCloseTo(0.75, within(1e-9));
  }
}
