package dev.calcomclient.model;

/**
 * Why cached slot days were served past their time to live instead of being fetched from Cal.com.
 *
 * <p>Either way, a day is served stale only when it is still at its invalidation generation: a day a booking made
 * through this client (or reported to it by a webhook or another instance) invalidated since it was cached is never
 * served stale.
 */
public enum StaleReason {
  /**
   * No rate-limit token was available in time: this client's budget for the credential was spent (the limiter
   * refused the fetch locally) or Cal.com answered 429. Bounded by {@code
   * CacheConfig.staleIfOverloadedMaxStaleness()}.
   */
  OVERLOADED,
  /**
   * Cal.com could not be asked or could not answer: the circuit breaker was open, or the fetch timed out, lost its
   * connection or got a 5xx. Bounded by {@code CacheConfig.staleIfErrorMaxStaleness()}.
   */
  UNAVAILABLE
}
