package dev.calcomclient.testkit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The scheduler of a {@link dev.calcomclient.testkit.FakeClock}: delayed tasks wait for the clock to be advanced past
 * their due time and then run in time order on the advancing thread; tasks due at once run on a daemon thread.
 */
public final class ClockScheduler extends AbstractExecutorService implements ScheduledExecutorService {
  private final Supplier<Instant> now;
  private final Consumer<Instant> set;
  private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
  private final ExecutorService immediate =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "fake-clock-scheduler");
            t.setDaemon(true);
            return t;
          });
  private long sequence;
  private volatile boolean shutdown;

  /**
   * Creates the scheduler of a clock.
   *
   * @param now reads the clock
   * @param set sets the clock
   */
  public ClockScheduler(Supplier<Instant> now, Consumer<Instant> set) {
    this.now = now;
    this.set = set;
  }

  /**
   * Moves the clock to {@code target}, running the tasks that fall due on the way, each at its due time.
   *
   * @param target the new time, not before the current one
   */
  public void advanceTo(Instant target) {
    while (true) {
      Task<?> next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.due.isAfter(target)) {
          set.accept(target);
          return;
        }
        queue.poll();
        if (next.due.isAfter(now.get())) {
          set.accept(next.due);
        }
      }
      next.run();
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return enqueue(Executors.callable(command, null), unit.toNanos(delay));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return enqueue(callable, unit.toNanos(delay));
  }

  private <V> ScheduledFuture<V> enqueue(Callable<V> callable, long delayNanos) {
    if (shutdown) {
      throw new RejectedExecutionException("the fake clock's scheduler is shut down");
    }
    Task<V> t;
    synchronized (this) {
      t = new Task<>(callable, now.get().plusNanos(Math.max(0, delayNanos)), sequence++);
      if (delayNanos > 0) {
        queue.add(t);
        return t;
      }
    }
    immediate.execute(t);
    return t;
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported by the fake clock's scheduler");
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("periodic tasks are not supported by the fake clock's scheduler");
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public synchronized List<Runnable> shutdownNow() {
    shutdown = true;
    List<Runnable> out = new ArrayList<>(queue);
    queue.clear();
    return out;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public synchronized boolean isTerminated() {
    return shutdown && queue.isEmpty();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return isTerminated();
  }

  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    final Instant due;
    final long seq;

    Task(Callable<V> callable, Instant due, long seq) {
      super(callable);
      this.due = due;
      this.seq = seq;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(Duration.between(now.get(), due));
    }

    @Override
    public int compareTo(Delayed o) {
      Task<?> other = (Task<?>) o;
      int c = due.compareTo(other.due);
      return c != 0 ? c : Long.compare(seq, other.seq);
    }
  }
}
