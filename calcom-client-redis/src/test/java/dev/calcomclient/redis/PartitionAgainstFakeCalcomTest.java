package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testsupport.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition safety against {@link FakeCalcom}: two instances (each a {@link CalcomClient} with its own
 * {@link CalcomRedis}) share one key through one Redis, each behind its own {@link TcpProxy}, under load far above
 * the budget. Cutting one instance off, or both, for 100 simulated seconds must not let the busiest 60 s at the fake
 * pass Cal.com's limit: a cut-off instance spends only what is left of its lease, which the shared log already
 * counts. (Before the leases, each cut-off instance sent from a fallback share of its own on top of the shared
 * budget: 136 in the busiest 60 s with one of two cut off.) The fake's journal is the evidence.
 */
class PartitionAgainstFakeCalcomTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  /**
   * Low, so that the real delay between a grant and the request's arrival at the fake (long on a loaded machine)
   * stays well within the headroom in simulated time.
   */
  private static final double SCALE = 5;
  private static final int CAL_COM_LIMIT = 120;

  private RedisServerProcess server;
  private ScaledTime time;
  private FakeCalcom fake;
  private final List<TcpProxy> proxies = new ArrayList<>();
  private final List<CalcomRedis> redis = new ArrayList<>();
  private final List<CalcomClient> clients = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    time = new ScaledTime(SCALE, MixedTraffic.NOW);
    fake = FakeCalcom.builder().withDefaultData().timeScale(SCALE).latency(LatencyProfile.calcomLike()).build().start();
    for (int i = 0; i < 2; i++) {
      TcpProxy proxy = TcpProxy.start("127.0.0.1", server.port());
      proxies.add(proxy);
      CalcomRedis r =
          CalcomRedis.builder()
              .uri(proxy.redisUri())
              .expectedInstances(2)
              .commandTimeout(Duration.ofSeconds(1))
              .rateLimiterTimeout(Duration.ofSeconds(1))
              .clock(time.clock())
              .scheduler(time.scheduler())
              .build();
      redis.add(r);
      clients.add(r.configure(FourInstances.scaledClient(fake, time)).build());
    }
  }

  @AfterEach
  void tearDown() {
    clients.forEach(CalcomClient::close);
    redis.forEach(CalcomRedis::close);
    proxies.forEach(TcpProxy::close);
    fake.close();
    time.close();
    server.close();
  }

  @Test
  void oneOfTwoInstancesCutOffFromRedisLeavesNoSixtySecondsAtTheFakeAboveTheLimit() throws Exception {
    RateLimitUsage usage = runCuttingOff(List.of(proxies.get(0)), "one of two instances cut off");
    assertThat(usage.maxInAnyWindow()).as("busiest 60 s at the fake").isLessThanOrEqualTo(CAL_COM_LIMIT);
  }

  @Test
  void bothInstancesCutOffFromRedisLeaveNoSixtySecondsAtTheFakeAboveTheLimit() throws Exception {
    RateLimitUsage usage = runCuttingOff(proxies, "both instances cut off");
    assertThat(usage.maxInAnyWindow()).as("busiest 60 s at the fake").isLessThanOrEqualTo(CAL_COM_LIMIT);
  }

  private RedisRateLimiter limiter(TcpProxy proxy) {
    return (RedisRateLimiter) redis.get(proxies.indexOf(proxy)).rateLimiter();
  }

  /** Three simulated minutes of 24 users; {@code cut} lose Redis from 50 s to 150 s. */
  private RateLimitUsage runCuttingOff(List<TcpProxy> cut, String what) throws Exception {
    ExecutorService driver = Executors.newSingleThreadExecutor();
    try {
      Future<MixedTraffic.Result> traffic =
          driver.submit(() -> MixedTraffic.run(clients, time, 24, Duration.ofMinutes(3), 3));
      java.time.Instant start = time.now();
      time.after(Duration.ofSeconds(50)).join();
      cut.forEach(TcpProxy::cut);
      // Not vacuous: the cut-off instances notice (calls keep arriving) and leave the shared log; the others stay.
      await().atMost(Duration.ofSeconds(20)).until(() -> cut.stream().noneMatch(p -> limiter(p).isShared()));
      proxies.stream().filter(p -> !cut.contains(p)).forEach(p -> assertThat(limiter(p).isShared()).isTrue());
      time.after(Duration.between(time.now(), start.plusSeconds(150))).join();
      cut.forEach(TcpProxy::restore);
      MixedTraffic.Result run = traffic.get(120, TimeUnit.SECONDS);

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info(String.format("partition, %s from 50 s to 150 s of 180: %s; fake: %s", what, run, usage));
      FIGURES.info(String.format(java.util.Locale.ROOT, "partition, %s: busiest 60 s at the fake %d, requests %d",
          what, usage.maxInAnyWindow(), usage.requests()));
      assertThat(run.upstream429()).isZero();
      assertThat(usage.violations()).isZero();
      // Not vacuous: the users wanted far more than the budget, and the budget was used.
      assertThat(run.localRefusals()).isPositive();
      assertThat(usage.requests()).isGreaterThanOrEqualTo(150);
      return usage;
    } finally {
      driver.shutdownNow();
    }
  }
}
