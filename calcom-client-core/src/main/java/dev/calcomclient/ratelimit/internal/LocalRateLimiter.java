package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.internal.RateLimitHeaders;
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
import java.util.concurrent.ScheduledExecutorService;

/**
 * The in-process {@link RateLimiter}: one bucket4j token bucket per credential, shaped by
 * {@link RateLimiterConfig} so that no window admits more than {@code limit - headroom}, with priority lanes,
 * scheduled (not blocking) waits, and adaptive lowering from Cal.com's rate-limit headers.
 */
public final class LocalRateLimiter implements RateLimiter {
  private final RateLimiterConfig config;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final RateLimitHeaders headers;
  private final ConcurrentHashMap<String, CredentialBucket> buckets = new ConcurrentHashMap<>();

  /** Creates a limiter; {@code scheduler} completes waiting calls and is not shut down by the limiter. */
  public LocalRateLimiter(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.headers = RateLimitHeaders.of(config);
  }

  @Override
  public CompletableFuture<Duration> acquire(CalcomRequest request) {
    CredentialBucket bucket = bucket(request.credentialId());
    return bucket
        .acquire(request)
        .thenApply(
            waited -> {
              bucket.attemptStarted(request);
              return waited;
            });
  }

  @Override
  public void onAttemptFailed(CalcomRequest request, Throwable failure) {
    bucket(request.credentialId()).attemptEnded(request);
  }

  @Override
  public void onResponse(CalcomRequest request, CalcomResponse response) {
    CredentialBucket bucket = bucket(request.credentialId());
    int othersInFlight = bucket.attemptEnded(request);
    Instant now = clock.instant();
    if (response.status() == 429) {
      bucket.pauseUntil(now.plus(headers.retryAfter(response)));
      return;
    }
    OptionalLong remaining = headers.remaining(response);
    if (remaining.isEmpty()) {
      return;
    }
    // Attempts started after this one and still in flight may not have reached the server when it counted
    // "remaining": each may yet spend one, so they come off the budget too.
    long target = remaining.getAsLong() - config.adaptiveSafetyMargin() - othersInFlight;
    OptionalLong reset = headers.resetSeconds(response);
    if (target <= 0 && reset.isPresent() && reset.getAsLong() > 0) {
      // The server's window is (nearly) spent: any call before it resets would be a 429 and a 60 s block.
      bucket.pauseUntil(now.plus(Duration.ofSeconds(reset.getAsLong())));
    } else {
      bucket.lowerTo(target);
    }
  }

  @Override
  public Optional<RateLimiterConfig> config() {
    return Optional.of(config);
  }

  @Override
  public OptionalLong availableTokens(String credentialId) {
    CredentialBucket b = buckets.get(credentialId);
    return OptionalLong.of(b == null ? config.burstCapacity() : b.availableTokens());
  }

  /** When the credential's pause ends ({@link Instant#MIN} when it was never paused). */
  public Instant pausedUntil(String credentialId) {
    CredentialBucket b = buckets.get(credentialId);
    return b == null ? Instant.MIN : b.pausedUntil();
  }

  @Override
  public Optional<Instant> pauseEnd(String credentialId) {
    Instant until = pausedUntil(credentialId);
    return until.isAfter(clock.instant()) ? Optional.of(until) : Optional.empty();
  }

  private CredentialBucket bucket(String credentialId) {
    return buckets.computeIfAbsent(credentialId, id -> new CredentialBucket(config, clock, scheduler));
  }

  @Override
  public String toString() {
    return "LocalRateLimiter{" + config + '}';
  }
}
