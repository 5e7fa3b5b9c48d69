package dev.calcomclient.redis.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One credential's lanes on this instance, over a token source that answers asynchronously (the shared bucket in
 * Redis, or the fallback share): the same semantics as core's in-process limiter. A call takes a token at once
 * when nobody of its lane or a higher one is waiting; otherwise it queues, interactive calls ahead of standard
 * ones, each lane in arrival order, for at most its lane's maximum wait (capped by its deadline), and one drain
 * task at a time asks the source for the next token when it is due. Background calls never wait and take a token
 * only while more than the reserve is left (taken, then given back if the take dipped into the reserve). The pause
 * after a 429, learnt locally or from the shared pause key, holds every lane back.
 *
 * <p>Queues and the pause are per instance; the tokens are shared. A waiter's estimate assumes no other instance
 * takes the next token; if one does, the drain simply asks again when the next token is due.
 */
final class DistributedCredentialBucket {
  private static final long MIN_DRAIN_DELAY_NANOS = 1_000;

  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final SourceSelector sources;
  private final double tokensPerNano;
  private final long reserveTokens;
  private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
  private final ArrayDeque<Waiter> standard = new ArrayDeque<>();
  private Instant pausedUntil = Instant.MIN;
  private long knownRemaining;
  private Instant nextTokenAt = Instant.MIN;
  private boolean draining;
  private ScheduledFuture<?> drainTask;
  private Instant drainAt;

  /** Chooses, per operation, the source tokens come from now. */
  interface SourceSelector {
    /** Runs {@code op} on the shared source, or on the fallback when Redis is (or turns out to be) unreachable. */
    <T> CompletableFuture<T> apply(java.util.function.Function<TokenSource, CompletableFuture<T>> op);
  }

  DistributedCredentialBucket(
      RateLimiterConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor completions,
      SourceSelector sources) {
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    this.completions = completions;
    this.sources = sources;
    this.tokensPerNano = (double) config.refillPerWindow() / config.window().toNanos();
    this.reserveTokens = config.backgroundReserveTokens();
    this.knownRemaining = config.burstCapacity();
  }

  CompletableFuture<Duration> acquire(CalcomRequest request) {
    CompletableFuture<Duration> result = new CompletableFuture<>();
    Instant start = clock.instant();
    Priority lane = request.priority();
    Duration allowed = min(config.maxWait(lane), nonNegative(Duration.between(start, request.deadline())));
    RateLimitedException rejection = null;
    synchronized (this) {
      if (lane == Priority.BACKGROUND) {
        if (isPaused(start) || waiting() > 0) {
          rejection =
              reject(request, "only the reserve is left for callers", timeUntilTokens(reserveTokens + 1, start));
        }
      } else {
        int ahead = lane == Priority.INTERACTIVE ? interactive.size() : waiting();
        if (ahead > 0 || isPaused(start)) {
          rejection = enqueueOrReject(request, result, start, start.plus(allowed), ahead + 1L);
          if (rejection == null) {
            return result;
          }
        }
      }
    }
    if (rejection != null) {
      result.completeExceptionally(rejection);
      return result;
    }
    sources
        .apply(TokenSource::take)
        .whenComplete((take, failure) -> afterFirstTake(request, start, start.plus(allowed), result, take, failure));
    return result;
  }

  private void afterFirstTake(
      CalcomRequest request,
      Instant start,
      Instant giveUpAt,
      CompletableFuture<Duration> result,
      TokenSource.Take take,
      Throwable failure) {
    if (failure != null) {
      complete(() -> result.completeExceptionally(failure));
      return;
    }
    boolean granted = false;
    boolean giveBack = false;
    RateLimitedException rejection = null;
    synchronized (this) {
      Instant now = clock.instant();
      boolean consumed = learn(take, now);
      if (consumed && isPaused(now)) {
        consumed = false; // another instance paused the credential: this token must not be used now
        giveBack = true;
      }
      if (request.priority() == Priority.BACKGROUND) {
        if (consumed && take.remaining() >= reserveTokens) {
          granted = true;
        } else {
          giveBack |= consumed;
          rejection =
              reject(request, "only the reserve is left for callers", timeUntilTokens(reserveTokens + 1, now));
        }
      } else if (consumed) {
        granted = true;
      } else {
        int ahead = request.priority() == Priority.INTERACTIVE ? interactive.size() : waiting();
        rejection = enqueueOrReject(request, result, now, giveUpAt, ahead + 1L);
      }
    }
    if (giveBack) {
      sources.apply(TokenSource::giveBack);
    }
    if (granted) {
      Duration waited = Duration.between(start, clock.instant());
      complete(() -> result.complete(waited.isNegative() ? Duration.ZERO : waited));
    } else if (rejection != null) {
      RateLimitedException r = rejection;
      complete(() -> result.completeExceptionally(r));
    }
  }

  /** Queues the call if its turn is expected in time, else returns its rejection. Under the lock. */
  private RateLimitedException enqueueOrReject(
      CalcomRequest request, CompletableFuture<Duration> result, Instant now, Instant giveUpAt, long position) {
    Duration expected = timeUntilTokens(position, now);
    Duration allowed = nonNegative(Duration.between(now, giveUpAt));
    if (expected.compareTo(allowed) > 0) {
      return reject(request, "no token within " + allowed.toMillis() + " ms", expected);
    }
    (request.priority() == Priority.INTERACTIVE ? interactive : standard)
        .addLast(new Waiter(result, now, giveUpAt));
    scheduleDrain(now);
    return null;
  }

  /** Pauses the credential until {@code until} (only ever extended) and empties its bucket. */
  CompletableFuture<Void> pauseUntil(Instant until) {
    synchronized (this) {
      if (until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
      knownRemaining = 0;
      scheduleDrain(clock.instant());
    }
    return sources.apply(source -> source.pause(until));
  }

  /** Lowers the bucket to {@code target} tokens if it holds more. */
  CompletableFuture<Void> lowerTo(long target) {
    synchronized (this) {
      knownRemaining = Math.min(knownRemaining, Math.max(0, target));
    }
    return sources.apply(source -> source.lowerTo(target));
  }

  synchronized long knownAvailable() {
    return isPaused(clock.instant()) ? 0 : knownRemaining;
  }

  synchronized Instant pausedUntil() {
    return pausedUntil;
  }

  private void drain() {
    List<Waiter> expired = new ArrayList<>();
    List<Duration> expiredRetryAfter = new ArrayList<>();
    boolean ask = false;
    synchronized (this) {
      drainTask = null;
      drainAt = null;
      Instant now = clock.instant();
      expire(interactive, now, expired);
      expire(standard, now, expired);
      for (int i = 0; i < expired.size(); i++) {
        expiredRetryAfter.add(timeUntilTokens(waiting() + 1L, now));
      }
      if (!draining && waiting() > 0) {
        if (isPaused(now)) {
          scheduleDrain(now);
        } else {
          draining = true;
          ask = true;
        }
      }
    }
    for (int i = 0; i < expired.size(); i++) {
      RateLimitedException r =
          RateLimitedException.local(
              "Rate limit: no token arrived within the call's allowed wait; nothing was sent",
              expiredRetryAfter.get(i));
      Waiter w = expired.get(i);
      complete(() -> w.future.completeExceptionally(r));
    }
    if (ask) {
      sources.apply(TokenSource::take).whenComplete(this::afterDrainTake);
    }
  }

  private void afterDrainTake(TokenSource.Take take, Throwable failure) {
    Waiter granted = null;
    boolean giveBack = false;
    Instant now;
    synchronized (this) {
      draining = false;
      now = clock.instant();
      if (failure != null) {
        nextTokenAt = now.plusMillis(10); // both sources failed: try again shortly
      } else {
        boolean consumed = learn(take, now);
        if (consumed && isPaused(now)) {
          consumed = false;
          giveBack = true;
        }
        if (consumed) {
          granted = pollFirstLive();
          giveBack = granted == null; // everybody gave up or was cancelled meanwhile
        }
      }
      scheduleDrain(now);
    }
    if (giveBack) {
      sources.apply(TokenSource::giveBack);
    }
    if (granted != null) {
      Waiter w = granted;
      Duration waited = Duration.between(w.enqueuedAt, now);
      complete(() -> w.future.complete(waited));
    }
  }

  /** Records what a take says about the bucket and the pause; returns whether it consumed. Under the lock. */
  private boolean learn(TokenSource.Take take, Instant now) {
    if (take.pausedUntil().isAfter(pausedUntil)) {
      pausedUntil = take.pausedUntil();
    }
    knownRemaining = take.remaining();
    nextTokenAt = take.consumed() ? Instant.MIN : now.plusNanos(take.nanosToWait());
    return take.consumed();
  }

  private Waiter pollFirstLive() {
    while (waiting() > 0) {
      ArrayDeque<Waiter> lane = interactive.isEmpty() ? standard : interactive;
      Waiter w = lane.pollFirst();
      if (!w.future.isDone()) {
        return w;
      }
    }
    return null;
  }

  private static void expire(ArrayDeque<Waiter> queue, Instant now, List<Waiter> out) {
    for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (now.isAfter(w.giveUpAt) || w.future.isDone()) {
        it.remove();
        if (!w.future.isDone()) {
          out.add(w);
        }
      }
    }
  }

  /** Makes sure a drain runs when the next token is due or the earliest waiter gives up. Under the lock. */
  private void scheduleDrain(Instant now) {
    if (waiting() == 0) {
      return;
    }
    Instant next;
    if (isPaused(now)) {
      next = pausedUntil;
    } else if (draining) {
      next = null; // the drain in flight reschedules when its answer arrives
    } else {
      next = nextTokenAt.isAfter(now) ? nextTokenAt : now.plusNanos(MIN_DRAIN_DELAY_NANOS);
    }
    for (Waiter w : interactive) {
      next = earlier(next, w.giveUpAt.plusNanos(1));
    }
    for (Waiter w : standard) {
      next = earlier(next, w.giveUpAt.plusNanos(1));
    }
    if (drainAt != null && !drainAt.isAfter(next)) {
      return;
    }
    if (drainTask != null) {
      drainTask.cancel(false);
    }
    long delay = Math.max(MIN_DRAIN_DELAY_NANOS, Duration.between(now, next).toNanos());
    try {
      drainTask = scheduler.schedule(this::drain, delay, TimeUnit.NANOSECONDS);
      drainAt = next;
    } catch (RejectedExecutionException e) {
      drainTask = null;
      drainAt = null;
      failAll(new IllegalStateException("the client's scheduler is shut down", e));
    }
  }

  private void failAll(Throwable t) {
    List<Waiter> all = new ArrayList<>(interactive);
    all.addAll(standard);
    interactive.clear();
    standard.clear();
    for (Waiter w : all) {
      complete(() -> w.future.completeExceptionally(t));
    }
  }

  /**
   * How long until {@code n} tokens can be taken (after the pause, if any), assuming nobody else takes one: from
   * what the last answer of the source said.
   */
  private Duration timeUntilTokens(long n, Instant now) {
    long pauseNanos = isPaused(now) ? Duration.between(now, pausedUntil).toNanos() : 0;
    if (pauseNanos > 0) {
      // The bucket was emptied at the pause and refills during it.
      double atEnd = Math.min(config.burstCapacity(), tokensPerNano * pauseNanos);
      double deficit = n - atEnd;
      return Duration.ofNanos(pauseNanos + (deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0));
    }
    long firstNanos = nextTokenAt.isAfter(now) ? Duration.between(now, nextTokenAt).toNanos() : 0;
    double have = firstNanos > 0 ? 1 : Math.max(0, knownRemaining);
    double deficit = n - have;
    return Duration.ofNanos(firstNanos + (deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0));
  }

  private RateLimitedException reject(CalcomRequest request, String why, Duration retryAfter) {
    return RateLimitedException.local(
        "Rate limit: "
            + request.priority()
            + " call "
            + request.operation()
            + " refused, "
            + why
            + " (budget "
            + config.budget()
            + " per "
            + config.window().toSeconds()
            + " s, shared by every instance); nothing was sent",
        retryAfter);
  }

  /** Completes callers off the thread that answered (often Redis's I/O thread). */
  private void complete(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  private boolean isPaused(Instant now) {
    return now.isBefore(pausedUntil);
  }

  private int waiting() {
    return interactive.size() + standard.size();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static Instant earlier(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return a.isBefore(b) ? a : b;
  }

  private static final class Waiter {
    final CompletableFuture<Duration> future;
    final Instant enqueuedAt;
    final Instant giveUpAt;

    Waiter(CompletableFuture<Duration> future, Instant enqueuedAt, Instant giveUpAt) {
      this.future = future;
      this.enqueuedAt = enqueuedAt;
      this.giveUpAt = giveUpAt;
    }
  }
}
