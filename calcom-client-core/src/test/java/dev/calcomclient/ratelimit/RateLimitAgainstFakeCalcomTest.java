package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The window guarantee end to end: 32 callers hammer distinct slot queries through one client against
 * {@link FakeCalcom} with Cal.com's real rate limit (120 per 60 s per API key, 60 s block), on driven time. The
 * fake's own counts are the evidence: its journal's 429s and its maximum number of requests in any sliding 60 s
 * window.
 */
class RateLimitAgainstFakeCalcomTest {
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final int THREADS = 32;
  private static final int CAL_COM_LIMIT = 120;

  /**
   * On a {@link FakeClock} (the client's log and waits, the fake's windows on the same time, which moves only when
   * every caller waits on it), with answers at once: the log sends the budget (110) at once, then nothing until
   * those sends leave its window, so the fake's windows open at 0 and just after 60 and 120 s, and no 60 s window
   * holds more than 110 (each request reaches the fake at the time its token was granted: see {@link DrivenHammer}). Not vacuous: the threads keep the budget busy. In each window the client sends its budget unless the
   * fake's {@code remaining} (120 less what it counted), less the safety margin (2) and less the attempts in flight
   * that started later, caps it first; that subtraction overcounts only attempts that reached the fake out of order,
   * at most {@code THREADS - 1}: {@code 3 x min(110, 120 - 2 - 31) = 261} at least in 3 minutes.
   */
  @Test
  void defaultLimiterSends32HammeringThreadsWithout429AndNoWindowAboveTheLimitFor3Minutes() {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    FakeClock clock = FakeClock.at(FakeCalcomClients.NOW);
    DrivenHammer hammer = new DrivenHammer(clock, config);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
        CalcomClient client = hammer.client(fake).build()) {

      HammerResult run = hammer.run(client, THREADS, Duration.ofMinutes(3), Duration.ofMillis(100));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info("default limiter, {} callers for 3 minutes: {}", THREADS, usage);
      assertThat(run.unexpected()).isEmpty();
      assertThat(throttled(fake)).as("responses with 429 in the fake's journal").isZero();
      assertThat(usage.violations()).as("throttler violations").isZero();
      assertThat(usage.maxInAnyWindow())
          .as("the fake's most requests in any sliding 60 s window (%s)", usage)
          .isLessThanOrEqualTo(config.budget());
      assertThat(usage.requests())
          .as("requests the fake received")
          .isGreaterThanOrEqualTo(
              3L * Math.min(config.budget(), CAL_COM_LIMIT - config.adaptiveSafetyMargin() - (THREADS - 1)))
          .isLessThanOrEqualTo(3L * config.budget());
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

  /**
   * A bucket of capacity 120 refilling 2 per second admits 240 in some window: what a limiter configured for a budget
   * of 240 per window allows. The window guarantee is only as good as the budget it is given. On the same driven
   * time, with Cal.com's {@code X-RateLimit-*} headers hidden from the limiter (whose adaptive lowering would
   * otherwise rescue even this bucket, as it should in production): the bucket sends its 120 at once, and its next
   * token comes 0.5 s later, inside the fake's first window, which has no room left: the fake throttles, by
   * construction and not by how fast this machine is.
   */
  @Test
  void naiveBucketOfCapacity120Refilling2PerSecondExceedsTheLimitAtTheSameTraffic() {
    RateLimiterConfig naive = RateLimiterConfig.builder().limit(240).headroom(0).burstCapacity(120).build();
    assertThat(naive.budget()).isEqualTo(240);
    FakeClock clock = FakeClock.at(FakeCalcomClients.NOW);
    DrivenHammer hammer = new DrivenHammer(clock, naive);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
        CalcomClient client =
            hammer
                .client(fake)
                .addLayer(
                    (request, chain) ->
                        chain.proceed(request).thenApply(RateLimitAgainstFakeCalcomTest::withoutRateLimitHeaders))
                .build()) {

      HammerResult run = hammer.run(client, THREADS, Duration.ofMinutes(2), Duration.ofMillis(100));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info("naive bucket, {} callers for 2 minutes: {} 429s in the journal; {}", THREADS, throttled(fake), usage);
      assertThat(run.unexpected()).isEmpty();
      assertThat(usage.limit()).isEqualTo(CAL_COM_LIMIT);
      assertThat(usage.violations()).as("the naive bucket exceeded Cal.com's limit: %s", usage).isPositive();
      assertThat(throttled(fake)).as("responses with 429 in the fake's journal").isPositive();
      assertThat(run.upstream429()).isPositive();
    }
  }
}
