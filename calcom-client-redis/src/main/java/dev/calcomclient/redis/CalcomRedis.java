package dev.calcomclient.redis;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.internal.RedisCoalescer;
import dev.calcomclient.redis.internal.RedisConnector;
import dev.calcomclient.redis.internal.RedisInvalidationBus;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.internal.RedisRemoteCache;
import io.lettuce.core.resource.ClientResources;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Everything that makes many service instances sharing one Cal.com credential behave as one client, on one Redis:
 * one rate budget ({@link #rateLimiter()}), one L2 cache ({@link #remoteCache()}), an invalidation bus that drops
 * every instance's L1 entries when any instance books ({@link #invalidationBus()}), and request coalescing across
 * instances ({@link #coalescer()}). Build one per instance and hand it to the client builder:
 *
 * <pre>{@code
 * CalcomRedis redis = CalcomRedis.builder()
 *     .uri("redis://redis.internal:6379")
 *     .expectedInstances(4)
 *     .build();
 * CalcomClient cal = redis.configure(CalcomClient.builder().apiKey(key)).build();
 * ...
 * cal.close();
 * redis.close();
 * }</pre>
 *
 * <p>Redis must be reachable when this is built. After that, every component survives Redis restarts and network
 * blips: commands fail fast instead of queueing (the limiter spends only what is left of this instance's lease,
 * the coalescer calls upstream alone, the cache misses, the bus reports the lost connection so that the client
 * flushes its L1 and queues its invalidations), and the connection comes back by itself.
 *
 * <p>Standalone ({@code redis://}, {@code rediss://}), Sentinel ({@code redis-sentinel://}) and Cluster
 * ({@code redis-cluster://host:port,host:port}) URIs are accepted. In Cluster mode the cache's keys carry their tag
 * as hash tag, so one booking's invalidation is one script call per (event type, day) instead of one call in all.
 * A Cluster failover is followed within about a second of the replica's promotion (see
 * {@link Builder#clusterTopologyRefresh}); meanwhile the components degrade as during any outage.
 * Redis keys and channels start with {@link Builder#keyPrefix}; the credential appears in them only as its hash.
 */
public final class CalcomRedis implements AutoCloseable {
  private final RedisConnector connector;
  private final ScheduledExecutorService ownedScheduler;
  private final RedisRateLimiter rateLimiter;
  private final RedisCoalescer coalescer;
  private final RedisRemoteCache remoteCache;
  private final RedisInvalidationBus invalidationBus;
  private final String keyPrefix;

  private CalcomRedis(Builder b) {
    this.keyPrefix = b.keyPrefix;
    ScheduledExecutorService scheduler = b.scheduler;
    this.ownedScheduler = scheduler == null ? newScheduler() : null;
    if (scheduler == null) {
      scheduler = ownedScheduler;
    }
    RedisConnector.Settings settings =
        new RedisConnector.Settings(
            b.uri,
            b.commandTimeout,
            b.connectTimeout,
            b.requestQueueSize,
            b.reconnectMin,
            b.reconnectMax,
            b.clientResources,
            b.clusterTopologyRefresh);
    try {
      this.connector = RedisConnector.connect(settings);
    } catch (RuntimeException e) {
      if (ownedScheduler != null) {
        ownedScheduler.shutdownNow();
      }
      throw e;
    }
    try {
      ScheduledExecutorService s = scheduler;
      this.remoteCache = new RedisRemoteCache(connector.commands(), connector.layout(), b.generationTtl);
      this.invalidationBus =
          new RedisInvalidationBus(
              connector.commands(), connector.newPubSub(), keyPrefix + ":invalidations", b.connectTimeout);
      this.rateLimiter =
          new RedisRateLimiter(
              b.rateLimiterConfig,
              connector.commands(),
              keyPrefix,
              b.expectedInstances,
              b.rateLimiterTimeout,
              b.fallbackProbeInterval,
              b.clock,
              s,
              s::execute);
      this.coalescer =
          new RedisCoalescer(
              connector.commands(),
              connector.newPubSub(),
              keyPrefix,
              b.coalescingWait,
              b.coalescingPollInterval,
              b.coalescingWait.plusSeconds(5),
              s,
              s::execute);
    } catch (RuntimeException e) {
      closeQuietly();
      dev.calcomclient.internal.Redactor redactor = RedisConnector.redactor(b.uri);
      if (redactor.scrub(e) == e) {
        throw e;
      }
      throw new IllegalStateException(redactor.redact(e.getMessage()), redactor.scrub(e.getCause()));
    }
  }

  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread t = new Thread(r, "calcom-redis");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    return Executors.unconfigurableScheduledExecutorService(executor);
  }

  /**
   * Starts a configuration.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The rate limiter every instance shares: one sliding log per credential, with this instance's lease.
   *
   * @return the rate limiter every instance shares: one sliding log per credential, with this instance's lease
   */
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /**
   * The coalescer across instances: one upstream call for identical concurrent reads anywhere.
   *
   * @return the coalescer across instances: one upstream call for identical concurrent reads anywhere
   */
  public Coalescer coalescer() {
    return coalescer;
  }

  /**
   * The shared L2 cache.
   *
   * @return the shared L2 cache
   */
  public RemoteCache remoteCache() {
    return remoteCache;
  }

  /**
   * The invalidation bus connecting every instance's L1.
   *
   * @return the invalidation bus connecting every instance's L1
   */
  public InvalidationBus invalidationBus() {
    return invalidationBus;
  }

  /**
   * The prefix of every Redis key and channel this uses.
   *
   * @return the prefix of every Redis key and channel this uses
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * Applies the shared components to a client builder: the rate limiter, the coalescer, the L2 cache (with this
   * key prefix) and the invalidation bus, added to the cache and invalidation settings the builder already has
   * (set before or after this call, {@code cache(...)} and {@code invalidation(...)} replace them, so set them
   * first).
   *
   * @param builder the client builder
   * @return {@code builder}, for chaining
   * @throws IllegalStateException when the builder's settings already name another shared tier, key prefix or bus
   */
  public CalcomClient.Builder configure(CalcomClient.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    CacheConfig cache = cacheConfig(builder.cacheConfig());
    InvalidationConfig invalidation = invalidationConfig(builder.invalidationConfig());
    return builder.rateLimiter(rateLimiter).coalescer(coalescer).cache(cache).invalidation(invalidation);
  }

  /**
   * {@code base} with this Redis as its shared tier and this key prefix.
   *
   * @param base the cache settings to keep
   * @return the settings with this Redis's L2
   * @throws IllegalStateException when {@code base} already has another shared tier or another key prefix
   */
  public CacheConfig cacheConfig(CacheConfig base) {
    Objects.requireNonNull(base, "base");
    base.remoteCache().filter(other -> other != remoteCache).ifPresent(other -> {
      throw new IllegalStateException("the cache settings already have a shared tier ("
          + other.getClass().getSimpleName() + "); CalcomRedis would replace it with Redis: remove remoteCache(...)");
    });
    String prefix = base.keyPrefix();
    if (!prefix.equals(SlotKey.DEFAULT_PREFIX) && !prefix.equals(keyPrefix)) {
      throw new IllegalStateException("the cache settings use keyPrefix '" + prefix + "' but CalcomRedis uses '"
          + keyPrefix + "': set the prefix on CalcomRedis.builder().keyPrefix(...) only");
    }
    return base.toBuilder().remoteCache(remoteCache).keyPrefix(keyPrefix).build();
  }

  /**
   * {@code base} with this Redis's pub/sub as the invalidation bus.
   *
   * @param base the invalidation settings to keep
   * @return the settings with this Redis's bus
   * @throws IllegalStateException when {@code base} already has another bus
   */
  public InvalidationConfig invalidationConfig(InvalidationConfig base) {
    Objects.requireNonNull(base, "base");
    base.bus().filter(other -> other != invalidationBus).ifPresent(other -> {
      throw new IllegalStateException("the invalidation settings already have a bus ("
          + other.getClass().getSimpleName() + "); CalcomRedis would replace it with Redis pub/sub: remove bus(...)");
    });
    return base.toBuilder().bus(invalidationBus).build();
  }

  /**
   * Closes the connections, the Lettuce resources this created and, if it created it, the scheduler. Resources
   * passed to {@link Builder#clientResources} and a scheduler passed to {@link Builder#scheduler} keep running. Close
   * the clients using this first.
   */
  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (coalescer != null) {
      coalescer.close();
    }
    if (invalidationBus != null) {
      invalidationBus.close();
    }
    if (connector != null) {
      connector.close();
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "CalcomRedis{" + connector + ", keyPrefix=" + keyPrefix + "}";
  }

  /**
   * Configures {@link CalcomRedis}. Every setting is checked at {@link #build()}, which says what to change. Use the
   * same {@link #clock} and {@link #scheduler} as the client (tests that scale time pass theirs to both).
   */
  public static final class Builder {
    private String uri;
    private String keyPrefix = SlotKey.DEFAULT_PREFIX;
    private int expectedInstances;
    private RateLimiterConfig rateLimiterConfig = RateLimiterConfig.defaults();
    private Duration commandTimeout = Duration.ofMillis(500);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private int requestQueueSize = 10_000;
    private Duration reconnectMin = Duration.ofMillis(10);
    private Duration reconnectMax = Duration.ofMillis(100);
    private Duration rateLimiterTimeout = Duration.ofMillis(200);
    private Duration fallbackProbeInterval = Duration.ofSeconds(1);
    private Duration coalescingWait = Duration.ofSeconds(5);
    private Duration coalescingPollInterval = Duration.ofMillis(250);
    private Duration generationTtl = Duration.ofDays(7);
    private Duration clusterTopologyRefresh = RedisConnector.DEFAULT_TOPOLOGY_REFRESH_PERIOD;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private ClientResources clientResources;

    private Builder() {}

    /**
     * Where Redis is: {@code redis://[:password@]host:port[/db]}, {@code rediss://...} (TLS),
     * {@code redis-sentinel://host:port[,host:port]/db#masterName}, or {@code redis-cluster://host:port[,host:port]}
     * ({@code rediss-cluster://} with TLS). Required.
     *
     * @param uri the URI
     * @return this builder
     */
    public Builder uri(String uri) {
      this.uri = uri;
      return this;
    }

    /**
     * The prefix of every key and channel (default {@code calcom:v1}, the client's default cache prefix; keep the
     * two equal so that one prefix covers a deployment). Instances that share a credential must use the same one.
     *
     * @param keyPrefix the key prefix
     * @return this builder
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
      return this;
    }

    /**
     * How many instances share the credential. Required: it sizes the leases each instance takes ahead from the
     * shared log (at most 3 tokens, fewer when many instances share a small budget), which are all an instance may
     * spend while Redis is unreachable.
     *
     * @param instances the instances
     * @return this builder
     */
    public Builder expectedInstances(int instances) {
      this.expectedInstances = instances;
      return this;
    }

    /**
     * The shape of the shared budget (default {@link RateLimiterConfig#defaults()}: 120 per 60 s, headroom 10).
     *
     * @param config the config
     * @return this builder
     */
    public Builder rateLimiterConfig(RateLimiterConfig config) {
      this.rateLimiterConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * How long any Redis command may take before it fails (default 500 ms).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = timeout;
      return this;
    }

    /**
     * How long a (re)connection attempt may take (default 2 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How many commands may wait for a reply on a connection before new ones are rejected (default 10 000).
     *
     * @param size the size
     * @return this builder
     */
    public Builder requestQueueSize(int size) {
      this.requestQueueSize = size;
      return this;
    }

    /**
     * The reconnection back-off: first delay and longest delay (default 10 ms doubling up to 100 ms). The longest
     * delay bounds how long a restarted Redis stays unused (calls refused once the lease is spent, L2 misses, invalidations queued);
     * while Redis is away each connection tries that often, which costs a refused TCP connect or one connect timeout.
     *
     * @param first the first
     * @param longest the longest
     * @return this builder
     */
    public Builder reconnectDelay(Duration first, Duration longest) {
      this.reconnectMin = first;
      this.reconnectMax = longest;
      return this;
    }

    /**
     * Redis Cluster only: how often each instance reads the cluster's topology again whatever happens (default 5 s;
     * one {@code CLUSTER NODES} per node). Independently of this, a redirection, a slot no known node serves or a
     * node that keeps refusing connections makes it read the topology again at once (at most once a second), which
     * is how a promoted replica is normally found within about a second of the failover; the period bounds how long
     * a change that no command noticed goes unseen.
     *
     * @param period the period, at least 1 s
     * @return this builder
     */
    public Builder clusterTopologyRefresh(Duration period) {
      this.clusterTopologyRefresh = period;
      return this;
    }

    /**
     * How long a rate-limit call to Redis may take before this instance counts Redis as unreachable: it then spends
     * only what is left of its lease and refuses further calls locally with when to retry (default 200 ms).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder rateLimiterTimeout(Duration timeout) {
      this.rateLimiterTimeout = timeout;
      return this;
    }

    /**
     * How often, while Redis is unreachable and calls arrive, the limiter probes it again (default 1 s).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder fallbackProbeInterval(Duration interval) {
      this.fallbackProbeInterval = interval;
      return this;
    }

    /**
     * How long an instance waits for another instance's identical call before calling itself (default 5 s).
     *
     * @param wait the wait
     * @return this builder
     */
    public Builder coalescingWait(Duration wait) {
      this.coalescingWait = wait;
      return this;
    }

    /**
     * How often a waiting instance looks for the other instance's result, should its notice be lost (250 ms).
     *
     * @param interval the interval
     * @return this builder
     */
    public Builder coalescingPollInterval(Duration interval) {
      this.coalescingPollInterval = interval;
      return this;
    }

    /**
     * How long a cache tag's generation counter outlives its last invalidation (default 7 days).
     *
     * @param ttl the TTL
     * @return this builder
     */
    public Builder generationTtl(Duration ttl) {
      this.generationTtl = ttl;
      return this;
    }

    /**
     * The clock of the rate limiter's buckets (default {@link Clock#systemUTC()}); use the client's.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The scheduler of waits and timers, also used to complete callers off Redis's I/O threads. Default: two daemon
     * threads owned and shut down by {@link CalcomRedis#close()}; a scheduler passed here is not.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Runs the Redis connections on the application's Lettuce resources (its event loops, executor, timer, event
     * bus, command latency recorder and tracing) instead of resources of this instance's own. They stay the
     * application's: {@link CalcomRedis#close()} closes this instance's connections and never shuts them down, so
     * shut them down after closing this. The reconnection back-off of {@link #reconnectDelay} still applies; the
     * timer's tick (Lettuce's default 100 ms) rounds it up, where this instance's own timer ticks every 10 ms.
     *
     * <p>There is deliberately no option to pass a {@code RedisClient} or {@code RedisClusterClient}: Lettuce keeps
     * the connection behaviour this library depends on (fixed command timeout, commands rejected at once while
     * disconnected, bounded request queue, no replay after a reconnect, Cluster topology refresh) in the client's
     * options and the URI's timeout. Using the application's client would either drop those settings silently or
     * overwrite the options of every connection the application makes with it. Sharing the resources shares what is
     * expensive (threads) and keeps both sides' connection options.
     *
     * @param resources the application's resources, shut down by the application after this is closed
     * @return this builder
     */
    public Builder clientResources(ClientResources resources) {
      this.clientResources = Objects.requireNonNull(resources, "resources");
      return this;
    }

    /**
     * Connects and builds, or throws {@link IllegalStateException} naming the setting to change (or saying that Redis
     * cannot be reached).
     *
     * @return connects and builds, or throws {@link IllegalStateException} naming the setting to change (or saying that
     *     Redis cannot be reached)
     */
    public CalcomRedis build() {
      if (uri == null || uri.isBlank()) {
        throw new IllegalStateException("uri must be set, for example redis://localhost:6379");
      }
      if (!uri.matches("(?i)(redis|rediss|redis-sentinel|rediss-sentinel|redis-socket|rediss?-cluster)://.+")) {
        throw new IllegalStateException(
            "uri must start with redis://, rediss://, redis-sentinel://, redis-socket:// or redis-cluster://, got: "
                + RedisConnector.describe(uri));
      }
      if (keyPrefix == null || keyPrefix.isEmpty() || !keyPrefix.matches("[A-Za-z0-9:._-]{1,100}")) {
        throw new IllegalStateException(
            "keyPrefix must be 1 to 100 characters of [A-Za-z0-9:._-] (no braces: they are Cluster hash tags), got: "
                + keyPrefix);
      }
      if (expectedInstances < 1) {
        throw new IllegalStateException(
            "expectedInstances must be set to how many instances share the credential (at least 1): it sizes"
                + " the leases each instance takes ahead from the shared budget");
      }
      requirePositive(commandTimeout, "commandTimeout");
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(reconnectMin, "reconnectDelay (first)");
      requirePositive(reconnectMax, "reconnectDelay (longest)");
      if (reconnectMax.compareTo(reconnectMin) < 0) {
        throw new IllegalStateException("reconnectDelay: the longest delay must not be shorter than the first");
      }
      if (requestQueueSize < 1) {
        throw new IllegalStateException("requestQueueSize must be at least 1, got: " + requestQueueSize);
      }
      requirePositive(rateLimiterTimeout, "rateLimiterTimeout");
      requirePositive(fallbackProbeInterval, "fallbackProbeInterval");
      requirePositive(coalescingWait, "coalescingWait");
      requirePositive(coalescingPollInterval, "coalescingPollInterval");
      requirePositive(generationTtl, "generationTtl");
      requirePositive(clusterTopologyRefresh, "clusterTopologyRefresh");
      if (clusterTopologyRefresh.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalStateException(
            "clusterTopologyRefresh must be at least 1 second (each refresh asks every node), got: "
                + clusterTopologyRefresh);
      }
      if (generationTtl.compareTo(Duration.ofHours(1)) < 0) {
        throw new IllegalStateException(
            "generationTtl must be at least 1 hour (longer than any fetch), got: " + generationTtl);
      }
      return new CalcomRedis(this);
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be a positive duration, got: " + d);
      }
    }

    @Override
    public String toString() {
      return "CalcomRedis.Builder{uri=" + (uri == null ? null : RedisConnector.describe(uri)) + ", keyPrefix="
          + keyPrefix + (clientResources == null ? "" : ", sharedResources") + "}";
    }
  }
}
