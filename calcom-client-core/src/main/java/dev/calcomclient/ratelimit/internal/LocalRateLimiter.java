package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;

/** The in-process {@link RateLimiter}: the {@link PolicyRateLimiter policy} over one sliding log per credential. */
public final class LocalRateLimiter extends PolicyRateLimiter {
  private final Clock clock;

  /**
   * Creates a limiter.
   *
   * @param config the budget, lanes and margins
   * @param clock the time of the logs and the waits
   * @param scheduler completes waiting calls; not shut down by the limiter
   */
  public LocalRateLimiter(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler) {
    super(config, clock, scheduler, Runnable::run, "");
    this.clock = clock;
  }

  @Override
  protected TokenStore newStore(String credentialId) {
    return new LocalTokenStore(policyConfig(), clock);
  }

  /** A credential never used has its whole budget. */
  @Override
  protected OptionalLong tokensBeforeFirstUse() {
    return OptionalLong.of(policyConfig().budget());
  }

  @Override
  public String toString() {
    return "LocalRateLimiter{" + policyConfig() + '}';
  }
}
