package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every default the root README states, read from the README's text and compared with the code's defaults. A
 * README rewording that drops one of these phrases fails here too: say the number again, or change this test.
 */
class ReadmeDefaultsTest {
  private static String readme;

  @BeforeAll
  static void readReadme() throws IOException {
    // Surefire runs in the module directory; the README is the repository's, one level up.
    Path path = Path.of("..", "README.md");
    assertThat(path).as("the repository's README.md beside the module").isRegularFile();
    readme = Files.readString(path).replaceAll("\\s+", " ");
  }

  @Test
  void baseUrlAndApiVersions() {
    assertThat(readme).contains("| `baseUrl(url)` | `" + CalcomClient.DEFAULT_BASE_URL + "` |");
    Matcher m = find("\\| slots `([0-9-]+)`, bookings `([0-9-]+)`, event types `([0-9-]+)`, schedules `([0-9-]+)` \\|");
    assertThat(List.of(m.group(1), m.group(2), m.group(3), m.group(4))).containsExactly(
        ApiResource.SLOTS.defaultVersion(), ApiResource.BOOKINGS.defaultVersion(),
        ApiResource.EVENT_TYPES.defaultVersion(), ApiResource.SCHEDULES.defaultVersion());
  }

  @Test
  void timeouts() {
    Matcher m = find("\\| `timeout\\(EndpointGroup, Duration\\)` "
        + "\\| slots (\\d+) s, bookings (\\d+) s, other (\\d+) s \\|");
    assertThat(seconds(m, 1)).isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.SLOTS));
    assertThat(seconds(m, 2)).isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.BOOKINGS));
    assertThat(seconds(m, 3)).isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.OTHER));
    assertThat(CalcomClient.DEFAULT_TIMEOUTS).containsOnlyKeys(EndpointGroup.values());
    Matcher call = find("\\| `callTimeout\\(EndpointGroup, Duration\\)` "
        + "\\| (\\d+) times the attempt timeout: slots (\\d+) s, bookings (\\d+) s, other (\\d+) s \\|");
    int attempts = integer(call, 1);
    assertThat(attempts).isEqualTo(CalcomClient.DEFAULT_CALL_TIMEOUT_ATTEMPTS);
    assertThat(seconds(call, 2)).isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.SLOTS).multipliedBy(attempts));
    assertThat(seconds(call, 3))
        .isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.BOOKINGS).multipliedBy(attempts));
    assertThat(seconds(call, 4)).isEqualTo(CalcomClient.DEFAULT_TIMEOUTS.get(EndpointGroup.OTHER).multipliedBy(attempts));
    assertThat(seconds(find("\\| `connectTimeout\\(Duration\\)` \\| (\\d+) s \\|"), 1))
        .isEqualTo(CalcomClient.DEFAULT_CONNECT_TIMEOUT);
  }

  @Test
  void responseSizeAndClockSkew() {
    Matcher body = find("\\| `maxResponseBodyBytes\\(long\\)` \\| (\\d+) MiB \\|");
    assertThat(Long.parseLong(body.group(1)) * 1024 * 1024).isEqualTo(CalcomClient.DEFAULT_MAX_RESPONSE_BODY_BYTES);
    assertThat(seconds(find("\\| `clockSkewTolerance\\(Duration\\)` \\| (\\d+) s \\|"), 1))
        .isEqualTo(CalcomClient.DEFAULT_CLOCK_SKEW_TOLERANCE);
  }

  @Test
  void rateLimiter() {
    RateLimiterConfig c = RateLimiterConfig.defaults();
    Matcher row = find("\\| `rateLimiterConfig\\(\\.\\.\\.\\)` / `rateLimiter\\(\\.\\.\\.\\)` "
        + "\\| (\\d+) per (\\d+) s, headroom (\\d+), burst (\\d+) \\|");
    assertThat(integer(row, 1)).isEqualTo(c.limit());
    assertThat(seconds(row, 2)).isEqualTo(c.window());
    assertThat(integer(row, 3)).isEqualTo(c.headroom());
    assertThat(integer(row, 4)).isEqualTo(c.burstCapacity());
    Matcher sum = find("\\(defaults `(\\d+) \\+ (\\d+) <= (\\d+)`\\)");
    assertThat(integer(sum, 1)).isEqualTo(c.burstCapacity());
    assertThat(integer(sum, 2)).isEqualTo(c.refillPerWindow());
    assertThat(integer(sum, 3)).isEqualTo(c.budget());
    assertThat(Duration.ofMinutes(integer(find("`RateLimiterConfig.maxPause` \\(default (\\d+) min"), 1)))
        .isEqualTo(c.maxPause());
    Matcher lanes = find("interactive (\\d+) s, standard (\\d+) s, batch until its deadline, background never");
    assertThat(seconds(lanes, 1)).isEqualTo(c.maxWait(Priority.INTERACTIVE));
    assertThat(seconds(lanes, 2)).isEqualTo(c.maxWait(Priority.STANDARD));
    assertThat(c.maxWait(Priority.BATCH)).isEqualTo(RateLimiterConfig.UNTIL_DEADLINE);
    assertThat(c.maxWait(Priority.BACKGROUND)).isZero();
  }

  @Test
  void circuitBreakerAndRetry() {
    CircuitBreakerConfig b = CircuitBreakerConfig.defaults();
    Matcher m = find("open after (\\d+) consecutive failures, half-open after (\\d+) s, closed after (\\d+) successes");
    assertThat(integer(m, 1)).isEqualTo(b.failureThreshold());
    assertThat(seconds(m, 2)).isEqualTo(b.openDuration());
    assertThat(integer(m, 3)).isEqualTo(b.successThreshold());

    RetryPolicy r = RetryPolicy.defaults();
    Matcher retry = find("\\| (\\d+) retries, full-jitter backoff capped at (\\d+) ms, doubling up to (\\d+) s \\|");
    assertThat(integer(retry, 1)).isEqualTo(r.maxRetries());
    assertThat(Duration.ofMillis(integer(retry, 2))).isEqualTo(r.baseBackoff());
    assertThat(seconds(retry, 3)).isEqualTo(r.maxBackoff());
  }

  @Test
  void cacheAndInvalidation() {
    CacheConfig c = CacheConfig.defaults();
    Matcher row = find("on: L1 ([\\d ]+) day entries, adaptive TTL, stale-if-error (\\d+) min, no L2");
    assertThat(Long.parseLong(row.group(1).replace(" ", ""))).isEqualTo(c.l1MaximumEntries());
    assertThat(Duration.ofMinutes(integer(row, 2))).isEqualTo(c.staleIfErrorMaxStaleness());
    assertThat(Duration.ofMinutes(integer(find("cached days up to (\\d+) min past their TTL"), 1)))
        .isEqualTo(c.staleIfErrorMaxStaleness());
    assertThat(seconds(find("404s are remembered for (\\d+) s"), 1)).isEqualTo(c.negativeTtl());
    assertThat(Duration.ofMinutes(integer(find("Event types, schedules and `me` are cached in L1 for (\\d+) min"), 1)))
        .isEqualTo(c.metadataTtl());

    InvalidationConfig i = InvalidationConfig.defaults();
    Matcher inv = find("\\| no bus; retry backoff (\\d+) ms doubling up to (\\d+) s; queue of ([\\d ]+) tags \\|");
    assertThat(i.bus()).isEmpty();
    assertThat(Duration.ofMillis(integer(inv, 1))).isEqualTo(i.retryMin());
    assertThat(seconds(inv, 2)).isEqualTo(i.retryMax());
    assertThat(Integer.parseInt(inv.group(3).replace(" ", ""))).isEqualTo(i.queueCapacity());
  }

  @Test
  void adaptiveTtl() {
    Matcher m = find("past days (\\d+) h, empty days (\\d+) s, fewer than (\\d+) slots (\\d+) s, more than (\\d+) days"
        + " ahead (\\d+) s, otherwise (\\d+) s");
    TtlPolicy ttl = TtlPolicy.defaults();
    Instant now = Instant.parse("2030-03-04T12:00:00Z");
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    int fewThreshold = integer(m, 3);
    int farDays = integer(m, 5);
    assertThat(ttl.ttl(today.minusDays(1), 10, now)).as("past day").isEqualTo(Duration.ofHours(integer(m, 1)));
    assertThat(ttl.ttl(today.plusDays(1), 0, now)).as("empty day").isEqualTo(seconds(m, 2));
    assertThat(ttl.ttl(today.plusDays(1), fewThreshold - 1, now)).as("few slots").isEqualTo(seconds(m, 4));
    assertThat(ttl.ttl(today.plusDays(1), fewThreshold, now)).as("at the threshold: standard")
        .isEqualTo(seconds(m, 7));
    assertThat(ttl.ttl(today.plusDays(farDays + 1), 10, now)).as("far future").isEqualTo(seconds(m, 6));
    assertThat(ttl.ttl(today.plusDays(1), 10, now)).as("standard").isEqualTo(seconds(m, 7));
  }

  @Test
  void noInternalVocabulary() {
    assertThat(readme.toLowerCase(Locale.ROOT)).doesNotContain("the seeds", "seeds'", "seed system");
  }

  private static Matcher find(String regex) {
    Matcher m = Pattern.compile(regex).matcher(readme);
    if (!m.find()) {
      fail("README.md no longer states /%s/: restate the default or update ReadmeDefaultsTest", regex);
    }
    return m;
  }

  private static int integer(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  private static Duration seconds(Matcher m, int group) {
    return Duration.ofSeconds(Long.parseLong(m.group(group)));
  }
}
