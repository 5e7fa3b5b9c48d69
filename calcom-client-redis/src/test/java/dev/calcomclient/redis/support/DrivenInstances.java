package dev.calcomclient.redis.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.internal.RedisConnector;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Several service instances on one {@link FakeClock}, driven by a {@link DrivenHammer}: each with its own Lettuce
 * connection to one real Redis and its own {@link RedisRateLimiter}, built as {@code CalcomRedis} builds it (key
 * prefix {@code calcom:v1}, leases sized for {@code count} instances), and its own {@link CalcomClient} of one
 * {@link FakeCalcom} key. The hammer watches each limiter, its Redis commands and its completions, so the clock moves
 * only while no Redis answer is on its way.
 */
public final class DrivenInstances implements AutoCloseable {
  /** Generous: on driven time a slow Redis answer only holds the clock, so it must not count as an outage. */
  public static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);

  public final List<RedisConnector> connectors = new ArrayList<>();
  public final List<RedisRateLimiter> limiters = new ArrayList<>();
  public final List<CalcomClient> clients = new ArrayList<>();

  /**
   * Connects {@code count} instances.
   *
   * @param count how many instances (also the limiters' expected instances)
   * @param redisUri the shared Redis
   * @param config every limiter's configuration
   * @param fake the fake every client calls, with {@code clock}
   * @param clock the time of the clients, their limiters and the fake
   * @param hammer the hammer that will drive the clients
   */
  public DrivenInstances(
      int count, String redisUri, RateLimiterConfig config, FakeCalcom fake, FakeClock clock, DrivenHammer hammer) {
    this(Collections.nCopies(count, redisUri), config, fake, clock, hammer);
  }

  /**
   * Connects one instance to each of {@code redisUris} (one Redis reached through a proxy per instance, for
   * partitions).
   *
   * @param redisUris where each instance reaches the shared Redis
   * @param config every limiter's configuration
   * @param fake the fake every client calls, with {@code clock}
   * @param clock the time of the clients, their limiters and the fake
   * @param hammer the hammer that will drive the clients
   */
  public DrivenInstances(
      List<String> redisUris, RateLimiterConfig config, FakeCalcom fake, FakeClock clock, DrivenHammer hammer) {
    int count = redisUris.size();
    try {
      for (String redisUri : redisUris) {
        RedisConnector connector =
            RedisConnector.connect(RedisConnector.Settings.of(redisUri).withCommandTimeout(REDIS_TIMEOUT));
        connectors.add(connector);
        RedisRateLimiter limiter =
            new RedisRateLimiter(
                config,
                WatchedCommands.watch(connector.commands(), hammer::busy),
                "calcom:v1",
                count,
                REDIS_TIMEOUT,
                Duration.ofSeconds(1),
                clock,
                hammer.scheduler(),
                hammer.watch(hammer.scheduler()));
        limiters.add(limiter);
        clients.add(hammer.client(fake, hammer.watch(limiter)).build());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Waits (in real time, at most 30 s) until every instance's connection answers a {@code PING}: after Redis came
   * back, so that the instances' probes find it on the clock's time rather than on Lettuce's reconnection delay.
   */
  public void awaitReachable() {
    for (RedisConnector c : connectors) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .ignoreExceptions()
          .until(() -> "PONG".equals(c.commands().ping().get(1, TimeUnit.SECONDS)));
    }
  }

  @Override
  public void close() {
    clients.forEach(CalcomClient::close);
    connectors.forEach(RedisConnector::close);
  }
}
