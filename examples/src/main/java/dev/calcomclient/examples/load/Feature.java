package dev.calcomclient.examples.load;

import java.util.EnumSet;
import java.util.Set;

/**
 * The calcom-client features a criterion depends on. {@link #AVAILABLE} is the one place that says which of them
 * exist in core today; a criterion whose features are not all available is still measured and reported, but under
 * {@link ExitPolicy#ENFORCE_AVAILABLE_FEATURES} it cannot fail the run.
 */
enum Feature {
  RATE_LIMITER("rate limiter (issue 3)"),
  CIRCUIT_BREAKER("circuit breaker (issue 3)"),
  RETRY("retry (issue 3)"),
  COALESCER("in-JVM request coalescer (issue 3)"),
  CACHE("two-tier slot cache (issue 5)"),
  INVALIDATOR("smart invalidator (issue 5)"),
  INVALIDATION_BUS("invalidation bus with queued redelivery (issues 5 and 6)"),
  ALTERNATIVE_FINDER("alternative finder (issue 5)"),
  REDIS("Redis module (shared limiter, coalescer, L2 and invalidation bus across JVMs, issue 6)");

  /**
   * What exists in calcom-client-core now. Add a feature here in the change that lands it: its criteria become
   * enforced. {@link #REDIS} is the module; whether a Redis can be had on this machine is the provider's business
   * ({@link CalcomInstances#REDIS}: without {@code REDIS_URL}, a {@code redis-server} on the PATH or an embedded
   * binary for the platform the 4-instance scenarios are reported as not run, with the reason).
   */
  static final Set<Feature> AVAILABLE = EnumSet.of(RATE_LIMITER, CIRCUIT_BREAKER, RETRY, COALESCER, CACHE, INVALIDATOR,
      INVALIDATION_BUS, ALTERNATIVE_FINDER, REDIS);

  private final String description;

  Feature(String description) {
    this.description = description;
  }

  String description() {
    return description;
  }

  boolean available() {
    return AVAILABLE.contains(this);
  }
}
