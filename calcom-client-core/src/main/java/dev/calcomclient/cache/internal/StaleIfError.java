package dev.calcomclient.cache.internal;

import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.ValidationException;
import java.time.Duration;

/**
 * When the slot store may answer from an expired L1 entry: the fetch failed because Cal.com could not be asked or
 * could not answer (not a 4xx about the request), and the entry is less than the configured staleness past its time
 * to live ({@link dev.calcomclient.cache.CacheConfig#staleIfErrorMaxStaleness()}; zero turns it off).
 */
final class StaleIfError {
  private final Duration maxStaleness;

  StaleIfError(Duration maxStaleness) {
    this.maxStaleness = maxStaleness;
  }

  /** Whether a failure like {@code cause} may be answered stale at all. */
  boolean applies(Throwable cause) {
    return !maxStaleness.isZero() && isUnavailability(cause);
  }

  /** Whether {@code entry} is recent enough to be served stale at {@code nowMillis}. */
  boolean servable(LocalSlotTier.Entry entry, long nowMillis) {
    return nowMillis - entry.freshUntilMillis() < maxStaleness.toMillis();
  }

  /** Failures that say Cal.com could not be asked or could not answer: not a 4xx about the request itself. */
  static boolean isUnavailability(Throwable t) {
    if (!(t instanceof CalcomException) || t instanceof ValidationException) {
      return false;
    }
    if (t instanceof CalcomApiException api) {
      return api.status() >= 500 || api.status() == 429;
    }
    return true;
  }
}
