package dev.calcomclient.testing;

import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Simulated time running {@code scale} times faster than real time, for a client that talks to a
 * {@code FakeCalcom} built with {@code timeScale(scale)}: {@link #clock()} advances {@code scale} simulated seconds
 * per real second (so the client's token buckets, pauses and deadlines live in the fake's simulated minute), and
 * {@link #scheduler()} shortens every scheduled delay by the same factor (so a limiter wait of 0.67 simulated
 * seconds is 33 real milliseconds at scale 20, not 0.67 real seconds).
 *
 * <p>What does not scale: OkHttp's per-attempt timeout, which the transport reads from the client's configured
 * timeouts as real milliseconds. Tests size those (see {@link #timeoutFor(Duration)}).
 *
 * <p>A clock read from real time makes a starved thread look {@code scale} times slower: a scheduler thread that a
 * loaded machine runs 100 ms late fires a limiter's drain 2 simulated seconds late at scale 20, longer than a whole
 * interactive wait. {@link #driven(double, Instant)} avoids that: its time is moved forward by a driver thread, at
 * most {@code scale} times real time and by at most {@link #MAX_STEP} per step, and every scheduled task runs at its
 * exact due time on the simulated clock (see {@link ManualScheduler#advance}). When the machine stalls, simulated
 * time stalls with it instead of jumping. Its time also stands still while an HTTP attempt that went through
 * {@link #holdWhileInFlight()} is in flight, so that a round trip takes no simulated time however slow this machine
 * is; a fake built with {@link #clockForFake()} and {@code timeScale(scale)} then counts its windows on this very
 * time.
 *
 * <p>Even driven, this time moves with the real clock while nothing holds it, so a call waiting for a rate-limit token
 * waits {@code scale} times faster than real time: a thread this machine runs late by {@code maxWait / scale} (100 ms
 * for an interactive call at scale 20) can still use up the wait. A test whose assertions depend on token waits runs
 * on a {@code FakeClock} moved by a {@link dev.calcomclient.support.DrivenHammer} instead, which moves it only while
 * every call waits on it.
 */
public final class ScaledTime implements AutoCloseable {
  private final double scale;
  private final Instant origin;
  private final long originNanos = System.nanoTime();
  /** The most simulated time a {@linkplain #driven driven} clock moves in one step, however late the step. */
  public static final Duration MAX_STEP = Duration.ofMillis(50);

  private static final long DRIVER_TICK_NANOS = 1_000_000;

  private final ScheduledThreadPoolExecutor executor;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Thread driver;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;

  /** Simulated time read from the real clock, {@code scale} times faster. */
  public ScaledTime(double scale, Instant origin) {
    this.scale = checkScale(scale);
    this.origin = origin;
    this.executor =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "scaled-time-scheduler");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.clock = new UtcClock(() -> origin.plusNanos(Math.round((System.nanoTime() - originNanos) * scale)));
    this.scheduler = new ScaledScheduler();
    this.driver = null;
  }

  private ScaledTime(double scale, Instant origin, ManualScheduler manual) {
    this.scale = checkScale(scale);
    this.origin = origin;
    this.executor = null;
    this.clock = manual.clock();
    this.scheduler = manual;
    this.driver = new Thread(() -> drive(manual), "driven-time");
    driver.setDaemon(true);
    driver.start();
  }

  /**
   * Simulated time moved forward by a driver thread, at most {@code scale} times real time and at most
   * {@link #MAX_STEP} per step (about every real millisecond); scheduled tasks run on the driver thread at their
   * due time, so a wait on the simulated clock ends exactly when it should however loaded the machine is.
   */
  public static ScaledTime driven(double scale, Instant origin) {
    return new ScaledTime(scale, origin, new ManualScheduler(origin));
  }

  private static double checkScale(double scale) {
    if (!(scale >= 1)) {
      throw new IllegalArgumentException("scale must be >= 1, was " + scale);
    }
    return scale;
  }

  private void drive(ManualScheduler manual) {
    long maxStep = MAX_STEP.toNanos();
    long last = System.nanoTime();
    while (!closed) {
      LockSupport.parkNanos(DRIVER_TICK_NANOS);
      long now = System.nanoTime();
      long step = inFlight.get() > 0 ? 0 : Math.min(maxStep, Math.round((now - last) * scale));
      last = now;
      manual.advance(Duration.ofNanos(step)); // a zero step still runs what was handed to execute()
    }
  }

  /**
   * A client layer (add it with {@code CalcomClient.Builder#addLayer}, just before the transport) that holds a
   * {@linkplain #driven driven} time still while its attempt is in flight: an HTTP round trip then takes no
   * simulated time (at most the rest of a step in progress, {@link #MAX_STEP}), so what a test measures on the
   * simulated clock does not depend on how fast this machine answers. Passes attempts through unchanged; with a time read from the real clock it only passes them through.
   */
  public Layer holdWhileInFlight() {
    return (request, chain) -> {
      Runnable release = hold();
      CompletableFuture<CalcomResponse> sent;
      try {
        sent = chain.proceed(request);
      } catch (RuntimeException e) {
        release.run();
        throw e;
      }
      return sent.whenComplete((response, failure) -> release.run());
    };
  }

  /**
   * Holds a {@linkplain #driven driven} time still (at most the rest of a step in progress) until the returned
   * release runs (once; later runs do nothing): for a load generator that must not fall behind simulated time
   * while this machine is slow to run it. Does nothing for a time read from the real clock.
   */
  public Runnable hold() {
    if (driver == null) {
      return () -> {};
    }
    inFlight.incrementAndGet();
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    };
  }

  /**
   * The clock to give a {@code FakeCalcom} built with {@code timeScale(scale)}: it runs {@code 1 / scale} of this
   * time, so that the fake's simulated time (its windows, blocks, journal) is this time; its latencies stay
   * {@code scale} times shorter in real time.
   */
  public Clock clockForFake() {
    Instant start = clock.instant();
    return new UtcClock(
        () -> start.plusNanos(Math.round(Duration.between(start, clock.instant()).toNanos() / scale)));
  }

  public double scale() {
    return scale;
  }

  /** The simulated clock: {@code origin + scale * (real time elapsed)}. */
  public Clock clock() {
    return clock;
  }

  /** A scheduler whose delays are simulated durations (divided by the scale before waiting in real time). */
  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  public Instant now() {
    return clock.instant();
  }

  /** How long a simulated duration lasts in real time (at least, for driven time, which may run slower). */
  public Duration toReal(Duration simulated) {
    return Duration.ofNanos(Math.round(simulated.toNanos() / scale));
  }

  /**
   * The timeout to configure for an endpoint group so that a call keeps its real-time behaviour: the client's
   * overall deadline ({@code 3 x timeout} on the simulated clock) becomes {@code 3 x realTimeout} of real time, and
   * the OkHttp attempt timeout (read as real time) is {@code scale x realTimeout}, far above any scaled latency.
   */
  public Duration timeoutFor(Duration realTimeout) {
    return Duration.ofNanos(Math.round(realTimeout.toNanos() * scale));
  }

  /**
   * A future completed after {@code simulated} has passed on {@link #clock()}: how a load generator honours a
   * {@code retryAfter} (pacing, not synchronisation).
   */
  public CompletableFuture<Void> after(Duration simulated) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    scheduler.schedule(() -> done.complete(null), Math.max(1, simulated.toNanos()), TimeUnit.NANOSECONDS);
    return done;
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }

  private long toRealNanos(long delay, TimeUnit unit) {
    return Math.max(0, Math.round(unit.toNanos(delay) / scale));
  }

  /** A UTC clock reading {@code now}; this class's clocks differ only in where the instant comes from. */
  private static final class UtcClock extends Clock {
    private final Supplier<Instant> now;

    UtcClock(Supplier<Instant> now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final class ScaledScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
      return executor.schedule(command, toRealNanos(delay, unit), TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      return executor.schedule(callable, toRealNanos(delay, unit), TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(
        Runnable command, long initialDelay, long period, TimeUnit unit) {
      return executor.scheduleAtFixedRate(
          command, toRealNanos(initialDelay, unit), Math.max(1, toRealNanos(period, unit)), TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(
        Runnable command, long initialDelay, long delay, TimeUnit unit) {
      return executor.scheduleWithFixedDelay(
          command, toRealNanos(initialDelay, unit), Math.max(1, toRealNanos(delay, unit)), TimeUnit.NANOSECONDS);
    }

    @Override
    public void execute(Runnable command) {
      executor.execute(command);
    }

    @Override
    public void shutdown() {
      executor.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      return executor.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
      return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
      return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      return executor.awaitTermination(timeout, unit);
    }
  }
}
