package dev.calcomclient;

import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call settings that override the client's defaults for one call: the rate-limit lane, the longest wait for a
 * rate-limit token, and the overall time the call may take. Every resource method takes them as a trailing argument
 * ({@code client.slots().find(query, options)}); the methods without it use {@link #defaults()}. Immutable and
 * thread-safe: build one and reuse it for every call of a job.
 *
 * <pre>{@code
 * RequestOptions batch = RequestOptions.builder()
 *     .lane(Priority.BATCH)                  // wait rather than fail, without delaying interactive calls
 *     .callTimeout(Duration.ofMinutes(10))   // this lookup may take up to 10 minutes, waits included
 *     .build();
 * SlotsResult month = client.slots().find(query, batch);
 * }</pre>
 *
 * <p>What is not set comes from the client: the lane from the operation (booking creates, cancels and reschedules and
 * slot reservations made or moved interactive, everything else standard), the longest wait from the lane ({@link
 * dev.calcomclient.ratelimit.RateLimiterConfig#maxWait(Priority)}), the call timeout from {@link
 * CalcomClient.Builder#callTimeout}. A {@link Priority#BATCH} call without a {@link #maxWait()} waits until one
 * attempt's timeout before its deadline, so that the request it finally sends still has time to be answered.
 */
public final class RequestOptions {
  /** The longest {@link #maxWait()} and {@link #callTimeout()} accepted: a day. */
  public static final Duration MAX_DURATION = Duration.ofDays(1);

  private static final RequestOptions DEFAULTS = new Builder().build();

  private final Priority lane;
  private final Duration maxWait;
  private final Duration callTimeout;

  private RequestOptions(Builder b) {
    this.lane = b.lane;
    this.maxWait = b.maxWait;
    this.callTimeout = b.callTimeout;
  }

  /**
   * No overrides: every setting comes from the client.
   *
   * @return the options that change nothing
   */
  public static RequestOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts options with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder initialised with these options, to derive others from them.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.lane = lane;
    b.maxWait = maxWait;
    b.callTimeout = callTimeout;
    return b;
  }

  /**
   * The rate-limit lane of the call.
   *
   * @return the lane, or empty for the operation's default
   */
  public Optional<Priority> lane() {
    return Optional.ofNullable(lane);
  }

  /**
   * The longest the call waits for a rate-limit token before it fails with a local {@link RateLimitedException}
   * (never past its deadline).
   *
   * @return the wait, or empty for the lane's default
   */
  public Optional<Duration> maxWait() {
    return Optional.ofNullable(maxWait);
  }

  /**
   * The overall time the call may take from the moment it is made: rate-limit waits, every attempt, retries and
   * their backoff included. Its end is the call's deadline.
   *
   * @return the timeout, or empty for the client's {@link CalcomClient.Builder#callTimeout} of the endpoint group
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestOptions other
        && lane == other.lane
        && Objects.equals(maxWait, other.maxWait)
        && Objects.equals(callTimeout, other.callTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(lane, maxWait, callTimeout);
  }

  @Override
  public String toString() {
    return "RequestOptions{lane=" + lane + ", maxWait=" + maxWait + ", callTimeout=" + callTimeout + '}';
  }

  /**
   * Builds {@link RequestOptions}. A setting left unset (or set to {@code null}) comes from the client; {@link
   * #build()} checks the settings and names the one to fix.
   */
  public static final class Builder {
    private Priority lane;
    private Duration maxWait;
    private Duration callTimeout;

    private Builder() {}

    /**
     * The rate-limit lane ({@code null}: the operation's default).
     *
     * @param lane the lane
     * @return this builder
     */
    public Builder lane(Priority lane) {
      this.lane = lane;
      return this;
    }

    /**
     * The longest wait for a rate-limit token ({@code null}: the lane's default). Zero refuses the call at once when
     * no token is there. Must not be longer than the call timeout when both are set, nor positive for {@link
     * Priority#BACKGROUND} (background calls never wait).
     *
     * @param maxWait zero or positive, at most {@link RequestOptions#MAX_DURATION}
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * The overall time the call may take ({@code null}: the client's default for the endpoint group).
     *
     * @param callTimeout positive, at most {@link RequestOptions#MAX_DURATION}
     * @return this builder
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws ValidationException naming the setting ({@code maxWait} or {@code callTimeout}) and the rule it broke
     */
    public RequestOptions build() {
      if (maxWait != null) {
        if (maxWait.isNegative() || maxWait.compareTo(MAX_DURATION) > 0) {
          throw new ValidationException("maxWait", "must be between zero and " + MAX_DURATION + ", got " + maxWait);
        }
        if (lane == Priority.BACKGROUND && !maxWait.isZero()) {
          throw new ValidationException(
              "maxWait", "must be zero for the BACKGROUND lane (background calls never wait), got " + maxWait);
        }
      }
      if (callTimeout != null
          && (callTimeout.isNegative() || callTimeout.isZero() || callTimeout.compareTo(MAX_DURATION) > 0)) {
        throw new ValidationException(
            "callTimeout", "must be positive and at most " + MAX_DURATION + ", got " + callTimeout);
      }
      if (maxWait != null && callTimeout != null && maxWait.compareTo(callTimeout) > 0) {
        throw new ValidationException(
            "maxWait",
            "must not be longer than callTimeout (" + callTimeout + "): the wait is part of the call, got " + maxWait);
      }
      return new RequestOptions(this);
    }
  }
}
