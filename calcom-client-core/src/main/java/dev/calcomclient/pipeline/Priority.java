package dev.calcomclient.pipeline;

/**
 * Rate-limit lanes. When the shared budget runs low, interactive calls (a caller is waiting, typically a
 * booking) are served first; background work (cache warming, refresh-ahead) only uses tokens while a reserve
 * is left.
 */
public enum Priority {
  /** A person or agent is waiting on this call. */
  INTERACTIVE,
  /** Ordinary reads. */
  STANDARD,
  /** Warming and refresh-ahead; never starves the other lanes. */
  BACKGROUND
}
