package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Where one credential's tokens are kept: the service-provider interface under the one rate-limit policy
 * ({@link PolicyRateLimiter}). <b>Module boundary:</b> public only so that the Redis module can implement it (its
 * shared bucket in Redis and its fallback share); it is not part of the client's API and may change with core.
 *
 * <p>Every store has the same shape, built by {@link TokenBuckets}: capacity {@code burst}, refilling
 * {@code refillPerWindow} per window. The policy decides <em>when</em> to take, lower and pause; a store only keeps
 * the count. A store that {@linkplain #answersAtOnce() answers at once} (an in-process bucket) returns completed
 * futures and reports its exact state ({@link #tokensNow()}, {@link #nanosToNextToken()}); one that answers later (a
 * remote bucket) is estimated from its last answers instead.
 */
public interface TokenStore {

  /** Whether every method returns an already completed future: the policy then asks under its lanes' lock. */
  boolean answersAtOnce();

  /**
   * Tries to take one token. A store that answers at once takes it only while more than {@code keep} tokens are
   * left; one that answers later may take it regardless (the policy then gives it back).
   *
   * @param keep the tokens the take should leave (the background reserve; 0 for callers)
   * @return the outcome, with the credential's pause as the store knows it
   */
  CompletableFuture<Take> take(long keep);

  /**
   * Returns one token taken but not used (never above capacity).
   *
   * @return completed when the store has it back
   */
  CompletableFuture<Void> giveBack();

  /**
   * Lowers the bucket to {@code target} tokens if it holds more; never raises it.
   *
   * @param target the tokens the server says are left, minus the policy's margins
   * @return completed when the store is lowered
   */
  CompletableFuture<Void> lowerTo(long target);

  /**
   * Empties the bucket and records a pause of the credential until {@code until} (only ever extended).
   *
   * @param until the end of the pause
   * @return completed when the store has recorded it
   */
  CompletableFuture<Void> pause(Instant until);

  /**
   * The exact number of tokens now, for a store that answers at once.
   *
   * @return the tokens, or empty when the store can only tell through its answers
   */
  default OptionalLong tokensNow() {
    return OptionalLong.empty();
  }

  /**
   * Nanoseconds until the next token, for a store that answers at once (consulted only when {@link #tokensNow()}
   * is present).
   *
   * @return 0 when a token is there now
   */
  default long nanosToNextToken() {
    return 0;
  }
}
