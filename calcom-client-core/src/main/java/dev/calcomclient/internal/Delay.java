package dev.calcomclient.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Asynchronous delays on a scheduler: a waiting call holds a scheduled task, never a parked thread. */
public final class Delay {
  private Delay() {}

  /** A future completed on {@code scheduler} after {@code delay} (at once for zero or negative delays). */
  public static CompletableFuture<Void> after(ScheduledExecutorService scheduler, Duration delay) {
    if (delay.isNegative() || delay.isZero()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      scheduler.schedule(() -> done.complete(null), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      done.completeExceptionally(new IllegalStateException("the client's scheduler is shut down", e));
    }
    return done;
  }
}
