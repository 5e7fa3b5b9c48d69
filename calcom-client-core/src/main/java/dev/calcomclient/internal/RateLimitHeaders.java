package dev.calcomclient.internal;

import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Cal.com's rate-limit headers, and bounds what they may mean: the one parser both the in-process and the
 * Redis limiter use. Cal.com suffixes them with the limit's name ({@code X-RateLimit-Remaining-Default}), sends the
 * reset as seconds remaining (not an epoch), and sends no {@code Retry-After}; a key with several named limits gets
 * several triplets.
 *
 * <p>What a server says is clamped to what Cal.com can mean: its block lasts 60 s and its window is 60 s, so every
 * pause read here ({@code Retry-After}, {@code X-RateLimit-Reset-*}) is at most {@link #maxPause()} (a misbehaving
 * proxy answering {@code Retry-After: 315360000} would otherwise stop the credential for ten years); a negative
 * count reads as 0 and a negative duration as 0; a value that is not a decimal number (or overflows a long) is
 * ignored, with one WARN per parser so a hostile server cannot flood the log.
 */
public final class RateLimitHeaders {
  /** The wait after a 429 that carries no reset information: Cal.com's block duration. */
  public static final Duration DEFAULT_BLOCK = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(RateLimitHeaders.class);
  private static final RateLimitHeaders DEFAULTS = new RateLimitHeaders(RateLimiterConfig.DEFAULT_MAX_PAUSE);

  private final Duration maxPause;
  private final AtomicBoolean warned = new AtomicBoolean();

  private RateLimitHeaders(Duration maxPause) {
    this.maxPause = Objects.requireNonNull(maxPause, "maxPause");
  }

  /** A parser clamping pauses to {@link RateLimiterConfig#DEFAULT_MAX_PAUSE}. */
  public static RateLimitHeaders defaults() {
    return DEFAULTS;
  }

  /** A parser clamping pauses to {@code maxPause}; it warns at most once about unparseable values. */
  public static RateLimitHeaders clampingTo(Duration maxPause) {
    return new RateLimitHeaders(maxPause);
  }

  /** A parser clamping pauses to {@code config}'s {@link RateLimiterConfig#maxPause()}. */
  public static RateLimitHeaders of(RateLimiterConfig config) {
    return clampingTo(config.maxPause());
  }

  /** The longest pause this parser returns. */
  public Duration maxPause() {
    return maxPause;
  }

  /** The smallest {@code X-RateLimit-Remaining-*} value, 0 when negative, if any such header is present. */
  public OptionalLong remaining(CalcomResponse response) {
    OptionalLong n = extreme(response.headers(), "x-ratelimit-remaining", true);
    return n.isPresent() ? OptionalLong.of(Math.max(0, n.getAsLong())) : n;
  }

  /**
   * The largest {@code X-RateLimit-Reset-*} value in seconds, clamped to {@code [0, maxPause]}, if present.
   */
  public OptionalLong resetSeconds(CalcomResponse response) {
    OptionalLong n = extreme(response.headers(), "x-ratelimit-reset", false);
    return n.isPresent() ? OptionalLong.of(clampSeconds(n.getAsLong())) : n;
  }

  /** The smallest {@code X-RateLimit-Limit-*} value, 0 when negative, if present. */
  public OptionalLong limit(CalcomResponse response) {
    OptionalLong n = extreme(response.headers(), "x-ratelimit-limit", true);
    return n.isPresent() ? OptionalLong.of(Math.max(0, n.getAsLong())) : n;
  }

  /**
   * How long to wait after a 429: {@code Retry-After} (seconds) if present and readable, else the largest
   * {@code X-RateLimit-Reset-*}, else {@link #DEFAULT_BLOCK}; never negative, never more than {@link #maxPause()}.
   */
  public Duration retryAfter(CalcomResponse response) {
    Optional<Long> ra = parse("Retry-After", response.header("Retry-After"));
    if (ra.isPresent()) {
      return Duration.ofSeconds(clampSeconds(ra.get()));
    }
    OptionalLong reset = resetSeconds(response);
    if (reset.isPresent()) {
      return Duration.ofSeconds(reset.getAsLong());
    }
    return DEFAULT_BLOCK.compareTo(maxPause) <= 0 ? DEFAULT_BLOCK : maxPause;
  }

  private long clampSeconds(long seconds) {
    return Math.max(0, Math.min(seconds, maxPause.toSeconds()));
  }

  private OptionalLong extreme(Map<String, List<String>> headers, String prefix, boolean min) {
    OptionalLong best = OptionalLong.empty();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() == null) {
        continue;
      }
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals(prefix) && !name.startsWith(prefix + "-")) {
        continue;
      }
      for (String v : e.getValue()) {
        Optional<Long> parsed = parse(e.getKey(), v);
        if (parsed.isPresent()) {
          long n = parsed.get();
          if (best.isEmpty() || (min ? n < best.getAsLong() : n > best.getAsLong())) {
            best = OptionalLong.of(n);
          }
        }
      }
    }
    return best;
  }

  private Optional<Long> parse(String header, String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    try {
      return Optional.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      // An HTTP-date Retry-After or garbage: Cal.com sends neither. Ignore it; say so once.
      if (warned.compareAndSet(false, true)) {
        log.warn(
            "ignoring unreadable rate-limit header {}: '{}' (further unreadable values are logged at DEBUG)",
            header,
            Redactor.keyShapesOnly().redact(v.length() > 40 ? v.substring(0, 40) + "..." : v));
      } else {
        log.debug("ignoring unreadable rate-limit header {}", header);
      }
      return Optional.empty();
    }
  }
}
