package dev.calcomclient.redis.internal;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link RedisRemoteCache} on a Redis Cluster (one node owning every slot, which enforces the same-slot rule for
 * scripts) against the shared contract: the hash-tagged key layout keeps every script inside one slot.
 */
class RedisClusterRemoteCacheContractTest extends RemoteCacheContract {
  private static RedisServerProcess server;
  private static RedisConnector connector;
  private static RemoteCache cache;

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.launchCluster();
    connector = RedisConnector.connect(RedisConnector.Settings.of("redis-cluster://127.0.0.1:" + server.port()));
    cache = new RedisRemoteCache(connector.commands(), connector.layout(), Duration.ofDays(7));
  }

  @AfterAll
  static void stopRedis() {
    connector.close();
    server.close();
  }

  @BeforeEach
  void flush() {
    server.command("FLUSHALL");
  }

  @Override
  RemoteCache cache() {
    return cache;
  }

  @Override
  void passTime(Duration d) {
    // Redis expires keys on its own clock.
  }

  @Override
  Duration shortTtl() {
    return Duration.ofMillis(50);
  }
}
