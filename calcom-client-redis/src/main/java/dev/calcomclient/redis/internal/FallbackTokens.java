package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import dev.calcomclient.ratelimit.internal.TokenBuckets;
import dev.calcomclient.ratelimit.internal.TokenStore;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * This instance's share of a credential's budget while Redis is unreachable: a local bucket of capacity
 * {@code burst / instances} refilling {@code refillPerWindow / instances} per window, so that all instances
 * together stay within the window guarantee. It starts <em>empty</em> at every switch to fallback: the shared
 * bucket may have been spent just before Redis went away, and an empty start keeps any window that straddles the
 * switch within the budget. It remembers when it handed out tokens, so that the tokens used in the last window can
 * be charged to the shared bucket when Redis is back.
 */
final class FallbackTokens implements TokenStore {
  private final RateLimiterConfig config;
  private final Clock clock;
  private final int instances;
  private final ArrayDeque<Instant> used = new ArrayDeque<>();
  private Bucket bucket;
  private Instant pausedUntil = Instant.MIN;

  FallbackTokens(RateLimiterConfig config, Clock clock, int instances) {
    this.config = config;
    this.clock = clock;
    this.instances = instances;
    this.bucket = emptyBucket();
  }

  /** The share's capacity: {@code max(1, burstCapacity / instances)}. */
  static long capacity(RateLimiterConfig config, int instances) {
    return TokenBuckets.shareCapacity(config, instances);
  }

  private Bucket emptyBucket() {
    return TokenBuckets.inProcess(TokenBuckets.share(config, instances), clock);
  }

  /** Empties the share: called when this instance switches from the shared bucket to its share. */
  synchronized void restartEmpty() {
    bucket = emptyBucket();
  }

  /** Answers at once, but behind the shared store's failures, so the policy treats it as answering later. */
  @Override
  public boolean answersAtOnce() {
    return false;
  }

  @Override
  public synchronized CompletableFuture<Take> take(long keep) {
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    Instant now = clock.instant();
    if (p.isConsumed()) {
      used.addLast(now);
    }
    Instant windowStart = now.minus(config.window());
    while (!used.isEmpty() && !used.peekFirst().isAfter(windowStart)) {
      used.pollFirst(); // only the last window is ever charged
    }
    return CompletableFuture.completedFuture(
        new Take(p.isConsumed(), p.getRemainingTokens(), p.getNanosToWaitForRefill(), pausedUntil));
  }

  @Override
  public synchronized CompletableFuture<Void> giveBack() {
    bucket.addTokens(1);
    used.pollLast();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> lowerTo(long target) {
    long excess = bucket.getAvailableTokens() - Math.max(0, target);
    if (excess > 0) {
      bucket.tryConsumeAsMuchAsPossible(excess);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> pause(Instant until) {
    bucket.tryConsumeAsMuchAsPossible();
    if (until.isAfter(pausedUntil)) {
      pausedUntil = until;
    }
    return CompletableFuture.completedFuture(null);
  }

  /** How many tokens were handed out in the window before {@code now}. */
  synchronized long usedInWindowBefore(Instant now) {
    Instant since = now.minus(config.window());
    return used.stream().filter(t -> t.isAfter(since) && !t.isAfter(now)).count();
  }

  /** Forgets the tokens handed out up to {@code now}: they have been charged to the shared bucket. */
  synchronized void forgetUsedUpTo(Instant now) {
    while (!used.isEmpty() && !used.peekFirst().isAfter(now)) {
      used.pollFirst();
    }
  }

  synchronized long available() {
    return bucket.getAvailableTokens();
  }
}
