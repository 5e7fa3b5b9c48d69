package dev.calcomclient.ratelimit.internal;

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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One credential's priority lanes over a source of tokens: the in-process sliding log of {@link LocalRateLimiter},
 * or the Redis module's shared log with this instance's lease. A call takes a token at once when nobody of its lane or
 * a higher one is waiting and the credential is not paused; otherwise it queues, interactive calls ahead of standard
 * ones, each lane in arrival order, for at most its lane's maximum wait (capped by its deadline), or is refused at
 * once with a local {@link RateLimitedException} when its turn is not expected in time. A call's own
 * {@link CalcomRequest#maxWait()} replaces its lane's maximum wait. Background calls never wait and take a token
 * only while more than the reserve is left. Batch calls queue behind every interactive and standard call, for as long
 * as their maximum wait and deadline allow (by default the deadline alone), and take a token only while more than the
 * reserve is left (and, from a source that paces them, as fast as its background pace allows): the reserve stays for
 * callers, who find a token at once while a batch job drains the budget, and the tokens freed beyond it go to the
 * batch queue in arrival order. One drain task at a time, scheduled on the injected
 * scheduler, gives queued calls their tokens when they are due and refuses those whose wait ran out. A pause (after
 * a 429) holds every lane back until it ends.
 *
 * <p>How tokens are taken is the {@link Tokens} given: a source that {@linkplain Tokens#answersAtOnce() answers at
 * once} is asked under this scheduler's lock, so that checking the lanes and taking is one step and a drain serves
 * every waiter there is a token for; one that answers later is asked outside the lock, one token per drain, and a
 * token its answer brings that can no longer be used (the caller was refused or cancelled meanwhile, or the
 * credential was paused) is given back.
 *
 * <p><b>Module boundary:</b> public for its {@link Take} record, which the Redis module's token stores return.
 *
 * <p>All state is guarded by this object's monitor. The {@link Tokens}' methods are called holding it (except
 * {@link Tokens#take} of a source that answers later, and {@link Tokens#giveBack}); a caller that changes the source's
 * state otherwise does so in {@code synchronized (scheduler)}. Futures are completed after the lock is released:
 * those answered within {@link #acquire} on the caller's thread, the others on the {@code completions} executor.
 */
public final class LaneScheduler {
  private static final long MIN_DRAIN_DELAY_NANOS = 1_000;

  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final Tokens tokens;
  private final boolean atOnce;
  private final String budgetScope;
  private final long reserveTokens;
  private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
  private final ArrayDeque<Waiter> standard = new ArrayDeque<>();
  private final ArrayDeque<Waiter> batch = new ArrayDeque<>();
  private Instant pausedUntil = Instant.MIN;
  private boolean draining;
  private ScheduledFuture<?> drainTask;
  private Instant drainAt;
  /**
   * When the source last said a batch take (one keeping the reserve) may succeed: besides the window, the source may
   * refuse it for its own reason (the background pace), which the window's {@link Tokens#timeUntil} does not know.
   */
  private Instant batchNotBefore = Instant.MIN;

  /**
   * Where a credential's tokens come from, as the {@link LaneScheduler} sees it. Called holding the scheduler's
   * lock, except {@link #take} when the source does not answer at once, and {@link #giveBack}.
   */
  public interface Tokens {

    /**
     * Whether {@link #take} returns an already completed future (an in-process bucket): the scheduler then asks
     * under its lock. A source that may answer later (a remote bucket) returns false.
     */
    boolean answersAtOnce();

    /**
     * Takes one token. A source that answers at once takes it only while more than {@code keep} tokens are left; one
     * that answers later may take it regardless and report what is left, the scheduler then gives it back.
     *
     * @param keep tokens the take must leave in the bucket (the background reserve; 0 for callers)
     */
    CompletableFuture<Take> take(long keep);

    /** Returns the token of {@code take}, taken but not used: the source forgets that send. */
    void giveBack(Take take);

    /**
     * Records what an answer of {@link #take} asked at {@code now} said (its wait counts from then, not from when the
     * answer arrived), or that the source failed when {@code take} is null (only for a
     * drain's take: the next drain is due when {@link #nanosToNextToken} says). The default records nothing.
     */
    default void learn(Take take, Instant now) {}

    /** Nanoseconds from {@code now} until the next token can be taken (0: one is there now). */
    long nanosToNextToken(Instant now);

    /**
     * How long from {@code now} until {@code tokens} tokens can be taken, assuming nobody else takes one.
     *
     * @param pause what is left of the credential's pause ({@link Duration#ZERO} when not paused)
     */
    Duration timeUntil(long tokens, Instant now, Duration pause);
  }

  /**
   * The outcome of one {@link Tokens#take}.
   *
   * @param consumed whether a token was taken
   * @param remaining tokens left after the take
   * @param nanosToWait when not consumed, how long until the next token (from the bucket's point of view)
   * @param pausedUntil the credential's pause as the source knows it ({@link Instant#MIN}: none)
   * @param ticket when consumed, what names the token to its source if it is given back
   * @param paced when consumed, whether the take also spent a token of the source's {@link BackgroundPace} (a take
   *     keeping a reserve), which giving the token back returns too
   */
  public record Take(
      boolean consumed, long remaining, long nanosToWait, Instant pausedUntil, long ticket, boolean paced) {

    /**
     * An outcome that spent no token of a pace.
     *
     * @param consumed whether a token was taken
     * @param remaining tokens left after the take
     * @param nanosToWait when not consumed, how long until the next token (from the bucket's point of view)
     * @param pausedUntil the credential's pause as the source knows it ({@link Instant#MIN}: none)
     * @param ticket when consumed, what names the token to its source if it is given back
     */
    public Take(boolean consumed, long remaining, long nanosToWait, Instant pausedUntil, long ticket) {
      this(consumed, remaining, nanosToWait, pausedUntil, ticket, false);
    }
  }

  /**
   * Creates the lanes of one credential.
   *
   * @param config the lanes' maximum waits, the background reserve, and the budget named in refusals
   * @param clock the time of waits, deadlines and the pause
   * @param scheduler runs the drain task; not shut down by the scheduler
   * @param completions completes the futures of queued calls and of answers that come later
   * @param tokens where the tokens come from
   * @param budgetScope said in refusals right after the budget, for example {@code ", shared by every instance"};
   *     empty for none
   */
  public LaneScheduler(
      RateLimiterConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor completions,
      Tokens tokens,
      String budgetScope) {
    this.config = config;
    this.reserveTokens = config.backgroundReserveTokens();
    this.tokens = tokens;
    this.atOnce = tokens.answersAtOnce();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.completions = Objects.requireNonNull(completions, "completions");
    this.budgetScope = Objects.requireNonNull(budgetScope, "budgetScope");
  }

  /**
   * Takes one token for {@code request}, in its lane.
   *
   * @return a future completed with how long the call waited once it may be sent, or exceptionally with a local
   *     {@link RateLimitedException} when no token is expected within its lane's maximum wait and its deadline (or,
   *     for a background call, only the reserve is left)
   */
  public CompletableFuture<Duration> acquire(CalcomRequest request) {
    CompletableFuture<Duration> result = new CompletableFuture<>();
    Priority lane = request.priority();
    Instant start;
    Instant giveUpAt;
    Answer answer = null;
    Take taken = null;
    RateLimitedException rejection = null;
    synchronized (this) {
      start = clock.instant();
      Duration maxWait = request.maxWait().orElse(config.maxWait(lane));
      giveUpAt = start.plus(min(maxWait, nonNegative(Duration.between(start, request.deadline()))));
      int ahead = ahead(lane);
      if (ahead > 0 || isPaused(start)) {
        rejection =
            lane == Priority.BACKGROUND
                ? reserveRefusal(request, start)
                : enqueueOrReject(request, result, start, giveUpAt, ahead + 1L);
        if (rejection == null) {
          return result;
        }
      } else if (atOnce) {
        taken = tokens.take(keep(lane)).join();
        answer = answer(request, result, start, start, giveUpAt, taken);
      }
    }
    if (rejection != null) {
      result.completeExceptionally(rejection);
    } else if (answer != null) {
      if (answer.giveBack) {
        tokens.giveBack(taken);
      }
      if (answer.granted) {
        result.complete(Duration.ZERO);
      } else if (answer.rejection != null) {
        result.completeExceptionally(answer.rejection);
      }
    } else {
      Instant giveUp = giveUpAt;
      tokens
          .take(keep(lane))
          .whenComplete((take, failure) -> afterFirstTake(request, start, giveUp, result, take, failure));
    }
    return result;
  }

  /** Pauses every lane until {@code until} (a pause is only ever extended). */
  public void pauseUntil(Instant until) {
    synchronized (this) {
      if (until.isAfter(pausedUntil)) {
        pausedUntil = until;
      }
      scheduleDrain(clock.instant());
    }
  }

  /** When the credential's pause ends ({@link Instant#MIN} when it was never paused). */
  public synchronized Instant pausedUntil() {
    return pausedUntil;
  }

  /** Whether the credential is paused now. */
  public synchronized boolean isPaused() {
    return isPaused(clock.instant());
  }

  /** A later answer to a call's own take (a source that does not answer at once). */
  private void afterFirstTake(
      CalcomRequest request,
      Instant start,
      Instant giveUpAt,
      CompletableFuture<Duration> result,
      Take take,
      Throwable failure) {
    if (failure != null) {
      complete(() -> result.completeExceptionally(failure));
      return;
    }
    Answer answer;
    synchronized (this) {
      answer = answer(request, result, clock.instant(), start, giveUpAt, take);
    }
    if (answer.giveBack) {
      tokens.giveBack(take);
    }
    if (answer.granted) {
      Duration waited = Duration.between(start, clock.instant());
      complete(() -> result.complete(waited.isNegative() ? Duration.ZERO : waited));
    } else if (answer.rejection != null) {
      RateLimitedException r = answer.rejection;
      complete(() -> result.completeExceptionally(r));
    }
  }

  /**
   * What to do with the answer to a call's own take: grant it, refuse it, or queue it. Under the lock.
   *
   * @param askedAt when the take was asked: the take's wait counts from then, not from its answer
   */
  private Answer answer(
      CalcomRequest request,
      CompletableFuture<Duration> result,
      Instant now,
      Instant askedAt,
      Instant giveUpAt,
      Take take) {
    boolean consumed = learn(take, askedAt);
    boolean giveBack = false;
    if (consumed && isPaused(now)) {
      consumed = false; // the source knows of a pause (another instance's 429): this token must not be used now
      giveBack = true;
    }
    Priority lane = request.priority();
    if (lane == Priority.BACKGROUND) {
      if (consumed && take.remaining() >= reserveTokens) {
        return new Answer(true, false, null);
      }
      RateLimitedException refusal = reserveRefusal(request, now);
      if (!consumed && take.nanosToWait() > refusal.retryAfter().toNanos()) {
        // the source refused for its own reason (a pace on background work): retry when it says
        refusal = reject(request, "only the reserve is left for callers", Duration.ofNanos(take.nanosToWait()));
      }
      return new Answer(false, giveBack || consumed, refusal);
    }
    if (consumed && lane == Priority.BATCH && take.remaining() < reserveTokens) {
      consumed = false; // a source that answers later took it regardless of the reserve, which stays for callers
      giveBack = true;
    }
    if (consumed) {
      return new Answer(true, false, null);
    }
    if (lane == Priority.BATCH) {
      noteBatchRefused(take, now);
    }
    return new Answer(false, giveBack, enqueueOrReject(request, result, now, giveUpAt, ahead(lane) + 1L));
  }

  /** Queues the call if its turn is expected in time, else returns its refusal. Under the lock. */
  private RateLimitedException enqueueOrReject(
      CalcomRequest request, CompletableFuture<Duration> result, Instant now, Instant giveUpAt, long position) {
    Priority lane = request.priority();
    Duration expected = timeUntilTurn(keep(lane), position, now);
    Duration allowed = nonNegative(Duration.between(now, giveUpAt));
    if (expected.compareTo(allowed) > 0) {
      return reject(request, "no token within " + allowed.toMillis() + " ms", expected);
    }
    queue(lane).addLast(new Waiter(result, now, giveUpAt, lane));
    scheduleDrain(now);
    return null;
  }

  /**
   * Records what a take says about the pause and the source; returns whether it consumed. Under the lock.
   *
   * @param askedAt when the take was asked: its {@link Take#nanosToWait()} counts from then (a source that answers
   *     later measured it when it took, and the answer may come long after, in simulated time or on a slow link)
   */
  private boolean learn(Take take, Instant askedAt) {
    if (take.pausedUntil().isAfter(pausedUntil)) {
      pausedUntil = take.pausedUntil();
    }
    tokens.learn(take, askedAt);
    return take.consumed();
  }

  private void drain() {
    List<Waiter> grants = new ArrayList<>();
    List<Waiter> expired = new ArrayList<>();
    List<Duration> expiredRetryAfter = new ArrayList<>();
    boolean ask = false;
    long askKeep = 0;
    Take giveBack = null;
    Instant now;
    synchronized (this) {
      drainTask = null;
      drainAt = null;
      now = clock.instant();
      expire(interactive, now, expired);
      expire(standard, now, expired);
      expire(batch, now, expired);
      for (Waiter w : expired) {
        expiredRetryAfter.add(timeUntilTurn(keep(w.lane), waiting() + 1L, now));
      }
      if (atOnce) {
        giveBack = grantAtOnce(now, grants);
        scheduleDrain(now);
      } else if (!draining && waiting() > 0) {
        if (isPaused(now)) {
          scheduleDrain(now);
        } else {
          draining = true; // one take at a time: its answer reschedules
          ask = true;
          askKeep = callersWaiting() ? 0 : reserveTokens;
        }
      }
    }
    if (giveBack != null) {
      tokens.giveBack(giveBack);
    }
    for (Waiter w : grants) {
      Duration waited = Duration.between(w.enqueuedAt, now);
      complete(() -> w.future.complete(waited));
    }
    for (int i = 0; i < expired.size(); i++) {
      RateLimitedException r =
          RateLimitedException.local(
              "this client's rate limiter had no token within the call's allowed wait; Cal.com was not called",
              expiredRetryAfter.get(i));
      Waiter w = expired.get(i);
      complete(() -> w.future.completeExceptionally(r));
    }
    if (ask) {
      Instant askedAt = now;
      long keep = askKeep;
      tokens.take(keep).whenComplete((take, failure) -> afterDrainTake(take, failure, askedAt, keep));
    }
  }

  /**
   * Takes a token for every waiter there is one for, first in line first (a source that answers at once); returns
   * the take whose token must go back, if any. Under the lock.
   */
  private Take grantAtOnce(Instant now, List<Waiter> grants) {
    if (isPaused(now)) {
      return null;
    }
    while (waiting() > 0) {
      ArrayDeque<Waiter> lane = firstNonEmpty();
      if (lane.peekFirst().future.isDone()) {
        lane.pollFirst(); // cancelled by its caller: it needs no token
        continue;
      }
      Take take = tokens.take(lane == batch ? reserveTokens : 0).join();
      boolean consumed = learn(take, now);
      if (consumed && isPaused(now)) {
        return take;
      }
      if (!consumed) {
        if (lane == batch) {
          noteBatchRefused(take, now);
        }
        return null;
      }
      grants.add(lane.pollFirst());
    }
    return null;
  }

  /**
   * The answer to a drain's take (a source that does not answer at once), asked at {@code askedAt} keeping
   * {@code askKeep} tokens.
   */
  private void afterDrainTake(Take take, Throwable failure, Instant askedAt, long askKeep) {
    Waiter granted = null;
    boolean giveBack = false;
    Instant now;
    synchronized (this) {
      draining = false;
      now = clock.instant();
      if (failure != null) {
        tokens.learn(null, now);
      } else {
        boolean consumed = learn(take, askedAt);
        if (consumed && isPaused(now)) {
          consumed = false;
          giveBack = true;
        }
        if (!consumed && askKeep > 0) {
          noteBatchRefused(take, now);
        }
        if (consumed) {
          granted = pollFirstLive();
          if (granted != null
              && granted.lane == Priority.BATCH
              && (askKeep < reserveTokens || take.remaining() < reserveTokens)) {
            // The reserve stays for callers, and batch work goes at its pace: a take asked for callers (who left
            // while it travelled) kept no reserve and passed no pace. The batch call waits for a take of its own.
            batch.addFirst(granted);
            granted = null;
          }
          giveBack = granted == null; // everybody gave up or was cancelled meanwhile, or only batch work waits
        }
      }
      scheduleDrain(now);
    }
    if (giveBack) {
      tokens.giveBack(take);
    }
    if (granted != null) {
      Waiter w = granted;
      Duration waited = Duration.between(w.enqueuedAt, now);
      complete(() -> w.future.complete(waited));
    }
  }

  /**
   * Remembers when the source expects to allow a batch take it refused although the window had a token above the
   * reserve (its own reason: the background pace). A refusal for lack of tokens needs nothing: the window's
   * {@link Tokens#timeUntil} already says when they come, and a token given back meanwhile comes sooner. Under the
   * lock.
   */
  private void noteBatchRefused(Take take, Instant now) {
    if (take.remaining() > reserveTokens) {
      batchNotBefore = now.plusNanos(Math.max(0, take.nanosToWait()));
    }
  }

  private Waiter pollFirstLive() {
    while (waiting() > 0) {
      ArrayDeque<Waiter> lane = firstNonEmpty();
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
      next = null; // the take in flight reschedules when its answer arrives
    } else if (callersWaiting()) {
      next = now.plusNanos(Math.max(MIN_DRAIN_DELAY_NANOS, tokens.nanosToNextToken(now)));
    } else {
      // Only batch work waits: its next token is the first one above the reserve, once the source allows a batch
      // take again (a drain due earlier would find the source refusing and be rescheduled at once, over and over).
      next = now.plusNanos(Math.max(MIN_DRAIN_DELAY_NANOS, timeUntilTokens(reserveTokens + 1, now).toNanos()));
      if (batchNotBefore.isAfter(next)) {
        next = batchNotBefore;
      }
    }
    for (ArrayDeque<Waiter> queue : List.of(interactive, standard, batch)) {
      for (Waiter w : queue) {
        next = earlier(next, w.giveUpAt.plusNanos(1));
      }
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
    all.addAll(batch);
    interactive.clear();
    standard.clear();
    batch.clear();
    for (Waiter w : all) {
      complete(() -> w.future.completeExceptionally(t));
    }
  }

  /**
   * How long until the {@code position}-th waiter of a lane that leaves {@code keep} tokens gets its token, if every
   * token goes to the waiters as it comes. The window frees at most {@code budget - keep} such tokens before the
   * first of them comes back: the token a waiter takes leaves the window one window after it was taken. So a position
   * beyond that is served a whole window after the one {@code budget - keep} ahead of it (the window's
   * {@link Tokens#timeUntil} alone never sees more than the budget free at once, and would say never).
   */
  private Duration timeUntilTurn(long keep, long position, Instant now) {
    long cycle = Math.max(1, config.budget() - keep);
    long windows = (position - 1) / cycle;
    return timeUntilTokens(keep + position - windows * cycle, now).plus(config.window().multipliedBy(windows));
  }

  /** How long until {@code n} tokens can be taken (after the pause, if any), assuming nobody else takes one. */
  private Duration timeUntilTokens(long n, Instant now) {
    Duration pause = isPaused(now) ? Duration.between(now, pausedUntil) : Duration.ZERO;
    return tokens.timeUntil(n, now, pause);
  }

  private RateLimitedException reserveRefusal(CalcomRequest request, Instant now) {
    return reject(request, "only the reserve is left for callers", timeUntilTokens(reserveTokens + 1, now));
  }

  private RateLimitedException reject(CalcomRequest request, String why, Duration retryAfter) {
    return RateLimitedException.local(
        "this client's rate limiter refused the "
            + request.priority()
            + " call "
            + request.operation()
            + ": "
            + why
            + " (budget "
            + config.budget()
            + " per "
            + config.window().toSeconds()
            + " s"
            + budgetScope
            + "); Cal.com was not called",
        retryAfter);
  }

  /** Completes a caller's future off the thread that answered (for a remote source, often its I/O thread). */
  private void complete(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  /** Calls queued ahead of a new call of {@code lane} (a background call never queues: every waiter is ahead). */
  private int ahead(Priority lane) {
    return switch (lane) {
      case INTERACTIVE -> interactive.size();
      case STANDARD -> interactive.size() + standard.size();
      case BATCH, BACKGROUND -> waiting();
    };
  }

  /** The tokens a take in {@code lane} must leave: the reserve for background and batch work, none for callers. */
  private long keep(Priority lane) {
    return lane == Priority.BACKGROUND || lane == Priority.BATCH ? reserveTokens : 0;
  }

  private ArrayDeque<Waiter> queue(Priority lane) {
    return switch (lane) {
      case INTERACTIVE -> interactive;
      case STANDARD -> standard;
      case BATCH, BACKGROUND -> batch; // a background call never queues (it is refused instead)
    };
  }

  /** The queue served next; only called while someone waits. */
  private ArrayDeque<Waiter> firstNonEmpty() {
    if (!interactive.isEmpty()) {
      return interactive;
    }
    return standard.isEmpty() ? batch : standard;
  }

  /** Whether an interactive or standard call waits (then the next token is theirs, reserve or not). */
  private boolean callersWaiting() {
    return !interactive.isEmpty() || !standard.isEmpty();
  }

  private boolean isPaused(Instant now) {
    return now.isBefore(pausedUntil);
  }

  private int waiting() {
    return interactive.size() + standard.size() + batch.size();
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

  private record Answer(boolean granted, boolean giveBack, RateLimitedException rejection) {}

  private static final class Waiter {
    final CompletableFuture<Duration> future;
    final Instant enqueuedAt;
    final Instant giveUpAt;
    final Priority lane;

    Waiter(CompletableFuture<Duration> future, Instant enqueuedAt, Instant giveUpAt, Priority lane) {
      this.future = future;
      this.enqueuedAt = enqueuedAt;
      this.giveUpAt = giveUpAt;
      this.lane = lane;
    }
  }
}
