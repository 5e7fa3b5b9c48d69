package dev.calcomclient.examples.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testkit.RecordedCall;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;

/**
 * Issue 18's figures of a client at its rate limit: how much of the budget it used in the minutes it ran short
 * of it, and which operations it refused although its cache held their days. From the journal and the client's
 * own record of when it waited or refused for lack of budget ({@link LoadClient#budgetShortfalls()}).
 */
final class OverloadAnalysis {
  static final double MINUTE = 60;

  /**
   * Upstream requests per simulated minute in the minutes in which the client refused or delayed an attempt for
   * lack of budget.
   *
   * @param perMinute each such minute's upstream requests, in minute order
   * @param median their median (the mean of the two middle ones for an even count), or null without such minutes
   */
  record Saturation(List<Integer> perMinute, Double median) {}

  /**
   * A 2xx answer of {@code GET /v2/slots} as the client received it.
   *
   * @param request the call's {@link #slotsKey}
   * @param receivedAt when an instance of the client received it, simulated seconds
   * @param sentAt when that attempt left the client (after its rate-limit token), simulated seconds
   */
  record SlotAnswer(String request, double receivedAt, double sentAt) {
    /** An answer whose attempt left the client {@code latency} seconds before it came back. */
    static SlotAnswer of(String request, double receivedAt, double latency) {
      return new SlotAnswer(request, receivedAt, receivedAt - Math.max(0, latency));
    }
  }

  /**
   * How long after a booking's answer its invalidation may reach L2 and still be taken for it: the first invalidation
   * of a touched day L2 completed within this of the answer (after the create reached Cal.com) is the booking's;
   * without one, the booking counts from its answer. Measured: L2 took a booking's invalidation 0.001-0.2 simulated
   * seconds after the answer (bus_publish_after_booking in the report), up to about 1 s on a loaded machine.
   */
  static final double INVALIDATION_REACHES_L2_WITHIN = 2.0;

  /**
   * How long before the harness saw a create answered its invalidation may have reached L2: the client issues it when
   * Cal.com's answer arrives, before the caller's future completes, so L2 may take it a little before the harness
   * records the answer (a few milliseconds of wall time). Only invalidations from then on are taken for the booking: a
   * create waits seconds for Cal.com's answer, and an earlier invalidation of the same day is another change's.
   */
  static final double INVALIDATION_ISSUED_BEFORE_ANSWER = 0.5;

  private OverloadAnalysis() {}

  /** What identifies a slots call in the journal and in the client's {@link SlotAnswer}s. */
  static String slotsKey(String eventTypeId, String start, String end) {
    return eventTypeId + "|" + start + "|" + end;
  }

  /**
   * The saturated minutes of a run: the whole simulated minutes {@code [60k, 60k + 60)} that end within
   * {@code durationSeconds} and hold at least one shortfall.
   *
   * @param requestTimes arrival of every upstream request (429'd ones included), simulated seconds
   * @param shortfalls when the client refused or delayed an attempt for lack of budget, simulated seconds
   * @param durationSeconds the scenario's simulated length
   */
  static Saturation saturation(double[] requestTimes, Collection<Double> shortfalls, double durationSeconds) {
    int minutes = (int) Math.floor(durationSeconds / MINUTE + 1e-9);
    Set<Integer> saturated = new TreeSet<>();
    for (double t : shortfalls) {
      int m = (int) Math.floor(t / MINUTE);
      if (m >= 0 && m < minutes) {
        saturated.add(m);
      }
    }
    int[] counts = new int[Math.max(0, minutes)];
    for (double t : requestTimes) {
      int m = (int) Math.floor(t / MINUTE);
      if (m >= 0 && m < minutes) {
        counts[m]++;
      }
    }
    List<Integer> perMinute = saturated.stream().map(m -> counts[m]).toList();
    if (perMinute.isEmpty()) {
      return new Saturation(perMinute, null);
    }
    List<Integer> sorted = perMinute.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    return new Saturation(perMinute, median);
  }

  /**
   * The median, over the client's shortfalls, of the upstream requests in the 60 s ending at each one (null without
   * shortfalls). A diagnostic beside {@link #saturation}: a client that sends its whole budget at once after a quiet
   * spell and then refuses until the oldest request is 60 s old is saturated in a sliding window that straddles two
   * whole minutes, each of which may hold much less than the budget.
   *
   * @param requestTimes arrival of every upstream request (429'd ones included), simulated seconds
   * @param shortfalls when the client refused or delayed an attempt for lack of budget, simulated seconds
   */
  static Double trailingWindowMedian(double[] requestTimes, Collection<Double> shortfalls) {
    if (shortfalls.isEmpty()) {
      return null;
    }
    double[] sorted = requestTimes.clone();
    java.util.Arrays.sort(sorted);
    List<Integer> counts = new java.util.ArrayList<>();
    for (double t : shortfalls) {
      counts.add(upTo(sorted, t) - upTo(sorted, t - MINUTE));
    }
    List<Integer> ordered = counts.stream().sorted().toList();
    int n = ordered.size();
    return n % 2 == 1 ? (double) ordered.get(n / 2) : (ordered.get(n / 2 - 1) + ordered.get(n / 2)) / 2.0;
  }

  /** How many of the ascending {@code sorted} times are at most {@code t}. */
  private static int upTo(double[] sorted, double t) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Availability checks and alternatives searches that the client's own limiter refused although its cache held
   * their days: every UTC day of an availability check's range, any UTC day of a search's range. A day is held at the
   * operation's start {@code T} when a 2xx fetch of it (any instance's)
   * <ul>
   *   <li>reached Cal.com at most {@code heldSeconds} before {@code T} (longer, it may have left the cache: the count
   *       errs on the side of "not held");
   *   <li>was in the cache by {@code T}: its answer received by the client and, with an L2, its fill taken by L2 (the
   *       first fill of that day L2 completed after the answer: until then only the fetching instance has it, and an
   *       instance counts a day as missing until its answer is stored, not when its HTTP answer arrives); a fetch
   *       whose answer is never matched holds nothing;
   *   <li>and was sent after every booking touching the day was known, with none becoming known between its sending
   *       and the refusal (the operation's end: a copy a booking made stale while the operation waited for its token
   *       is not one the client may serve). A booking touches the UTC day of its start for every event type sharing a host with the
   *       booked one; it is known from when its invalidation reached L2 (the first invalidation of that day L2
   *       completed from {@link #INVALIDATION_ISSUED_BEFORE_ANSWER} before the harness saw the create answered to
   *       {@link #INVALIDATION_REACHES_L2_WITHIN} after), else from its answer; or earlier, from the refusal of a
   *       competing create of the same time (an event type sharing a host) that reached Cal.com after it and was refused
   *       before it was answered: the refusal tells the client the time is taken, and a copy that still offers it is
   *       dropped (and must be: serving it would offer a taken time). No client can keep an answer whose request left before it knew of a booking: Cal.com
   *       may or may not have applied it (the fake's latency is about 300 ms for slots), and offering a taken time is
   *       worse than refusing. So a fetch that reached Cal.com after another instance's booking, but left before that
   *       booking's invalidation reached L2, holds nothing.
   * </ul>
   * Each journal call is matched to the first answer to the same request sent by its arrival and received at or after
   * it.
   *
   * @param calls the journal, in arrival order, with {@code times} its arrivals (simulated seconds)
   * @param ops the harness's operations
   * @param hosts each event type's hosts
   * @param answeredAt when each create was answered (simulated seconds), by attendee email
   * @param onWire when the client received Cal.com's answer to each create (its last attempt), by attendee email
   * @param heldSeconds how long after its fetch a day certainly is in the cache, fresh or kept to be served stale
   * @param answers when the client sent and received each answer of {@code GET /v2/slots}
   * @param l2 when L2 took fills and invalidations ({@link L2Log.Record#NONE} without an L2)
   */
  static long refusedWhileHeld(List<RecordedCall> calls, double[] times, List<OpRecord> ops,
      Map<Long, Set<Long>> hosts, Map<String, Double> answeredAt, Map<String, Double> onWire, double heldSeconds,
      List<SlotAnswer> answers,
      L2Log.Record l2) {
    Map<String, List<SlotAnswer>> received = new HashMap<>();
    for (SlotAnswer a : answers) {
      received.computeIfAbsent(a.request(), k -> new ArrayList<>()).add(a);
    }
    received.values().forEach(l -> l.sort((x, y) -> Double.compare(x.receivedAt(), y.receivedAt())));
    Map<String, boolean[]> matched = new HashMap<>();
    Map<String, List<Fetch>> fetched = new HashMap<>();
    Map<String, List<Double>> known = new HashMap<>();
    List<Create> created = new ArrayList<>();
    List<Create> refusals = new ArrayList<>();
    Map<String, OpRecord> bookingOps = new HashMap<>();
    for (OpRecord o : ops) {
      if (o.op() == Op.BOOK) {
        bookingOps.put(o.id() + "@load.test", o);
      }
    }
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < calls.size(); i++) {
      RecordedCall c = calls.get(i);
      int status = c.responseStatus();
      if ("GET".equals(c.method()) && "/v2/slots".equals(c.path()) && status >= 200 && status < 300) {
        HttpUrl url = HttpUrl.get("http://x/?" + (c.query() == null ? "" : c.query()));
        try {
          Instant start = Instant.parse(url.queryParameter("start"));
          Instant end = Instant.parse(url.queryParameter("end"));
          SlotAnswer answer = receipt(received, matched,
              slotsKey(url.queryParameter("eventTypeId"), url.queryParameter("start"), url.queryParameter("end")),
              times[i]);
          if (answer == null) {
            continue; // never answered to the client: holds nothing
          }
          for (LocalDate d : utcDays(start, end)) {
            String day = url.queryParameter("eventTypeId") + "|" + d;
            double stored = answer.receivedAt();
            if (l2.present()) {
              double fill = L2Log.Record.firstBetween(l2.filled().getOrDefault(day, List.of()), stored,
                  Double.POSITIVE_INFINITY);
              stored = Double.isNaN(fill) ? stored : fill;
            }
            fetched.computeIfAbsent(day, k -> new ArrayList<>())
                .add(new Fetch(times[i], answer.sentAt(), stored));
          }
        } catch (RuntimeException e) {
          // not a range the harness asked for
        }
      } else if ("POST".equals(c.method()) && "/v2/bookings".equals(c.path())
          && (status == 201 || REFUSED_AS_TAKEN.contains(status))) {
        try {
          JsonNode body = json.readTree(c.body());
          long eventTypeId = body.path("eventTypeId").asLong();
          Instant start = Instant.parse(body.path("start").asText());
          String email = body.path("attendee").path("email").asText();
          double wire = onWire.getOrDefault(email, Double.NaN);
          if (status == 201) {
            double answered = Math.max(times[i], answeredAt.getOrDefault(email, times[i]));
            created.add(new Create(eventTypeId, start, times[i], answered, wire));
          } else {
            OpRecord op = bookingOps.get(email);
            refusals.add(new Create(eventTypeId, start, times[i], op == null ? times[i] : op.simEnd(), wire));
          }
        } catch (RuntimeException | IOException e) {
          // not a booking body the harness sent
        }
      }
    }
    for (Create b : created) {
      LocalDate date = LocalDate.ofInstant(b.start(), ZoneOffset.UTC);
      Set<Long> bookedHosts = hosts.getOrDefault(b.eventTypeId(), Set.of());
      // a competing create of the same time refused before this one was answered told the client of it
      Create firstRefusal = null;
      for (Create r : refusals) {
        if (r.start().equals(b.start()) && r.arrived() >= b.arrived() && r.answered() < b.answered()
            && sharesHost(hosts, r.eventTypeId(), bookedHosts)
            && (firstRefusal == null || r.answered() < firstRefusal.answered())) {
          firstRefusal = r;
        }
      }
      Create refusal = firstRefusal;
      hosts.forEach((et, h) -> {
        if (et == b.eventTypeId() || h.stream().anyMatch(bookedHosts::contains)) {
          String day = et + "|" + date;
          List<Double> invalidations = l2.invalidated().getOrDefault(day, List.of());
          double k = knownAt(invalidations, b);
          if (refusal != null && refusal.answered() < k) {
            k = Math.min(k, knownAt(invalidations, refusal));
          }
          known.computeIfAbsent(day, x -> new ArrayList<>()).add(k);
        }
      });
    }
    long refused = 0;
    for (OpRecord o : ops) {
      if (o.outcome() != Outcome.LOCAL_RATE_LIMIT || (o.op() != Op.AVAILABILITY && o.op() != Op.ALTERNATIVES)) {
        continue;
      }
      boolean all = true;
      boolean any = false;
      for (LocalDate d : utcDays(o.rangeStart(), o.rangeEnd())) {
        String key = o.eventTypeId() + "|" + d;
        boolean held = held(fetched.getOrDefault(key, List.of()), known.getOrDefault(key, List.of()),
            o.simStart(), o.simEnd(), heldSeconds);
        all &= held;
        any |= held;
      }
      if (o.op() == Op.AVAILABILITY ? all : any) {
        refused++;
      }
    }
    return refused;
  }

  /** The statuses Cal.com refuses a create of a time no longer free with (the client's SlotUnavailableException). */
  static final Set<Integer> REFUSED_AS_TAKEN = Set.of(400, 409, 422);

  /**
   * A create the journal holds.
   *
   * @param arrived when it reached Cal.com
   * @param answered when the harness had its answer (a booking) or its refusal
   * @param onWire when the client received Cal.com's answer (NaN when not recorded)
   */
  private record Create(long eventTypeId, Instant start, double arrived, double answered, double onWire) {}

  /** Whether {@code eventTypeId} has one of {@code bookedHosts}. */
  private static boolean sharesHost(Map<Long, Set<Long>> hosts, long eventTypeId, Set<Long> bookedHosts) {
    return hosts.getOrDefault(eventTypeId, Set.of()).stream().anyMatch(bookedHosts::contains);
  }

  /**
   * When the change {@code c} reached every instance: the first invalidation of its day L2 took from when the client
   * received Cal.com's answer (it issues the invalidation then; without that record, from {@link
   * #INVALIDATION_ISSUED_BEFORE_ANSWER} before the harness had the answer, and never before the create reached
   * Cal.com) to {@link #INVALIDATION_REACHES_L2_WITHIN} after the harness had it; else when the harness had it.
   */
  private static double knownAt(List<Double> invalidations, Create c) {
    double from = Double.isNaN(c.onWire())
        ? Math.max(c.arrived(), c.answered() - INVALIDATION_ISSUED_BEFORE_ANSWER)
        : c.onWire();
    double reached = L2Log.Record.firstBetween(invalidations, from, c.answered() + INVALIDATION_REACHES_L2_WITHIN);
    return Double.isNaN(reached) ? c.answered() : reached;
  }

  /**
   * One fetch of one day.
   *
   * @param arrival when it reached Cal.com
   * @param sent when it left the client
   * @param stored when the cache had it (its answer received, and with an L2 its fill taken)
   */
  private record Fetch(double arrival, double sent, double stored) {}

  /**
   * The answer to the journal's call to {@code key} that arrived at {@code arrival}: the first answer to it not matched
   * to an earlier call whose attempt left the client by the arrival (give or take {@link #CLOCKS_AGREE_WITHIN}) and
   * came back at or after it, or null for none (an attempt the client gave up on before Cal.com answered). Calls are
   * matched in arrival order. Matching on both ends keeps a call whose answer the client never received from taking
   * the answer of a later request for the same range (the days of a block are asked for with the same range by every
   * instance).
   */
  private static SlotAnswer receipt(Map<String, List<SlotAnswer>> received, Map<String, boolean[]> used, String key,
      double arrival) {
    List<SlotAnswer> answers = received.getOrDefault(key, List.of());
    boolean[] taken = used.computeIfAbsent(key, k -> new boolean[answers.size()]);
    for (int i = 0; i < answers.size(); i++) {
      SlotAnswer a = answers.get(i);
      if (!taken[i] && a.receivedAt() >= arrival && a.sentAt() <= arrival + CLOCKS_AGREE_WITHIN) {
        taken[i] = true;
        return a;
      }
    }
    return null;
  }

  /**
   * How far the client's simulated clock and the journal's may disagree on one moment, in simulated seconds: both
   * derive from the same wall clock, read on different threads (about 1 ms of wall time at x60).
   */
  static final double CLOCKS_AGREE_WITHIN = 0.1;

  /**
   * Whether a fetch in the cache when the operation looked ({@code at}), recent enough, was sent after every booking
   * of the day known by the time the client refused ({@code refusedAt}; {@code known}: when each became known). A
   * copy a booking made stale while the operation waited for its token is not one the client may serve.
   */
  private static boolean held(List<Fetch> fetches, List<Double> known, double at, double refusedAt,
      double heldSeconds) {
    for (Fetch f : fetches) {
      if (f.stored() > at || at - f.arrival() > heldSeconds) {
        continue;
      }
      boolean touched = false;
      for (double k : known) {
        if (k > f.sent() && k <= Math.max(at, refusedAt)) {
          touched = true;
          break;
        }
      }
      if (!touched) {
        return true;
      }
    }
    return false;
  }

  /** The UTC days a range {@code [start, end)} covers. */
  static List<LocalDate> utcDays(Instant start, Instant end) {
    List<LocalDate> days = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }
}
