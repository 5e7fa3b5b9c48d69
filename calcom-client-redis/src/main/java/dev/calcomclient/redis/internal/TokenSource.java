package dev.calcomclient.redis.internal;

import dev.calcomclient.ratelimit.internal.LaneScheduler.Take;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Where a credential's tokens come from: the shared bucket in Redis, or this instance's fallback share. */
interface TokenSource {

  /** Tries to take one token; the answer also carries the shared pause as this source knows it. */
  CompletableFuture<Take> take();

  /** Returns one token taken but not used (never above capacity). */
  CompletableFuture<Void> giveBack();

  /** Lowers the bucket to {@code target} tokens if it holds more. */
  CompletableFuture<Void> lowerTo(long target);

  /** Empties the bucket and records a pause of the credential until {@code until}. */
  CompletableFuture<Void> pause(Instant until);
}
