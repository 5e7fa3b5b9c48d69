/**
 * The two-tier slot cache: configuration ({@link dev.calcomclient.cache.CacheConfig}, set with
 * {@code CalcomClient.Builder.cache(...)}), the adaptive {@link dev.calcomclient.cache.TtlPolicy}, the canonical
 * {@link dev.calcomclient.cache.SlotKey} schema (one event type, one set of query dimensions, one UTC day),
 * invalidation {@link dev.calcomclient.cache.SlotTag}s with generations, and the
 * {@link dev.calcomclient.cache.RemoteCache} SPI of the shared tier.
 *
 * <p>The cache sits above the request pipeline: a hit makes no request (no rate-limit token, no breaker), a miss is
 * one {@code GET /v2/slots} over the missing UTC days through coalescer, breaker, retry and limiter. Searches by
 * event type slug are not cached. Event types, schedules and {@code me} are cached in process only.
 */
package dev.calcomclient.cache;
