package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.FaultPlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/** The fake's {@link FaultPlan}: holds the rules and picks the fault for each routed request. Thread-safe. */
public final class FaultInjector implements FaultPlan {
  private final List<CountedRule> counted = new ArrayList<>();
  private final List<RandomRule> random = new ArrayList<>();
  private SplittableRandom generator;
  private long injected;

  public FaultInjector(long seed) {
    this.generator = new SplittableRandom(seed);
  }

  private static final class CountedRule {
    final String endpoint;
    final Fault fault;
    int remaining;

    CountedRule(String endpoint, Fault fault, int remaining) {
      this.endpoint = endpoint;
      this.fault = fault;
      this.remaining = remaining;
    }
  }

  private record RandomRule(String endpoint, double probability, Fault fault) {}

  @Override
  public FaultPlan nextRequests(int count, Fault fault) {
    return addCounted(null, count, fault);
  }

  @Override
  public FaultPlan nextRequests(String endpoint, int count, Fault fault) {
    return addCounted(requireEndpoint(endpoint), count, fault);
  }

  @Override
  public FaultPlan randomly(double probability, Fault fault) {
    return addRandom(null, probability, fault);
  }

  @Override
  public FaultPlan randomly(String endpoint, double probability, Fault fault) {
    return addRandom(requireEndpoint(endpoint), probability, fault);
  }

  private synchronized FaultPlan addCounted(String endpoint, int count, Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (count <= 0) {
      throw new IllegalArgumentException("count must be positive, was " + count);
    }
    counted.add(new CountedRule(endpoint, fault, count));
    return this;
  }

  private synchronized FaultPlan addRandom(String endpoint, double probability, Fault fault) {
    Objects.requireNonNull(fault, "fault");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be between 0 and 1, was " + probability);
    }
    random.add(new RandomRule(endpoint, probability, fault));
    return this;
  }

  @Override
  public synchronized FaultPlan seed(long seed) {
    generator = new SplittableRandom(seed);
    return this;
  }

  @Override
  public synchronized void clear() {
    counted.clear();
    random.clear();
  }

  @Override
  public synchronized int pendingCount() {
    return counted.stream().mapToInt(r -> r.remaining).sum();
  }

  @Override
  public synchronized long injectedCount() {
    return injected;
  }

  /** The fault for one request to the endpoint, or {@code null}; consumes a counted rule's request. */
  public synchronized Fault select(String method, String routePattern, String group) {
    for (Iterator<CountedRule> it = counted.iterator(); it.hasNext(); ) {
      CountedRule rule = it.next();
      if (matches(rule.endpoint, method, routePattern, group)) {
        if (--rule.remaining == 0) {
          it.remove();
        }
        injected++;
        return rule.fault;
      }
    }
    for (RandomRule rule : random) {
      if (matches(rule.endpoint, method, routePattern, group) && generator.nextDouble() < rule.probability) {
        injected++;
        return rule.fault;
      }
    }
    return null;
  }

  /** Whether an endpoint key ({@code null}: any) names the endpoint; see {@link FaultPlan}. */
  static boolean matches(String endpoint, String method, String routePattern, String group) {
    return endpoint == null
        || endpoint.equals(method + " " + routePattern)
        || endpoint.equals(method + " " + group)
        || endpoint.equals(group);
  }

  private static String requireEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new IllegalArgumentException("endpoint must name a route ('POST /v2/bookings'), a method and group "
          + "('POST bookings') or a group ('bookings')");
    }
    return endpoint;
  }
}
