package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Me;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression (issue 12, defect 9): a client given a {@link FakeClock} hung when a call queued for a token, because
 * its waits were scheduled in real time against a clock that stood still. With the clock's own scheduler
 * ({@link FakeClock#scheduler()}), advancing the clock runs the wait.
 */
class FakeClockNeverHangsTest {
  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  /** Two tokens a second, one at a time: a second call waits half a second for its token. */
  private CalcomClient.Builder twoTokensASecond(Duration maxWait) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(clock)
        .cache(CacheConfig.disabled())
        .rateLimiterConfig(
            RateLimiterConfig.builder()
                .limit(120)
                .window(Duration.ofMinutes(1))
                .headroom(0)
                .burstCapacity(1)
                .maxWait(Priority.STANDARD, maxWait)
                .build());
  }

  @Test
  void aCallQueuedForATokenIsSentWhenTheFakeClockIsAdvancedWithItsScheduler() {
    try (CalcomClient client = twoTokensASecond(Duration.ofMinutes(5)).scheduler(clock.scheduler()).build()) {
      client.me().get();
      CompletableFuture<Me> queued = client.me().getAsync();
      assertThat(queued).as("no token yet").isNotDone();

      clock.advance(Duration.ofSeconds(1));

      await().atMost(Duration.ofSeconds(10)).until(queued::isDone);
      assertThat(queued).isCompleted();
      assertThat(fake.requestCount()).isEqualTo(2);
    }
  }
}
