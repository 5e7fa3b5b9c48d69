package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two "instances" (two Lettuce clients, two buses) on one real Redis: delivery, untouched source ids and sequence
 * numbers, and the connection events the client relies on when Redis is killed and restarted.
 */
class RedisInvalidationBusTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final String CHANNEL = "calcom:v1:invalidations";
  private static final String TAG = "calcom:v1:tag:et:101:2050-09-05";

  private RedisServerProcess server;
  private RedisConnector connectorA;
  private RedisConnector connectorB;
  private RedisInvalidationBus busA;
  private RedisInvalidationBus busB;
  private final RecordingSubscriber onA = new RecordingSubscriber();
  private final RecordingSubscriber onB = new RecordingSubscriber();

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    connectorA = RedisConnector.connect(RedisConnector.Settings.of(server.uri()));
    connectorB = RedisConnector.connect(RedisConnector.Settings.of(server.uri()));
    busA = bus(connectorA);
    busB = bus(connectorB);
    busA.subscribe(onA);
    busB.subscribe(onB);
  }

  private static RedisInvalidationBus bus(RedisConnector c) {
    return new RedisInvalidationBus(c.commands(), c.newPubSub(), CHANNEL, Duration.ofSeconds(5));
  }

  @AfterEach
  void tearDown() {
    busA.close();
    busB.close();
    connectorA.close();
    connectorB.close();
    server.close();
  }

  private static InvalidationMessage message(String source, long seq) {
    return new InvalidationMessage(source, seq, List.of(TAG, "calcom:v1:tag:et:102:2050-09-06"), false);
  }

  @Test
  void everyInstanceReceivesEveryMessageWithItsSourceAndSequenceUntouched() throws Exception {
    for (long seq = 1; seq <= 20; seq++) {
      busA.publish(message("instance-a", seq)).get(30, TimeUnit.SECONDS);
    }
    busB.publish(new InvalidationMessage("instance-b", 1, List.of(), true)).get(30, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(30)).until(() -> onA.messages.size() == 21 && onB.messages.size() == 21);
    for (RecordingSubscriber s : List.of(onA, onB)) {
      // The publisher's own subscription gets its messages too; the client ignores them by source id.
      assertThat(s.from("instance-a")).extracting(InvalidationMessage::sequence)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
      assertThat(s.from("instance-a")).allSatisfy(m -> {
        assertThat(m.tags()).containsExactly(TAG, "calcom:v1:tag:et:102:2050-09-06");
        assertThat(m.flushAll()).isFalse();
      });
      assertThat(s.from("instance-b")).singleElement().satisfies(m -> {
        assertThat(m.flushAll()).isTrue();
        assertThat(m.tags()).isEmpty();
      });
    }
    assertThat(onA.lost.get() + onB.lost.get()).isZero();
  }

  @Test
  void aSequenceGapReachesTheReceiverAsSent() throws Exception {
    // The publisher's message 2 never made it (say, published while the receiver was cut off): the receiver sees
    // 1 then 3 and, being the one that knows the last sequence per source, detects the gap itself.
    busA.publish(message("instance-a", 1)).get(30, TimeUnit.SECONDS);
    busA.publish(message("instance-a", 3)).get(30, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(30)).until(() -> onB.messages.size() == 2);
    assertThat(onB.messages).extracting(InvalidationMessage::sequence).containsExactly(1L, 3L);
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() throws Exception {
    RecordingSubscriber extra = new RecordingSubscriber();
    AutoCloseable handle = busB.subscribe(extra);
    busA.publish(message("instance-a", 1)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> extra.messages.size() == 1 && onB.messages.size() == 1);

    handle.close();
    busA.publish(message("instance-a", 2)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> onB.messages.size() == 2);
    assertThat(extra.messages).hasSize(1);
  }

  @Test
  void anUndecodableMessageIsReportedAsAPossiblyMissedInvalidation() throws Exception {
    connectorA.commands().publish(CHANNEL, "{\"v\":99}".getBytes(StandardCharsets.UTF_8)).get(30, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(30)).until(() -> onB.restored.get() == 1);
    assertThat(onB.events).containsExactly("lost", "restored");
    assertThat(onB.messages).isEmpty();
  }

  @Test
  void killingRedisSignalsConnectionLostPublishFailsFastAndARestartSignalsRestoredAfterResubscribing()
      throws Exception {
    busA.publish(message("instance-a", 1)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> onB.messages.size() == 1);

    server.kill();

    await().atMost(Duration.ofSeconds(30)).until(() -> onA.lost.get() == 1 && onB.lost.get() == 1);
    assertThat(busB.isConnected()).isFalse();
    CompletableFuture<Void> whileDown = busA.publish(message("instance-a", 2));
    assertThat(failsWithin(whileDown, Duration.ofSeconds(2))).as("publish fails fast while Redis is down").isTrue();

    server.restart();

    await().atMost(Duration.ofSeconds(10)).until(() -> onA.restored.get() == 1 && onB.restored.get() == 1);
    assertThat(busB.isConnected()).isTrue();
    // What a client does when told the bus is back: send its queued invalidations. They arrive, because the
    // channel was subscribed again before "restored" was signalled.
    long restoredAt = Math.max(onA.restoredAtNanos, onB.restoredAtNanos);
    long publishStart = System.nanoTime();
    List<CompletableFuture<Void>> queued = new ArrayList<>();
    for (long seq = 2; seq <= 81; seq++) {
      queued.add(busA.publish(message("instance-a", seq)));
    }
    CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> onB.messages.size() == 81);
    long deliveredAfter = onB.lastMessageAtNanos - restoredAt;
    FIGURES.info(String.format(
        "80 queued invalidations delivered %.1f ms after they were published (%.1f ms after both buses were back,"
            + " test polling included)",
        (onB.lastMessageAtNanos - publishStart) / 1e6,
        deliveredAfter / 1e6));
    assertThat(onB.events).startsWith("message instance-a#1", "lost", "restored");
    assertThat(onB.messages).extracting(InvalidationMessage::sequence)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 81).boxed().toList());
  }

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
