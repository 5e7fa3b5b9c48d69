package dev.calcomclient.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * When a failed attempt is sent again. Immutable; create with {@link #builder()}.
 *
 * <ul>
 *   <li>GET: connection errors, timeouts and 502/503/504 answers are retried.
 *   <li>POST/PATCH/DELETE: only failures that prove the request never left this machine (a connect failure before
 *       any byte was written) are retried; a booking is never sent twice by accident. 429s are resent by the rate
 *       limiter after its pause, not here.
 *   <li>At most {@link #maxRetries()} retries, with exponential backoff and full jitter: the n-th retry waits a
 *       uniformly random time in {@code [0, min(maxBackoff, baseBackoff * 2^(n-1))]}, and only if it can start
 *       before the call's deadline. The wait is scheduled, never slept.
 * </ul>
 */
public final class RetryPolicy {
  private static final RetryPolicy DISABLED = new RetryPolicy(new Builder().maxRetries(0));

  private final int maxRetries;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    this.maxRetries = b.maxRetries;
    this.baseBackoff = b.baseBackoff;
    this.maxBackoff = b.maxBackoff;
    this.random = b.random;
  }

  /**
   * The defaults: 2 retries, backoff base 200 ms, cap 2 s.
   *
   * @return the defaults: 2 retries, backoff base 200 ms, cap 2 s
   */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /**
   * No retries: the client leaves the retry layer out.
   *
   * @return no retries: the client leaves the retry layer out
   */
  public static RetryPolicy disabled() {
    return DISABLED;
  }

  /**
   * Starts a policy with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Retries after the first attempt (0 disables retrying).
   *
   * @return retries after the first attempt (0 disables retrying)
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The backoff cap of the first retry; doubled for each further retry.
   *
   * @return the backoff cap of the first retry; doubled for each further retry
   */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /**
   * The largest backoff cap.
   *
   * @return the largest backoff cap
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * False for {@link #disabled()} and any policy with zero retries.
   *
   * @return false for {@link #disabled()} and any policy with zero retries
   */
  public boolean isEnabled() {
    return maxRetries > 0;
  }

  /**
   * The full-jitter backoff before retry number {@code retry} (1-based).
   *
   * @param retry the retry
   * @return the full-jitter backoff before retry number {@code retry} (1-based)
   */
  public Duration backoff(int retry) {
    long capNanos = baseBackoff.toNanos();
    for (int i = 1; i < retry && capNanos < maxBackoff.toNanos(); i++) {
      capNanos *= 2;
    }
    capNanos = Math.min(capNanos, maxBackoff.toNanos());
    return Duration.ofNanos(capNanos == 0 ? 0 : random.nextLong(capNanos + 1));
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxRetries=" + maxRetries + ", baseBackoff=" + baseBackoff + ", maxBackoff=" + maxBackoff + '}';
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxRetries = 2;
    private Duration baseBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private RandomGenerator random = new Random();

    private Builder() {}

    /**
     * Retries after the first attempt (default 2; at most 5).
     *
     * @param maxRetries the max retries
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * The first retry's backoff cap (default 200 ms).
     *
     * @param baseBackoff the base backoff
     * @return this builder
     */
    public Builder baseBackoff(Duration baseBackoff) {
      this.baseBackoff = baseBackoff;
      return this;
    }

    /**
     * The largest backoff cap (default 2 s).
     *
     * @param maxBackoff the max backoff
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /**
     * The jitter source (default a {@link Random}); must be thread-safe. Tests pass a seeded one.
     *
     * @param random the random
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Builds the policy, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the retry policy
     */
    public RetryPolicy build() {
      if (maxRetries < 0 || maxRetries > 5) {
        throw new IllegalStateException(
            "maxRetries must be between 0 and 5 (each retry costs a rate-limit token), got: " + maxRetries);
      }
      if (baseBackoff == null || baseBackoff.isNegative()) {
        throw new IllegalStateException("baseBackoff must be zero or positive, got: " + baseBackoff);
      }
      if (maxBackoff == null || maxBackoff.compareTo(baseBackoff) < 0) {
        throw new IllegalStateException(
            "maxBackoff must be at least baseBackoff (" + baseBackoff + "), got: " + maxBackoff);
      }
      return new RetryPolicy(this);
    }
  }
}
