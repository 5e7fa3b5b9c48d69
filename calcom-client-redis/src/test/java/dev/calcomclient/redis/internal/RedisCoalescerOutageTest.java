package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.coalesce.Coalescer.Flight;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cross-JVM coalescer without Redis: in-JVM sharing still works, and nobody waits for a lock it cannot get. */
class RedisCoalescerOutageTest {
  private RedisServerProcess server;
  private RedisConnector connector;
  private RedisCoalescer coalescer;
  private final ManualScheduler time = new ManualScheduler();

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    connector = RedisConnector.connect(RedisConnector.Settings.of(server.uri()));
    coalescer =
        new RedisCoalescer(connector.commands(), connector.newPubSub(), "calcom:v1", Duration.ofSeconds(5),
            Duration.ofMillis(250), Duration.ofSeconds(10), time, Runnable::run);
  }

  @AfterEach
  void tearDown() {
    coalescer.close();
    connector.close();
    server.close();
  }

  @Test
  void withRedisDownEachJvmStillSharesItsOwnFlightsAndCallsUpstreamWithoutWaiting() throws Exception {
    server.kill();
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<CalcomResponse> answer = new CompletableFuture<>();

    Flight first = coalescer.join("GET /v2/slots?x", () -> {
      calls.incrementAndGet();
      return answer;
    });
    Flight second = coalescer.join("GET /v2/slots?x", () -> {
      calls.incrementAndGet();
      return answer;
    });

    await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 1);
    answer.complete(new CalcomResponse(200, Map.of(), "{}".getBytes()));
    assertThat(first.response().get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(second.joined()).isTrue();
    assertThat(second.response().get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(coalescer.stats().ownCalls()).isEqualTo(1);
    assertThat(time.pending()).as("no wait was scheduled").isZero();
    assertThat(List.of(coalescer.inFlight())).containsExactly(0);
  }
}
