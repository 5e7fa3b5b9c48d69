package dev.calcomclient.breaker;

import java.time.Duration;

/**
 * The circuit breaker's thresholds, applied to each endpoint group (slots, bookings, other) separately.
 * Defaults: open after 5 consecutive failures, half-open after 60 s, closed again after 2 successful trial calls.
 *
 * <p>A failure is an answer with status 5xx, a timeout or a connection error. A 4xx answer counts as a success
 * (the server is up and answering); a 429 counts as neither (that is the rate limiter's business).
 */
public final class CircuitBreakerConfig {
  private static final CircuitBreakerConfig DISABLED = new CircuitBreakerConfig(new Builder(), false);

  private final int failureThreshold;
  private final Duration openDuration;
  private final int successThreshold;
  private final boolean enabled;

  private CircuitBreakerConfig(Builder b, boolean enabled) {
    this.failureThreshold = b.failureThreshold;
    this.openDuration = b.openDuration;
    this.successThreshold = b.successThreshold;
    this.enabled = enabled;
  }

  /**
   * The defaults (5 failures, 60 s, 2 successes).
   *
   * @return the defaults (5 failures, 60 s, 2 successes)
   */
  public static CircuitBreakerConfig defaults() {
    return builder().build();
  }

  /**
   * No circuit breaker: the client leaves the layer out.
   *
   * @return no circuit breaker: the client leaves the layer out
   */
  public static CircuitBreakerConfig disabled() {
    return DISABLED;
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Consecutive failures that open a closed breaker.
   *
   * @return consecutive failures that open a closed breaker
   */
  public int failureThreshold() {
    return failureThreshold;
  }

  /**
   * How long an open breaker rejects calls before letting trial calls through.
   *
   * @return how long an open breaker rejects calls before letting trial calls through
   */
  public Duration openDuration() {
    return openDuration;
  }

  /**
   * Successful trial calls that close a half-open breaker; also the number of trial calls let through at once.
   *
   * @return successful trial calls that close a half-open breaker; also the number of trial calls let through at once
   */
  public int successThreshold() {
    return successThreshold;
  }

  /**
   * False for {@link #disabled()}.
   *
   * @return false for {@link #disabled()}
   */
  public boolean isEnabled() {
    return enabled;
  }

  @Override
  public String toString() {
    return enabled
        ? "CircuitBreakerConfig{failureThreshold="
            + failureThreshold
            + ", openDuration="
            + openDuration
            + ", successThreshold="
            + successThreshold
            + '}'
        : "CircuitBreakerConfig.disabled()";
  }

  /** Builds a {@link CircuitBreakerConfig}. */
  public static final class Builder {
    private int failureThreshold = 5;
    private Duration openDuration = Duration.ofSeconds(60);
    private int successThreshold = 2;

    private Builder() {}

    /**
     * Consecutive failures that open the breaker (default 5).
     *
     * @param failures the failures
     * @return this builder
     */
    public Builder failureThreshold(int failures) {
      this.failureThreshold = failures;
      return this;
    }

    /**
     * Time from opening to half-open (default 60 s).
     *
     * @param openDuration the open duration
     * @return this builder
     */
    public Builder openDuration(Duration openDuration) {
      this.openDuration = openDuration;
      return this;
    }

    /**
     * Successful trial calls that close the breaker (default 2).
     *
     * @param successes the successes
     * @return this builder
     */
    public Builder successThreshold(int successes) {
      this.successThreshold = successes;
      return this;
    }

    /**
     * Builds the configuration, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the circuit breaker config
     */
    public CircuitBreakerConfig build() {
      if (failureThreshold < 1) {
        throw new IllegalStateException("failureThreshold must be at least 1, got: " + failureThreshold);
      }
      if (successThreshold < 1) {
        throw new IllegalStateException("successThreshold must be at least 1, got: " + successThreshold);
      }
      if (openDuration == null || openDuration.isNegative() || openDuration.isZero()) {
        throw new IllegalStateException("openDuration must be a positive duration, got: " + openDuration);
      }
      return new CircuitBreakerConfig(this, true);
    }
  }
}
