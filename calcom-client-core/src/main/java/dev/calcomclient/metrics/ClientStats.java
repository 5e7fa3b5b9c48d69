package dev.calcomclient.metrics;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable snapshot of a client's activity, from {@code CalcomClient.stats()}. {@link #toReport()} renders it as
 * a compact text report.
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
 * @param rateLimitAvailableTokens tokens the limiter has for this client's credential now, when it can tell
 * @param cache cache lookups per tier
 * @param invalidations cache invalidations caused by bookings
 * @param webhooksVerified webhook deliveries accepted (reported to this client's listeners)
 * @param webhooksRejected webhook deliveries refused (reported to this client's listeners)
 * @param rateLimitPausedUntil while the credential is paused (after a 429, or a window the server reported spent),
 *     when the pause ends; the pause is never longer than the limiter's {@code maxPause}
 * @param decodeIssues what in Cal.com's answers did not decode as expected, one entry per (operation, field, kind)
 *     with its total count: optional fields decoded as absent and list elements left out
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
    long circuitRejections,
    OptionalLong rateLimitAvailableTokens,
    CacheStats cache,
    InvalidationStats invalidations,
    long webhooksVerified,
    long webhooksRejected,
    Optional<Instant> rateLimitPausedUntil,
    List<DecodeIssue> decodeIssues) {

  /**
   * Copies the maps.
   *
   * @param takenAt the taken at
   * @param operations the operations
   * @param requests the requests
   * @param upstreamRequests the upstream requests
   * @param upstreamRequestsLast60s the upstream requests last60s
   * @param rateLimit the rate limit
   * @param rateLimitBudget the rate limit budget
   * @param circuitStates the circuit states
   * @param coalescedJoins the coalesced joins
   * @param rateLimitWaits the rate limit waits
   * @param rateLimitRejections the rate limit rejections
   * @param rateLimitPauses the rate limit pauses
   * @param retries the retries
   * @param circuitRejections the circuit rejections
   * @param rateLimitAvailableTokens the rate limit available tokens
   * @param cache the cache
   * @param invalidations the invalidations
   * @param webhooksVerified the webhooks verified
   * @param webhooksRejected the webhooks rejected
   * @param rateLimitPausedUntil the rate limit paused until
   * @param decodeIssues the decode issues
   */
  public ClientStats {
    decodeIssues = decodeIssues == null ? List.of() : List.copyOf(decodeIssues);
    Objects.requireNonNull(rateLimitPausedUntil, "rateLimitPausedUntil");
    Objects.requireNonNull(takenAt, "takenAt");
    operations = Map.copyOf(operations);
    circuitStates = Map.copyOf(circuitStates);
    Objects.requireNonNull(rateLimitAvailableTokens, "rateLimitAvailableTokens");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(invalidations, "invalidations");
  }

  /**
   * A snapshot without decode issues (the components before they were added).
   *
   * @param takenAt when the snapshot was taken
   * @param operations calls per operation
   * @param requests requests made through the client
   * @param upstreamRequests real HTTP attempts
   * @param upstreamRequestsLast60s attempts in the last 60 s
   * @param rateLimit Cal.com's limit per window, or 0
   * @param rateLimitBudget the limiter's budget per window, or 0
   * @param circuitStates breaker states
   * @param coalescedJoins coalesced reads
   * @param rateLimitWaits attempts that waited
   * @param rateLimitRejections local refusals
   * @param rateLimitPauses 429 pauses
   * @param retries retries scheduled
   * @param circuitRejections requests an open breaker refused
   * @param rateLimitAvailableTokens tokens available now, when known
   * @param cache cache lookups per tier
   * @param invalidations invalidations
   * @param webhooksVerified webhook deliveries accepted
   * @param webhooksRejected webhook deliveries refused
   * @param rateLimitPausedUntil when the credential's pause ends, if paused
   */
  public ClientStats(
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
      long circuitRejections,
      OptionalLong rateLimitAvailableTokens,
      CacheStats cache,
      InvalidationStats invalidations,
      long webhooksVerified,
      long webhooksRejected,
      Optional<Instant> rateLimitPausedUntil) {
    this(
        takenAt, operations, requests, upstreamRequests, upstreamRequestsLast60s, rateLimit, rateLimitBudget,
        circuitStates, coalescedJoins, rateLimitWaits, rateLimitRejections, rateLimitPauses, retries,
        circuitRejections, rateLimitAvailableTokens, cache, invalidations, webhooksVerified, webhooksRejected,
        rateLimitPausedUntil, List.of());
  }

  /**
   * The total count of {@code kind} issues of {@code operation}'s answers (all fields).
   *
   * @param operation the operation
   * @param kind tolerated fields or left-out elements
   * @return the count, 0 when none
   */
  public long decodeIssueCount(Operation operation, DecodeIssue.Kind kind) {
    return decodeIssues.stream()
        .filter(i -> i.operation() == operation && i.kind() == kind)
        .mapToLong(DecodeIssue::count)
        .sum();
  }

  /**
   * A snapshot without the pause end (the components before it was added).
   *
   * @param takenAt when the snapshot was taken
   * @param operations calls per operation
   * @param requests requests made through the client
   * @param upstreamRequests real HTTP attempts
   * @param upstreamRequestsLast60s attempts in the last 60 s
   * @param rateLimit Cal.com's limit per window, or 0
   * @param rateLimitBudget the limiter's budget per window, or 0
   * @param circuitStates breaker states
   * @param coalescedJoins coalesced reads
   * @param rateLimitWaits attempts that waited
   * @param rateLimitRejections local refusals
   * @param rateLimitPauses 429 pauses
   * @param retries retries scheduled
   * @param circuitRejections requests an open breaker refused
   * @param rateLimitAvailableTokens tokens available now, when known
   * @param cache cache lookups per tier
   * @param invalidations invalidations
   * @param webhooksVerified webhook deliveries accepted
   * @param webhooksRejected webhook deliveries refused
   */
  public ClientStats(
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
      long circuitRejections,
      OptionalLong rateLimitAvailableTokens,
      CacheStats cache,
      InvalidationStats invalidations,
      long webhooksVerified,
      long webhooksRejected) {
    this(
        takenAt,
        operations,
        requests,
        upstreamRequests,
        upstreamRequestsLast60s,
        rateLimit,
        rateLimitBudget,
        circuitStates,
        coalescedJoins,
        rateLimitWaits,
        rateLimitRejections,
        rateLimitPauses,
        retries,
        circuitRejections,
        rateLimitAvailableTokens,
        cache,
        invalidations,
        webhooksVerified,
        webhooksRejected,
        Optional.empty(),
        List.of());
  }

  /**
   * A snapshot without cache, invalidation, webhook and token figures (the original components).
   *
   * @param takenAt the taken at
   * @param operations the operations
   * @param requests the requests
   * @param upstreamRequests the upstream requests
   * @param upstreamRequestsLast60s the upstream requests last60s
   * @param rateLimit the rate limit
   * @param rateLimitBudget the rate limit budget
   * @param circuitStates the circuit states
   * @param coalescedJoins the coalesced joins
   * @param rateLimitWaits the rate limit waits
   * @param rateLimitRejections the rate limit rejections
   * @param rateLimitPauses the rate limit pauses
   * @param retries the retries
   * @param circuitRejections the circuit rejections
   */
  public ClientStats(
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
    this(
        takenAt,
        operations,
        requests,
        upstreamRequests,
        upstreamRequestsLast60s,
        rateLimit,
        rateLimitBudget,
        circuitStates,
        coalescedJoins,
        rateLimitWaits,
        rateLimitRejections,
        rateLimitPauses,
        retries,
        circuitRejections,
        OptionalLong.empty(),
        CacheStats.EMPTY,
        InvalidationStats.EMPTY,
        0,
        0,
        Optional.empty(),
        List.of());
  }

  /**
   * The stats of {@code operation}, or {@code null} when it was never called.
   *
   * @param operation the operation
   * @return the stats of {@code operation}, or {@code null} when it was never called
   */
  public OperationStats operation(Operation operation) {
    return operations.get(operation);
  }

  /**
   * A compact multi-line text report: rate-limit use, requests, per-operation calls and latency percentiles, cache
   * hit ratios per tier, coalescing savings, breaker states, invalidations and webhooks.
   *
   * @return a compact multi-line text report: rate-limit use, requests, per-operation calls and latency percentiles,
   *     cache hit ratios per tier, coalescing savings, breaker states, invalidations and webhooks
   */
  public String toReport() {
    List<String> lines = new ArrayList<>();
    lines.add("Cal.com client stats at " + takenAt);
    lines.add("=".repeat(72));
    StringBuilder limit = new StringBuilder("Rate limit: ").append(upstreamRequestsLast60s);
    if (rateLimitBudget > 0) {
      limit.append('/').append(rateLimitBudget).append(" upstream requests in the last 60 s (Cal.com limit ");
      limit.append(rateLimit).append(')');
    } else {
      limit.append(" upstream requests in the last 60 s (no client-side limit)");
    }
    rateLimitAvailableTokens.ifPresent(t -> limit.append(", ").append(t).append(" tokens available"));
    rateLimitPausedUntil.ifPresent(t -> limit.append(", PAUSED until ").append(t));
    lines.add(limit.toString());
    lines.add(
        "  waits " + rateLimitWaits + ", local rejections " + rateLimitRejections + ", 429 pauses " + rateLimitPauses);
    lines.add(
        "Requests: "
            + requests
            + " through the client, "
            + upstreamRequests
            + " upstream attempts, "
            + retries
            + " retries");
    if (!operations.isEmpty()) {
      lines.add("Operations:");
      for (Operation op : Operation.values()) {
        OperationStats s = operations.get(op);
        if (s != null) {
          lines.add(
              String.format(
                  Locale.ROOT,
                  "  %-24s calls %6d (from cache %6d)  errors %5d  p50 %8s  p95 %8s  p99 %8s  max %8s",
                  op,
                  s.calls(),
                  s.fromCache(),
                  s.errors(),
                  format(s.p50()),
                  format(s.p95()),
                  format(s.p99()),
                  format(s.max())));
        }
      }
    }
    long lookups = cache.lookups(CacheTier.L1) > 0 ? cache.lookups(CacheTier.L1) : cache.lookups(CacheTier.L2);
    if (lookups == 0) {
      lines.add("Cache: no lookups");
    } else {
      lines.add(
          "Cache: "
              + percent(cache.hitRatio())
              + " hits of "
              + lookups
              + " lookups; L1 "
              + tier(CacheTier.L1)
              + ", L2 "
              + tier(CacheTier.L2)
              + "; stale answers "
              + cache.staleAnswers(StaleReason.OVERLOADED)
              + " under overload, "
              + cache.staleAnswers(StaleReason.UNAVAILABLE)
              + " while Cal.com failed");
    }
    lines.add(
        "Coalescing: "
            + coalescedJoins
            + " reads joined an identical call in flight ("
            + coalescedJoins
            + " upstream calls saved)");
    if (circuitStates.isEmpty()) {
      lines.add("Circuit breakers: disabled");
    } else {
      List<String> states = new ArrayList<>();
      for (EndpointGroup g : EndpointGroup.values()) {
        if (circuitStates.containsKey(g)) {
          states.add(g + " " + circuitStates.get(g));
        }
      }
      lines.add(
          "Circuit breakers: " + String.join(", ", states) + "; " + circuitRejections + " requests refused while open");
    }
    lines.add(
        "Invalidations: "
            + invalidations.invalidations()
            + ", "
            + invalidations.keysInvalidated()
            + " keys (median "
            + invalidations.medianKeys()
            + ", max "
            + invalidations.maxKeys()
            + " per invalidation, p99 "
            + format(invalidations.p99Duration())
            + "), "
            + invalidations.queued()
            + " queued, "
            + invalidations.dropped()
            + " dropped");
    lines.add("Webhooks: " + webhooksVerified + " verified, " + webhooksRejected + " rejected");
    if (!decodeIssues.isEmpty()) {
      lines.add("Decoding (fields of Cal.com's answers not as expected):");
      for (DecodeIssue i : decodeIssues) {
        lines.add(
            "  " + i.operation() + " " + i.field() + ": " + i.count()
                + (i.isLeftOut() ? " element(s) left out" : " time(s) decoded as absent"));
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private String tier(CacheTier t) {
    long n = cache.lookups(t);
    return n == 0 ? "-" : percent(cache.hitRatio(t)) + " (" + cache.hits(t) + "/" + n + ")";
  }

  private static String percent(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  private static String format(Duration d) {
    double ms = d.toNanos() / 1_000_000.0;
    if (ms < 10) {
      return String.format(Locale.ROOT, "%.1f ms", ms);
    }
    if (ms < 10_000) {
      return String.format(Locale.ROOT, "%d ms", Math.round(ms));
    }
    return String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }
}
