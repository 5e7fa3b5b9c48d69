package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A credential's tokens in this JVM: one bucket4j bucket of the {@link TokenBuckets#budget budget's} shape. */
final class LocalTokenStore implements TokenStore {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final Bucket bucket;

  LocalTokenStore(RateLimiterConfig config, Clock clock) {
    this.bucket = TokenBuckets.inProcess(TokenBuckets.budget(config), clock);
  }

  @Override
  public boolean answersAtOnce() {
    return true;
  }

  /** Checks and takes in one step (the store's lock), so a background take never dips into the reserve. */
  @Override
  public synchronized CompletableFuture<Take> take(long keep) {
    if (keep > 0) {
      long available = bucket.getAvailableTokens();
      if (available <= keep) {
        return CompletableFuture.completedFuture(new Take(false, available, 0, Instant.MIN));
      }
    }
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    return CompletableFuture.completedFuture(
        new Take(p.isConsumed(), p.getRemainingTokens(), p.getNanosToWaitForRefill(), Instant.MIN));
  }

  @Override
  public synchronized CompletableFuture<Void> giveBack() {
    bucket.addTokens(1);
    return DONE;
  }

  @Override
  public synchronized CompletableFuture<Void> lowerTo(long target) {
    long excess = bucket.getAvailableTokens() - Math.max(0, target);
    if (excess > 0) {
      bucket.tryConsumeAsMuchAsPossible(excess);
    }
    return DONE;
  }

  /** Empties the bucket; the pause itself is kept by the lanes. */
  @Override
  public synchronized CompletableFuture<Void> pause(Instant until) {
    bucket.tryConsumeAsMuchAsPossible();
    return DONE;
  }

  @Override
  public synchronized OptionalLong tokensNow() {
    return OptionalLong.of(bucket.getAvailableTokens());
  }

  @Override
  public synchronized long nanosToNextToken() {
    return bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
  }
}
