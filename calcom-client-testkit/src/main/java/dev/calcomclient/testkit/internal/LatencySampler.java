package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.LatencyProfile;
import java.time.Duration;
import java.util.SplittableRandom;

/** Draws response delays from a {@link LatencyProfile} with one seeded generator, scaled to clock time. */
public final class LatencySampler {
  private final LatencyProfile profile;
  private final TimeScale time;
  private final SplittableRandom random;

  public LatencySampler(LatencyProfile profile, TimeScale time) {
    this.profile = profile;
    this.time = time;
    this.random = new SplittableRandom(profile.seed());
  }

  /** The simulated latency of one response of the endpoint. */
  public synchronized Duration simulated(String method, String routePattern, String group) {
    return profile.distributionFor(method, routePattern, group).sample(random);
  }

  /** The clock-time delay for one response: the simulated latency divided by the time scale. */
  public Duration delay(String method, String routePattern, String group) {
    return time.toClock(simulated(method, routePattern, group));
  }
}
