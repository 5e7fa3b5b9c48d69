package dev.calcomclient.alternatives.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.CacheWarmer;
import dev.calcomclient.alternatives.WarmingPlan;
import dev.calcomclient.alternatives.WarmingReport;
import dev.calcomclient.cache.internal.SlotDaySource;
import dev.calcomclient.cache.internal.SlotDaySource.DaySpan;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CacheWarmer} over the slot cache's {@link SlotDaySource}: one {@code days(...)} call per event type on
 * {@link Priority#BACKGROUND}, event types one after another, stopping at the first rate-limit refusal.
 */
public final class DefaultCacheWarmer implements CacheWarmer {
  /** The default popularity half-life. */
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofHours(1);
  /** The default number of event types whose popularity is tracked. */
  public static final int DEFAULT_MAX_TRACKED = 1_000;

  private static final Logger log = LoggerFactory.getLogger(DefaultCacheWarmer.class);

  private final SlotDaySource source;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final PopularityTracker popularity;
  private final AtomicReference<WarmingReport> lastReport = new AtomicReference<>();
  private Schedule schedule; // guarded by this

  /**
   * Creates a warmer with the default popularity settings (half-life 1 hour, 1,000 event types tracked).
   *
   * @param source the slot days, normally the client's slot cache
   * @param clock the client's clock: today's UTC date and the popularity decay
   * @param scheduler runs the scheduled warming; not shut down by the warmer
   */
  public DefaultCacheWarmer(SlotDaySource source, Clock clock, ScheduledExecutorService scheduler) {
    this(source, clock, scheduler, DEFAULT_HALF_LIFE, DEFAULT_MAX_TRACKED);
  }

  /**
   * Creates a warmer.
   *
   * @param source the slot days, normally the client's slot cache
   * @param clock the client's clock: today's UTC date and the popularity decay
   * @param scheduler runs the scheduled warming; not shut down by the warmer
   * @param popularityHalfLife how long until a unit of interest counts half (at least 1 ms)
   * @param maxTrackedEventTypes how many event types' popularity is kept (at least 1)
   */
  public DefaultCacheWarmer(
      SlotDaySource source,
      Clock clock,
      ScheduledExecutorService scheduler,
      Duration popularityHalfLife,
      int maxTrackedEventTypes) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.popularity = new PopularityTracker(clock, popularityHalfLife, maxTrackedEventTypes);
  }

  @Override
  public CompletableFuture<WarmingReport> warm(Collection<Long> eventTypeIds, int days) {
    List<Long> ids = checkIds(eventTypeIds);
    checkDays(days);
    return run(ids, days, () -> true);
  }

  @Override
  public CompletableFuture<WarmingReport> warmPopular(int topN, int days) {
    if (topN < 1) {
      throw new ValidationException("topN", "must be positive, got " + topN);
    }
    checkDays(days);
    return run(popular(topN), days, () -> true);
  }

  @Override
  public CompletableFuture<WarmingReport> warm(WarmingPlan plan) {
    Checks.required("plan", plan);
    return run(resolve(plan), plan.days(), () -> true);
  }

  @Override
  public void recordInterest(long eventTypeId) {
    Checks.positive("eventTypeId", eventTypeId);
    popularity.record(eventTypeId);
  }

  @Override
  public List<Long> popular(int topN) {
    if (topN < 0) {
      throw new ValidationException("topN", "must be zero or positive, got " + topN);
    }
    return List.copyOf(popularity.top(topN));
  }

  @Override
  public void start(WarmingPlan plan) {
    Checks.required("plan", plan);
    synchronized (this) {
      cancelSchedule();
      Schedule s = new Schedule(plan);
      schedule = s;
      s.next = scheduler.schedule(() -> tick(s), 0, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    cancelSchedule();
  }

  @Override
  public synchronized boolean isRunning() {
    return schedule != null;
  }

  @Override
  public Optional<WarmingReport> lastReport() {
    return Optional.ofNullable(lastReport.get());
  }

  @Override
  public void close() {
    stop();
  }

  // ---- scheduling ----

  /** One started plan: its next tick, and whether a run of it is in progress. */
  private static final class Schedule {
    final WarmingPlan plan;
    ScheduledFuture<?> next;
    boolean running;

    Schedule(WarmingPlan plan) {
      this.plan = plan;
    }
  }

  private void cancelSchedule() {
    if (schedule != null) {
      schedule.next.cancel(false);
      schedule = null;
    }
  }

  private synchronized boolean isCurrent(Schedule s) {
    return schedule == s;
  }

  private void tick(Schedule s) {
    synchronized (this) {
      if (schedule != s) {
        return;
      }
      try {
        // Ticks keep a fixed rate; a tick that finds the previous run still going lets it finish instead.
        s.next = scheduler.schedule(() -> tick(s), s.plan.every().toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        log.debug("cache warmer stopped: the scheduler is shut down");
        schedule = null;
        return;
      }
      if (s.running) {
        log.debug("cache warming run still in progress; this tick is skipped");
        return;
      }
      s.running = true;
    }
    CompletableFuture<WarmingReport> run;
    try {
      run = run(resolve(s.plan), s.plan.days(), () -> isCurrent(s));
    } catch (RuntimeException e) {
      log.warn("cache warming run could not start", e);
      run = CompletableFuture.failedFuture(e);
    }
    run.whenComplete(
        (report, failure) -> {
          synchronized (this) {
            s.running = false;
          }
        });
  }

  // ---- runs ----

  private List<Long> resolve(WarmingPlan plan) {
    LinkedHashSet<Long> ids = new LinkedHashSet<>(plan.eventTypes());
    if (plan.popular() > 0) {
      int added = 0;
      for (Long id : popularity.top(plan.popular() + ids.size())) {
        if (added < plan.popular() && ids.add(id)) {
          added++;
        }
      }
    }
    return new ArrayList<>(ids);
  }

  private CompletableFuture<WarmingReport> run(List<Long> ids, int days, BooleanSupplier keepGoing) {
    Instant startedAt = clock.instant();
    LocalDate from = LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    Run run = new Run(ids, from, from.plusDays(days - 1L), startedAt, keepGoing);
    run.next();
    return run.result;
  }

  /**
   * One run: the event types in order, each call started when the previous one has ended. State is touched by one
   * thread at a time (each step runs after the previous call's completion).
   */
  private final class Run {
    final List<Long> ids;
    final LocalDate from;
    final LocalDate to;
    final Instant startedAt;
    final BooleanSupplier keepGoing;
    final CompletableFuture<WarmingReport> result = new CompletableFuture<>();
    final List<Long> warmed = new ArrayList<>();
    final List<Long> stale = new ArrayList<>();
    final List<Long> skipped = new ArrayList<>();
    final Map<Long, Throwable> failed = new LinkedHashMap<>();
    int upstreamCalls;
    boolean reserveReached;
    int index;

    Run(List<Long> ids, LocalDate from, LocalDate to, Instant startedAt, BooleanSupplier keepGoing) {
      this.ids = ids;
      this.from = from;
      this.to = to;
      this.startedAt = startedAt;
      this.keepGoing = keepGoing;
    }

    /** Goes on from {@link #index}; loops while calls complete at once, and continues in a callback otherwise. */
    void next() {
      while (index < ids.size()) {
        if (!keepGoing.getAsBoolean()) {
          skipRest();
          break;
        }
        long id = ids.get(index++);
        CompletableFuture<DaySpan> call = call(id);
        if (!call.isDone()) {
          call.whenComplete(
              (span, failure) -> {
                record(id, span, failure);
                next();
              });
          return;
        }
        call.handle(
            (span, failure) -> {
              record(id, span, failure);
              return null;
            });
      }
      finish();
    }

    private CompletableFuture<DaySpan> call(long id) {
      try {
        return source.days(id, null, from, to, Priority.BACKGROUND);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    private void record(long id, DaySpan span, Throwable failure) {
      if (failure == null) {
        upstreamCalls += span.upstreamCalls();
        (span.stale() ? stale : warmed).add(id);
        return;
      }
      Throwable cause = Futures.unwrap(failure);
      if (cause instanceof RateLimitedException) {
        // The background lane is at its reserve (or Cal.com throttles): no further warming this run.
        reserveReached = true;
        skipped.add(id);
        skipRest();
      } else {
        failed.put(id, cause);
      }
    }

    private void skipRest() {
      while (index < ids.size()) {
        skipped.add(ids.get(index++));
      }
    }

    private void finish() {
      WarmingReport report =
          new WarmingReport(startedAt, warmed, stale, skipped, failed, upstreamCalls, reserveReached);
      lastReport.set(report);
      if (log.isDebugEnabled()) {
        log.debug(
            "cache warming {} -> {}: warmed {}, stale {}, skipped {}, failed {}, upstream calls {}{}",
            from,
            to,
            warmed,
            stale,
            skipped,
            failed.keySet(),
            upstreamCalls,
            reserveReached ? ", stopped at the rate-limit reserve" : "");
      }
      result.complete(report);
    }
  }

  // ---- checks ----

  private static List<Long> checkIds(Collection<Long> eventTypeIds) {
    if (eventTypeIds == null) {
      throw new ValidationException("eventTypeIds", "is required");
    }
    LinkedHashSet<Long> ids = new LinkedHashSet<>();
    for (Long id : eventTypeIds) {
      if (id == null || id <= 0) {
        throw new ValidationException("eventTypeIds", "must be positive event type ids, without null; got " + id);
      }
      ids.add(id);
    }
    return new ArrayList<>(ids);
  }

  private static void checkDays(int days) {
    if (days < 1 || days > WarmingPlan.MAX_DAYS) {
      throw new ValidationException("days", "must be between 1 and " + WarmingPlan.MAX_DAYS + ", got " + days);
    }
  }

  @Override
  public String toString() {
    return "DefaultCacheWarmer{running=" + isRunning() + '}';
  }
}
