package dev.calcomclient.redis.internal;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Where a credential's tokens come from: the shared bucket in Redis, or this instance's fallback share. */
interface TokenSource {

  /** Tries to take one token. */
  CompletableFuture<Take> take();

  /** Returns one token taken but not used (never above capacity). */
  CompletableFuture<Void> giveBack();

  /** Lowers the bucket to {@code target} tokens if it holds more. */
  CompletableFuture<Void> lowerTo(long target);

  /** Empties the bucket and records a pause of the credential until {@code until}. */
  CompletableFuture<Void> pause(Instant until);

  /**
   * The outcome of one {@link #take()}.
   *
   * @param consumed whether a token was taken
   * @param remaining tokens left after the take
   * @param nanosToWait when not consumed, how long until the next token (from the bucket's point of view)
   * @param pausedUntil the credential's pause as the source knows it ({@link Instant#MIN}: none)
   */
  record Take(boolean consumed, long remaining, long nanosToWait, Instant pausedUntil) {}
}
