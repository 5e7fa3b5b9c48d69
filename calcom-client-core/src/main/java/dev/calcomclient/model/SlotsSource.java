package dev.calcomclient.model;

/**
 * Where the days of a {@link SlotsResult} came from. {@link SlotsResult#sourceByDay()} gives one per day;
 * {@link SlotsResult#source()} summarizes a result assembled from several days by the least fresh of them, in this
 * order: {@link #STALE} if any day was served stale, else {@link #L1} if any day came from the in-process cache,
 * else {@link #L2} if any came from the shared cache, else {@link #UPSTREAM}.
 */
public enum SlotsSource {
  /** The in-process cache (L1). */
  L1,
  /** The shared cache (L2), back-filled into L1. */
  L2,
  /** A Cal.com call made for this answer (or the cache is off, or the query is not cacheable). */
  UPSTREAM,
  /**
   * A cached day past its time to live, served because Cal.com could not be asked (circuit open, 5xx, timeout, or
   * no rate-limit token available in time); no invalidation has touched it since it was stored. {@link
   * SlotsResult#staleAge()} says how old it is.
   */
  STALE
}
