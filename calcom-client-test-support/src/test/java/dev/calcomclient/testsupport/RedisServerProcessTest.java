package dev.calcomclient.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisServerProcessTest {

  @Test
  void aPathWithoutRedisServerFallsBackToTheEmbeddedBinaryWhichStartsWithoutPersistence() {
    RedisBinary embedded = RedisBinary.resolve("/nonexistent-dir", RedisBinary.EMBEDDED_REDIS);
    assertThat(embedded.origin()).isEqualTo(RedisBinary.Origin.EMBEDDED);

    try (RedisServerProcess server = RedisServerProcess.launchWith(embedded)) {
      assertThat(server.command("PING")).isEqualTo("+PONG");
      assertThat(server.command("INFO", "server")).contains("redis_version:6.2");
      assertThat(server.command("CONFIG", "GET", "save")).isEqualTo("save\n");
      assertThat(server.command("CONFIG", "GET", "appendonly")).isEqualTo("appendonly\nno");
      assertThat(server.command("SET", "k", "v")).isEqualTo("+OK");
      server.kill();
      server.restart();
      assertThat(server.command("GET", "k")).as("a restart comes back empty").isNull();
    }
  }

  @Test
  void aRedisServerOnThePathIsPreferredToTheEmbeddedOne(@TempDir Path dir) throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty"));
    Path bin = Files.createDirectory(dir.resolve("bin"));
    Path exe = Files.writeString(bin.resolve("redis-server"), "#!/bin/sh\n");
    assertThat(exe.toFile().setExecutable(true)).isTrue();

    RedisBinary b = RedisBinary.resolve(empty + File.pathSeparator + bin, () -> {
      throw new AssertionError("the embedded binary must not be extracted when the PATH has one");
    });

    assertThat(b).isEqualTo(new RedisBinary(exe, RedisBinary.Origin.PATH));
  }

  @Test
  void noPathBinaryAndNoEmbeddedBinaryFailsWithAMessageSayingWhatToInstall() {
    assertThatThrownBy(() -> RedisBinary.resolve("", () -> {
      throw new IOException("no binary for this platform");
    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no redis-server to start")
        .hasMessageContaining("no binary for this platform")
        .hasMessageContaining("apt-get install redis-server")
        .hasMessageContaining("REDIS_URL");
  }

  @Test
  void extraArgumentsReachTheServerAndSeveralNodesFormACluster() {
    List<RedisServerProcess> nodes = RedisServerProcess.launchAll(3, "--cluster-enabled", "yes",
        "--cluster-node-timeout", "2000");
    try {
      assertThat(nodes).extracting(RedisServerProcess::port).doesNotHaveDuplicates();
      for (RedisServerProcess n : nodes) {
        assertThat(n.command("CONFIG", "GET", "cluster-node-timeout")).isEqualTo("cluster-node-timeout\n2000");
        assertThat(n.command("INFO", "cluster")).contains("cluster_enabled:1");
      }
      RedisServerProcess first = nodes.get(0);
      for (RedisServerProcess n : nodes.subList(1, 3)) {
        assertThat(first.command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(n.port()))).isEqualTo("+OK");
      }
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> first.command("CLUSTER", "NODES").lines().count() == 3);
    } finally {
      nodes.forEach(RedisServerProcess::close);
    }
  }

  @Test
  void aOneNodeClusterOwnsEverySlotOnRedis6() {
    try (RedisServerProcess cluster = RedisServerProcess.launchCluster()) {
      assertThat(cluster.command("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_slots_assigned:16384");
    }
  }

  @Test
  void redisUrlIsUsedAsIsAndNothingIsStarted() {
    try (RedisEndpoint e = RedisEndpoint.fromEnvironmentOrStart(Map.of("REDIS_URL", " redis://example:6380 "),
        () -> {
          throw new AssertionError("nothing may be started when REDIS_URL is set");
        })) {
      assertThat(e.uri()).isEqualTo("redis://example:6380");
      assertThat(e.started()).isFalse();
      assertThat(e.port()).isEqualTo(-1);
      assertThat(e.toString()).doesNotContain("example");
    }
  }

  @Test
  void withoutRedisUrlAServerIsStartedAndStoppedOnClose() {
    RedisServerProcess p;
    try (RedisEndpoint e = RedisEndpoint.fromEnvironmentOrStart(Map.of(), RedisServerProcess::launch)) {
      p = e.process().orElseThrow();
      assertThat(e.started()).isTrue();
      assertThat(e.uri()).isEqualTo("redis://127.0.0.1:" + e.port());
      assertThat(p.isRunning()).isTrue();
    }
    assertThat(p.isRunning()).isFalse();
  }
}
