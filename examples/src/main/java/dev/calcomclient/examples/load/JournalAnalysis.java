package dev.calcomclient.examples.load;

import dev.calcomclient.testkit.RecordedCall;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The upstream figures of one client side, computed from FakeCalcom's request journal (what reached "Cal.com"),
 * never from the client's own counters; plus the demand side (lookups the harness asked for) where a ratio needs
 * it.
 */
final class JournalAnalysis {
  static final double WINDOW_SECONDS = 60;
  static final double SERIES_STEP_SECONDS = 5;

  private final List<RecordedCall> calls;
  private final double[] times;
  private final SimTime time;

  JournalAnalysis(List<RecordedCall> journal, SimTime time) {
    // the backlog scenario's truth probe is the harness asking, not a client: left out of every figure
    this.calls = journal.stream()
        .filter(c -> c.header(BacklogRunner.TRUTH_HEADER) == null)
        .sorted(Comparator.comparing(RecordedCall::time))
        .toList();
    this.time = time;
    this.times = calls.stream().mapToDouble(c -> time.secondsAt(c.time())).toArray();
  }

  int upstreamRequests() {
    return calls.size();
  }

  /** The recorded requests, in arrival order (the truth probe left out). */
  List<RecordedCall> calls() {
    return calls;
  }

  /** Each recorded request's arrival, simulated seconds, in the order of {@link #calls()}. */
  double[] requestTimes() {
    return times.clone();
  }

  /** Upstream requests per endpoint ({@code "GET /v2/slots"}), in first-seen order. */
  Map<String, Long> countsByEndpoint() {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    for (RecordedCall c : calls) {
      m.merge(c.endpoint() == null ? c.method() + " " + c.path() : c.endpoint(), 1L, Long::sum);
    }
    return m;
  }

  long requests429() {
    return calls.stream().filter(c -> c.responseStatus() == 429).count();
  }

  /** Times the key got blocked: a 429 that follows a non-429 answer (or opens the run). */
  int blocks() {
    int blocks = 0;
    boolean blocked = false;
    for (RecordedCall c : calls) {
      boolean is429 = c.responseStatus() == 429;
      if (is429 && !blocked) {
        blocks++;
      }
      blocked = is429;
    }
    return blocks;
  }

  long bookingsCreatedUpstream() {
    return calls.stream()
        .filter(c -> "POST".equals(c.method()) && "/v2/bookings".equals(c.path()) && c.responseStatus() == 201)
        .count();
  }

  /** The most requests in any sliding 60 s window of simulated time (429'd ones included, as Cal.com counts). */
  int maxInAnyWindow() {
    int best = 0;
    int first = 0;
    for (int last = 0; last < times.length; last++) {
      while (times[last] - times[first] >= WINDOW_SECONDS) {
        first++;
      }
      best = Math.max(best, last - first + 1);
    }
    return best;
  }

  /** Requests in the trailing 60 s window, sampled every 5 simulated seconds: {@code [t, count]} pairs. */
  List<double[]> windowSeries(double durationSeconds) {
    List<double[]> series = new ArrayList<>();
    double end = Math.max(durationSeconds, times.length == 0 ? 0 : times[times.length - 1]);
    for (double t = 0; t <= end + 1e-9; t += SERIES_STEP_SECONDS) {
      double from = t - WINDOW_SECONDS;
      double to = t;
      int count = (int) Arrays.stream(times).filter(x -> x > from && x <= to).count();
      series.add(new double[] {t, count});
    }
    return series;
  }

  private boolean isSlotsLookup(RecordedCall c) {
    return "GET".equals(c.method()) && "/v2/slots".equals(c.path());
  }

  private List<Integer> slotsLookupIndexes() {
    return slotsLookupIndexes(false);
  }

  /** Indexes of the recorded {@code GET /v2/slots}, all of them or only those answered 2xx. */
  private List<Integer> slotsLookupIndexes(boolean answeredOnly) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      int status = calls.get(i).responseStatus();
      if (isSlotsLookup(calls.get(i)) && (!answeredOnly || (status >= 200 && status < 300))) {
        idx.add(i);
      }
    }
    return idx;
  }

  /**
   * Share of the logical availability reads answered over {@code [from, to)} simulated seconds that cost no
   * upstream slot request of their own: {@code 1 - upstream GET /v2/slots answered 2xx / reads answered}, clamped to
   * [0, 1]; null without answered reads. Every upstream slot request counts (refresh-ahead and span fetches of the
   * cache included); reads the client refused or failed count on neither side.
   */
  Double hitRatio(List<Recorder.Read> reads, double from, double to) {
    long demand = reads.stream().filter(r -> r.answered() && r.simTime() >= from && r.simTime() < to).count();
    if (demand == 0) {
      return null;
    }
    long upstream = slotsLookupIndexes(true).stream().filter(i -> times[i] >= from && times[i] < to).count();
    return Math.max(0.0, Math.min(1.0, 1.0 - (double) upstream / demand));
  }

  /** Hit ratio per simulated minute: {@code [minute end, ratio]} pairs (minutes without reads left out). */
  List<double[]> hitRatioSeries(List<Recorder.Read> reads, double durationSeconds) {
    List<double[]> series = new ArrayList<>();
    for (double m = 0; m < durationSeconds - 1e-9; m += 60) {
      Double r = hitRatio(reads, m, m + 60);
      if (r != null) {
        series.add(new double[] {(m + 60) / 60.0, r});
      }
    }
    return series;
  }

  /** The first simulated minute (1-based) whose hit ratio reached {@code threshold}, or null if none did. */
  static Double firstMinuteReaching(List<double[]> series, double threshold) {
    for (double[] p : series) {
      if (p[1] >= threshold) {
        return p[0];
      }
    }
    return null;
  }

  /**
   * Share of duplicate lookups (a key asked for again) that did not become a duplicate upstream call (a slots
   * query answered again with the same parameters), over {@code [from, to)} simulated seconds; answered lookups
   * and 2xx upstream answers only, so a refused lookup does not count as a prevented duplicate. Null when the
   * answered demand had no duplicates.
   */
  Double duplicatesPrevented(List<Recorder.Lookup> lookups, double from, double to) {
    List<Recorder.Lookup> inRange = lookups.stream()
        .filter(l -> l.answered() && l.simTime() >= from && l.simTime() < to).toList();
    long demandDuplicates = inRange.size() - inRange.stream().map(Recorder.Lookup::key).distinct().count();
    if (demandDuplicates == 0) {
      return null;
    }
    Set<String> seen = new HashSet<>();
    long upstreamDuplicates = 0;
    for (int i : slotsLookupIndexes(true)) {
      if (times[i] >= from && times[i] < to && !seen.add(upstreamKey(calls.get(i)))) {
        upstreamDuplicates++;
      }
    }
    return Math.max(0.0, Math.min(1.0, 1.0 - (double) upstreamDuplicates / demandDuplicates));
  }

  /** The lookup key of a recorded {@code GET /v2/slots}, in {@link Recorder#lookupKey} form. */
  static String upstreamKey(RecordedCall c) {
    HttpUrl url = HttpUrl.get("http://x/?" + (c.query() == null ? "" : c.query()));
    String start = url.queryParameter("start");
    String end = url.queryParameter("end");
    try {
      return Recorder.lookupKey(Long.parseLong(String.valueOf(url.queryParameter("eventTypeId"))),
          Instant.parse(start), Instant.parse(end), url.queryParameter("timeZone"));
    } catch (RuntimeException e) {
      return "raw|" + c.query();
    }
  }

  /**
   * Why each answered upstream slot request was made, judged from the journal alone: per UTC day it covered, the
   * day had never been fetched for the event type ({@code first_fill}); or a booking (answered 201) of an event type
   * sharing a host with it started on that day after the day's previous fetch ({@code after_booking}: the smart
   * invalidator dropped it; see {@link #slotRequestAccount} for when a booking counts); or neither ({@code expired_or_refreshed}: its time to live ran out, or refresh-ahead
   * renewed it). A request covering several days takes the first of after_booking, expired_or_refreshed, first_fill
   * that applies to one of them.
   *
   * @param hosts the host ids of each event type
   */
  Map<String, Long> slotRequestCauses(Map<Long, Set<Long>> hosts) {
    return slotRequestAccount(hosts, Map.of()).causes();
  }

  /**
   * The ages, in simulated seconds since the day's previous fetch, that bound the bins of
   * {@link SlotRequestAccount#expiredByAge()}: the refresh-ahead windows of core's default time to live policy
   * ({@code TtlPolicy.defaults()}, refresh-ahead when less than 20% is left): empty day 120 s (refreshed from 96 s),
   * few slots 180 s (from 144 s), standard 300 s (from 240 s), far future 600 s (from 480 s).
   */
  static final double[] AGE_EDGES = {96, 120, 144, 180, 240, 300, 480, 600};
  static final List<String> AGE_BINS = List.of("under_96s", "96_to_120s_empty_day_refresh_window", "120_to_144s",
      "144_to_180s_few_slots_refresh_window", "180_to_240s", "240_to_300s_standard_refresh_window", "300_to_480s",
      "480_to_600s_far_future_refresh_window", "600s_and_more");

  /**
   * The journal's account of the upstream slot requests, for explaining a hit ratio.
   *
   * @param causes                 see {@link #slotRequestCauses}
   * @param expiredByAge           the {@code expired_or_refreshed} requests by the age of the oldest day they
   *                               fetched again (bins {@link #AGE_BINS})
   * @param expiredWeekendOnly     {@code expired_or_refreshed} requests that fetched again only UTC Saturdays and
   *                               Sundays (days without working hours for every host of the default dataset, which
   *                               a query in the hosts' zones touches at its edges)
   * @param expiredEarlyAfterSpan  {@code expired_or_refreshed} requests under 96 s (before any default refresh
   *                               window) that fetched again only days last fetched by a span (a request of more
   *                               than 2 UTC days: an alternatives search; a day in a zone covers at most 2)
   * @param bookings               bookings created (answered 201)
   * @param bookingTags            (event type, UTC day) pairs those bookings touched among the event types whose
   *                               slots were asked for: the booked one and those sharing a host with it
   */
  record SlotRequestAccount(Map<String, Long> causes, Map<String, Long> expiredByAge, long expiredWeekendOnly,
      long expiredEarlyAfterSpan, long bookings, long bookingTags) {

    long slotRequests() {
      return causes.values().stream().mapToLong(Long::longValue).sum();
    }

    long afterBooking() {
      return causes.getOrDefault("after_booking", 0L);
    }

    /** Mean slot tags a booking touched; null without bookings. */
    Double tagsPerBooking() {
      return bookings == 0 ? null : (double) bookingTags / bookings;
    }
  }

  /**
   * See {@link SlotRequestAccount}; {@code hosts} as for {@link #slotRequestCauses}.
   *
   * <p>A booking counts from when its create was answered, if {@code answeredAt} knows (the client can only drop
   * the days it touched then, including a fill fetched while the create was in flight, which may or may not have
   * seen the booking), else from its arrival.
   *
   * @param answeredAt simulated seconds at which the harness got each create's answer, by attendee email
   */
  SlotRequestAccount slotRequestAccount(Map<Long, Set<Long>> hosts, Map<String, Double> answeredAt) {
    Map<String, Long> causes = new java.util.LinkedHashMap<>();
    causes.put("first_fill", 0L);
    causes.put("after_booking", 0L);
    causes.put("expired_or_refreshed", 0L);
    Map<String, Long> byAge = new java.util.LinkedHashMap<>();
    AGE_BINS.forEach(bin -> byAge.put(bin, 0L));
    long weekendOnly = 0;
    long earlyAfterSpan = 0;
    long bookings = 0;
    long bookingTags = 0;
    Set<String> askedFor = new HashSet<>();
    for (int i : slotsLookupIndexes(true)) {
      String et = HttpUrl.get("http://x/?" + nullToEmpty(calls.get(i).query())).queryParameter("eventTypeId");
      askedFor.add(String.valueOf(et));
    }
    // bookings at the time they took effect for the client, slot requests at their arrival, in time order
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    List<double[]> events = new ArrayList<>(); // {time, index of the call}
    Map<Integer, com.fasterxml.jackson.databind.JsonNode> bodies = new HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      RecordedCall c = calls.get(i);
      if ("POST".equals(c.method()) && "/v2/bookings".equals(c.path()) && c.responseStatus() == 201) {
        try {
          com.fasterxml.jackson.databind.JsonNode body = mapper.readTree(c.body());
          bodies.put(i, body);
          double at = Math.max(times[i], answeredAt.getOrDefault(body.path("attendee").path("email").asText(),
              times[i]));
          events.add(new double[] {at, i});
        } catch (RuntimeException | java.io.IOException e) {
          // not a booking body the harness sent; ignore
        }
      } else if (isSlotsLookup(c)) {
        events.add(new double[] {times[i], i});
      }
    }
    events.sort(Comparator.comparingDouble(e -> e[0]));
    Map<String, Double> lastFetch = new HashMap<>();
    Map<String, Boolean> lastFetchBySpan = new HashMap<>();
    Map<String, Double> lastBooking = new HashMap<>();
    for (double[] event : events) {
      int i = (int) event[1];
      RecordedCall c = calls.get(i);
      com.fasterxml.jackson.databind.JsonNode body = bodies.get(i);
      if (body != null) {
        long booked = body.path("eventTypeId").asLong();
        LocalDate day;
        try {
          day = LocalDate.ofInstant(Instant.parse(body.path("start").asText()), ZoneOffset.UTC);
        } catch (RuntimeException e) {
          continue; // not a booking body the harness sent
        }
        Set<Long> bookedHosts = hosts.getOrDefault(booked, Set.of());
        bookings++;
        for (Map.Entry<Long, Set<Long>> e : hosts.entrySet()) {
          if (e.getKey() == booked || e.getValue().stream().anyMatch(bookedHosts::contains)) {
            lastBooking.put(e.getKey() + "|" + day, event[0]);
            if (askedFor.contains(String.valueOf(e.getKey()))) {
              bookingTags++;
            }
          }
        }
        continue;
      }
      int status = c.responseStatus();
      if (!isSlotsLookup(c) || status < 200 || status >= 300) {
        continue;
      }
      HttpUrl url = HttpUrl.get("http://x/?" + nullToEmpty(c.query()));
      Instant start;
      Instant end;
      try {
        start = Instant.parse(url.queryParameter("start"));
        end = Instant.parse(url.queryParameter("end"));
      } catch (RuntimeException e) {
        continue;
      }
      String et = url.queryParameter("eventTypeId");
      boolean first = false;
      boolean expired = false;
      boolean afterBooking = false;
      double oldest = -1;
      boolean weekendsOnly = true;
      boolean spanOnly = true;
      LocalDate firstDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
      LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
      boolean span = java.time.temporal.ChronoUnit.DAYS.between(firstDay, last) >= 2;
      for (LocalDate d = firstDay; !d.isAfter(last); d = d.plusDays(1)) {
        String key = et + "|" + d;
        Double previous = lastFetch.put(key, times[i]);
        Boolean previousBySpan = lastFetchBySpan.put(key, span);
        Double booked = lastBooking.get(key);
        if (previous == null) {
          first = true;
        } else if (booked != null && booked >= previous) {
          afterBooking = true;
        } else {
          expired = true;
          oldest = Math.max(oldest, times[i] - previous);
          weekendsOnly &= d.getDayOfWeek().getValue() >= 6;
          spanOnly &= Boolean.TRUE.equals(previousBySpan);
        }
      }
      String cause = afterBooking ? "after_booking" : expired ? "expired_or_refreshed" : first ? "first_fill" : null;
      if (cause != null) {
        causes.merge(cause, 1L, Long::sum);
      }
      if ("expired_or_refreshed".equals(cause)) {
        byAge.merge(ageBin(oldest), 1L, Long::sum);
        if (weekendsOnly) {
          weekendOnly++;
        }
        if (spanOnly && oldest < AGE_EDGES[0]) {
          earlyAfterSpan++;
        }
      }
    }
    return new SlotRequestAccount(causes, byAge, weekendOnly, earlyAfterSpan, bookings, bookingTags);
  }

  static String ageBin(double ageSeconds) {
    int bin = 0;
    while (bin < AGE_EDGES.length && ageSeconds >= AGE_EDGES[bin]) {
      bin++;
    }
    return AGE_BINS.get(bin);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** How upstream calls were attributed to alternatives searches. */
  enum Attribution {
    EXACT_HEADER("exact: each request carries the operation id in a header"),
    BY_TIME_AND_RANGE("approximate: a slots request is attributed to an operation of the same event type that was"
        + " running when it arrived and whose range it overlaps, one that had made fewer upstream calls than lookups"
        + " first (the client sends no operation id)");

    final String description;

    Attribution(String description) {
      this.description = description;
    }
  }

  /** The most upstream calls any one alternatives search cost; null without alternatives searches. */
  Integer alternativesUpstreamMax(List<OpRecord> ops, Attribution attribution) {
    List<OpRecord> alts = ops.stream().filter(o -> o.op() == Op.ALTERNATIVES).toList();
    if (alts.isEmpty()) {
      return null;
    }
    Map<String, Integer> perOp = new HashMap<>();
    for (int i : slotsLookupIndexes()) {
      RecordedCall c = calls.get(i);
      if (attribution == Attribution.EXACT_HEADER) {
        String id = c.header(NaiveClient.OP_HEADER);
        if (id != null) {
          perOp.merge(id, 1, Integer::sum);
        }
        continue;
      }
      HttpUrl url = HttpUrl.get("http://x/?" + (c.query() == null ? "" : c.query()));
      String et = url.queryParameter("eventTypeId");
      Instant start;
      Instant end;
      try {
        start = Instant.parse(url.queryParameter("start"));
        end = Instant.parse(url.queryParameter("end"));
      } catch (RuntimeException e) {
        continue;
      }
      // every operation (not only searches) running at arrival, of the same event type, whose range overlaps;
      // prefer one that has made fewer upstream calls than lookups, then the one that started first
      OpRecord chosen = null;
      boolean chosenHasRoom = false;
      for (OpRecord o : ops) {
        boolean running = !c.time().isBefore(o.wallStart()) && !c.time().isAfter(o.wallEnd());
        boolean sameType = String.valueOf(o.eventTypeId()).equals(et);
        boolean overlaps = start.isBefore(o.rangeEnd()) && end.isAfter(o.rangeStart());
        if (!running || !sameType || !overlaps) {
          continue;
        }
        boolean hasRoom = perOp.getOrDefault(o.id(), 0) < o.lookups();
        if (chosen == null || (hasRoom && !chosenHasRoom)) {
          chosen = o;
          chosenHasRoom = hasRoom;
        }
      }
      if (chosen != null) {
        perOp.merge(chosen.id(), 1, Integer::sum);
      }
    }
    return alts.stream().mapToInt(o -> perOp.getOrDefault(o.id(), 0)).max().orElse(0);
  }
}
