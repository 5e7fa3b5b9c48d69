package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.cache.RemoteCache.Fill;
import dev.calcomclient.cache.RemoteCache.KeyRef;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache when Redis dies and comes back: calls fail fast instead of hanging, and work again afterwards. */
class RedisRemoteCacheOutageTest {
  private static final SlotKey KEY = new SlotKey(101, "default", LocalDate.parse("2050-09-05"));
  private static final KeyRef REF = new KeyRef(KEY.render("calcom:v1"), KEY.tag().render("calcom:v1"));

  private RedisServerProcess server;
  private RedisConnector connector;
  private RedisRemoteCache cache;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    connector = RedisConnector.connect(RedisConnector.Settings.of(server.uri()));
    cache = new RedisRemoteCache(connector.commands(), connector.layout(), Duration.ofDays(7));
  }

  @AfterEach
  void tearDown() {
    connector.close();
    server.close();
  }

  private static Fill fill(long generation) {
    return new Fill(REF.key(), REF.tag(), new byte[] {42}, generation, Duration.ofMinutes(1));
  }

  @Test
  void callsFailFastWhileRedisIsDownAndWorkAgainAfterARestartThatEmptiedItsScriptCache() throws Exception {
    assertThat(cache.putAll(List.of(fill(0))).get(30, TimeUnit.SECONDS)).isEqualTo(1);

    server.kill();
    // The connection notices the close; from then on, commands are rejected at once rather than queued.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> failsWithin(cache.getAll(List.of(REF)), Duration.ofSeconds(2)));
    assertThat(failsWithin(cache.invalidate(List.of(REF.tag())), Duration.ofSeconds(2))).isTrue();
    assertThat(failsWithin(cache.putAll(List.of(fill(0))), Duration.ofSeconds(2))).isTrue();

    server.restart();
    // Lettuce reconnects on its own; the empty server answers EVALSHA with NOSCRIPT and the script is re-sent.
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(() -> cache.getAll(List.of(REF)).get(30, TimeUnit.SECONDS).get(0).generation() == 0);
    assertThat(cache.putAll(List.of(fill(0))).get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(cache.getAll(List.of(REF)).get(30, TimeUnit.SECONDS).get(0).value()).containsExactly(42);
    assertThat(cache.invalidate(List.of(REF.tag())).get(30, TimeUnit.SECONDS)).isEqualTo(1);
  }

  /** Whether {@code f} completes exceptionally within {@code bound} (a hang counts as no). */
  private static boolean failsWithin(CompletableFuture<?> f, Duration bound) throws InterruptedException {
    try {
      f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }
}
