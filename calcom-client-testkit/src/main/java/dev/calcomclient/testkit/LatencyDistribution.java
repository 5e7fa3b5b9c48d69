package dev.calcomclient.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A distribution of response latencies in simulated time, sampled by {@link FakeCalcom} for every response of an
 * endpoint (see {@link LatencyProfile}). Implementations must be thread-safe and draw randomness only from the
 * generator they are given, so a seeded run is repeatable.
 */
@FunctionalInterface
public interface LatencyDistribution {

  /**
   * One latency; never negative.
   *
   * @param random the random
   * @return one latency; never negative
   */
  Duration sample(RandomGenerator random);

  /**
   * No latency.
   *
   * @return no latency
   */
  static LatencyDistribution none() {
    return random -> Duration.ZERO;
  }

  /**
   * Always {@code latency}.
   *
   * @param latency the latency
   * @return always {@code latency}
   */
  static LatencyDistribution fixed(Duration latency) {
    requireNonNegative(latency, "latency");
    return random -> latency;
  }

  /**
   * Uniform in {@code [min, max]}.
   *
   * @param min the min
   * @param max the max
   * @return uniform in {@code [min, max]}
   */
  static LatencyDistribution uniform(Duration min, Duration max) {
    requireNonNegative(min, "min");
    requireOrdered(min, max);
    long span = max.toNanos() - min.toNanos();
    return random -> span == 0 ? min : min.plusNanos(random.nextLong(span + 1));
  }

  /**
   * Log-normal with {@code p05} as its 5th and {@code p95} as its 95th percentile (so "300-800 ms" reads as
   * {@code logNormal(300 ms, 800 ms)}): right-skewed like real API latencies. Samples are capped at twice
   * {@code p95} so a long load run cannot draw an absurd outlier.
   *
   * @param p05 the p05
   * @param p95 the p95
   * @return log-normal with {@code p05} as its 5th and {@code p95} as its 95th percentile (so "300-800 ms" reads as
   *     {@code logNormal(300 ms, 800 ms)}): right-skewed like real API latencies
   */
  static LatencyDistribution logNormal(Duration p05, Duration p95) {
    requireOrdered(p05, p95);
    if (p05.isNegative() || p05.isZero()) {
      throw new IllegalArgumentException("p05 must be positive, was " + p05);
    }
    double lnLow = Math.log(p05.toNanos());
    double lnHigh = Math.log(p95.toNanos());
    double mu = (lnLow + lnHigh) / 2;
    double sigma = (lnHigh - lnLow) / (2 * 1.6448536269514722); // z of the 95th percentile
    long cap = p95.toNanos() * 2;
    return random -> Duration.ofNanos(Math.min(cap, Math.round(Math.exp(mu + sigma * random.nextGaussian()))));
  }

  /**
   * Picks one of the observed {@code samples} uniformly (an empirical distribution).
   *
   * @param samples the samples
   * @return the latency distribution
   */
  static LatencyDistribution empirical(List<Duration> samples) {
    List<Duration> copy = List.copyOf(samples);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("an empirical distribution needs at least one sample");
    }
    copy.forEach(s -> requireNonNegative(s, "sample"));
    return random -> copy.get(random.nextInt(copy.size()));
  }

  private static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }

  private static void requireOrdered(Duration min, Duration max) {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
    if (max.compareTo(min) < 0) {
      throw new IllegalArgumentException("max " + max + " must not be less than min " + min);
    }
  }
}
