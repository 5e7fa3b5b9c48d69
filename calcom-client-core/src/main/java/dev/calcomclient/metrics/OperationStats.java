package dev.calcomclient.metrics;

import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.util.Objects;

/**
 * Calls and latency of one operation since the client was built. Latency is measured from entering the pipeline
 * to the answer, waits and retries included; percentiles come from an HdrHistogram (3 significant digits).
 *
 * @param operation the operation
 * @param calls requests made
 * @param errors requests that ended in a non-2xx answer or an exception
 * @param p50 median latency
 * @param p95 95th percentile latency
 * @param p99 99th percentile latency
 * @param max the slowest request
 */
public record OperationStats(
    Operation operation, long calls, long errors, Duration p50, Duration p95, Duration p99, Duration max) {

  /**
   * Checks the components.
   *
   * @param operation the operation
   * @param calls the calls
   * @param errors the errors
   * @param p50 the p50
   * @param p95 the p95
   * @param p99 the p99
   * @param max the max
   */
  public OperationStats {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p95, "p95");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(max, "max");
  }
}
