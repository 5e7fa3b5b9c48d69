package dev.calcomclient.testkit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Response latencies of {@link FakeCalcom} per endpoint, in simulated time (divided by the fake's time scale before
 * the response is delayed), with a seed so that a run draws the same latencies every time.
 *
 * <p>An endpoint is named by one of these keys; the most specific key wins:
 * <ol>
 *   <li>method and route pattern: {@code "POST /v2/bookings"}, {@code "GET /v2/bookings/{bookingUid}"};</li>
 *   <li>method and endpoint group: {@code "POST bookings"};</li>
 *   <li>endpoint group: {@code "slots"}, {@code "bookings"}, {@code "event-types"}, {@code "webhooks"}, ...;</li>
 *   <li>otherwise the profile's default.</li>
 * </ol>
 *
 * <p>Immutable; {@code with...} methods return copies.
 */
public final class LatencyProfile {
  private final Map<String, LatencyDistribution> byEndpoint;
  private final LatencyDistribution defaultLatency;
  private final long seed;

  private LatencyProfile(Map<String, LatencyDistribution> byEndpoint, LatencyDistribution defaultLatency,
      long seed) {
    this.byEndpoint = byEndpoint;
    this.defaultLatency = defaultLatency;
    this.seed = seed;
  }

  /**
   * No latency at all (the default of {@link FakeCalcom}): responses are as fast as the machine.
   *
   * @return no latency at all (the default of {@link FakeCalcom}): responses are as fast as the machine
   */
  public static LatencyProfile none() {
    return new LatencyProfile(Map.of(), LatencyDistribution.none(), 0L);
  }

  /**
   * Latencies like the ones measured against Cal.com in the seed documents: slots 300-800 ms, booking mutations
   * (create, cancel, reschedule) 1.5-5 s, everything else 100-300 ms; log-normal between those 5th and 95th
   * percentiles; seed 42.
   *
   * @return latencies like the ones measured against Cal.com in the seed documents: slots 300-800 ms, booking mutations
   *     (create, cancel, reschedule) 1.5-5 s, everything else 100-300 ms; log-normal between those 5th and 95th
   *     percentiles; seed 42
   */
  public static LatencyProfile calcomLike() {
    Map<String, LatencyDistribution> m = new LinkedHashMap<>();
    m.put("slots", LatencyDistribution.logNormal(Duration.ofMillis(300), Duration.ofMillis(800)));
    m.put("POST bookings", LatencyDistribution.logNormal(Duration.ofMillis(1500), Duration.ofMillis(5000)));
    return new LatencyProfile(Map.copyOf(m),
        LatencyDistribution.logNormal(Duration.ofMillis(100), Duration.ofMillis(300)), 42L);
  }

  /**
   * A copy where {@code endpoint} (a key as described above) has {@code latency}.
   *
   * @param endpoint the endpoint
   * @param latency the latency
   * @return a copy where {@code endpoint} (a key as described above) has {@code latency}
   */
  public LatencyProfile with(String endpoint, LatencyDistribution latency) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(latency, "latency");
    Map<String, LatencyDistribution> m = new LinkedHashMap<>(byEndpoint);
    m.put(endpoint, latency);
    return new LatencyProfile(Map.copyOf(m), defaultLatency, seed);
  }

  /**
   * A copy whose unnamed endpoints have {@code latency}.
   *
   * @param latency the latency
   * @return a copy whose unnamed endpoints have {@code latency}
   */
  public LatencyProfile withDefault(LatencyDistribution latency) {
    return new LatencyProfile(byEndpoint, Objects.requireNonNull(latency, "latency"), seed);
  }

  /**
   * A copy drawing from a random generator seeded with {@code seed}.
   *
   * @param seed the seed
   * @return a copy drawing from a random generator seeded with {@code seed}
   */
  public LatencyProfile withSeed(long seed) {
    return new LatencyProfile(byEndpoint, defaultLatency, seed);
  }

  /**
   * The seed of the random generator the latencies are drawn from.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * The distribution for an endpoint, by the lookup order above.
   *
   * @param method the method
   * @param routePattern the route pattern
   * @param group the group
   * @return the distribution for an endpoint, by the lookup order above
   */
  public LatencyDistribution distributionFor(String method, String routePattern, String group) {
    LatencyDistribution d = byEndpoint.get(method + " " + routePattern);
    if (d == null) {
      d = byEndpoint.get(method + " " + group);
    }
    if (d == null) {
      d = byEndpoint.get(group);
    }
    return d != null ? d : defaultLatency;
  }
}
