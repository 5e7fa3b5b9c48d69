package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One credential's token bucket, its pause, and the queue of calls waiting for a token. Waiting calls hold a
 * future that one scheduled drain task completes when a token is due: interactive calls first, then standard
 * ones, each lane in arrival order. All state changes happen under this object's lock; futures are completed
 * after the lock is released so that callers' continuations never run inside it.
 */
final class CredentialBucket {
  private static final long MIN_DRAIN_DELAY_NANOS = 1_000;

  /** Attempts holding a token and not yet answered, by identity, with their start order. */
  private final Map<CalcomRequest, Long> inFlight = new IdentityHashMap<>();
  private long attemptSequence;
  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Bucket bucket;
  private final double tokensPerNano;
  private final long reserveTokens;
  private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
  private final ArrayDeque<Waiter> standard = new ArrayDeque<>();
  private Instant pausedUntil = Instant.MIN;
  private ScheduledFuture<?> drainTask;
  private Instant drainAt;

  CredentialBucket(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler) {
    this.config = config;
    this.clock = clock;
    this.scheduler = scheduler;
    int capacity = config.burstCapacity();
    this.bucket =
        Bucket.builder()
            .addLimit(
                limit ->
                    limit
                        .capacity(capacity)
                        .refillGreedy(config.refillPerWindow(), config.window())
                        .initialTokens(capacity))
            .withCustomTimePrecision(new ClockTimeMeter(clock))
            .build();
    this.tokensPerNano = (double) config.refillPerWindow() / config.window().toNanos();
    this.reserveTokens = config.backgroundReserveTokens();
  }

  CompletableFuture<Duration> acquire(CalcomRequest request) {
    CompletableFuture<Duration> result = new CompletableFuture<>();
    RateLimitedException rejection = null;
    boolean granted = false;
    synchronized (this) {
      Instant now = clock.instant();
      Priority lane = request.priority();
      Duration allowed = min(config.maxWait(lane), nonNegative(Duration.between(now, request.deadline())));
      if (lane == Priority.BACKGROUND) {
        if (!isPaused(now) && waiting() == 0 && bucket.getAvailableTokens() > reserveTokens) {
          granted = bucket.tryConsume(1);
        }
        if (!granted) {
          rejection =
              reject(request, "only the reserve is left for callers", timeUntilTokens(reserveTokens + 1, now));
        }
      } else {
        int ahead = lane == Priority.INTERACTIVE ? interactive.size() : interactive.size() + standard.size();
        if (ahead == 0 && !isPaused(now)) {
          granted = bucket.tryConsume(1);
        }
        if (!granted) {
          Duration expected = timeUntilTokens(ahead + 1L, now);
          if (expected.compareTo(allowed) > 0) {
            rejection = reject(request, "no token within " + allowed.toMillis() + " ms", expected);
          } else {
            (lane == Priority.INTERACTIVE ? interactive : standard)
                .addLast(new Waiter(result, now, now.plus(allowed)));
            scheduleDrain(now);
          }
        }
      }
    }
    if (granted) {
      result.complete(Duration.ZERO);
    } else if (rejection != null) {
      result.completeExceptionally(rejection);
    }
    return result;
  }

  /** Lowers the bucket to {@code target} tokens if it holds more; never raises it. */
  /** An attempt of this credential got its token and is being sent. */
  void attemptStarted(CalcomRequest attempt) {
    synchronized (inFlight) {
      inFlight.put(attempt, ++attemptSequence);
    }
  }

  /**
   * An attempt of this credential ended (answered or failed).
   *
   * @return how many attempts started after it are still in flight: the server may not have counted them in the
   *     {@code remaining} it reported for this one (attempts started before it most likely reached it first)
   */
  int attemptEnded(CalcomRequest attempt) {
    synchronized (inFlight) {
      Long started = inFlight.remove(attempt);
      if (started == null) {
        return 0;
      }
      int later = 0;
      for (long s : inFlight.values()) {
        if (s > started) {
          later++;
        }
      }
      return later;
    }
  }

  void lowerTo(long target) {
    synchronized (this) {
      long excess = bucket.getAvailableTokens() - Math.max(0, target);
      if (excess > 0) {
        bucket.tryConsumeAsMuchAsPossible(excess);
      }
    }
  }

  /** Empties the bucket and pauses the credential until {@code until} (a pause is only ever extended). */
  void pauseUntil(Instant until) {
    synchronized (this) {
      bucket.tryConsumeAsMuchAsPossible();
      if (until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
      scheduleDrain(clock.instant());
    }
  }

  synchronized long availableTokens() {
    return isPaused(clock.instant()) ? 0 : bucket.getAvailableTokens();
  }

  synchronized Instant pausedUntil() {
    return pausedUntil;
  }

  private void drain() {
    List<Waiter> grants = new ArrayList<>();
    List<Waiter> expired = new ArrayList<>();
    List<Duration> expiredRetryAfter = new ArrayList<>();
    Instant now;
    synchronized (this) {
      drainTask = null;
      drainAt = null;
      now = clock.instant();
      expire(interactive, now, expired);
      expire(standard, now, expired);
      for (int i = 0; i < expired.size(); i++) {
        expiredRetryAfter.add(timeUntilTokens(waiting() + 1L, now));
      }
      if (!isPaused(now)) {
        while (waiting() > 0) {
          ArrayDeque<Waiter> lane = interactive.isEmpty() ? standard : interactive;
          if (lane.peekFirst().future.isDone()) {
            lane.pollFirst(); // cancelled by its caller: it needs no token
            continue;
          }
          if (!bucket.tryConsume(1)) {
            break;
          }
          grants.add(lane.pollFirst());
        }
      }
      scheduleDrain(now);
    }
    for (Waiter w : grants) {
      w.future.complete(Duration.between(w.enqueuedAt, now));
    }
    for (int i = 0; i < expired.size(); i++) {
      expired
          .get(i)
          .future
          .completeExceptionally(
              RateLimitedException.local(
                  "Rate limit: no token arrived within the call's allowed wait; nothing was sent",
                  expiredRetryAfter.get(i)));
    }
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

  /** Makes sure a drain runs when the next token is due or the earliest waiter gives up, whichever is first. */
  private void scheduleDrain(Instant now) {
    if (waiting() == 0) {
      return;
    }
    Instant next;
    if (isPaused(now)) {
      next = pausedUntil;
    } else {
      long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
      next = now.plusNanos(Math.max(MIN_DRAIN_DELAY_NANOS, nanos));
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
    for (Waiter w : interactive) {
      w.future.completeExceptionally(t);
    }
    for (Waiter w : standard) {
      w.future.completeExceptionally(t);
    }
    interactive.clear();
    standard.clear();
  }

  /** How long until {@code n} tokens can be taken (after the pause, if any), assuming nobody else takes one. */
  private Duration timeUntilTokens(long n, Instant now) {
    long pauseNanos = isPaused(now) ? Duration.between(now, pausedUntil).toNanos() : 0;
    double atStart =
        Math.min(config.burstCapacity(), bucket.getAvailableTokens() + tokensPerNano * pauseNanos);
    double deficit = n - atStart;
    long refillNanos = deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0;
    return Duration.ofNanos(pauseNanos + refillNanos);
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
            + " s); nothing was sent",
        retryAfter);
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
