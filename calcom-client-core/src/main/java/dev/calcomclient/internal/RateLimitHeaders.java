package dev.calcomclient.internal;

import dev.calcomclient.pipeline.CalcomResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads Cal.com's rate-limit headers. Cal.com suffixes them with the limit's name
 * ({@code X-RateLimit-Remaining-Default}), sends the reset as seconds remaining (not an epoch), and sends no
 * {@code Retry-After}; a key with several named limits gets several triplets.
 */
public final class RateLimitHeaders {
  /** The wait after a 429 that carries no reset information: Cal.com's block duration. */
  public static final Duration DEFAULT_BLOCK = Duration.ofSeconds(60);

  private RateLimitHeaders() {}

  /** The smallest {@code X-RateLimit-Remaining-*} value, if any such header is present. */
  public static OptionalLong remaining(CalcomResponse response) {
    return extreme(response.headers(), "x-ratelimit-remaining", true);
  }

  /** The largest {@code X-RateLimit-Reset-*} value in seconds, if present. */
  public static OptionalLong resetSeconds(CalcomResponse response) {
    return extreme(response.headers(), "x-ratelimit-reset", false);
  }

  /** The smallest {@code X-RateLimit-Limit-*} value, if present. */
  public static OptionalLong limit(CalcomResponse response) {
    return extreme(response.headers(), "x-ratelimit-limit", true);
  }

  /**
   * How long to wait after a 429: {@code Retry-After} (seconds) if present, else the largest
   * {@code X-RateLimit-Reset-*}, else {@link #DEFAULT_BLOCK}.
   */
  public static Duration retryAfter(CalcomResponse response) {
    String ra = response.header("Retry-After");
    if (ra != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(ra.trim())));
      } catch (NumberFormatException ignored) {
        // An HTTP-date Retry-After is not sent by Cal.com; fall through to the reset headers.
      }
    }
    OptionalLong reset = resetSeconds(response);
    return reset.isPresent() ? Duration.ofSeconds(Math.max(0, reset.getAsLong())) : DEFAULT_BLOCK;
  }

  private static OptionalLong extreme(Map<String, List<String>> headers, String prefix, boolean min) {
    OptionalLong best = OptionalLong.empty();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals(prefix) && !name.startsWith(prefix + "-")) {
        continue;
      }
      for (String v : e.getValue()) {
        try {
          long n = Long.parseLong(v.trim());
          if (best.isEmpty() || (min ? n < best.getAsLong() : n > best.getAsLong())) {
            best = OptionalLong.of(n);
          }
        } catch (NumberFormatException ignored) {
          // Skip a malformed value rather than fail the whole response.
        }
      }
    }
    return best;
  }
}
