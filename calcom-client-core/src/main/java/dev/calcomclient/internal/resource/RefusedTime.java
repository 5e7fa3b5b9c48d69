package dev.calcomclient.internal.resource;

import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.invalidate.internal.SmartInvalidator;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A time Cal.com refused as unavailable (a create, reschedule or reservation): the caller's failure waits until the
 * invalidator has decided whether the cached days keep it and applied that decision to this instance's L1
 * ({@link Invalidator#applyUnavailable}; {@link SmartInvalidator#decideUnavailable}), so that this client's next answer
 * does not offer the refused time (read-your-writes), and is then the original failure, unchanged. It does not wait
 * for the delivery to L2 and the bus (with Redis unreachable that would take the delivery timeout). The invalidation
 * never turns into the caller's failure.
 */
final class RefusedTime {
  private static final Logger log = LoggerFactory.getLogger(RefusedTime.class);

  private RefusedTime() {}

  /**
   * Applies the refusal of {@code start} and fails with {@code failure} once it is applied (or failed).
   *
   * @param failure the caller's failure, as received, passed on unchanged
   */
  static <T> CompletableFuture<T> failAfterApplying(
      Invalidator invalidator, long eventTypeId, Instant start, Set<Long> hosts, Throwable failure) {
    CompletableFuture<?> applied;
    try {
      // the smart invalidator tells when L1 holds the decision; delivery to L2 and the bus goes on without the caller
      applied = invalidator instanceof SmartInvalidator smart
          ? smart.decideUnavailable(eventTypeId, start, hosts)
          : invalidator.applyUnavailable(eventTypeId, start, hosts);
    } catch (RuntimeException e) {
      applied = CompletableFuture.failedFuture(e);
    }
    if (applied == null) {
      applied = CompletableFuture.completedFuture(null);
    }
    return applied.handle(
            (report, e) -> {
              if (e != null) {
                log.warn("invalidating the slots of a refused booking failed", e);
              }
              return null;
            })
        .thenCompose(v -> CompletableFuture.failedFuture(failure));
  }
}
