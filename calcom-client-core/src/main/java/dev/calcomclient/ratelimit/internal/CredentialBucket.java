package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One credential's in-process token bucket, its lanes (a {@link LaneScheduler} over the bucket, which answers at
 * once), and the attempts of the credential in flight.
 */
final class CredentialBucket {
  /** Attempts holding a token and not yet answered, by identity, with their start order. */
  private final Map<CalcomRequest, Long> inFlight = new IdentityHashMap<>();
  private long attemptSequence;
  private final RateLimiterConfig config;
  private final Bucket bucket;
  private final double tokensPerNano;
  private final LaneScheduler lanes;

  CredentialBucket(RateLimiterConfig config, Clock clock, ScheduledExecutorService scheduler) {
    this.config = config;
    int capacity = config.burstCapacity();
    this.bucket =
        Bucket.builder()
            .addLimit(
                limit ->
                    limit
                        .capacity(capacity)
                        .refillGreedy(config.refillPerWindow(), config.window())
                        .initialTokens(capacity))
            .withCustomTimePrecision(new ClockTimeMeter(clock))
            .build();
    this.tokensPerNano = (double) config.refillPerWindow() / config.window().toNanos();
    this.lanes = new LaneScheduler(config, clock, scheduler, Runnable::run, new BucketTokens(), "");
  }

  CompletableFuture<Duration> acquire(CalcomRequest request) {
    return lanes.acquire(request);
  }

  /** An attempt of this credential got its token and is being sent. */
  void attemptStarted(CalcomRequest attempt) {
    synchronized (inFlight) {
      inFlight.put(attempt, ++attemptSequence);
    }
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

  /** Lowers the bucket to {@code target} tokens if it holds more; never raises it. */
  void lowerTo(long target) {
    synchronized (lanes) {
      long excess = bucket.getAvailableTokens() - Math.max(0, target);
      if (excess > 0) {
        bucket.tryConsumeAsMuchAsPossible(excess);
      }
    }
  }

  /** Empties the bucket and pauses the credential until {@code until} (a pause is only ever extended). */
  void pauseUntil(Instant until) {
    synchronized (lanes) {
      bucket.tryConsumeAsMuchAsPossible();
      lanes.pauseUntil(until);
    }
  }

  long availableTokens() {
    synchronized (lanes) {
      return lanes.isPaused() ? 0 : bucket.getAvailableTokens();
    }
  }

  Instant pausedUntil() {
    return lanes.pausedUntil();
  }

  /** The bucket as the lanes take from it: under the lanes' lock, so a check and a take are one step. */
  private final class BucketTokens implements LaneScheduler.Tokens {
    @Override
    public boolean answersAtOnce() {
      return true;
    }

    @Override
    public CompletableFuture<LaneScheduler.Take> take(long keep) {
      if (keep > 0) {
        long available = bucket.getAvailableTokens();
        if (available <= keep) {
          return CompletableFuture.completedFuture(new LaneScheduler.Take(false, available, 0, Instant.MIN));
        }
      }
      ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
      return CompletableFuture.completedFuture(
          new LaneScheduler.Take(p.isConsumed(), p.getRemainingTokens(), p.getNanosToWaitForRefill(), Instant.MIN));
    }

    @Override
    public void giveBack() {
      bucket.addTokens(1);
    }

    @Override
    public long nanosToNextToken(Instant now) {
      return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }

    /** From the bucket's tokens now, plus what it refills during the pause (it was emptied when the pause began). */
    @Override
    public Duration timeUntil(long n, Instant now, Duration pause) {
      long pauseNanos = pause.toNanos();
      double atStart = Math.min(config.burstCapacity(), bucket.getAvailableTokens() + tokensPerNano * pauseNanos);
      double deficit = n - atStart;
      long refillNanos = deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0;
      return Duration.ofNanos(pauseNanos + refillNanos);
    }
  }
}
