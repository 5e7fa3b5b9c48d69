package dev.calcomclient.redis.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.internal.RedisCoalescer;
import dev.calcomclient.redis.internal.RedisConnector;
import dev.calcomclient.redis.internal.RedisInvalidationBus;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.internal.RedisRemoteCache;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
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
 *
 * <p>{@link #fullStack} instances also have what {@code CalcomRedis} adds to a client besides the limiter, wired as it
 * wires them: the L2 cache (with the client's default L1, fetching one-day blocks), the invalidation bus and the cross-instance coalescer, all
 * on the same watched commands, so that no cache fill, invalidation delivery or coalescing step is on its way while
 * the clock moves.
 */
public final class DrivenInstances implements AutoCloseable {
  /** Generous: on driven time a slow Redis answer only holds the clock, so it must not count as an outage. */
  public static final Duration REDIS_TIMEOUT = Duration.ofSeconds(10);
  /** The key prefix of every Redis key and channel, {@code CalcomRedis}'s default. */
  public static final String PREFIX = "calcom:v1";

  public final List<RedisConnector> connectors = new ArrayList<>();
  public final List<RedisRateLimiter> limiters = new ArrayList<>();
  public final List<CalcomClient> clients = new ArrayList<>();
  /** Each instance's invalidation bus ({@link #fullStack} instances only). */
  public final List<RedisInvalidationBus> buses = new ArrayList<>();
  /** Each instance's coalescer ({@link #fullStack} instances only). */
  public final List<RedisCoalescer> coalescers = new ArrayList<>();

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
    this(redisUris, config, fake, clock, hammer, false);
  }

  /**
   * Connects {@code count} instances with the whole Redis stack: the shared limiter, the L2 cache under the
   * limiter's key prefix, the invalidation bus and the coalescer.
   *
   * @param count how many instances (also the limiters' expected instances)
   * @param redisUri the shared Redis
   * @param config every limiter's configuration
   * @param fake the fake every client calls, with {@code clock}
   * @param clock the time of the clients, their limiters and the fake
   * @param hammer the hammer that will drive the clients
   * @return the instances
   */
  public static DrivenInstances fullStack(
      int count, String redisUri, RateLimiterConfig config, FakeCalcom fake, FakeClock clock, DrivenHammer hammer) {
    return new DrivenInstances(Collections.nCopies(count, redisUri), config, fake, clock, hammer, true);
  }

  private DrivenInstances(
      List<String> redisUris,
      RateLimiterConfig config,
      FakeCalcom fake,
      FakeClock clock,
      DrivenHammer hammer,
      boolean fullStack) {
    int count = redisUris.size();
    try {
      for (String redisUri : redisUris) {
        RedisConnector connector =
            RedisConnector.connect(RedisConnector.Settings.of(redisUri).withCommandTimeout(REDIS_TIMEOUT));
        connectors.add(connector);
        RedisClusterAsyncCommands<String, byte[]> commands = WatchedCommands.watch(connector.commands(), hammer::busy);
        RedisRateLimiter limiter =
            new RedisRateLimiter(
                config,
                commands,
                PREFIX,
                count,
                REDIS_TIMEOUT,
                Duration.ofSeconds(1),
                clock,
                hammer.scheduler(),
                hammer.watch(hammer.scheduler()));
        limiters.add(limiter);
        CalcomClient.Builder client = hammer.client(fake, hammer.watch(limiter));
        if (fullStack) {
          RedisInvalidationBus bus =
              new RedisInvalidationBus(commands, connector.newPubSub(), PREFIX + ":invalidations", REDIS_TIMEOUT);
          buses.add(bus);
          RedisCoalescer coalescer =
              new RedisCoalescer(
                  commands,
                  connector.newPubSub(),
                  PREFIX,
                  Duration.ofSeconds(5),
                  Duration.ofMillis(250),
                  Duration.ofSeconds(10),
                  hammer.scheduler(),
                  hammer.watch(hammer.scheduler()));
          coalescers.add(coalescer);
          client
              .cache(
                  // One-day fetch blocks, as FourInstances: tests read each day's source.
                  CacheConfig.builder()
                      .fetchBlockDays(1)
                      .remoteCache(new RedisRemoteCache(commands, connector.layout(), Duration.ofDays(7)))
                      .keyPrefix(PREFIX)
                      .build())
              .invalidation(InvalidationConfig.defaults().toBuilder().bus(bus).build())
              .coalescer(coalescer);
        }
        clients.add(client.build());
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
    coalescers.forEach(RedisCoalescer::close);
    buses.forEach(RedisInvalidationBus::close);
    connectors.forEach(RedisConnector::close);
  }
}
