package dev.calcomclient.examples.load;

import dev.calcomclient.cache.RemoteCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What reached the shared slot cache (L2) of a run, and when, seen from outside the client: each instance's
 * {@link RemoteCache} goes through {@link #observe}, which records when every fill and every invalidation the store
 * took completed, by event type and UTC day (from the tag each carries), in simulated seconds. The overload analysis
 * needs it to tell when a day another instance fetched could be answered from L2 ({@link OverloadAnalysis}): an
 * answer is there once its fill completed, not when its HTTP answer arrived, and a booking is known to every instance
 * once its invalidation reached L2.
 */
final class L2Log {
  /** A rendered slot tag: {@code {prefix}:tag:et:{eventTypeId}:{yyyy-mm-dd}}. */
  private static final Pattern TAG = Pattern.compile(":tag:et:(\\d+):(\\d{4}-\\d{2}-\\d{2})$");

  private final SimTime time;
  private final Map<String, List<Double>> filled = new HashMap<>();
  private final Map<String, List<Double>> invalidated = new HashMap<>();

  L2Log(SimTime time) {
    this.time = time;
  }

  /**
   * When fills and invalidations of each day completed, by {@code eventTypeId|yyyy-mm-dd}, ascending.
   *
   * @param filled completions of the fills the store took (one refused for its generation is not there)
   * @param invalidated completions of invalidations
   */
  record Record(Map<String, List<Double>> filled, Map<String, List<Double>> invalidated) {
    /** A run without an L2. */
    static final Record NONE = new Record(Map.of(), Map.of());

    /** Whether the run had an L2 that took anything. */
    boolean present() {
      return !filled.isEmpty() || !invalidated.isEmpty();
    }

    /** The first time in {@code times} at or after {@code from} and at most {@code until}, or NaN. */
    static double firstBetween(List<Double> times, double from, double until) {
      for (double t : times) {
        if (t >= from) {
          return t <= until ? t : Double.NaN;
        }
      }
      return Double.NaN;
    }
  }

  /** What the log holds now, each list sorted. */
  synchronized Record record() {
    return new Record(sortedCopy(filled), sortedCopy(invalidated));
  }

  private static Map<String, List<Double>> sortedCopy(Map<String, List<Double>> m) {
    Map<String, List<Double>> copy = new HashMap<>();
    m.forEach((k, v) -> copy.put(k, v.stream().sorted().toList()));
    return copy;
  }

  /** {@code eventTypeId|yyyy-mm-dd} of a rendered tag, or null for another key. */
  static String dayOf(String renderedTag) {
    Matcher m = TAG.matcher(renderedTag);
    return m.find() ? m.group(1) + "|" + m.group(2) : null;
  }

  /** Records that L2 completed fills of {@code tags} (rendered) at {@code at}, simulated seconds. */
  void filled(Collection<String> tags, double at) {
    add(filled, tags, at);
  }

  /** Records that L2 completed invalidations of {@code tags} (rendered) at {@code at}, simulated seconds. */
  void invalidated(Collection<String> tags, double at) {
    add(invalidated, tags, at);
  }

  private synchronized void add(Map<String, List<Double>> to, Collection<String> tags, double at) {
    for (String tag : tags) {
      String day = dayOf(tag);
      if (day != null) {
        to.computeIfAbsent(day, k -> new ArrayList<>()).add(at);
      }
    }
  }

  /** {@code delegate} with every completed fill and invalidation recorded here. */
  RemoteCache observe(RemoteCache delegate) {
    return new RemoteCache() {
      @Override
      public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
        return delegate.getAll(keys);
      }

      /**
       * One fill at a time (each day is its own tag, so the store makes one call per fill anyway), so that only the
       * fills the store took are recorded: one refused for its generation holds nothing.
       */
      @Override
      public CompletableFuture<Integer> putAll(List<Fill> fills) {
        List<CompletableFuture<Integer>> each = new ArrayList<>(fills.size());
        for (Fill f : fills) {
          each.add(delegate.putAll(List.of(f)).whenComplete((n, e) -> {
            if (e == null && n != null && n > 0) {
              filled(List.of(f.tag()), time.nowSeconds());
            }
          }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
            .thenApply(v -> each.stream().mapToInt(CompletableFuture::join).sum());
      }

      @Override
      public CompletableFuture<Integer> invalidate(Collection<String> tags) {
        List<String> copy = List.copyOf(tags);
        return delegate.invalidate(copy).whenComplete((n, e) -> {
          if (e == null) {
            invalidated(copy, time.nowSeconds());
          }
        });
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }
}
