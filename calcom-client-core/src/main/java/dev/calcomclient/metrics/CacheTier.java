package dev.calcomclient.metrics;

/** The cache tiers named in cache events. */
public enum CacheTier {
  /** The in-process cache. */
  L1,
  /** The shared cache (in-memory by default, Redis in the redis module). */
  L2
}
