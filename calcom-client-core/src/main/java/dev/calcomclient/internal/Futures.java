package dev.calcomclient.internal;

import dev.calcomclient.CalcomException;
import dev.calcomclient.CalcomTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bridges the asynchronous API to the blocking one.
 *
 * <p>Module boundary: used by calcom-client-redis's tests; not an API.
 */
public final class Futures {
  private Futures() {}

  /**
   * Waits for {@code future} and returns its value, rethrowing a {@link CalcomException} (or other unchecked
   * exception) unwrapped from the completion wrapper.
   */
  public static <T> T join(CompletableFuture<T> future) {
    return await(future, future::get, null);
  }

  /**
   * Waits for {@code future} at most {@code bound} of real time, then returns its value as {@link #join} does. The
   * bound is what keeps a blocking call from waiting for ever when the future depends on a task that never runs
   * (a user-supplied scheduler that does not run the client's retry backoffs and rate-limit waits, a clock that
   * never reaches a deadline): the call then fails with a {@link CalcomTimeoutException}. The future is left as it
   * is: a request already sent is not undone by giving up on its answer.
   *
   * @param future the call's future
   * @param bound the longest real-time wait
   * @param <T> the call's value
   * @return the value
   * @throws CalcomTimeoutException when no outcome arrived within {@code bound}
   */
  public static <T> T join(CompletableFuture<T> future, Duration bound) {
    return await(future, () -> future.get(bound.toNanos(), TimeUnit.NANOSECONDS), bound);
  }

  /** How one of the joins waits for its future. */
  @FunctionalInterface
  private interface Wait<T> {
    T get() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** Runs {@code wait}, translating its failures as both joins document; {@code bound} (null: no bound) only for the message. */
  private static <T> T await(CompletableFuture<T> future, Wait<T> wait, Duration bound) {
    try {
      return wait.get();
    } catch (TimeoutException e) {
      throw new CalcomTimeoutException(
          "no outcome within "
              + bound.toMillis()
              + " ms of real time, well past the call's deadline: the client's scheduler may not be running its"
              + " tasks (retry backoffs, rate-limit waits), or its clock may not be moving; the request may have been"
              + " sent",
          true,
          e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new CalcomException("interrupted while waiting for Cal.com", e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (CancellationException e) {
      throw new CalcomException("the call was cancelled", e);
    }
  }

  /** Unwraps {@link CompletionException}/{@link ExecutionException} layers. */
  public static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static RuntimeException rethrow(Throwable cause) {
    Throwable t = unwrap(cause);
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new CalcomException("unexpected checked exception", t);
  }
}
