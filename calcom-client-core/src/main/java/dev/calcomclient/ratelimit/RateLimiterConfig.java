package dev.calcomclient.ratelimit;

import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a credential's request budget is shaped. Immutable; create with {@link #builder()}.
 *
 * <h2>The window guarantee</h2>
 *
 * Cal.com counts a credential's requests in a 60 s window and blocks the credential for 60 s when the count passes
 * the limit. A token bucket of capacity {@code b} that refills {@code r} tokens per second admits at most
 * {@code b + 60r} requests in any 60 s window, however the window is aligned: at most {@code b} tokens are in the
 * bucket when the window opens and at most {@code 60r} arrive during it. So this configuration derives the refill
 * from the other settings:
 *
 * <pre>
 *   budget            = limit - headroom                      (default 120 - 10 = 110)
 *   refill per window = budget - burstCapacity                 (default 110 - 20 = 90, i.e. 1.5 per second)
 *   capacity + refill per window = budget  &le; limit           (20 + 90 = 110 &le; 120)
 * </pre>
 *
 * The naive bucket (capacity 120, refilling 2 per second) admits 120 at once and 120 more in the next 60 s: 240
 * in one window. The headroom absorbs what the bucket cannot see: network jitter that bunches requests on arrival
 * at Cal.com, and clock drift. The default burst of 20 serves a page of parallel slot lookups at once while the
 * sustained rate stays at 90 a minute; a larger burst lowers the sustained rate one for one.
 *
 * <h2>Lanes</h2>
 *
 * {@link Priority#BACKGROUND} work (warming, refresh-ahead) takes a token only while more than
 * {@link #backgroundReserve()} of the capacity is left and nobody is waiting, and never waits. The other lanes wait
 * up to {@link #maxWait(Priority)} (or the call's own {@link dev.calcomclient.pipeline.CalcomRequest#maxWait()};
 * never past the call's deadline), interactive calls ahead of standard ones, standard ones ahead of batch ones, and
 * then fail with a local {@link dev.calcomclient.RateLimitedException} carrying the time to retry.
 *
 * <p>{@link Priority#BATCH} calls wait by default until their deadline ({@link #UNTIL_DEADLINE}) but, like
 * background work, take a token only while more than the reserve is left: the reserve stays for callers, so an
 * interactive or standard call arriving while a batch job drains the budget finds a token at once, and batch work
 * gets what the refill brings beyond it (the whole refill rate when nobody else calls). A call queued in a higher
 * lane is always served before a batch call.
 */
public final class RateLimiterConfig {
  /** The default of {@link #maxPause()}: 5 minutes. */
  public static final Duration DEFAULT_MAX_PAUSE = Duration.ofMinutes(5);

  /**
   * The default {@link #maxWait(Priority)} of {@link Priority#BATCH}: no bound of the lane's own, a batch call waits
   * until its deadline.
   */
  public static final Duration UNTIL_DEADLINE = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

  private final int limit;
  private final Duration window;
  private final int headroom;
  private final int burstCapacity;
  private final double backgroundReserve;
  private final Map<Priority, Duration> maxWaits;
  private final int adaptiveSafetyMargin;
  private final Duration maxPause;

  private RateLimiterConfig(Builder b) {
    this.limit = b.limit;
    this.window = b.window;
    this.headroom = b.headroom;
    this.burstCapacity = b.burstCapacity;
    this.backgroundReserve = b.backgroundReserve;
    this.maxWaits = new EnumMap<>(b.maxWaits);
    this.adaptiveSafetyMargin = b.adaptiveSafetyMargin;
    this.maxPause = b.maxPause;
  }

  /**
   * The defaults: Cal.com's API-key limit of 120 per 60 s, headroom 10, burst 20 (refill 1.5 per second).
   *
   * @return the defaults: Cal.com's API-key limit of 120 per 60 s, headroom 10, burst 20 (refill 1.5 per second)
   */
  public static RateLimiterConfig defaults() {
    return builder().build();
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
   * Cal.com's limit per window for this credential (120 for API keys, 500 for OAuth clients by default).
   *
   * @return Cal.com's limit per window for this credential (120 for API keys, 500 for OAuth clients by default)
   */
  public int limit() {
    return limit;
  }

  /**
   * The server's counting window (60 s).
   *
   * @return the server's counting window (60 s)
   */
  public Duration window() {
    return window;
  }

  /**
   * Requests per window deliberately left unused.
   *
   * @return requests per window deliberately left unused
   */
  public int headroom() {
    return headroom;
  }

  /**
   * The most requests this client sends in any window: {@code limit - headroom}.
   *
   * @return the most requests this client sends in any window: {@code limit - headroom}
   */
  public int budget() {
    return limit - headroom;
  }

  /**
   * The bucket's capacity: how many requests may go at once after a quiet period.
   *
   * @return the bucket's capacity: how many requests may go at once after a quiet period
   */
  public int burstCapacity() {
    return burstCapacity;
  }

  /**
   * Tokens added per window: {@code budget - burstCapacity}, spread evenly over the window.
   *
   * @return tokens added per window: {@code budget - burstCapacity}, spread evenly over the window
   */
  public int refillPerWindow() {
    return budget() - burstCapacity;
  }

  /**
   * The fraction of the capacity that background and batch work leave for callers.
   *
   * @return the fraction of the capacity that background and batch work leave for callers
   */
  public double backgroundReserve() {
    return backgroundReserve;
  }

  /**
   * The number of tokens background and batch work leave: {@code ceil(burstCapacity * backgroundReserve)}.
   *
   * @return the number of tokens background and batch work leave: {@code ceil(burstCapacity * backgroundReserve)}
   */
  public long backgroundReserveTokens() {
    return (long) Math.ceil(burstCapacity * backgroundReserve);
  }

  /**
   * The longest a call of {@code lane} waits for a token (capped by its deadline) unless the call says otherwise.
   *
   * @param lane the lane
   * @return the longest a call of {@code lane} waits for a token (capped by its deadline); {@link #UNTIL_DEADLINE}
   *     for a lane bounded only by the deadline
   */
  public Duration maxWait(Priority lane) {
    return maxWaits.get(Objects.requireNonNull(lane, "lane"));
  }

  /**
   * Tokens kept below the server's {@code X-RateLimit-Remaining-*}: when a response says fewer requests remain than
   * the local bucket holds, the bucket is lowered to {@code remaining - margin}.
   *
   * @return tokens kept below the server's {@code X-RateLimit-Remaining-*}: when a response says fewer requests remain
   *     than the local bucket holds, the bucket is lowered to {@code remaining - margin}
   */
  public int adaptiveSafetyMargin() {
    return adaptiveSafetyMargin;
  }

  /**
   * The longest pause a server's rate-limit headers can impose on a credential (default 5 minutes). Cal.com blocks
   * a key for 60 s and its window is 60 s, so a longer {@code Retry-After} or {@code X-RateLimit-Reset-*} is a
   * misbehaving server or proxy; without a bound one answer could stop every call until restart.
   *
   * @return the bound
   */
  public Duration maxPause() {
    return maxPause;
  }

  @Override
  public String toString() {
    return "RateLimiterConfig{limit="
        + limit
        + "/"
        + window.toSeconds()
        + "s, headroom="
        + headroom
        + ", burstCapacity="
        + burstCapacity
        + ", refillPerWindow="
        + refillPerWindow()
        + ", backgroundReserve="
        + backgroundReserve
        + ", maxWaits="
        + maxWaits
        + ", adaptiveSafetyMargin="
        + adaptiveSafetyMargin
        + ", maxPause="
        + maxPause
        + '}';
  }

  /** Builds a {@link RateLimiterConfig}; {@link #build()} checks every setting and says what to change. */
  public static final class Builder {
    private int limit = 120;
    private Duration window = Duration.ofSeconds(60);
    private int headroom = 10;
    private int burstCapacity = 20;
    private double backgroundReserve = 0.5;
    private final Map<Priority, Duration> maxWaits = new EnumMap<>(Priority.class);
    private int adaptiveSafetyMargin = 2;
    private Duration maxPause = DEFAULT_MAX_PAUSE;

    private Builder() {
      maxWaits.put(Priority.INTERACTIVE, Duration.ofSeconds(2));
      maxWaits.put(Priority.STANDARD, Duration.ofSeconds(1));
      maxWaits.put(Priority.BACKGROUND, Duration.ZERO);
      maxWaits.put(Priority.BATCH, UNTIL_DEADLINE);
    }

    /**
     * Cal.com's limit per window for the credential (default 120, the API-key limit).
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /**
     * The server's window (default 60 s).
     *
     * @param window the window
     * @return this builder
     */
    public Builder window(Duration window) {
      this.window = window;
      return this;
    }

    /**
     * Requests per window left unused as a safety margin (default 10).
     *
     * @param headroom the headroom
     * @return this builder
     */
    public Builder headroom(int headroom) {
      this.headroom = headroom;
      return this;
    }

    /**
     * The bucket capacity (default 20); must be below {@code limit - headroom}.
     *
     * @param burstCapacity the burst capacity
     * @return this builder
     */
    public Builder burstCapacity(int burstCapacity) {
      this.burstCapacity = burstCapacity;
      return this;
    }

    /**
     * The fraction of the capacity background and batch work must leave for callers (default 0.5; 0 lets them use
     * everything, and then a batch job delays the callers that arrive while it drains the budget).
     *
     * @param fraction the fraction
     * @return this builder
     */
    public Builder backgroundReserve(double fraction) {
      this.backgroundReserve = fraction;
      return this;
    }

    /**
     * The longest a call of {@code lane} waits for a token (defaults: interactive 2 s, standard 1 s, batch until the
     * call's deadline: {@link RateLimiterConfig#UNTIL_DEADLINE}). Background calls never wait: their value must stay
     * zero. A call's own {@link dev.calcomclient.RequestOptions#maxWait()} takes precedence.
     *
     * @param lane the lane
     * @param maxWait the max wait
     * @return this builder
     */
    public Builder maxWait(Priority lane, Duration maxWait) {
      maxWaits.put(Objects.requireNonNull(lane, "lane"), maxWait);
      return this;
    }

    /**
     * Tokens kept below the server's reported remaining budget (default 2).
     *
     * @param margin the margin
     * @return this builder
     */
    public Builder adaptiveSafetyMargin(int margin) {
      this.adaptiveSafetyMargin = margin;
      return this;
    }

    /**
     * The longest pause a server's rate-limit headers can impose (default 5 minutes); see
     * {@link RateLimiterConfig#maxPause()}.
     *
     * @param maxPause at least Cal.com's 60 s block
     * @return this builder
     */
    public Builder maxPause(Duration maxPause) {
      this.maxPause = maxPause;
      return this;
    }

    /**
     * Builds the configuration, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the rate limiter config
     */
    public RateLimiterConfig build() {
      if (limit < 2) {
        throw new IllegalStateException("limit must be at least 2 requests per window, got: " + limit);
      }
      if (window == null || window.isNegative() || window.isZero()) {
        throw new IllegalStateException("window must be a positive duration, got: " + window);
      }
      if (headroom < 0 || headroom >= limit) {
        throw new IllegalStateException(
            "headroom must be between 0 and limit - 1 (" + (limit - 1) + "), got: " + headroom);
      }
      int budget = limit - headroom;
      if (burstCapacity < 1 || burstCapacity >= budget) {
        throw new IllegalStateException(
            "burstCapacity must be between 1 and limit - headroom - 1 ("
                + (budget - 1)
                + "), got: "
                + burstCapacity
                + ". The bucket refills limit - headroom - burstCapacity per window, so that no window can"
                + " admit more than limit - headroom; lower burstCapacity or raise limit.");
      }
      if (!(backgroundReserve >= 0.0 && backgroundReserve < 1.0)) {
        throw new IllegalStateException(
            "backgroundReserve must be a fraction in [0, 1), got: " + backgroundReserve);
      }
      for (Priority lane : Priority.values()) {
        Duration d = maxWaits.get(lane);
        if (d == null || d.isNegative()) {
          throw new IllegalStateException("maxWait(" + lane + ") must be zero or positive, got: " + d);
        }
      }
      if (!maxWaits.get(Priority.BACKGROUND).isZero()) {
        throw new IllegalStateException(
            "maxWait(BACKGROUND) must be zero: background work is refused at once so that it never queues"
                + " ahead of callers; got: "
                + maxWaits.get(Priority.BACKGROUND));
      }
      if (adaptiveSafetyMargin < 0) {
        throw new IllegalStateException("adaptiveSafetyMargin must be >= 0, got: " + adaptiveSafetyMargin);
      }
      if (maxPause == null || maxPause.compareTo(Duration.ofSeconds(60)) < 0) {
        throw new IllegalStateException(
            "maxPause must be at least 60 s (Cal.com blocks a key for 60 s), got: " + maxPause);
      }
      return new RateLimiterConfig(this);
    }
  }
}
