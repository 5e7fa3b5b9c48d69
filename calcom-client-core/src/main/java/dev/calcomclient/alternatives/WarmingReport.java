package dev.calcomclient.alternatives;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one warming run did. Every event type of the run is in exactly one of {@link #warmed()}, {@link #stale()},
 * {@link #skipped()} and {@link #failed()}.
 *
 * @param startedAt when the run started (the client's clock)
 * @param warmed event types whose days are now cached (fetched, or already cached)
 * @param stale event types answered stale: Cal.com could not be reached and older entries were served
 * @param skipped event types not warmed because the rate limiter refused a background call (then the refused one
 *     and every later one), or because the warmer was stopped during the run
 * @param failed event types whose call failed for another reason, with the failure
 * @param upstreamCalls slots requests the run made (at most one per event type)
 * @param reserveReached whether the run stopped because the rate limiter refused a background call: the lane's
 *     reserve was reached, or Cal.com answered 429
 */
public record WarmingReport(
    Instant startedAt,
    List<Long> warmed,
    List<Long> stale,
    List<Long> skipped,
    Map<Long, Throwable> failed,
    int upstreamCalls,
    boolean reserveReached) {

  /**
   * Checks and copies the components; {@link #failed()} keeps its order.
   *
   * @param startedAt the started at
   * @param warmed the warmed
   * @param stale the stale
   * @param skipped the skipped
   * @param failed the failed
   * @param upstreamCalls the upstream calls
   * @param reserveReached the reserve reached
   */
  public WarmingReport {
    Objects.requireNonNull(startedAt, "startedAt");
    warmed = List.copyOf(warmed);
    stale = List.copyOf(stale);
    skipped = List.copyOf(skipped);
    failed = Collections.unmodifiableMap(new LinkedHashMap<>(failed));
  }

  /**
   * Whether every event type of the run was warmed.
   *
   * @return whether every event type of the run was warmed
   */
  public boolean isComplete() {
    return stale.isEmpty() && skipped.isEmpty() && failed.isEmpty();
  }
}
