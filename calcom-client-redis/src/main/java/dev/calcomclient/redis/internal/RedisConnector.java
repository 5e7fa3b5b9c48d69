package dev.calcomclient.redis.internal;

import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.netty.util.HashedWheelTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Owns the Lettuce client, its resources and the connections the Redis components share: one command connection
 * (cache scripts, limiter buckets, coalescing locks, publishes, all multiplexed and pipelined by Lettuce) and a
 * pub/sub connection per subscriber. Configured for production: a fixed command timeout, a bounded request queue,
 * commands rejected at once while disconnected (never queued until Redis returns), no replay of in-flight commands
 * after a reconnect (their futures fail instead, so that nothing is sent twice), and automatic reconnection with
 * exponential back-off. Lettuce's timer ticks every 10 ms instead of Netty's default 100 ms, so that a reconnection
 * delay of 10 ms is 10 ms (with the default tick every delay rounds up to a multiple of 100 ms).
 *
 * <p>On a Cluster, commands go to the node that serves their key's slot, and the connector follows failovers within
 * about a second of the cluster electing a new master (see {@link #topologyRefresh}): a command for a failed
 * master's slots fails at once (rejected while disconnected, or no node serves the slot) instead of waiting, and
 * goes to the promoted replica once the topology has been read again.
 *
 * <p>With {@link Settings#sharedResources()} the connections run on the application's Lettuce resources instead: its
 * event loops, executor, timer, event bus, latency recorder and tracing, in resources of this connector's own that
 * carry only its reconnection back-off (Lettuce keeps that setting in the resources, not in the client options).
 * Closing the connector shuts those own resources down, which leaves everything it borrowed running.
 */
public final class RedisConnector implements AutoCloseable {
  /** {@code String} keys, {@code byte[]} values: what every component (and bucket4j) uses. */
  public static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final long TIMER_TICK_MILLIS = 10;

  /**
   * How often a Cluster's topology is read again in any case, by default: often enough that a failover nothing
   * noticed is followed within seconds, rarely enough to cost nothing (one {@code CLUSTER NODES} per node).
   */
  public static final Duration DEFAULT_TOPOLOGY_REFRESH_PERIOD = Duration.ofSeconds(5);

  /** The shortest time between two topology reads that commands or reconnections trigger. */
  static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(1);

  /** Failed reconnection attempts to one node after which the topology is read again (Lettuce's default: 5). */
  static final int REFRESH_AFTER_RECONNECT_ATTEMPTS = 3;

  private final HashedWheelTimer timer;
  private final ClientResources resources;
  private final RedisClient standalone;
  private final RedisClusterClient cluster;
  private final StatefulRedisConnection<String, byte[]> connection;
  private final StatefulRedisClusterConnection<String, byte[]> clusterConnection;
  private final List<AutoCloseable> pubSubConnections = new CopyOnWriteArrayList<>();
  private final Settings settings;

  /**
   * What the connector needs to know.
   *
   * @param uri {@code redis://}, {@code rediss://}, {@code redis-sentinel://}, {@code redis-socket://} (Lettuce's
   *     forms), or {@code redis-cluster://host:port[,host:port...]} / {@code rediss-cluster://...} for Cluster
   * @param commandTimeout how long any command may take before its future fails
   * @param connectTimeout how long a (re)connection attempt may take
   * @param requestQueueSize how many commands may wait for a reply per connection before new ones are rejected
   * @param reconnectMin the first reconnection delay
   * @param reconnectMax the longest reconnection delay
   * @param sharedResources the application's Lettuce resources to run on (never shut down here), or {@code null} for
   *     resources of the connector's own
   * @param topologyRefreshPeriod Cluster only: how often the topology is read again whatever happens (see
   *     {@link #DEFAULT_TOPOLOGY_REFRESH_PERIOD})
   */
  public record Settings(
      String uri,
      Duration commandTimeout,
      Duration connectTimeout,
      int requestQueueSize,
      Duration reconnectMin,
      Duration reconnectMax,
      ClientResources sharedResources,
      Duration topologyRefreshPeriod) {
    /** Checks the components. */
    public Settings {
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(commandTimeout, "commandTimeout");
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(reconnectMin, "reconnectMin");
      Objects.requireNonNull(reconnectMax, "reconnectMax");
      Objects.requireNonNull(topologyRefreshPeriod, "topologyRefreshPeriod");
    }

    /**
     * Settings with the default Cluster topology refresh period.
     *
     * @param uri see {@link Settings}
     * @param commandTimeout see {@link Settings}
     * @param connectTimeout see {@link Settings}
     * @param requestQueueSize see {@link Settings}
     * @param reconnectMin see {@link Settings}
     * @param reconnectMax see {@link Settings}
     * @param sharedResources see {@link Settings}
     */
    public Settings(
        String uri,
        Duration commandTimeout,
        Duration connectTimeout,
        int requestQueueSize,
        Duration reconnectMin,
        Duration reconnectMax,
        ClientResources sharedResources) {
      this(
          uri,
          commandTimeout,
          connectTimeout,
          requestQueueSize,
          reconnectMin,
          reconnectMax,
          sharedResources,
          DEFAULT_TOPOLOGY_REFRESH_PERIOD);
    }

    /**
     * Settings with resources of the connector's own.
     *
     * @param uri see {@link Settings}
     * @param commandTimeout see {@link Settings}
     * @param connectTimeout see {@link Settings}
     * @param requestQueueSize see {@link Settings}
     * @param reconnectMin see {@link Settings}
     * @param reconnectMax see {@link Settings}
     */
    public Settings(
        String uri,
        Duration commandTimeout,
        Duration connectTimeout,
        int requestQueueSize,
        Duration reconnectMin,
        Duration reconnectMax) {
      this(uri, commandTimeout, connectTimeout, requestQueueSize, reconnectMin, reconnectMax, null);
    }

    /** Settings for tests and defaults: 1 s command timeout, 2 s connect, 10 000 queued, 10 ms..1 s back-off. */
    public static Settings of(String uri) {
      return new Settings(
          uri, Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, Duration.ofMillis(10), Duration.ofSeconds(1));
    }

    /** The same settings with another command timeout. */
    public Settings withCommandTimeout(Duration timeout) {
      return new Settings(
          uri,
          timeout,
          connectTimeout,
          requestQueueSize,
          reconnectMin,
          reconnectMax,
          sharedResources,
          topologyRefreshPeriod);
    }
  }

  private RedisConnector(Settings settings) {
    this.settings = settings;
    Delay reconnectDelay =
        Delay.exponential(settings.reconnectMin(), settings.reconnectMax(), 2, TimeUnit.MILLISECONDS);
    ClientResources shared = settings.sharedResources();
    if (shared == null) {
      this.timer =
          new HashedWheelTimer(
              r -> {
                Thread t = new Thread(r, "calcom-redis-timer");
                t.setDaemon(true);
                return t;
              },
              TIMER_TICK_MILLIS,
              TimeUnit.MILLISECONDS);
      this.resources =
          ClientResources.builder()
              .timer(timer) // not owned by the resources: stopped in shutdownQuietly()
              .reconnectDelay(reconnectDelay)
              .build();
    } else {
      this.timer = null;
      // Each component passed to the builder is marked shared, so that shutting these resources down leaves it
      // running. Not shared.mutate(): its builder copies the owner's flags, and shutting the copy down would shut
      // down the application's executors (CalcomRedisTest catches that). Latency events stay the application's to publish: a second publisher would also reset its
      // recorder.
      this.resources =
          DefaultClientResources.builder()
              .eventLoopGroupProvider(shared.eventLoopGroupProvider())
              .eventExecutorGroup(shared.eventExecutorGroup())
              .timer(shared.timer())
              .eventBus(shared.eventBus())
              .commandLatencyRecorder(shared.commandLatencyRecorder())
              .commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
              .tracing(shared.tracing())
              .reconnectDelay(reconnectDelay)
              .build();
    }
    SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.builder().fixedTimeout(settings.commandTimeout()).build();
    try {
      if (isClusterUri(settings.uri())) {
        this.standalone = null;
        this.connection = null;
        this.cluster = RedisClusterClient.create(resources, clusterUris(settings.uri(), settings.commandTimeout()));
        ClusterClientOptions.Builder options =
            ClusterClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                .timeoutOptions(timeouts)
                .socketOptions(socket)
                .topologyRefreshOptions(topologyRefresh(settings.topologyRefreshPeriod()))
                // Nodes the cluster agrees have failed (or that have no address) leave the topology: no connection
                // or command goes to them, their slots are the promoted replica's as soon as it is elected.
                .nodeFilter(
                    node -> !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .validateClusterNodeMembership(true);
        options.replayFilter(command -> true);
        cluster.setOptions(options.build());
        this.clusterConnection = cluster.connect(CODEC);
      } else {
        this.cluster = null;
        this.clusterConnection = null;
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.commandTimeout());
        this.standalone = RedisClient.create(resources, uri);
        standalone.setOptions(
            ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(settings.requestQueueSize())
                .replayFilter(command -> true)
                .timeoutOptions(timeouts)
                .socketOptions(socket)
                .build());
        this.connection = standalone.connect(CODEC);
      }
    } catch (RuntimeException e) {
      shutdownQuietly();
      // Lettuce quotes the URI it could not parse, password included: neither the message nor the cause keeps it.
      dev.calcomclient.internal.Redactor redactor = redactor(settings.uri());
      throw new IllegalStateException(
          "cannot connect to Redis at " + describe(settings.uri()) + ": " + redactor.redact(e.getMessage())
              + ". The Redis components need Redis reachable when they are built; after that they survive outages.",
          redactor.scrub(e));
    }
  }

  /**
   * How Lettuce follows a changing Cluster (a failover, a resharding). Adaptively: a {@code MOVED} or {@code ASK}
   * redirection, a slot no known node serves, a node it does not know, or a connection that keeps failing to
   * reconnect makes it read the topology again, at most once per {@link #ADAPTIVE_REFRESH_TIMEOUT} (Lettuce's default
   * is once per 30 s, which kept clients on a failed master's address for half a minute after its replica had been
   * promoted). Periodically, every {@code period}, whatever happens: the safety net for a change no command noticed.
   * The topology is read from every node known (dynamic sources), so a dead seed node does not matter, and
   * connections to nodes that left it are closed.
   */
  static ClusterTopologyRefreshOptions topologyRefresh(Duration period) {
    return ClusterTopologyRefreshOptions.builder()
        .enableAllAdaptiveRefreshTriggers()
        .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
        .refreshTriggersReconnectAttempts(REFRESH_AFTER_RECONNECT_ATTEMPTS)
        .enablePeriodicRefresh(period)
        .dynamicRefreshSources(true)
        .closeStaleConnections(true)
        .build();
  }

  /** Connects (fails with {@link IllegalStateException} when Redis cannot be reached now). */
  public static RedisConnector connect(Settings settings) {
    return new RedisConnector(settings);
  }

  /** Whether the URI names a Cluster ({@code redis-cluster://} or {@code rediss-cluster://}). */
  public static boolean isClusterUri(String uri) {
    String u = uri.toLowerCase(Locale.ROOT);
    return u.startsWith("redis-cluster://") || u.startsWith("rediss-cluster://");
  }

  /**
   * A redactor for everything secret in {@code uri}: its user info, its password (as written and percent-decoded)
   * and the URI itself, for any message or cause built while using it.
   */
  public static dev.calcomclient.internal.Redactor redactor(String uri) {
    List<String> secrets = new ArrayList<>();
    if (uri != null) {
      int scheme = uri.indexOf("://");
      int at = uri.lastIndexOf('@');
      if (at > 0) {
        String userInfo = uri.substring(scheme >= 0 && scheme + 3 <= at ? scheme + 3 : 0, at);
        secrets.add(uri);
        secrets.add(userInfo);
        int colon = userInfo.indexOf(':');
        String password = colon >= 0 ? userInfo.substring(colon + 1) : userInfo;
        secrets.add(password);
        try {
          secrets.add(java.net.URLDecoder.decode(password, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          // Not percent-encoded validly: the raw form is already masked.
        }
      }
    }
    return dev.calcomclient.internal.Redactor.of(secrets);
  }

  /** The URI with any password removed, for messages. */
  public static String describe(String uri) {
    int scheme = uri.indexOf("://");
    int at = uri.lastIndexOf('@');
    if (at < 0) {
      return uri;
    }
    if (scheme < 0 || at < scheme) {
      // Not a URI this client reads, but whatever stands before an '@' may be a password.
      return "***@" + uri.substring(at + 1);
    }
    return uri.substring(0, scheme + 3) + "***@" + uri.substring(at + 1);
  }

  private static List<RedisURI> clusterUris(String uri, Duration timeout) {
    boolean ssl = uri.toLowerCase(Locale.ROOT).startsWith("rediss-cluster://");
    String rest = uri.substring(uri.indexOf("://") + 3);
    String userInfo = "";
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      userInfo = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    List<RedisURI> out = new ArrayList<>();
    for (String host : hosts.split(",")) {
      if (host.isBlank()) {
        continue;
      }
      RedisURI u = RedisURI.create((ssl ? "rediss://" : "redis://") + userInfo + host.strip());
      u.setTimeout(timeout);
      out.add(u);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("a redis-cluster:// URI needs at least one host:port");
    }
    return out;
  }

  /** The key layout this connection needs. */
  public CacheKeyLayout layout() {
    return cluster == null ? CacheKeyLayout.STANDALONE : CacheKeyLayout.CLUSTER;
  }

  /** The shared command connection's asynchronous commands. */
  public RedisClusterAsyncCommands<String, byte[]> commands() {
    return cluster == null ? connection.async() : clusterConnection.async();
  }

  /** A bucket4j proxy-manager builder on the shared command connection. */
  public Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> bucketProxies() {
    return cluster == null
        ? Bucket4jLettuce.casBasedBuilder(connection)
        : Bucket4jLettuce.casBasedBuilder(clusterConnection);
  }

  /** Opens a pub/sub connection, closed with this connector. */
  public StatefulRedisPubSubConnection<String, byte[]> newPubSub() {
    StatefulRedisPubSubConnection<String, byte[]> pubSub =
        cluster == null ? standalone.connectPubSub(CODEC) : cluster.connectPubSub(CODEC);
    pubSubConnections.add(pubSub);
    return pubSub;
  }

  /** The settings this connector was made with. */
  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    for (AutoCloseable c : pubSubConnections) {
      if (c instanceof RedisChannelHandler<?, ?> handler && handler.isClosed()) {
        continue; // closed by its owner (the bus, the coalescer); closing again makes Lettuce log a warning
      }
      try {
        c.close();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    if (connection != null) {
      connection.close();
    }
    if (clusterConnection != null) {
      clusterConnection.close();
    }
    shutdownQuietly();
  }

  private void shutdownQuietly() {
    try {
      if (standalone != null) {
        standalone.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      if (cluster != null) {
        cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } catch (RuntimeException ignored) {
      // best effort at shutdown
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
    if (timer != null) {
      timer.stop();
    }
  }

  @Override
  public String toString() {
    return "RedisConnector{" + describe(settings.uri()) + ", layout=" + layout()
        + (settings.sharedResources() == null ? "" : ", sharedResources") + "}";
  }
}
