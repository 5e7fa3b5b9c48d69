package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testkit.FakeCalcom;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.Event;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import reactor.core.Disposable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The entry point: what {@code build()} checks, what it connects to, and what {@code configure} wires. */
class CalcomRedisTest {
  private static RedisServerProcess server;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.launch();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  private static CalcomClient.Builder clientOf(FakeCalcom fake) {
    return CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl());
  }

  private static CalcomRedis.Builder valid() {
    return CalcomRedis.builder().uri(server.uri()).expectedInstances(2);
  }

  private static void refused(UnaryOperator<CalcomRedis.Builder> change, String expected) {
    assertThatThrownBy(() -> change.apply(valid()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void buildNamesTheSettingToChange() {
    refused(b -> b.uri(null), "uri must be set");
    refused(b -> b.uri("http://localhost:6379"), "uri must start with redis://");
    refused(b -> CalcomRedis.builder().uri(server.uri()), "expectedInstances must be set");
    refused(b -> b.expectedInstances(21), "must not exceed the rate limiter's burstCapacity (20)");
    refused(b -> b.keyPrefix("calcom:{v1}"), "keyPrefix must be");
    refused(b -> b.keyPrefix(""), "keyPrefix must be");
    refused(b -> b.commandTimeout(Duration.ZERO), "commandTimeout must be a positive duration");
    refused(b -> b.rateLimiterTimeout(Duration.ofMillis(-1)), "rateLimiterTimeout must be a positive duration");
    refused(b -> b.coalescingWait(null), "coalescingWait must be a positive duration");
    refused(b -> b.reconnectDelay(Duration.ofSeconds(2), Duration.ofSeconds(1)), "longest delay");
    refused(b -> b.requestQueueSize(0), "requestQueueSize must be at least 1");
    refused(b -> b.generationTtl(Duration.ofMinutes(5)), "generationTtl must be at least 1 hour");
    refused(b -> b.clusterTopologyRefresh(null), "clusterTopologyRefresh must be a positive duration");
    refused(b -> b.clusterTopologyRefresh(Duration.ofMillis(500)), "clusterTopologyRefresh must be at least 1 second");
  }

  @Test
  void anUnreachableRedisFailsTheBuildWithoutShowingItsPassword() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    CalcomRedis.Builder b =
        CalcomRedis.builder()
            .uri("redis://:s3cret-pass@127.0.0.1:" + closedPort)
            .expectedInstances(1)
            .connectTimeout(Duration.ofMillis(500));

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot connect to Redis at redis://***@127.0.0.1:" + closedPort)
        .hasMessageNotContaining("s3cret-pass");
    assertThat(b.toString()).doesNotContain("s3cret-pass");
  }

  @Test
  void configureWiresTheSharedLimiterAndCoalescerIntoAClient() throws Exception {
    server.command("FLUSHALL");
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
        CalcomRedis redis = valid().build();
        CalcomClient client = redis.configure(clientOf(fake)).build()) {

      SlotsResult slots = client.slots().find(MixedTraffic.dayLookup(0));

      assertThat(slots.isEmpty()).isFalse();
      // The client's call took its token from the shared bucket, named by the credential's hash only.
      assertThat(server.command("EXISTS", "calcom:v1:rl:" + client.credentialId())).isEqualTo(":1");
      assertThat(server.command("KEYS", "*")).doesNotContain(fake.apiKey());
      // One slots request (the cache may also load the event type's metadata in the background).
      assertThat(fake.journal().stream().filter(c -> c.path().equals("/v2/slots")).count()).isEqualTo(1);
      assertThat(redis.toString()).contains("127.0.0.1:" + server.port());
    }
  }

  @Test
  void theRemoteCacheAndTheBusWorkThroughTheEntryPoint() throws Exception {
    server.command("FLUSHALL");
    try (CalcomRedis a = valid().build();
        CalcomRedis b = valid().build()) {
      List<InvalidationMessage> heard = new CopyOnWriteArrayList<>();
      b.invalidationBus().subscribe(heard::add);
      SlotKey key = new SlotKey(101, "default", LocalDate.parse("2050-09-05"));
      String tag = key.tag().render(a.keyPrefix());

      a.remoteCache().putAll(List.of(new RemoteCache.Fill(key.render(a.keyPrefix()), tag, new byte[] {7}, 0,
          Duration.ofMinutes(1)))).get(30, TimeUnit.SECONDS);
      assertThat(b.remoteCache().getAll(List.of(new RemoteCache.KeyRef(key.render(b.keyPrefix()), tag)))
          .get(30, TimeUnit.SECONDS).get(0).value()).containsExactly(7);
      a.invalidationBus().publish(new InvalidationMessage("a", 1, List.of(tag), false)).get(30, TimeUnit.SECONDS);

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> heard.size() == 1);
      assertThat(heard.get(0).tags()).containsExactly(tag);
    }
  }

  @Test
  void aClusterUriUsesTheHashTaggedLayoutAndEveryComponentWorks() throws Exception {
    try (RedisServerProcess cluster = RedisServerProcess.launchCluster();
        FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start();
        CalcomRedis redis =
            CalcomRedis.builder()
                .uri("redis-cluster://127.0.0.1:" + cluster.port())
                .expectedInstances(2)
                .rateLimiterConfig(RateLimiterConfig.defaults())
                .build();
        CalcomClient client = redis.configure(clientOf(fake)).build()) {

      assertThat(client.slots().find(MixedTraffic.dayLookup(1)).isEmpty()).isFalse();
      SlotKey key = new SlotKey(102, "default", LocalDate.parse("2050-09-06"));
      String tag = key.tag().render(redis.keyPrefix());
      redis.remoteCache().putAll(List.of(new RemoteCache.Fill(key.render(redis.keyPrefix()), tag, new byte[] {1}, 0,
          Duration.ofMinutes(1)))).get(30, TimeUnit.SECONDS);
      int deleted =
          redis.remoteCache().invalidate(List.of(tag, "calcom:v1:tag:et:101:2050-09-06")).get(30, TimeUnit.SECONDS);
      assertThat(deleted).isEqualTo(1);
      assertThat(cluster.command("EXISTS", "{" + tag + "}:gen")).isEqualTo(":1");
      assertThat(cluster.command("EXISTS", "calcom:v1:rl:" + client.credentialId())).isEqualTo(":1");
    }
  }

  /** Regression: configure(...) replaced cache(...) and invalidation(...) settings made before it, silently. */
  @Test
  void configureKeepsTheCacheAndInvalidationSettingsAlreadyMade() {
    try (CalcomRedis redis = valid().build()) {
      CalcomClient.Builder b =
          CalcomClient.builder()
              .cache(CacheConfig.builder().l1MaximumEntries(77).build())
              .invalidation(InvalidationConfig.builder().horizonDays(30).build());

      redis.configure(b);

      assertThat(b.cacheConfig().l1MaximumEntries()).isEqualTo(77);
      assertThat(b.cacheConfig().remoteCache()).containsSame(redis.remoteCache());
      assertThat(b.cacheConfig().keyPrefix()).isEqualTo(redis.keyPrefix());
      assertThat(b.invalidationConfig().horizonDays()).isEqualTo(30);
      assertThat(b.invalidationConfig().bus()).containsSame(redis.invalidationBus());
    }
  }

  @Test
  void configureRefusesSettingsThatNameAnotherSharedTierPrefixOrBus() {
    try (CalcomRedis redis = valid().build()) {
      assertThatThrownBy(() -> redis.configure(CalcomClient.builder()
              .cache(CacheConfig.builder().remoteCache(RemoteCache.inMemory(java.time.Clock.systemUTC())).build())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already have a shared tier");
      assertThatThrownBy(() -> redis.configure(CalcomClient.builder()
              .cache(CacheConfig.builder().keyPrefix("other:v1").build())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("keyPrefix 'other:v1'");
      assertThatThrownBy(() -> redis.configure(CalcomClient.builder()
              .invalidation(InvalidationConfig.builder().bus(InvalidationBus.inProcess()).build())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already have a bus");
    }
  }

  @Test
  void sharedClientResourcesCarryTheConnectionsAndStayUsableAfterClose() throws Exception {
    ClientResources application = ClientResources.create();
    List<Event> events = new CopyOnWriteArrayList<>();
    Disposable subscription = application.eventBus().get().subscribe(events::add);
    try {
      try (CalcomRedis redis = valid().clientResources(application).build()) {
        // The connections are the application's resources' connections: its event bus reports them.
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> assertThat(events)
                .filteredOn(e -> e instanceof ConnectionActivatedEvent c
                    && c.remoteAddress().toString().endsWith(":" + server.port()))
                .hasSizeGreaterThanOrEqualTo(3)); // commands, the bus's and the coalescer's pub/sub
        SlotKey key = new SlotKey(103, "default", LocalDate.parse("2050-09-07"));
        String tag = key.tag().render(redis.keyPrefix());
        redis.remoteCache().putAll(List.of(new RemoteCache.Fill(key.render(redis.keyPrefix()), tag, new byte[] {9}, 0,
            Duration.ofMinutes(1)))).get(5, TimeUnit.SECONDS);
        assertThat(redis.remoteCache().getAll(List.of(new RemoteCache.KeyRef(key.render(redis.keyPrefix()), tag)))
            .get(5, TimeUnit.SECONDS).get(0).value()).containsExactly(9);
      }
      assertThat(application.eventExecutorGroup().isShuttingDown()).isFalse();
      // The application's own client still connects and answers on the same resources after CalcomRedis closed.
      RedisClient own = RedisClient.create(application, server.uri());
      try (StatefulRedisConnection<String, String> c = own.connect()) {
        assertThat(c.sync().ping()).isEqualTo("PONG");
      } finally {
        own.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      // And a second CalcomRedis on them builds and closes the same way.
      valid().clientResources(application).build().close();
      assertThat(application.eventExecutorGroup().isShuttingDown()).isFalse();
    } finally {
      subscription.dispose();
      application.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
