package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.internal.RateLimitHeaders;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One credential under the policy: its lanes (a {@link LaneScheduler}) over its {@link TokenStore}, the attempts of
 * this instance in flight, and the adaptive accounting that lowers or pauses the store from Cal.com's answers.
 */
final class CredentialLimiter {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final RateLimiterConfig config;
  private final RateLimitHeaders headers;
  private final TokenStore store;
  private final LaneScheduler lanes;
  /** Attempts holding a token and not yet answered, by identity, with their start order. */
  private final Map<CalcomRequest, Long> inFlight = new IdentityHashMap<>();
  private long attemptSequence;
  // What the store's last answer said (a store that answers later); guarded by the lanes' lock.
  private long knownRemaining;
  private Instant nextTokenAt = Instant.MIN;

  CredentialLimiter(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler, Executor completions,
      TokenStore store, String budgetScope) {
    this.config = config;
    this.headers = RateLimitHeaders.of(config);
    this.store = store;
    this.knownRemaining = config.budget();
    this.lanes = new LaneScheduler(config, clock, scheduler, completions, new StoreTokens(), budgetScope);
  }

  CompletableFuture<Duration> acquire(CalcomRequest request) {
    return lanes.acquire(request).thenApply(waited -> {
      synchronized (inFlight) {
        inFlight.put(request, ++attemptSequence);
      }
      return waited;
    });
  }

  /**
   * An attempt of this credential ended (answered or failed).
   *
   * @return how many attempts started after it are still in flight: the server may not have counted them in the
   *     {@code remaining} it reported for this one (attempts started before it most likely reached it first)
   */
  int attemptEnded(CalcomRequest attempt) {
    synchronized (inFlight) {
      Long started = inFlight.remove(attempt);
      if (started == null) {
        return 0;
      }
      int later = 0;
      for (long s : inFlight.values()) {
        if (s > started) {
          later++;
        }
      }
      return later;
    }
  }

  /**
   * The adaptive accounting: a 429 pauses the credential for its {@code Retry-After}; otherwise the server's
   * {@code remaining}, less the safety margin and less this instance's attempts started after this one and still in
   * flight (each may yet spend one), caps the store until the server's reset (a whole window when the answer names
   * none; the reset is bounded by {@link RateLimiterConfig#maxPause()}), and pauses it until the reset when nothing
   * is left. The cap only lowers: the store's own window still bounds every send.
   *
   * @return completed when the store took the change
   */
  CompletableFuture<Void> onResponse(CalcomRequest request, CalcomResponse response, Instant now) {
    int othersInFlight = attemptEnded(request);
    if (response.status() == 429) {
      return pauseUntil(now.plus(headers.retryAfter(response)));
    }
    OptionalLong remaining = headers.remaining(response);
    if (remaining.isEmpty()) {
      return DONE;
    }
    long target = remaining.getAsLong() - config.adaptiveSafetyMargin() - othersInFlight;
    OptionalLong reset = headers.resetSeconds(response);
    if (target <= 0 && reset.isPresent() && reset.getAsLong() > 0) {
      // The server's window is (nearly) spent: any call before it resets would be a 429 and a 60 s block.
      return pauseUntil(now.plus(Duration.ofSeconds(reset.getAsLong())));
    }
    // Only below the budget can the store allow more than the server does; otherwise nothing to lower.
    Instant until = now.plus(reset.isPresent() ? Duration.ofSeconds(reset.getAsLong()) : config.window());
    return target < config.budget() ? lowerTo(target, until) : DONE;
  }

  private CompletableFuture<Void> pauseUntil(Instant until) {
    synchronized (lanes) {
      knownRemaining = 0;
      lanes.pauseUntil(until);
    }
    return store.pause(until);
  }

  private CompletableFuture<Void> lowerTo(long target, Instant until) {
    synchronized (lanes) {
      knownRemaining = Math.min(knownRemaining, Math.max(0, target));
    }
    return store.lowerTo(target, until);
  }

  long availableTokens() {
    synchronized (lanes) {
      return lanes.isPaused() ? 0 : store.tokensNow().orElse(knownRemaining);
    }
  }

  Instant pausedUntil() {
    return lanes.pausedUntil();
  }

  /** The store as the lanes see it: exact when it answers at once, else estimated from its last answer. */
  private final class StoreTokens implements LaneScheduler.Tokens {
    @Override
    public boolean answersAtOnce() {
      return store.answersAtOnce();
    }

    @Override
    public CompletableFuture<LaneScheduler.Take> take(long keep) {
      return store.take(keep);
    }

    @Override
    public void giveBack(LaneScheduler.Take take) {
      store.giveBack(take);
    }

    @Override
    public void learn(LaneScheduler.Take take, Instant now) {
      if (take == null) {
        nextTokenAt = now.plusMillis(10); // the store failed: try again shortly
        return;
      }
      knownRemaining = take.remaining();
      nextTokenAt = take.consumed() ? Instant.MIN : now.plusNanos(take.nanosToWait());
    }

    @Override
    public long nanosToNextToken(Instant now) {
      if (store.tokensNow().isPresent()) {
        return store.nanosToNextToken();
      }
      return nextTokenAt.isAfter(now) ? Duration.between(now, nextTokenAt).toNanos() : 0;
    }

    /**
     * Exact from a store that answers at once; otherwise estimated from the last answer: after the pause, or from
     * the next token on, the window frees tokens about as fast as it took them, the budget per window.
     */
    @Override
    public Duration timeUntil(long n, Instant now, Duration pause) {
      long pauseNanos = pause.toNanos();
      OptionalLong exact = store.nanosUntil(n, pauseNanos);
      if (exact.isPresent()) {
        return Duration.ofNanos(exact.getAsLong());
      }
      if (pauseNanos > 0) {
        return estimate(n, 0, pauseNanos);
      }
      long firstNanos = nanosToNextToken(now);
      return estimate(n, firstNanos > 0 ? 1 : Math.max(0, knownRemaining), firstNanos);
    }

    private Duration estimate(long tokens, long have, long startNanos) {
      long deficit = tokens - have;
      long perToken = config.window().toNanos() / config.budget();
      return Duration.ofNanos(startNanos + Math.max(0, deficit) * perToken);
    }
  }
}
