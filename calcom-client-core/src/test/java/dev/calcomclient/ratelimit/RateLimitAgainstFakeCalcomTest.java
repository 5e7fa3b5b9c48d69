package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.hammer;
import static dev.calcomclient.support.FakeWorkloads.scaledClient;
import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The window guarantee end to end: 32 threads hammer distinct slot queries through one client against
 * {@link FakeCalcom} with Cal.com's real rate limit (120 per 60 s per API key, 60 s block), in time compressed
 * 20-fold (a simulated minute lasts 3 real seconds). The fake's own counts are the evidence: its journal's 429s
 * and its maximum number of requests in any sliding 60 s window.
 */
class RateLimitAgainstFakeCalcomTest {
  /**
   * The sliding window sends the whole budget per window, so the real delay between a grant and the arrival at the
   * fake (long on a loaded machine) counts {@code SCALE} times in simulated time against the headroom: 10 keeps a
   * quarter-second stall within it.
   */
  private static final double SCALE = 10;
  private static final int THREADS = 32;
  private static final int CAL_COM_LIMIT = 120;

  private static FakeCalcom fake() {
    return FakeCalcom.builder()
        .withDefaultData()
        .timeScale(SCALE)
        .latency(LatencyProfile.calcomLike()) // slots 300-800 ms simulated: 15-40 ms real
        .build()
        .start();
  }

  @Test
  void defaultLimiterSends32HammeringThreadsWithout429AndNoWindowAboveTheLimitFor3Minutes() throws Exception {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    try (ScaledTime time = new ScaledTime(SCALE, Instant.parse(FakeCalcomClients.NOW));
        FakeCalcom fake = fake();
        CalcomClient client = scaledClient(fake, time).cache(CacheConfig.disabled()).rateLimiterConfig(config).build()) {

      HammerResult run = hammer(client, time, THREADS, Duration.ofMinutes(3));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      assertThat(run.unexpected()).isEmpty();
      assertThat(throttled(fake)).as("responses with 429 in the fake's journal").isZero();
      assertThat(usage.violations()).as("throttler violations").isZero();
      assertThat(usage.maxInAnyWindow())
          .as("the fake's most requests in any sliding 60 s window (%s)", usage)
          .isLessThanOrEqualTo(config.limit())
          .isLessThanOrEqualTo(CAL_COM_LIMIT);
      // Not vacuous: the threads kept the budget busy (20 at once, then 1.5 per second: about 290 in 3 minutes).
      assertThat(usage.requests()).as("requests the fake received").isGreaterThanOrEqualTo(250);
      assertThat(run.succeeded()).isEqualTo(usage.requests());
      assertThat(run.upstream429()).isZero();
    }
  }

  private static CalcomResponse withoutRateLimitHeaders(CalcomResponse response) {
    Map<String, List<String>> kept = new LinkedHashMap<>();
    response
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.toLowerCase(Locale.ROOT).startsWith("x-ratelimit")) {
                kept.put(name, values);
              }
            });
    return new CalcomResponse(response.status(), kept, response.bodyBytes());
  }

  @Test
  void naiveBucketOfCapacity120Refilling2PerSecondExceedsTheLimitAtTheSameTraffic() throws Exception {
    // A bucket of capacity 120 refilling 2 per second admits 240 in some window: what a limiter configured for a
    // budget of 240 per window allows. The window guarantee is only as good as the budget it is given.
    RateLimiterConfig naive = RateLimiterConfig.builder().limit(240).headroom(0).burstCapacity(120).build();
    assertThat(naive.budget()).isEqualTo(240);
    try (ScaledTime time = new ScaledTime(SCALE, Instant.parse(FakeCalcomClients.NOW));
        FakeCalcom fake = fake();
        CalcomClient client =
            scaledClient(fake, time)
                .cache(CacheConfig.disabled())
                .rateLimiterConfig(naive)
                // Bucket arithmetic alone: hide Cal.com's X-RateLimit-* headers from the limiter, whose adaptive
                // lowering would otherwise rescue even this bucket (as it should in production).
                .addLayer(
                    (request, chain) ->
                        chain.proceed(request).thenApply(RateLimitAgainstFakeCalcomTest::withoutRateLimitHeaders))
                .build()) {

      HammerResult run = hammer(client, time, THREADS, Duration.ofMinutes(2));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      assertThat(run.unexpected()).isEmpty();
      assertThat(usage.limit()).isEqualTo(CAL_COM_LIMIT);
      assertThat(usage.violations() > 0 || usage.maxInAnyWindow() > CAL_COM_LIMIT)
          .as("the naive bucket exceeded Cal.com's limit: %s, 429s in the journal: %s", usage, throttled(fake))
          .isTrue();
    }
  }
}
