/**
 * The two-tier slot cache: the canonical {@link dev.calcomclient.cache.SlotKey} schema (one event type, one set of
 * query dimensions, one UTC day), invalidation {@link dev.calcomclient.cache.SlotTag}s with generations, and the
 * {@link dev.calcomclient.cache.RemoteCache} SPI of the shared tier.
 */
package dev.calcomclient.cache;
