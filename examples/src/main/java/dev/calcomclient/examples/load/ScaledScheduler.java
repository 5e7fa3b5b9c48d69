package dev.calcomclient.examples.load;

import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduler for the client under test whose delays are simulated durations: the client computes a rate-limit
 * wait or a retry backoff on its (simulated) clock, and this scheduler runs it after that delay divided by the time
 * scale, so waits and clock agree.
 */
final class ScaledScheduler extends ScheduledThreadPoolExecutor {
  private final double scale;

  ScaledScheduler(double scale, String name) {
    super(2, daemonThreads(name));
    this.scale = scale;
    setRemoveOnCancelPolicy(true);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private long wall(long delay, TimeUnit unit) {
    return delay <= 0 ? delay : Math.round(unit.toNanos(delay) / scale);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return super.schedule(command, wall(delay, unit), TimeUnit.NANOSECONDS);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return super.schedule(callable, wall(delay, unit), TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    return super.scheduleAtFixedRate(command, wall(initialDelay, unit), Math.max(1, wall(period, unit)),
        TimeUnit.NANOSECONDS);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return super.scheduleWithFixedDelay(command, wall(initialDelay, unit), Math.max(1, wall(delay, unit)),
        TimeUnit.NANOSECONDS);
  }
}
