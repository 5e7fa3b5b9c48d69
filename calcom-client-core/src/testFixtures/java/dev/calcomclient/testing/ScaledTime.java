package dev.calcomclient.testing;

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

/**
 * Simulated time running {@code scale} times faster than real time, for a client that talks to a
 * {@code FakeCalcom} built with {@code timeScale(scale)}: {@link #clock()} advances {@code scale} simulated seconds
 * per real second (so the client's token buckets, pauses and deadlines live in the fake's simulated minute), and
 * {@link #scheduler()} shortens every scheduled delay by the same factor (so a limiter wait of 0.67 simulated
 * seconds is 33 real milliseconds at scale 20, not 0.67 real seconds).
 *
 * <p>What does not scale: OkHttp's per-attempt timeout, which the transport reads from the client's configured
 * timeouts as real milliseconds. Tests size those (see {@link #timeoutFor(Duration)}).
 */
public final class ScaledTime implements AutoCloseable {
  private final double scale;
  private final Instant origin;
  private final long originNanos = System.nanoTime();
  private final ScheduledThreadPoolExecutor executor;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;

  public ScaledTime(double scale, Instant origin) {
    if (!(scale >= 1)) {
      throw new IllegalArgumentException("scale must be >= 1, was " + scale);
    }
    this.scale = scale;
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
    this.clock = new ScaledClock();
    this.scheduler = new ScaledScheduler();
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

  /** How long a simulated duration lasts in real time. */
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
    executor.shutdownNow();
  }

  private long toRealNanos(long delay, TimeUnit unit) {
    return Math.max(0, Math.round(unit.toNanos(delay) / scale));
  }

  private final class ScaledClock extends Clock {
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
      long elapsed = System.nanoTime() - originNanos;
      return origin.plusNanos(Math.round(elapsed * scale));
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
