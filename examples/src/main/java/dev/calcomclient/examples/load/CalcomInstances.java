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
import java.util.ArrayList;
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
 * <p>The 4-instance scenarios need a provider that shares across JVMs: the Redis module's. To enable them, add a
 * {@code REDIS} provider here (limiter, coalescer, remote cache and bus from {@code calcom-client-redis}, on the
 * scenario's simulated clock) and list {@link Feature#REDIS} in {@link Feature#AVAILABLE}; see
 * {@link LoadScenarios}.
 */
final class CalcomInstances {

  /**
   * What the instances of one side share. A null member means "each instance uses its own default" (in-process
   * limiter and coalescer, no L2, no bus).
   *
   * @param limiter     the rate limiter every instance sends through
   * @param coalescer   the coalescer every instance joins flights in
   * @param remoteCache the L2 slot cache
   * @param bus         the invalidation bus
   * @param resources   closed after the instances (connections the provider opened), or null
   */
  record Shared(RateLimiter limiter, Coalescer coalescer, RemoteCache remoteCache, InvalidationBus bus,
      AutoCloseable resources) {

    static final Shared NONE = new Shared(null, null, null, null, null);

    Shared withRemoteCache(RemoteCache l2) {
      return new Shared(limiter, coalescer, l2, bus, resources);
    }

    Shared withBus(InvalidationBus b) {
      return new Shared(limiter, coalescer, remoteCache, b, resources);
    }
  }

  /** Where the shared layers come from. */
  interface Provider {
    /** Short name for the report, such as {@code in-process}. */
    String name();

    /** Why this provider cannot supply shared layers now, or empty when it can. */
    Optional<String> unavailable();

    /**
     * Creates the layers N instances share, on the scenario's simulated clock.
     *
     * @param scheduler the side's scheduler (delays in simulated time)
     */
    Shared create(SimTime time, ScheduledExecutorService scheduler) throws Exception;
  }

  /**
   * Instances in one JVM: one in-process limiter and coalescer, {@link RemoteCache#inMemory} and
   * {@link InvalidationBus#inProcess()}, each passed to every instance. What the Redis module will provide across
   * JVMs, minus the network.
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
    public Shared create(SimTime time, ScheduledExecutorService scheduler) {
      return new Shared(RateLimiter.local(RateLimiterConfig.defaults(), time.clock(), scheduler), Coalescer.local(),
          RemoteCache.inMemory(time.clock()), InvalidationBus.inProcess(), null);
    }
  };

  /** The Redis module's shared layers: not on main yet. */
  static final Provider REDIS = new Provider() {
    @Override
    public String name() {
      return "redis";
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.of("the " + Feature.REDIS.description() + " is not on main yet"
          + (Feature.REDIS.available() ? " as a harness provider" : "")
          + " (--multi-instance in-process runs them as clients in one JVM)");
    }

    @Override
    public Shared create(SimTime time, ScheduledExecutorService scheduler) {
      throw new IllegalStateException(unavailable().orElseThrow());
    }
  };

  private CalcomInstances() {}

  /**
   * Builds {@code count} clients on one key sharing {@code shared}, all on the side's clock, scheduler, OkHttp
   * client and listener.
   *
   * @param customize applied to each builder last (the backlog scenario tunes nothing; kept for experiments)
   */
  static List<CalcomClient> build(int count, Shared shared, String baseUrl, String apiKey, OkHttpClient http,
      SimTime time, ScheduledExecutorService scheduler, CalcomEventListener listener,
      UnaryOperator<CalcomClient.Builder> customize) {
    List<CalcomClient> clients = new ArrayList<>();
    for (int i = 0; i < count; i++) {
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
        b.cache(CacheConfig.builder().remoteCache(shared.remoteCache()).build());
      }
      if (shared.bus() != null) {
        b.invalidation(InvalidationConfig.builder().bus(shared.bus()).build());
      }
      clients.add(customize.apply(b).build());
    }
    return clients;
  }
}
