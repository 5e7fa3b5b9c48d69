package dev.calcomclient.coalesce.internal;

import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.CalcomResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The in-process {@link Coalescer}: a map of in-flight calls, each removed before its callers are completed.
 * <b>Module boundary:</b> public because {@link Coalescer#local()} (another package) creates it and the Redis
 * module's coalescer composes it for its in-JVM flights.
 */
public final class LocalCoalescer implements Coalescer {
  /** The "no coalescing" marker: the client leaves the layer out when it sees this instance. */
  public static final Coalescer DISABLED =
      new Coalescer() {
        @Override
        public Flight join(String key, Supplier<CompletableFuture<CalcomResponse>> upstream) {
          return new Flight(upstream.get(), false);
        }

        @Override
        public String toString() {
          return "Coalescer.disabled()";
        }
      };

  private final ConcurrentHashMap<String, CompletableFuture<CalcomResponse>> inFlight = new ConcurrentHashMap<>();

  @Override
  public Flight join(String key, Supplier<CompletableFuture<CalcomResponse>> upstream) {
    CompletableFuture<CalcomResponse> flight = new CompletableFuture<>();
    CompletableFuture<CalcomResponse> existing = inFlight.putIfAbsent(key, flight);
    if (existing != null) {
      return new Flight(existing.copy(), true);
    }
    CompletableFuture<CalcomResponse> call;
    try {
      call = upstream.get();
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete(
        (response, failure) -> {
          // Removed first, so a caller arriving after completion starts a new flight instead of reusing this one.
          inFlight.remove(key, flight);
          if (failure != null) {
            flight.completeExceptionally(Futures.unwrap(failure));
          } else {
            flight.complete(response);
          }
        });
    return new Flight(flight.copy(), false);
  }

  /** How many distinct calls are in flight now. */
  public int inFlight() {
    return inFlight.size();
  }

  @Override
  public String toString() {
    return "LocalCoalescer{inFlight=" + inFlight.size() + '}';
  }
}
