package dev.calcomclient.webhook.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Remembers recent webhook deliveries by their identity for a window, so that a replayed delivery is recognised. Cal.com
 * signs no timestamp: a captured signed delivery verifies forever, and only its identity (trigger, booking uid,
 * {@code createdAt}) and its age tell a replay apart. Time comes from the injected clock (Caffeine's ticker reads it),
 * and the memory is bounded by {@link #MAX_ENTRIES}.
 */
public final class ReplayGuard {
  /** The most deliveries remembered at once; the least recently written are forgotten first beyond it. */
  public static final long MAX_ENTRIES = 100_000;

  private final Cache<String, Boolean> seen;
  private final Duration window;

  /**
   * Creates a guard.
   *
   * @param window how long a delivery is remembered
   * @param clock the time source
   */
  public ReplayGuard(Duration window, Clock clock) {
    this.window = Objects.requireNonNull(window, "window");
    Objects.requireNonNull(clock, "clock");
    this.seen =
        Caffeine.newBuilder()
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .expireAfterWrite(window)
            .maximumSize(MAX_ENTRIES)
            .build();
  }

  /** The identity of a delivery: its trigger, its booking uid (or a digest of the body without one) and createdAt. */
  public static String identity(String trigger, String bookingUid, Instant createdAt, byte[] body) {
    String who = bookingUid != null ? "uid:" + bookingUid : "body:" + digest(body);
    return trigger + '|' + who + '|' + createdAt;
  }

  /**
   * Records {@code identity}; true when it was not seen within the window (act on it), false for a replay. Atomic: of
   * two concurrent identical deliveries exactly one gets true.
   */
  public boolean firstSighting(String identity) {
    return seen.asMap().putIfAbsent(identity, Boolean.TRUE) == null;
  }

  /** Forgets {@code identity}, so that a redelivery acts again (after the first attempt failed). */
  public void forget(String identity) {
    seen.invalidate(identity);
  }

  /** The window. */
  public Duration window() {
    return window;
  }

  private static String digest(byte[] body) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(body);
      return java.util.HexFormat.of().formatHex(d, 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
