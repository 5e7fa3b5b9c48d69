package dev.calcomclient.support;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Load far above the budget on driven time: {@code workers} callers, each calling
 * {@code client.slots().findAsync(...)} with a new distinct query as soon as its last one ended, until the
 * {@link FakeClock} reaches the end; a caller refused by the local limiter waits out the refusal's
 * {@code retryAfter} on the clock. The clock moves only in {@link #run}, and only once every caller is
 * <em>parked</em>: waiting in the limiter for a token or waiting out a refusal (both on the clock), or done. It moves
 * in steps, each to the earliest of the step's end and the due time of the next task scheduled through
 * {@link #scheduler()}, so that a wait ends with the clock standing at its due time. Requests travel in real time
 * while the clock stands still, so the fake sees every request at the very time its token was granted, and the run
 * is the same on a fast or a loaded machine.
 *
 * <p>The client must be built from {@link #client}: with {@link #limiter} (so the hammer knows which calls wait in it),
 * the clock and {@link #scheduler()}, and retries disabled (a retry's backoff would be a wait the hammer cannot see).
 *
 * <p>A limiter that answers later (the Redis module's shared log) is watched with {@link #watch(RateLimiter)}, built
 * with {@link #scheduler()}, and what it does off the callers' threads is reported as {@linkplain #busy() busy}: its
 * round trips to its store and the completions it hands to an executor ({@link #watch(Executor)}). A call waiting in
 * such a limiter is parked only while none of that is under way, so the clock never moves while a take is on its way:
 * a grant is stamped with the clock's time when its take was asked, and the request reaches the fake at that time.
 *
 * <p>Besides the callers' load, a test can make calls of its own at given times ({@link #at} with {@link #call}), for
 * example interactive bookings through another client of the same limiter: such a call holds the clock from when it
 * is made until it ends, except while it waits in a watched limiter, so it waits for its token on the clock alone.
 */
public final class DrivenHammer {
  private static final Duration BOUND = Duration.ofSeconds(20);

  private final FakeClock clock;
  private final ScheduledExecutorService scheduler;
  /** Due times of tasks scheduled through {@link #scheduler}: where the clock stops (cancelled ones stay, harmless). */
  private final PriorityBlockingQueue<Instant> stops = new PriorityBlockingQueue<>();
  private final RateLimiter limiter;
  /** Calls waiting in the limiter for a token (on the clock). */
  private final AtomicInteger queued = new AtomicInteger();
  /** Callers waiting out a local refusal on the clock. */
  private final AtomicInteger resting = new AtomicInteger();
  /** Callers done: the load is over for them. */
  private final AtomicInteger done = new AtomicInteger();
  /** Calls the test made itself ({@link #call}) that have not ended. */
  private final AtomicInteger calls = new AtomicInteger();
  /** Work of a watched limiter under way off the callers' threads (round trips, completions handed over). */
  private final AtomicInteger busy = new AtomicInteger();
  /** Pieces of watched work ever started. */
  private final AtomicLong started = new AtomicLong();
  private final AtomicInteger next = new AtomicInteger();
  private final LongAdder ok = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Event> events = new PriorityQueue<>(Comparator.comparing(Event::sinceStart));

  /**
   * A hammer on {@code clock} whose client limits with the in-process limiter of {@code config}.
   *
   * @param clock the time of the client, its limiter and the fake
   * @param config the limiter's configuration
   */
  public DrivenHammer(FakeClock clock, RateLimiterConfig config) {
    this.clock = clock;
    this.scheduler = new Stops(clock.scheduler());
    this.limiter = watch(RateLimiter.local(config, clock, scheduler));
  }

  /**
   * A hammer on {@code clock} for clients built with limiters of their own, each {@linkplain #watch(RateLimiter)
   * watched} by this hammer ({@link #client(FakeCalcom, RateLimiter)}).
   *
   * @param clock the time of the clients, their limiters and the fake
   */
  public DrivenHammer(FakeClock clock) {
    this.clock = clock;
    this.scheduler = new Stops(clock.scheduler());
    this.limiter = null;
  }

  /**
   * The clock's scheduler, for the clients and their limiters: the clock stops at the due time of every task
   * scheduled through it, so that a wait ends, and what it grants is sent, at the very time it was due.
   *
   * @return the scheduler to build clients and limiters with
   */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The limiter to build the client with: the in-process one, watched for the calls that wait in it. */
  public RateLimiter limiter() {
    if (limiter == null) {
      throw new IllegalStateException("this hammer has no limiter of its own: watch(...) the clients' limiters");
    }
    return limiter;
  }

  /**
   * {@code limiter}, watched for the calls that wait in it: a call counts as parked from when its wait began until
   * its token is granted or refused.
   *
   * @param limiter a limiter on this hammer's clock and its scheduler
   * @return the limiter to build a client with
   */
  public RateLimiter watch(RateLimiter limiter) {
    return new Parking(limiter);
  }

  /**
   * {@code executor}, watched: a task handed to it is {@linkplain #busy() busy} until it has run.
   *
   * @param executor where a watched limiter completes its callers' futures
   * @return the executor to give the limiter instead
   */
  public Executor watch(Executor executor) {
    return task -> {
      Runnable end = busy();
      try {
        executor.execute(() -> {
          try {
            task.run();
          } finally {
            end.run();
          }
        });
      } catch (RuntimeException e) {
        end.run();
        throw e;
      }
    };
  }

  /**
   * Marks one piece of a watched limiter's work as under way (a round trip to its store): the clock stands still
   * until it ends. Whatever the work's end sets off on the same thread (the limiter's answer to a waiting call, its
   * hand-over to a {@linkplain #watch(Executor) watched executor}) should happen before it is ended.
   *
   * @return ends the work (only the first run counts)
   */
  public Runnable busy() {
    started.incrementAndGet();
    busy.incrementAndGet();
    AtomicBoolean ended = new AtomicBoolean();
    return () -> {
      if (ended.compareAndSet(false, true)) {
        busy.decrementAndGet();
      }
    };
  }

  /**
   * A client of {@code fake} for this hammer: the clock, its scheduler and {@link #limiter}, no cache (every lookup
   * is a request), and no retries. Requests travel in real time while the clock stands still, so no attempt timeout
   * or retry backoff may wait for a clock that only moves once every caller waits on it.
   */
  public CalcomClient.Builder client(FakeCalcom fake) {
    return client(fake, limiter());
  }

  /**
   * As {@link #client(FakeCalcom)}, with another limiter.
   *
   * @param fake the fake the client calls
   * @param watched a limiter {@linkplain #watch(RateLimiter) watched} by this hammer
   * @return the client's builder
   */
  public CalcomClient.Builder client(FakeCalcom fake, RateLimiter watched) {
    if (!(watched instanceof Parking)) {
      throw new IllegalArgumentException("watch(limiter) first: the hammer must see the calls that wait in it");
    }
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(clock)
        .scheduler(scheduler)
        .rateLimiter(watched)
        .cache(CacheConfig.disabled())
        .timeout(EndpointGroup.SLOTS, Duration.ofSeconds(10))
        .retryPolicy(RetryPolicy.disabled());
  }

  /**
   * Runs {@code workers} callers for {@code duration} of the clock, moving it by {@code step} whenever all are parked,
   * then until every call made has ended.
   *
   * @return what the callers saw
   */
  public HammerResult run(CalcomClient client, int workers, Duration duration, Duration step) {
    return run(List.of(client), workers, duration, step);
  }

  /**
   * As {@link #run(CalcomClient, int, Duration, Duration)}, the callers spread round-robin over {@code clients}
   * (instances of a service sharing one budget).
   *
   * @return what the callers saw, all clients together
   */
  public HammerResult run(List<CalcomClient> clients, int workers, Duration duration, Duration step) {
    Instant start = clock.instant();
    Instant end = start.plus(duration);
    for (int w = 0; w < workers; w++) {
      call(clients.get(w % clients.size()), end);
    }
    Instant limit = end.plus(duration); // room to let the last waiting calls end after the load stops
    while (done.get() < workers || calls.get() > 0) {
      awaitParked(workers);
      Event due = events.peek();
      while (due != null && !clock.instant().isBefore(start.plus(due.sinceStart()))) {
        events.poll().action().run();
        awaitParked(workers); // what the event set off settles before the clock moves
        due = events.peek();
      }
      Instant now = clock.instant();
      if (!now.isBefore(limit)) {
        throw new AssertionError("callers still busy " + duration + " after the load ended");
      }
      Instant to = now.plus(step);
      Instant stop = stops.peek();
      while (stop != null && !stop.isAfter(now)) {
        stops.poll(); // ran already (or cancelled)
        stop = stops.peek();
      }
      if (stop != null && stop.isBefore(to)) {
        to = stop;
      }
      if (due != null && start.plus(due.sinceStart()).isBefore(to)) {
        to = start.plus(due.sinceStart());
      }
      clock.set(to);
    }
    return new HammerResult(ok.sum(), refused.sum(), throttled.sum(), other.sum(), List.copyOf(unexpected));
  }

  private void awaitParked(int workers) {
    Awaitility.await()
        .atMost(BOUND)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> parked(workers));
  }

  /**
   * Runs {@code action} in the next {@link #run} once {@code sinceStart} of the clock has passed since the run began,
   * while every caller is parked and the clock stands still (for example to stop a server the clients depend on);
   * the clock moves on once what it set off has settled.
   *
   * @param sinceStart when, from the start of the run
   * @param action what to do; it may take real time
   * @return this hammer
   */
  public DrivenHammer at(Duration sinceStart, Runnable action) {
    events.add(new Event(sinceStart, action));
    return this;
  }

  /**
   * Makes a call of the test's own (for example in an {@link #at} action) through a client built with a
   * {@linkplain #watch(RateLimiter) watched} limiter: the clock stands still from now until the call ends, except while
   * it waits in that limiter, and {@link #run} goes on until it has ended.
   *
   * @param call makes the call
   * @param <T> the call's value
   * @return the call's outcome, completed once the hammer no longer counts it
   */
  public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
    started.incrementAndGet();
    calls.incrementAndGet();
    CompletableFuture<T> made;
    try {
      made = call.get();
    } catch (RuntimeException e) {
      made = CompletableFuture.failedFuture(e);
    }
    return made.whenComplete((result, failure) -> calls.decrementAndGet());
  }

  private record Event(Duration sinceStart, Runnable action) {}

  /**
   * The clock's scheduler, noting the due time of every task scheduled with a delay (of a periodic one, its first),
   * so that {@link #run} stops the clock there.
   */
  private final class Stops extends AbstractExecutorService implements ScheduledExecutorService {
    private final ScheduledExecutorService delegate;

    Stops(ScheduledExecutorService delegate) {
      this.delegate = delegate;
    }

    private void stopIn(long delay, TimeUnit unit) {
      if (delay > 0) {
        stops.add(clock.instant().plusNanos(unit.toNanos(delay)));
      }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      stopIn(delay, unit);
      return delegate.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      stopIn(delay, unit);
      return delegate.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
      stopIn(initialDelay, unit);
      return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
      stopIn(initialDelay, unit);
      return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
      delegate.execute(command);
    }

    @Override
    public void shutdown() {
      delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return delegate.awaitTermination(timeout, unit);
    }
  }

  /**
   * Whether every caller and every call of the test's own is parked and no watched work is under way, read
   * consistently: a parked call leaves only when the clock moves or watched work ends, and no work or call started
   * between the first read and the last. A call of the test's own is parked only while it waits in a watched limiter
   * (counted in {@link #queued}), a caller also while it rests or is done.
   */
  private boolean parked(int workers) {
    long startedBefore = started.get();
    boolean idle = busy.get() == 0 && queued.get() + resting.get() + done.get() == workers + calls.get();
    return idle && started.get() == startedBefore;
  }

  /** One caller's next call, unless the load is over (then the caller rests for good). */
  private void call(CalcomClient client, Instant end) {
    if (!clock.instant().isBefore(end)) {
      done.incrementAndGet();
      return;
    }
    client.slots().findAsync(distinctSlotQuery(next.getAndIncrement()))
        .whenComplete((result, failure) -> {
          Throwable f = failure == null ? null : Futures.unwrap(failure);
          if (f == null) {
            ok.increment();
          } else if (f instanceof RateLimitedException r && r.isLocal()) {
            refused.increment();
            resting.incrementAndGet(); // counted before the caller leaves this thread: it waits on the clock
            scheduler.schedule(() -> {
              resting.decrementAndGet();
              call(client, end);
            }, Math.max(1, r.retryAfter().toNanos()), TimeUnit.NANOSECONDS);
            return;
          } else if (f instanceof RateLimitedException) {
            throttled.increment();
          } else {
            other.increment();
            unexpected.add(f);
          }
          call(client, end);
        });
  }

  /**
   * The in-process limiter, counting the calls that wait in it. A call counts from when its wait began until its
   * token is granted, and the client goes on only after it stopped counting, so a parked count never covers a call
   * that is on its way to the fake.
   */
  private final class Parking implements RateLimiter {
    private final RateLimiter delegate;

    Parking(RateLimiter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Duration> acquire(CalcomRequest request) {
      CompletableFuture<Duration> token = delegate.acquire(request);
      if (token.isDone()) {
        return token;
      }
      queued.incrementAndGet();
      return token.whenComplete((waited, failure) -> queued.decrementAndGet());
    }

    @Override
    public void onResponse(CalcomRequest request, CalcomResponse response) {
      delegate.onResponse(request, response);
    }

    @Override
    public void onAttemptFailed(CalcomRequest request, Throwable failure) {
      delegate.onAttemptFailed(request, failure);
    }

    @Override
    public Optional<RateLimiterConfig> config() {
      return delegate.config();
    }

    @Override
    public Optional<Instant> pauseEnd(String credentialId) {
      return delegate.pauseEnd(credentialId);
    }

    @Override
    public OptionalLong availableTokens(String credentialId) {
      return delegate.availableTokens(credentialId);
    }
  }
}
