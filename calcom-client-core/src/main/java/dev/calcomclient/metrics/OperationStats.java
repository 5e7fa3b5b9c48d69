package dev.calcomclient.metrics;

import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.util.Objects;

/**
 * Calls and latency of one operation since the client was built. Calls count every call, including those the
 * cache answered without a request ({@code fromCache}); latency is that of the requests, measured from entering
 * the pipeline to the answer, waits and retries included; percentiles come from an HdrHistogram (3 significant
 * digits).
 *
 * @param operation the operation
 * @param calls calls made: requests through the pipeline (background refreshes included) plus {@code fromCache}
 * @param errors requests that ended in a non-2xx answer or an exception
 * @param p50 median request latency
 * @param p95 95th percentile request latency
 * @param p99 99th percentile request latency
 * @param max the slowest request
 * @param fromCache calls answered entirely from the cache, with no request
 */
public record OperationStats(
    Operation operation,
    long calls,
    long errors,
    Duration p50,
    Duration p95,
    Duration p99,
    Duration max,
    long fromCache) {

  /**
   * Stats of an operation with no call answered from the cache.
   *
   * @param operation the operation
   * @param calls requests made
   * @param errors requests that failed
   * @param p50 median request latency
   * @param p95 95th percentile request latency
   * @param p99 99th percentile request latency
   * @param max the slowest request
   */
  public OperationStats(
      Operation operation, long calls, long errors, Duration p50, Duration p95, Duration p99, Duration max) {
    this(operation, calls, errors, p50, p95, p99, max, 0);
  }

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
   * @param fromCache the from cache
   */
  public OperationStats {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(p50, "p50");
    Objects.requireNonNull(p95, "p95");
    Objects.requireNonNull(p99, "p99");
    Objects.requireNonNull(max, "max");
  }
}
