package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one rate-limit policy, whatever keeps the tokens: per credential, priority lanes with scheduled (never
 * blocking) waits ({@link LaneScheduler}), exact sliding-window accounting so that no window admits more than
 * {@code limit - headroom} ({@link TokenStore}, {@link LocalTokenStore}), background and batch work kept off the
 * callers' reserve and paced ({@link BackgroundPace}), and adaptive lowering and pausing from Cal.com's answers,
 * counting this instance's attempts in flight. Subclasses only say where the tokens are kept ({@link #newStore}):
 * {@link LocalRateLimiter} in this JVM, the Redis module's limiter in Redis.
 *
 * <p><b>Module boundary:</b> public so that the Redis module can extend it; not part of the client's API.
 */
public abstract class PolicyRateLimiter implements RateLimiter {
  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final String budgetScope;
  private final ConcurrentHashMap<String, CredentialLimiter> credentials = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Void> lastAdjustment = CompletableFuture.completedFuture(null);

  /**
   * Creates the policy.
   *
   * @param config the budget, lanes and margins
   * @param clock the time of waits, deadlines and pauses
   * @param scheduler completes waiting calls; not shut down by the limiter
   * @param completions completes the futures of calls that were answered later (off a remote store's I/O threads)
   * @param budgetScope said in refusals right after the budget (for example {@code ", shared by every instance"})
   */
  protected PolicyRateLimiter(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler,
      Executor completions, String budgetScope) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.completions = Objects.requireNonNull(completions, "completions");
    this.budgetScope = Objects.requireNonNull(budgetScope, "budgetScope");
  }

  /**
   * Where {@code credentialId}'s tokens are kept; called once per credential, on its first use.
   *
   * @param credentialId the credential's id (a hash, never the secret)
   * @return the credential's store
   */
  protected abstract TokenStore newStore(String credentialId);

  /**
   * The tokens of a credential never used yet, for {@link #availableTokens}.
   *
   * @return the count, or empty when it cannot be known without asking the store
   */
  protected OptionalLong tokensBeforeFirstUse() {
    return OptionalLong.empty();
  }

  @Override
  public CompletableFuture<Duration> acquire(CalcomRequest request) {
    return credential(request.credentialId()).acquire(request);
  }

  @Override
  public void onAttemptFailed(CalcomRequest request, Throwable failure) {
    credential(request.credentialId()).attemptEnded(request);
  }

  @Override
  public void onResponse(CalcomRequest request, CalcomResponse response) {
    lastAdjustment = credential(request.credentialId()).onResponse(request, response, clock.instant());
  }

  @Override
  public Optional<RateLimiterConfig> config() {
    return Optional.of(config);
  }

  @Override
  public OptionalLong availableTokens(String credentialId) {
    CredentialLimiter c = credentials.get(credentialId);
    return c == null ? tokensBeforeFirstUse() : OptionalLong.of(c.availableTokens());
  }

  /**
   * When the credential's pause ends, as this instance knows it.
   *
   * @param credentialId the credential's id
   * @return the end of the pause, {@link Instant#MIN} when it was never paused
   */
  public Instant pausedUntil(String credentialId) {
    CredentialLimiter c = credentials.get(credentialId);
    return c == null ? Instant.MIN : c.pausedUntil();
  }

  @Override
  public Optional<Instant> pauseEnd(String credentialId) {
    Instant until = pausedUntil(credentialId);
    return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  /**
   * Completes when the last pause or lowering learnt from a response has reached the store.
   *
   * @return the last adjustment's future
   */
  protected CompletableFuture<Void> lastAdjustment() {
    return lastAdjustment;
  }

  /** The configuration enforced. */
  protected final RateLimiterConfig policyConfig() {
    return config;
  }

  private CredentialLimiter credential(String credentialId) {
    return credentials.computeIfAbsent(credentialId,
        id -> new CredentialLimiter(config, clock, scheduler, completions, newStore(id), budgetScope));
  }
}
