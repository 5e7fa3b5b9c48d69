package dev.calcomclient.ratelimit.internal;

import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * Where one credential's tokens are kept: the service-provider interface under the one rate-limit policy
 * ({@link PolicyRateLimiter}). <b>Module boundary:</b> public only so that the Redis module can implement it (its
 * sliding log in Redis with this instance's lease); it is not part of the client's API and may change with core.
 *
 * <p>Every store accounts exactly for any window: it admits a take only while the sends counted in the window
 * ending now are fewer than the budget ({@code limit - headroom}); see {@link LocalTokenStore} for the model and
 * why that bounds every window. The policy decides <em>when</em> to take, lower and pause; a store only keeps the
 * count. A store that {@linkplain #answersAtOnce() answers at once} (the in-process log) returns completed futures
 * and reports its exact state ({@link #tokensNow()}, {@link #nanosToNextToken()}, {@link #nanosUntil}); one that
 * answers later (a remote log) is estimated from its last answers instead.
 */
public interface TokenStore {

  /**
   * Whether every method returns an already completed future: the policy then asks under its lanes' lock.
   *
   * @return true for an in-process store
   */
  boolean answersAtOnce();

  /**
   * Tries to take one token, only while more than {@code keep} tokens are left.
   *
   * @param keep the tokens the take should leave (the background reserve; 0 for callers)
   * @return the outcome, with the credential's pause as the store knows it and the ticket that gives it back
   */
  CompletableFuture<Take> take(long keep);

  /**
   * Returns a token taken but not used: the store forgets that send, exactly (it never counted as sent), in its log
   * and, for a {@linkplain LaneScheduler.Take#paced() paced} take, in its {@link BackgroundPace}.
   *
   * @param take the consumed take being given back
   * @return completed when the store has it back
   */
  CompletableFuture<Void> giveBack(Take take);

  /**
   * Records what the server said: at most {@code target} more takes until {@code until} (its window's reset). It
   * never allows more than the store's own window does; it only lowers.
   *
   * @param target the requests the server says are left, minus the policy's margins
   * @param until when the server's window resets (bounded by the policy)
   * @return completed when the store has recorded it
   */
  CompletableFuture<Void> lowerTo(long target, Instant until);

  /**
   * Allows no take until {@code until} and records a pause of the credential (only ever extended).
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

  /**
   * Nanoseconds from now until {@code tokens} tokens can be taken, no earlier than {@code afterNanos}, assuming
   * nobody else takes one, for a store that answers at once.
   *
   * @param tokens how many tokens are wanted
   * @param afterNanos the earliest they may be taken (what is left of a pause)
   * @return the exact time, or empty when the store can only tell through its answers
   */
  default OptionalLong nanosUntil(long tokens, long afterNanos) {
    return OptionalLong.empty();
  }
}
