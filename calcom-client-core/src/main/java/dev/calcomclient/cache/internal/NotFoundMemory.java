package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.NotFoundException;
import java.time.Clock;
import java.time.Duration;

/**
 * Negative caching of the slot store: an event type Cal.com answered 404 for is answered with the same error for
 * the negative TTL without a request; an invalidation of the event type forgets it. Bounded.
 */
final class NotFoundMemory {
  private static final long MAXIMUM_ENTRIES = 10_000;

  private final Cache<Long, NotFoundException> remembered;

  NotFoundMemory(Duration ttl, Clock clock) {
    this.remembered =
        Caffeine.newBuilder()
            .maximumSize(MAXIMUM_ENTRIES)
            .expireAfterWrite(ttl)
            .ticker(LocalSlotTier.ticker(clock))
            .executor(Runnable::run)
            .build();
  }

  /** A fresh copy of the remembered 404 of {@code eventTypeId} (each caller gets its own), or {@code null}. */
  NotFoundException get(long eventTypeId) {
    NotFoundException e = remembered.getIfPresent(eventTypeId);
    return e == null ? null : new NotFoundException(e.status(), e.code(), e.serverMessage(), e.requestId(), e.details());
  }

  void remember(long eventTypeId, NotFoundException e) {
    remembered.put(eventTypeId, e);
  }

  void forget(long eventTypeId) {
    remembered.invalidate(eventTypeId);
  }

  void forgetAll() {
    remembered.invalidateAll();
  }
}
