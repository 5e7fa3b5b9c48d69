package dev.calcomclient.metrics.internal;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CacheStats;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.metrics.InvalidationStats;
import dev.calcomclient.metrics.OperationStats;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The listener behind {@code client.stats()}: counters, per-operation HdrHistograms, a 60 s attempt window, cache
 * lookups per tier, invalidation sizes and durations, webhook outcomes. Everything is computed from the events.
 */
public final class StatsRecorder implements CalcomEventListener {
  private static final long MAX_TRACKED_MICROS = Duration.ofMinutes(10).toNanos() / 1_000;
  private static final int WINDOW_SECONDS = 60;

  private final Clock clock;
  private final Map<Operation, OperationRecorder> operations = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder upstream = new LongAdder();
  private final LongAdder coalescedJoins = new LongAdder();
  private final LongAdder rateLimitWaits = new LongAdder();
  private final LongAdder rateLimitRejections = new LongAdder();
  private final LongAdder rateLimitPauses = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder circuitRejections = new LongAdder();
  private final Map<CacheTier, LongAdder> cacheHits = adders();
  private final Map<CacheTier, LongAdder> cacheMisses = adders();
  private final Map<StaleReason, LongAdder> staleAnswers = new EnumMap<>(StaleReason.class);
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder keysInvalidated = new LongAdder();
  private final ConcurrentHistogram keysPerInvalidation = new ConcurrentHistogram(1, Integer.MAX_VALUE, 3);
  private final ConcurrentHistogram invalidationMicros = new ConcurrentHistogram(1, MAX_TRACKED_MICROS, 3);
  private final LongAdder invalidationsQueued = new LongAdder();
  private final LongAdder invalidationsDropped = new LongAdder();
  private final LongAdder webhooksVerified = new LongAdder();
  private final LongAdder webhooksRejected = new LongAdder();
  /** Decode issues summed per (operation, field, kind); bounded by the models' fields. */
  private final Map<DecodeIssue, LongAdder> decodeIssues = new ConcurrentHashMap<>();
  private final long[] windowSecond = new long[WINDOW_SECONDS];
  private final long[] windowCount = new long[WINDOW_SECONDS];

  /** Creates a recorder reading time from {@code clock}. */
  public StatsRecorder(Clock clock) {
    this.clock = clock;
    for (StaleReason r : StaleReason.values()) {
      staleAnswers.put(r, new LongAdder());
    }
  }

  @Override
  public void requestStart(CalcomRequest request) {
    requests.increment();
  }

  @Override
  public void requestEnd(CalcomRequest request, int status, Duration latency) {
    recorder(request.operation()).record(latency, status < 200 || status >= 300);
  }

  @Override
  public void requestFailed(CalcomRequest request, Throwable failure, Duration latency) {
    recorder(request.operation()).record(latency, true);
  }

  @Override
  public void attemptStart(CalcomRequest attempt) {
    upstream.increment();
    long second = clock.instant().getEpochSecond();
    int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
    synchronized (windowCount) {
      if (windowSecond[slot] != second) {
        windowSecond[slot] = second;
        windowCount[slot] = 0;
      }
      windowCount[slot]++;
    }
  }

  @Override
  public void coalescedJoin(CalcomRequest request) {
    coalescedJoins.increment();
  }

  @Override
  public void rateLimitWaited(CalcomRequest attempt, Duration waited) {
    rateLimitWaits.increment();
  }

  @Override
  public void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {
    rateLimitRejections.increment();
  }

  @Override
  public void rateLimitPaused(CalcomRequest attempt, Duration pause) {
    rateLimitPauses.increment();
  }

  @Override
  public void circuitRejected(CalcomRequest request, Duration retryAfter) {
    circuitRejections.increment();
  }

  @Override
  public void retryDecision(CalcomRequest failedAttempt, boolean retrying, String reason, Duration backoff) {
    if (retrying) {
      retries.increment();
    }
  }

  @Override
  public void cacheHit(CacheTier tier, String key) {
    cacheHits.get(tier).increment();
  }

  @Override
  public void cacheMiss(CacheTier tier, String key) {
    cacheMisses.get(tier).increment();
  }

  @Override
  public void answeredFromCache(Operation operation) {
    recorder(operation).fromCache.increment();
  }

  @Override
  public void answeredStale(Operation operation, StaleReason reason, Duration age) {
    staleAnswers.get(reason).increment();
  }

  @Override
  public void invalidated(int keys, Duration duration) {
    invalidations.increment();
    keysInvalidated.add(Math.max(0, keys));
    keysPerInvalidation.recordValue(Math.max(0, keys));
    invalidationMicros.recordValue(micros(duration));
  }

  @Override
  public void invalidationQueued(int keys) {
    invalidationsQueued.increment();
  }

  @Override
  public void invalidationDropped(int keys) {
    invalidationsDropped.increment();
  }

  @Override
  public void webhookVerified(String triggerEvent) {
    webhooksVerified.increment();
  }

  @Override
  public void webhookRejected(String reason) {
    webhooksRejected.increment();
  }

  @Override
  public void decodeIssue(DecodeIssue issue) {
    decodeIssues
        .computeIfAbsent(new DecodeIssue(issue.operation(), issue.field(), issue.kind(), 1), k -> new LongAdder())
        .add(issue.count());
  }

  private List<DecodeIssue> decodeIssues() {
    List<DecodeIssue> out = new ArrayList<>();
    decodeIssues.forEach(
        (k, n) ->
            out.add(new DecodeIssue(k.operation(), k.field(), k.kind(), (int) Math.min(Integer.MAX_VALUE, n.sum()))));
    out.sort(
        Comparator.comparing(DecodeIssue::operation)
            .thenComparing(DecodeIssue::kind)
            .thenComparing(DecodeIssue::field));
    return out;
  }

  /** Attempts started in the 60 s up to now (one-second buckets). */
  public long upstreamLast60s() {
    long now = clock.instant().getEpochSecond();
    long sum = 0;
    synchronized (windowCount) {
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        if (windowSecond[i] > now - WINDOW_SECONDS && windowSecond[i] <= now) {
          sum += windowCount[i];
        }
      }
    }
    return sum;
  }

  /** A snapshot, with the breaker states and limiter configuration read from the layers. */
  public ClientStats snapshot(
      Map<EndpointGroup, CircuitState> circuitStates, Optional<RateLimiterConfig> limiter) {
    return snapshot(circuitStates, limiter, OptionalLong.empty());
  }

  /**
   * A snapshot, with the breaker states, limiter configuration and the tokens the limiter has for the client's
   * credential ({@code RateLimiter.availableTokens}) read from the layers.
   */
  public ClientStats snapshot(
      Map<EndpointGroup, CircuitState> circuitStates,
      Optional<RateLimiterConfig> limiter,
      OptionalLong availableTokens) {
    return snapshot(circuitStates, limiter, availableTokens, Optional.empty());
  }

  /** A snapshot that also says until when the client's credential is paused, if it is. */
  public ClientStats snapshot(
      Map<EndpointGroup, CircuitState> circuitStates,
      Optional<RateLimiterConfig> limiter,
      OptionalLong availableTokens,
      Optional<Instant> pausedUntil) {
    Map<Operation, OperationStats> ops = new EnumMap<>(Operation.class);
    operations.forEach((op, rec) -> ops.put(op, rec.snapshot(op)));
    return new ClientStats(
        clock.instant(),
        ops,
        requests.sum(),
        upstream.sum(),
        upstreamLast60s(),
        limiter.map(RateLimiterConfig::limit).orElse(0),
        limiter.map(RateLimiterConfig::budget).orElse(0),
        circuitStates,
        coalescedJoins.sum(),
        rateLimitWaits.sum(),
        rateLimitRejections.sum(),
        rateLimitPauses.sum(),
        retries.sum(),
        circuitRejections.sum(),
        availableTokens,
        cacheStats(),
        invalidationStats(),
        webhooksVerified.sum(),
        webhooksRejected.sum(),
        pausedUntil,
        decodeIssues());
  }

  private CacheStats cacheStats() {
    Map<CacheTier, Long> hits = new EnumMap<>(CacheTier.class);
    Map<CacheTier, Long> misses = new EnumMap<>(CacheTier.class);
    for (CacheTier t : CacheTier.values()) {
      hits.put(t, cacheHits.get(t).sum());
      misses.put(t, cacheMisses.get(t).sum());
    }
    Map<StaleReason, Long> stale = new EnumMap<>(StaleReason.class);
    staleAnswers.forEach((r, n) -> stale.put(r, n.sum()));
    return new CacheStats(hits, misses, stale);
  }

  private InvalidationStats invalidationStats() {
    Histogram keys = keysPerInvalidation.copy();
    Histogram durations = invalidationMicros.copy();
    boolean any = keys.getTotalCount() > 0;
    return new InvalidationStats(
        invalidations.sum(),
        keysInvalidated.sum(),
        any ? keys.getValueAtPercentile(50) : 0,
        any ? keys.getMaxValue() : 0,
        durations.getTotalCount() > 0 ? micros(durations.getValueAtPercentile(99)) : Duration.ZERO,
        invalidationsQueued.sum(),
        invalidationsDropped.sum());
  }

  private static Map<CacheTier, LongAdder> adders() {
    Map<CacheTier, LongAdder> m = new EnumMap<>(CacheTier.class);
    for (CacheTier t : CacheTier.values()) {
      m.put(t, new LongAdder());
    }
    return m;
  }

  private static long micros(Duration d) {
    return Math.max(1, Math.min(MAX_TRACKED_MICROS, d.toNanos() / 1_000));
  }

  private static Duration micros(long v) {
    return Duration.ofNanos(v * 1_000);
  }

  private OperationRecorder recorder(Operation op) {
    return operations.computeIfAbsent(op, o -> new OperationRecorder());
  }

  private static final class OperationRecorder {
    private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(1, MAX_TRACKED_MICROS, 3);
    private final LongAdder calls = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder fromCache = new LongAdder();

    void record(Duration latency, boolean error) {
      calls.increment();
      if (error) {
        errors.increment();
      }
      latencyMicros.recordValue(micros(latency));
    }

    OperationStats snapshot(Operation op) {
      Histogram h = latencyMicros.copy();
      long cached = fromCache.sum();
      return new OperationStats(
          op,
          calls.sum() + cached,
          errors.sum(),
          micros(h.getValueAtPercentile(50)),
          micros(h.getValueAtPercentile(95)),
          micros(h.getValueAtPercentile(99)),
          micros(h.getMaxValue()),
          cached);
    }
  }
}
