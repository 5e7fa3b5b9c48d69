package dev.calcomclient.examples.load;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.testsupport.RedisEndpoint;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * Builds the calcom-client instances of one side of a scenario: N clients on one API key that share what the
 * instances of a real deployment share (rate-limit budget, coalescing, the L2 slot cache and the invalidation bus),
 * as a {@link Provider} supplies them. One instance shares nothing and runs with the client's defaults (every layer
 * on, in-process L1 cache, no L2, no bus).
 *
 * <p>The 4-instance scenarios run with {@link #REDIS} by default: one {@code redis-server} and one
 * {@link CalcomRedis} per instance, as four service instances would have; {@link #IN_PROCESS} shares in-process
 * layers instead.
 */
final class CalcomInstances {

  /**
   * The layers one instance uses. A null member means "this instance uses its own default" (in-process limiter and
   * coalescer, no L2, no bus).
   *
   * @param limiter     the rate limiter the instance sends through
   * @param coalescer   the coalescer the instance joins flights in
   * @param remoteCache the L2 slot cache
   * @param bus         the invalidation bus
   * @param keyPrefix   the cache's key prefix (null: the client's default); with Redis, the {@link CalcomRedis}'s
   */
  record Shared(RateLimiter limiter, Coalescer coalescer, RemoteCache remoteCache, InvalidationBus bus,
      String keyPrefix) {

    static final Shared NONE = new Shared(null, null, null, null, null);

    Shared withRemoteCache(RemoteCache l2) {
      return new Shared(limiter, coalescer, l2, bus, keyPrefix);
    }

    Shared withBus(InvalidationBus b) {
      return new Shared(limiter, coalescer, remoteCache, b, keyPrefix);
    }
  }

  /**
   * The layers of N instances, and what to close after the instances.
   *
   * @param instances one entry per instance (the same object for every instance when the layers are shared objects)
   * @param resources closed after the instances (connections, a Redis server the provider started), or null
   */
  record Deployment(List<Shared> instances, AutoCloseable resources) {
    Deployment {
      instances = List.copyOf(instances);
      if (instances.isEmpty()) {
        throw new IllegalArgumentException("a deployment has at least one instance");
      }
    }

    /** One plain instance with the client's defaults. */
    static Deployment single() {
      return same(1, Shared.NONE);
    }

    /** {@code count} instances using the same layers, nothing to close. */
    static Deployment same(int count, Shared shared) {
      return new Deployment(Collections.nCopies(count, shared), null);
    }
  }

  /** Where the shared layers come from. */
  interface Provider {
    /** Short name for the report, such as {@code in-process}. */
    String name();

    /** Why this provider cannot supply shared layers now, or empty when it can. */
    Optional<String> unavailable();

    /**
     * Creates the layers of {@code count} instances sharing one key, on the scenario's simulated clock.
     *
     * @param scheduler the side's scheduler (delays in simulated time)
     */
    Deployment create(int count, SimTime time, ScheduledExecutorService scheduler) throws Exception;
  }

  /**
   * Instances in one JVM: one in-process limiter and coalescer, {@link RemoteCache#inMemory} and
   * {@link InvalidationBus#inProcess()}, each passed to every instance. What the Redis module provides across JVMs,
   * minus the network.
   */
  static final Provider IN_PROCESS = new Provider() {
    @Override
    public String name() {
      return "in-process";
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.empty();
    }

    @Override
    public Deployment create(int count, SimTime time, ScheduledExecutorService scheduler) {
      return Deployment.same(count, new Shared(RateLimiter.local(RateLimiterConfig.defaults(), time.clock(),
          scheduler), Coalescer.local(), RemoteCache.inMemory(time.clock()), InvalidationBus.inProcess(), null));
    }
  };

  /**
   * The Redis module: one Redis ({@code REDIS_URL} if set, else a {@code redis-server} from the PATH, else the embedded
   * one, started for the scenario and stopped after it) and one {@link CalcomRedis} per instance (its own connections, limiter, coalescer,
   * L2 client and bus subscription), on the scenario's simulated clock and scheduler, under a fresh key prefix.
   *
   * <p>Simulated time and Redis: the limiter's sliding log (entries stamped with the client's clock, passed to its
   * script) and the shared pause and cap (epoch-millisecond values compared with the client's clock) run in simulated
   * time; the {@code PX} lifetimes Redis gives their keys are computed in simulated milliseconds but counted down on
   * Redis's wall clock, so they last {@code scale} times longer in simulated terms. That keeps the log longer than
   * needed, never shorter (a log key that expired early would come back empty and could break the window guarantee),
   * so the guarantee holds. The L2's lifetimes are different: a day cached for 300 simulated seconds would stay in Redis for 300 wall
   * seconds, the whole scenario, and the figures would count hits on entries long expired. So each instance's L2 goes
   * through {@link ScaledTtlRemoteCache}, which converts lifetimes between the two clocks.
   */
  static final Provider REDIS = new Provider() {
    @Override
    public String name() {
      return "redis";
    }

    @Override
    public Optional<String> unavailable() {
      return RedisEndpoint.unavailable();
    }

    @Override
    public Deployment create(int count, SimTime time, ScheduledExecutorService scheduler) {
      RedisEndpoint server = RedisEndpoint.fromEnvironmentOrStart();
      byte[] random = new byte[4];
      new SecureRandom().nextBytes(random);
      // a fresh key space per scenario: a cold start is cold, and a shared REDIS_URL is not disturbed
      String prefix = "calcom:load:" + HexFormat.of().formatHex(random);
      List<CalcomRedis> connections = new ArrayList<>();
      List<Shared> instances = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          CalcomRedis redis = CalcomRedis.builder()
              .uri(server.uri())
              .keyPrefix(prefix)
              .expectedInstances(count)
              .clock(time.clock())
              .scheduler(scheduler)
              // wall-clock bounds: generous, so that a busy 2-core machine does not make an instance count Redis as
              // unreachable and refuse calls (the figures are about sharing, not about a slow Redis)
              .commandTimeout(Duration.ofSeconds(1))
              .rateLimiterTimeout(Duration.ofSeconds(1))
              .build();
          connections.add(redis);
          instances.add(new Shared(redis.rateLimiter(), redis.coalescer(),
              new ScaledTtlRemoteCache(redis.remoteCache(), time.scale()), redis.invalidationBus(),
              redis.keyPrefix()));
        }
      } catch (RuntimeException e) {
        connections.forEach(CalcomRedis::close);
        server.close();
        throw e;
      }
      return new Deployment(instances, () -> {
        connections.forEach(CalcomRedis::close);
        server.close();
      });
    }
  };

  private CalcomInstances() {}

  /**
   * Builds one client per instance of {@code deployment}, all on one key and on the side's clock, scheduler, OkHttp
   * client and listener; their bus traffic goes to {@code busLog}.
   *
   * @param customize applied to each builder last (the backlog scenario tunes nothing; kept for experiments)
   */
  static List<CalcomClient> build(Deployment deployment, String baseUrl, String apiKey, OkHttpClient http,
      SimTime time, ScheduledExecutorService scheduler, CalcomEventListener listener, BusLog busLog,
      UnaryOperator<CalcomClient.Builder> customize) {
    List<CalcomClient> clients = new ArrayList<>();
    for (int i = 0; i < deployment.instances().size(); i++) {
      Shared shared = deployment.instances().get(i);
      CalcomClient.Builder b = CalcomClient.builder()
          .apiKey(apiKey)
          .baseUrl(baseUrl)
          .okHttpClient(http)
          .clock(time.clock())
          .scheduler(scheduler)
          .addListener(listener);
      if (shared.limiter() != null) {
        b.rateLimiter(shared.limiter());
      }
      if (shared.coalescer() != null) {
        b.coalescer(shared.coalescer());
      }
      if (shared.remoteCache() != null) {
        CacheConfig.Builder cache = CacheConfig.builder().remoteCache(shared.remoteCache());
        if (shared.keyPrefix() != null) {
          cache.keyPrefix(shared.keyPrefix());
        }
        b.cache(cache.build());
      }
      if (shared.bus() != null) {
        b.invalidation(InvalidationConfig.builder().bus(busLog.observe(shared.bus(), i)).build());
      }
      clients.add(customize.apply(b).build());
    }
    return clients;
  }
}
