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
   */
  record SlotAnswer(String request, double receivedAt) {}

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
   * their days: every UTC day of an availability check's range, any UTC day of a search's range, fetched (2xx)
   * at most {@code heldSeconds} before the operation started, its answer received by the client before the
   * operation started, and touched by no booking since it reached Cal.com. A booking touches the UTC day of its
   * start for every event type sharing a host with the booked one, from when its create was answered (the client
   * drops those days then). A day held longer than that may have left the cache, so the count errs on the side of
   * "not held". A fetch Cal.com had received but whose answer was still on its way back (the fake's latency: about
   * 300 ms for slots) holds nothing yet: no client can serve a day from an answer it has not received. Each journal
   * call is matched to the first answer to the same request received at or after its arrival.
   *
   * @param calls the journal, in arrival order, with {@code times} its arrivals (simulated seconds)
   * @param ops the harness's operations
   * @param hosts each event type's hosts
   * @param answeredAt when each create was answered (simulated seconds), by attendee email
   * @param heldSeconds how long after its fetch a day certainly is in the cache, fresh or kept to be served stale
   * @param answers when the client received each answer of {@code GET /v2/slots}
   */
  static long refusedWhileHeld(List<RecordedCall> calls, double[] times, List<OpRecord> ops,
      Map<Long, Set<Long>> hosts, Map<String, Double> answeredAt, double heldSeconds, List<SlotAnswer> answers) {
    Map<String, List<Double>> received = new HashMap<>();
    for (SlotAnswer a : answers) {
      received.computeIfAbsent(a.request(), k -> new ArrayList<>()).add(a.receivedAt());
    }
    received.values().forEach(l -> l.sort(null));
    Map<String, Integer> matched = new HashMap<>();
    Map<String, List<double[]>> fetched = new HashMap<>();
    Map<String, List<Double>> touched = new HashMap<>();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < calls.size(); i++) {
      RecordedCall c = calls.get(i);
      int status = c.responseStatus();
      if ("GET".equals(c.method()) && "/v2/slots".equals(c.path()) && status >= 200 && status < 300) {
        HttpUrl url = HttpUrl.get("http://x/?" + (c.query() == null ? "" : c.query()));
        try {
          Instant start = Instant.parse(url.queryParameter("start"));
          Instant end = Instant.parse(url.queryParameter("end"));
          double receivedAt = receipt(received, matched,
              slotsKey(url.queryParameter("eventTypeId"), url.queryParameter("start"), url.queryParameter("end")),
              times[i]);
          for (LocalDate d : utcDays(start, end)) {
            fetched.computeIfAbsent(url.queryParameter("eventTypeId") + "|" + d, k -> new ArrayList<>())
                .add(new double[] {times[i], receivedAt});
          }
        } catch (RuntimeException e) {
          // not a range the harness asked for
        }
      } else if ("POST".equals(c.method()) && "/v2/bookings".equals(c.path()) && status == 201) {
        try {
          JsonNode body = json.readTree(c.body());
          long booked = body.path("eventTypeId").asLong();
          LocalDate day = LocalDate.ofInstant(Instant.parse(body.path("start").asText()), ZoneOffset.UTC);
          double at = Math.max(times[i], answeredAt.getOrDefault(body.path("attendee").path("email").asText(),
              times[i]));
          Set<Long> bookedHosts = hosts.getOrDefault(booked, Set.of());
          hosts.forEach((et, h) -> {
            if (et == booked || h.stream().anyMatch(bookedHosts::contains)) {
              touched.computeIfAbsent(et + "|" + day, k -> new ArrayList<>()).add(at);
            }
          });
        } catch (RuntimeException | IOException e) {
          // not a booking body the harness sent
        }
      }
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
        boolean held = held(fetched.getOrDefault(key, List.of()), touched.getOrDefault(key, List.of()),
            o.simStart(), heldSeconds);
        all &= held;
        any |= held;
      }
      if (o.op() == Op.AVAILABILITY ? all : any) {
        refused++;
      }
    }
    return refused;
  }

  /**
   * When the client received the answer to the journal's call to {@code key} that arrived at {@code arrival}: the
   * first answer to it received at or after the arrival and not matched to an earlier call, or infinity for none.
   * Calls are matched in arrival order.
   */
  private static double receipt(Map<String, List<Double>> received, Map<String, Integer> matched, String key,
      double arrival) {
    List<Double> times = received.getOrDefault(key, List.of());
    int next = matched.getOrDefault(key, 0);
    while (next < times.size() && times.get(next) < arrival) {
      next++;
    }
    if (next >= times.size()) {
      matched.put(key, next);
      return Double.POSITIVE_INFINITY;
    }
    matched.put(key, next + 1);
    return times.get(next);
  }

  /**
   * Whether the last fetch (by its arrival at Cal.com) whose answer the client received before {@code at} is recent
   * enough and no booking touched the day since it arrived.
   */
  private static boolean held(List<double[]> fetches, List<Double> bookings, double at, double heldSeconds) {
    double last = Double.NEGATIVE_INFINITY;
    for (double[] f : fetches) {
      if (f[1] <= at && f[0] > last) {
        last = f[0];
      }
    }
    if (at - last > heldSeconds) {
      return false;
    }
    for (double b : bookings) {
      if (b >= last && b <= at) {
        return false;
      }
    }
    return true;
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
