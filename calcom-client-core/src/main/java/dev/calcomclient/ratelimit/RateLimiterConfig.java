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
 * the limit. The limiter keeps an exact sliding log of the sends of the last window and admits a request only while
 * that log holds fewer than the budget:
 *
 * <pre>
 *   budget = limit - headroom                                  (default 120 - 10 = 110)
 *   admit at t  iff  sends in (t - window, t]  &lt;  budget
 * </pre>
 *
 * Because no send is ever logged in the future, checking the window that ends now bounds every later window too,
 * so <b>no window, however aligned, holds more than the budget</b>; the whole budget may go at once after a quiet
 * window, and the sustained rate is the whole budget per window (110 a minute). A token bucket (capacity
 * {@code b}, refill {@code r} per second) can only promise the same bound by keeping {@code b + 60r} at the
 * budget, which caps the sustained rate at {@code budget - b}. The headroom absorbs what the log cannot see:
 * network jitter that bunches requests on arrival at Cal.com, and clock drift. The server's own
 * {@code X-RateLimit-Remaining}/{@code Reset} only ever lower what may be sent until its reset.
 *
 * <h2>Lanes</h2>
 *
 * {@link Priority#BACKGROUND} work (warming, refresh-ahead) takes a token only while more than
 * {@link #backgroundReserveTokens()} are left and nobody is waiting, and never waits. The other lanes wait
 * up to {@link #maxWait(Priority)} (or the call's own {@link dev.calcomclient.pipeline.CalcomRequest#maxWait()};
 * never past the call's deadline), interactive calls ahead of standard ones, standard ones ahead of batch ones, and
 * then fail with a local {@link dev.calcomclient.RateLimitedException} carrying the time to retry.
 *
 * <p>{@link Priority#BATCH} calls wait by default until their deadline ({@link #UNTIL_DEADLINE}) but, like
 * background work, take a token only while more than the reserve is left: the reserve stays for callers, so an
 * interactive or standard call arriving while a batch job drains the budget finds a token at once, and batch work
 * gets what the window frees beyond it. A call queued in a higher lane is always served before a batch call.
 *
 * <p>Background and batch work also go at a pace: at most {@code burstCapacity - backgroundReserveTokens} at once
 * (10 by default), then {@code budget - backgroundReserveTokens} per window (100), so that a batch job spreads over
 * the window instead of filling it in an instant. A reserve of 0 turns the pace off with the reserve.
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
   * The defaults: Cal.com's API-key limit of 120 per 60 s, headroom 10 (a budget of 110 in any window), background
   * reserve 10.
   *
   * @return the defaults
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
   * What the background reserve is measured against ({@link #backgroundReserveTokens()}). Before the sliding window
   * this was the token bucket's capacity, which bounded bursts and cost sustained rate one for one; the whole
   * budget may now go at once after a quiet window, so this setting no longer shapes the budget.
   *
   * @return the base of the background reserve (default 20)
   */
  public int burstCapacity() {
    return burstCapacity;
  }

  /**
   * Tokens a window frees: the sliding window frees each send one window after it, so the whole budget per window.
   *
   * @return {@link #budget()}
   * @deprecated the sliding window has no refill rate; this is the budget. Use {@link #budget()}.
   */
  @Deprecated(since = "0.2")
  public int refillPerWindow() {
    return budget();
  }

  /**
   * The fraction of {@link #burstCapacity()} that background and batch work leave for callers.
   *
   * @return the fraction
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
   * the limiter would allow, at most {@code remaining - margin} more are sent until the server's reset.
   *
   * @return the margin
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
     * The base of the background reserve (default 20; see {@link RateLimiterConfig#burstCapacity()}); must be below
     * {@code limit - headroom}.
     *
     * @param burstCapacity the burst capacity
     * @return this builder
     */
    public Builder burstCapacity(int burstCapacity) {
      this.burstCapacity = burstCapacity;
      return this;
    }

    /**
     * The fraction of {@code burstCapacity} background and batch work must leave for callers (default 0.5: 10
     * tokens; 0 lets them use everything, and then a batch job delays the callers that arrive while it drains the
     * budget).
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
                + "; it sizes the background reserve (burstCapacity x backgroundReserve) out of the budget"
                + " limit - headroom; lower burstCapacity or raise limit.");
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
