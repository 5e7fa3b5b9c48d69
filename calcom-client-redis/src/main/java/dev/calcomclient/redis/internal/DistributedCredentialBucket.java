package dev.calcomclient.redis.internal;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * One credential's lanes on this instance, over a token source that answers asynchronously (the shared bucket in
 * Redis, or the fallback share): core's {@link LaneScheduler}, the same lanes as the in-process limiter's. It asks
 * the source outside its lock, one token per drain; background calls take a token, then give it back if the take
 * dipped into the reserve. The pause after a 429, learnt locally or from the shared pause key, holds every lane back.
 *
 * <p>Queues and the pause are per instance; the tokens are shared. A waiter's estimate comes from what the last
 * answer of the source said and assumes no other instance takes the next token; if one does, the drain simply asks
 * again when the next token is due.
 */
final class DistributedCredentialBucket {
  private final RateLimiterConfig config;
  private final SourceSelector sources;
  private final double tokensPerNano;
  private final LaneScheduler lanes;
  // What the source's last answer said; guarded by the lanes' lock.
  private long knownRemaining;
  private Instant nextTokenAt = Instant.MIN;

  /** Chooses, per operation, the source tokens come from now. */
  interface SourceSelector {
    /** Runs {@code op} on the shared source, or on the fallback when Redis is (or turns out to be) unreachable. */
    <T> CompletableFuture<T> apply(Function<TokenSource, CompletableFuture<T>> op);
  }

  DistributedCredentialBucket(
      RateLimiterConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      Executor completions,
      SourceSelector sources) {
    this.config = config;
    this.sources = sources;
    this.tokensPerNano = (double) config.refillPerWindow() / config.window().toNanos();
    this.knownRemaining = config.burstCapacity();
    this.lanes =
        new LaneScheduler(config, clock, scheduler, completions, new KnownTokens(), ", shared by every instance");
  }

  CompletableFuture<Duration> acquire(CalcomRequest request) {
    return lanes.acquire(request);
  }

  /** Pauses the credential until {@code until} (only ever extended) and empties its bucket. */
  CompletableFuture<Void> pauseUntil(Instant until) {
    synchronized (lanes) {
      knownRemaining = 0;
      lanes.pauseUntil(until);
    }
    return sources.apply(source -> source.pause(until));
  }

  /** Lowers the bucket to {@code target} tokens if it holds more. */
  CompletableFuture<Void> lowerTo(long target) {
    synchronized (lanes) {
      knownRemaining = Math.min(knownRemaining, Math.max(0, target));
    }
    return sources.apply(source -> source.lowerTo(target));
  }

  long knownAvailable() {
    synchronized (lanes) {
      return lanes.isPaused() ? 0 : knownRemaining;
    }
  }

  Instant pausedUntil() {
    return lanes.pausedUntil();
  }

  /** The source as the lanes see it: takes go to Redis (or the fallback); estimates come from the last answer. */
  private final class KnownTokens implements LaneScheduler.Tokens {
    /** Takes regardless of {@code keep}: the shared bucket cannot check and take in one step. */
    @Override
    public CompletableFuture<LaneScheduler.Take> take(long keep) {
      return sources.apply(TokenSource::take);
    }

    @Override
    public void giveBack() {
      sources.apply(TokenSource::giveBack);
    }

    @Override
    public void learn(LaneScheduler.Take take, Instant now) {
      if (take == null) {
        nextTokenAt = now.plusMillis(10); // both sources failed: try again shortly
        return;
      }
      knownRemaining = take.remaining();
      nextTokenAt = take.consumed() ? Instant.MIN : now.plusNanos(take.nanosToWait());
    }

    @Override
    public long nanosToNextToken(Instant now) {
      return nextTokenAt.isAfter(now) ? Duration.between(now, nextTokenAt).toNanos() : 0;
    }

    /** The source answers later: Redis, or the fallback behind it. */
    @Override
    public boolean answersAtOnce() {
      return false;
    }

    /** From the last answer; during a pause, from an empty bucket at the pause (it was emptied then). */
    @Override
    public Duration timeUntil(long n, Instant now, Duration pause) {
      long pauseNanos = pause.toNanos();
      if (pauseNanos > 0) {
        double atEnd = Math.min(config.burstCapacity(), tokensPerNano * pauseNanos);
        double deficit = n - atEnd;
        return Duration.ofNanos(pauseNanos + (deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0));
      }
      long firstNanos = nextTokenAt.isAfter(now) ? Duration.between(now, nextTokenAt).toNanos() : 0;
      double have = firstNanos > 0 ? 1 : Math.max(0, knownRemaining);
      double deficit = n - have;
      return Duration.ofNanos(firstNanos + (deficit > 0 ? (long) Math.ceil(deficit / tokensPerNano) : 0));
    }
  }
}
