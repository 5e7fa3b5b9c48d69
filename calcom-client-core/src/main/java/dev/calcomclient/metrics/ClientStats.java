package dev.calcomclient.metrics;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable snapshot of a client's activity, from {@code CalcomClient.stats()}.
 *
 * @param takenAt when the snapshot was taken (client clock)
 * @param operations calls and latency percentiles per operation (only operations that were called)
 * @param requests requests made through the client
 * @param upstreamRequests real HTTP attempts sent to Cal.com, retries included
 * @param upstreamRequestsLast60s attempts sent in the last 60 s (one-second resolution)
 * @param rateLimit Cal.com's limit per window the limiter is configured for, or 0 when unknown or disabled
 * @param rateLimitBudget the most the limiter lets through in any window ({@code limit - headroom}), or 0
 * @param circuitStates each endpoint group's breaker state (empty when the breaker is disabled)
 * @param coalescedJoins reads that shared another read's upstream call: upstream calls saved by coalescing
 * @param rateLimitWaits attempts that waited for a token
 * @param rateLimitRejections attempts the local limiter refused
 * @param rateLimitPauses 429 answers that paused the credential
 * @param retries retry attempts scheduled
 * @param circuitRejections requests an open breaker refused
 */
public record ClientStats(
    Instant takenAt,
    Map<Operation, OperationStats> operations,
    long requests,
    long upstreamRequests,
    long upstreamRequestsLast60s,
    int rateLimit,
    int rateLimitBudget,
    Map<EndpointGroup, CircuitState> circuitStates,
    long coalescedJoins,
    long rateLimitWaits,
    long rateLimitRejections,
    long rateLimitPauses,
    long retries,
    long circuitRejections) {

  /** Copies the maps. */
  public ClientStats {
    Objects.requireNonNull(takenAt, "takenAt");
    operations = Map.copyOf(operations);
    circuitStates = Map.copyOf(circuitStates);
  }

  /** The stats of {@code operation}, or {@code null} when it was never called. */
  public OperationStats operation(Operation operation) {
    return operations.get(operation);
  }
}
