package dev.calcomclient.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link CalcomHealth}: a 429 pause and a lost bus are reported, and leave the client UP. */
class CalcomHealthTest {

  @Test
  void aPauseIsReportedUntilItEndsAndABusOutageUntilItIsRestored() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2050-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    try (CalcomClient client = CalcomClient.builder().apiKey("cal_test_key").baseUrl("http://127.0.0.1:9").build()) {
      CalcomHealth health = new CalcomHealth(() -> client, clock);
      AtomicReference<InvalidationBus.Subscriber> subscriber = new AtomicReference<>();
      health.watch(
          new InvalidationBus() {
            @Override
            public CompletableFuture<Void> publish(InvalidationMessage message) {
              return CompletableFuture.completedFuture(null);
            }

            @Override
            public AutoCloseable subscribe(Subscriber s) {
              subscriber.set(s);
              return () -> {};
            }
          });

      health.rateLimitPaused(null, Duration.ofSeconds(60));
      subscriber.get().connectionLost();
      assertThat(rateLimit(health)).containsEntry("paused", true).containsEntry("pausedUntil", "2050-01-01T00:01:00Z");
      assertThat(health.details()).containsEntry("invalidationBus", "disconnected");
      assertThat(health.isDown()).isFalse();
      assertThat(health.details().toString()).doesNotContain("cal_test_key");

      now.set(Instant.parse("2050-01-01T00:01:00.001Z"));
      subscriber.get().connectionRestored();
      assertThat(rateLimit(health)).containsEntry("paused", false).doesNotContainKey("pausedUntil");
      assertThat(health.details()).containsEntry("invalidationBus", "connected");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> rateLimit(CalcomHealth health) {
    return (Map<String, Object>) health.details().get("rateLimit");
  }
}
