package dev.calcomclient.testkit;

import dev.calcomclient.testkit.internal.SlidingWindow;
import dev.calcomclient.testkit.internal.TimeScale;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A snapshot of {@link FakeCalcom}'s request journal with the counts load tests ask for: per endpoint, per sliding
 * or fixed window. Windows are in simulated time (see {@code FakeCalcom.Builder.timeScale}), so a 60 s window means
 * one rate-limit window at any time scale.
 */
public final class RequestJournal {
  /** The key under which requests that matched no route are counted. */
  public static final String UNROUTED = "unrouted";

  private final List<RecordedCall> calls;
  private final TimeScale time;

  RequestJournal(List<RecordedCall> calls, TimeScale time) {
    this.calls = List.copyOf(calls);
    this.time = time;
  }

  /**
   * Every request, oldest first.
   *
   * @return every request, oldest first
   */
  public List<RecordedCall> calls() {
    return calls;
  }

  /**
   * Number of requests.
   *
   * @return number of requests
   */
  public int size() {
    return calls.size();
  }

  /**
   * Requests per endpoint ({@code "GET /v2/slots"}, ..., {@link #UNROUTED}), in order of first appearance.
   *
   * @return requests per endpoint ({@code "GET /v2/slots"}, ..., {@link #UNROUTED}), in order of first appearance
   */
  public Map<String, Long> countsByEndpoint() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (RecordedCall c : calls) {
      counts.merge(c.endpoint() == null ? UNROUTED : c.endpoint(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * Requests to one endpoint ({@code "POST /v2/bookings"}).
   *
   * @param endpoint the endpoint
   * @return requests to one endpoint ({@code "POST /v2/bookings"})
   */
  public long count(String endpoint) {
    return calls.stream().filter(c -> Objects.equals(endpoint, c.endpoint())).count();
  }

  /**
   * The requests that match {@code filter}.
   *
   * @param filter the filter
   * @return the requests that match {@code filter}
   */
  public List<RecordedCall> where(Predicate<RecordedCall> filter) {
    return calls.stream().filter(filter).toList();
  }

  /**
   * The largest number of requests in any sliding window of {@code window} (simulated time).
   *
   * @param window the window
   * @return the largest number of requests in any sliding window of {@code window} (simulated time)
   */
  public int maxInAnyWindow(Duration window) {
    return maxInAnyWindow(window, c -> true);
  }

  /**
   * The largest number of requests matching {@code filter} in any sliding window of {@code window}.
   *
   * @param window the window
   * @param filter the filter
   * @return the largest number of requests matching {@code filter} in any sliding window of {@code window}
   */
  public int maxInAnyWindow(Duration window, Predicate<RecordedCall> filter) {
    long[] times = simulatedTimes(filter);
    return SlidingWindow.maxInAnyWindow(times, times.length, window.toNanos());
  }

  /**
   * Requests per consecutive fixed window of {@code window} (simulated time), starting at the first request: the
   * series a "requests per minute against the limit" chart plots.
   *
   * @param window the window
   * @return requests per consecutive fixed window of {@code window} (simulated time), starting at the first request:
   *     the series a "requests per minute against the limit" chart plots
   */
  public List<Integer> countsPerWindow(Duration window) {
    long[] times = simulatedTimes(c -> true);
    List<Integer> counts = new ArrayList<>();
    if (times.length == 0) {
      return counts;
    }
    long start = times[0];
    for (long t : times) {
      int index = (int) ((t - start) / window.toNanos());
      while (counts.size() <= index) {
        counts.add(0);
      }
      counts.set(index, counts.get(index) + 1);
    }
    return counts;
  }

  /**
   * Successful booking creations ({@code POST /v2/bookings} answered 201, even if the client never saw it).
   *
   * @return successful booking creations ({@code POST /v2/bookings} answered 201, even if the client never saw it)
   */
  public List<RecordedCall> bookingsCreated() {
    return where(c -> "POST /v2/bookings".equals(c.endpoint()) && c.responseStatus() == 201);
  }

  private long[] simulatedTimes(Predicate<RecordedCall> filter) {
    long[] times = calls.stream().filter(filter).mapToLong(c -> time.simulatedNanos(c.time())).toArray();
    Arrays.sort(times);
    return times;
  }
}
