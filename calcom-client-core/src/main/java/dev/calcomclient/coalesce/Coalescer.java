package dev.calcomclient.coalesce;

import dev.calcomclient.coalesce.internal.LocalCoalescer;
import dev.calcomclient.pipeline.CalcomResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Lets identical reads that are in flight at the same time share one upstream call. The coalescing layer calls
 * {@link #join} with the request's canonical key for every read (never for a mutation). Nothing is kept after a
 * flight completes: a failure is shared by that flight's joiners only, and the next read goes upstream again.
 *
 * <p>The in-process default is {@link #local()}; the Redis module coalesces across JVMs.
 */
public interface Coalescer {

  /**
   * Runs {@code upstream} for the first caller of {@code key}; callers of the same key while it is in flight get
   * its outcome instead of calling upstream themselves.
   *
   * @param key the key
   * @param upstream the upstream
   * @return the flight
   */
  Flight join(String key, Supplier<CompletableFuture<CalcomResponse>> upstream);

  /**
   * A caller's share of a flight.
   *
   * @param response completes with the flight's response or failure; cancelling it affects no other caller
   * @param joined true when this caller joined a flight another caller started
   */
  record Flight(CompletableFuture<CalcomResponse> response, boolean joined) {
    /**
     * Checks the components.
     *
     * @param response the response
     * @param joined the joined
     */
    public Flight {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * The in-process coalescer.
   *
   * @return the in-process coalescer
   */
  static Coalescer local() {
    return new LocalCoalescer();
  }

  /**
   * No coalescing: the client leaves the layer out.
   *
   * @return no coalescing: the client leaves the layer out
   */
  static Coalescer disabled() {
    return LocalCoalescer.DISABLED;
  }
}
