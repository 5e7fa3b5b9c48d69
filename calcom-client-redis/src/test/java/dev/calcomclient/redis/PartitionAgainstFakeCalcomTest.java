package dev.calcomclient.redis;

import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.support.DrivenInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testsupport.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partition safety against {@link FakeCalcom}: two instances (each with its own Lettuce connection and
 * {@link RedisRateLimiter}) share one key through one Redis, each behind its own {@link TcpProxy}, under load far
 * above the budget. Cutting one instance off, or both, for 100 seconds must not let the busiest 60 s at the fake pass
 * the budget (110): a cut-off instance spends only what is left of its lease, which the shared log already counts,
 * then refuses. (Before the leases, each cut-off instance sent from a fallback share of its own on top of the shared
 * budget: 136 in the busiest 60 s with one of two cut off.) The fake's journal is the evidence.
 *
 * <p>On driven time ({@link DrivenHammer}): {@value #CALLERS} callers spread over the two instances call with a new
 * distinct day lookup as soon as their last one ended, for 3 minutes of a {@link FakeClock} that moves (at most
 * 100 ms at a time, stopping at every wait's due time) only while every caller waits on it and no Redis answer is on
 * its way. The cut and the restore happen while the
 * clock stands still; a cut proxy closes the connections and refuses new ones, so Lettuce fails a command at once
 * rather than after its (real-time) timeout, and after the restore the clock waits until every instance's connection
 * answers again, so that the instance's probe (every second of the clock) finds Redis. As in
 * {@code FourInstancesAgainstFakeCalcomTest}, the log admits at most the budget in any 61 s span of its takes, and
 * each span sends at least {@code min(110, 120 - 2 - (CALLERS / 2 - 1)) = 110} while an instance takes from it: the
 * first span's budget goes in its first instant, so at the cut (50 s) no lease is left to spend; a cut-off instance
 * holding a lease is {@code RedisRateLimiterOutageTest}'s case.
 */
class PartitionAgainstFakeCalcomTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final int CAL_COM_LIMIT = 120;
  private static final int CALLERS = 16;
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final Duration CUT_AT = Duration.ofSeconds(50);
  private static final Duration RESTORE_AT = Duration.ofSeconds(150);

  private final RateLimiterConfig config = RateLimiterConfig.defaults();
  private final FakeClock clock = FakeClock.at(MixedTraffic.NOW);
  private final DrivenHammer hammer = new DrivenHammer(clock);
  private RedisServerProcess server;
  private FakeCalcom fake;
  private final List<TcpProxy> proxies = new ArrayList<>();
  private DrivenInstances two;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    List<String> uris = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TcpProxy proxy = TcpProxy.start("127.0.0.1", server.port());
      proxies.add(proxy);
      uris.add(proxy.redisUri());
    }
    two = new DrivenInstances(uris, config, fake, clock, hammer);
  }

  @AfterEach
  void tearDown() {
    two.close();
    proxies.forEach(TcpProxy::close);
    fake.close();
    server.close();
  }

  /**
   * The other instance carries the load alone from the first span's end: three spans of the budget, 330, one
   * instance's share of the first and all of the second (from 61 s) and third (from 122 s); the cut-off one rejoins
   * at 150 s with the log full. Where a cut-off instance sent from a share of its own, it would add its share to
   * every span.
   */
  @Test
  void oneOfTwoInstancesCutOffFromRedisLeavesNoSixtySecondsAtTheFakeAboveTheBudget() {
    RateLimitUsage usage = runCuttingOff(List.of(proxies.get(0)), "one of two instances cut off");
    assertThat(usage.requests())
        .as("requests the fake received: three spans of the budget, the last two from the instance still on Redis")
        .isGreaterThanOrEqualTo(3 * perSpan())
        .isLessThanOrEqualTo(3L * config.budget());
  }

  /**
   * Neither instance sends from the first span's end (61 s) until the restore (150 s): two spans of the budget, 220,
   * the second one at 150 s.
   */
  @Test
  void bothInstancesCutOffFromRedisLeaveNoSixtySecondsAtTheFakeAboveTheBudget() {
    RateLimitUsage usage = runCuttingOff(proxies, "both instances cut off");
    assertThat(usage.requests())
        .as("requests the fake received: a span of the budget before the cut, one after the restore")
        .isGreaterThanOrEqualTo(2 * perSpan())
        .isLessThanOrEqualTo(2L * config.budget());
  }

  private long perSpan() {
    return Math.min(config.budget(), CAL_COM_LIMIT - config.adaptiveSafetyMargin() - (CALLERS / 2 - 1L));
  }

  private RedisRateLimiter limiter(TcpProxy proxy) {
    return two.limiters.get(proxies.indexOf(proxy));
  }

  /** Three minutes of {@value #CALLERS} callers; {@code cut} lose Redis from 50 s to 150 s. */
  private RateLimitUsage runCuttingOff(List<TcpProxy> cut, String what) {
    List<Boolean> sharedWhileCut = new ArrayList<>();
    hammer
        .at(CUT_AT, () -> cut.forEach(TcpProxy::cut))
        .at(CUT_AT.plus(RESTORE_AT).dividedBy(2), () -> proxies.forEach(p -> sharedWhileCut.add(limiter(p).isShared())))
        .at(RESTORE_AT, () -> {
          cut.forEach(TcpProxy::restore);
          two.awaitReachable();
        });

    HammerResult run = hammer.run(two.clients, CALLERS, RUN, Duration.ofMillis(100));

    RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
    FIGURES.info("partition on driven time, {} from 50 s to 150 s of 180: {} local refusals; fake: {}",
        what, run.localRefusals(), usage);
    assertThat(run.unexpected()).isEmpty();
    assertThat(run.upstream429()).isZero();
    assertThat(throttled(fake)).as("429s in the fake's journal").isZero();
    assertThat(usage.violations()).isZero();
    assertThat(usage.maxInAnyWindow())
        .as("the fake's most requests in any sliding 60 s window (%s)", usage)
        .isLessThanOrEqualTo(config.budget());
    // Not vacuous: the cut-off instances noticed (calls kept arriving) and left the shared log, the others stayed;
    // after the restore every instance is back on it.
    for (int i = 0; i < proxies.size(); i++) {
      assertThat(sharedWhileCut.get(i))
          .as("instance %d on the shared log while %s", i, what)
          .isEqualTo(!cut.contains(proxies.get(i)));
    }
    assertThat(two.limiters).allSatisfy(l -> assertThat(l.isShared()).isTrue());
    return usage;
  }
}
