package dev.calcomclient.internal;

import dev.calcomclient.CalcomException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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
    try {
      return future.get();
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
