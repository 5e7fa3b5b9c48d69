package dev.calcomclient.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The optional replay guard and maximum age: Cal.com signs no timestamp, so a captured signed delivery verifies
 * forever. With the guard a delivery seen within the window is answered 200 and acted on once; with a maximum age a
 * delivery dated long ago is refused. Time is the injected {@link FakeClock}.
 */
class WebhookReplayGuardTest {
  private static final String SECRET = "whsec_replay-2050";
  private static final Instant NOW = Instant.parse("2050-09-02T10:16:00Z");

  private final FakeClock clock = FakeClock.at(NOW);
  private final List<BookingChange> changes = new CopyOnWriteArrayList<>();

  private static byte[] delivery(String trigger, String uid, Instant createdAt) {
    return ("{\"triggerEvent\":\"" + trigger + "\",\"createdAt\":\"" + createdAt + "\",\"payload\":{"
            + "\"uid\":\"" + uid + "\",\"eventTypeId\":101,\"startTime\":\"2050-09-05T07:00:00Z\","
            + "\"endTime\":\"2050-09-05T07:30:00Z\",\"organizer\":{\"id\":1},\"status\":\"ACCEPTED\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> signed(byte[] body) {
    return Map.of(
        "Content-Type", List.of("application/json"),
        CalcomWebhooks.SIGNATURE_HEADER, List.of(WebhookSignature.sign(SECRET, body)));
  }

  private CalcomWebhooks.Builder receiver() {
    return CalcomWebhooks.builder()
        .secret(SECRET)
        .clock(clock)
        .onBookingChange(
            change -> {
              changes.add(change);
              return CompletableFuture.completedFuture(null);
            });
  }

  @Test
  void aReplayedSignedDeliveryWasActedOnEveryTime() {
    CalcomWebhooks hooks = receiver().replayGuard(Duration.ofHours(1)).build();
    byte[] body = delivery("BOOKING_CREATED", "bk-1", NOW.minusSeconds(5));

    WebhookResult first = hooks.handle(body, signed(body));
    WebhookResult replay = hooks.handle(body, signed(body));
    clock.advance(Duration.ofMinutes(59));
    WebhookResult laterReplay = hooks.handle(body, signed(body));

    assertThat(first).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(replay).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(replay.httpStatus()).isEqualTo(200);
    assertThat(laterReplay).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(changes).hasSize(1);
  }

  @Test
  void theIdentityIsTriggerUidAndCreatedAtAndTheWindowEndsOnTheInjectedClock() {
    CalcomWebhooks hooks = receiver().replayGuard(Duration.ofMinutes(10)).build();
    byte[] created = delivery("BOOKING_CREATED", "bk-2", NOW);
    byte[] cancelled = delivery("BOOKING_CANCELLED", "bk-2", NOW);
    byte[] otherUid = delivery("BOOKING_CREATED", "bk-3", NOW);
    byte[] redelivered = delivery("BOOKING_CREATED", "bk-2", NOW.plusMillis(1));

    for (byte[] body : List.of(created, cancelled, otherUid, redelivered)) {
      assertThat(hooks.handle(body, signed(body))).isInstanceOf(WebhookResult.Accepted.class);
    }
    assertThat(hooks.handle(created, signed(created))).isInstanceOf(WebhookResult.Duplicate.class);
    clock.advance(Duration.ofMinutes(10).plusSeconds(1));
    assertThat(hooks.handle(created, signed(created)))
        .as("forgotten after the window")
        .isInstanceOf(WebhookResult.Accepted.class);
    assertThat(changes).hasSize(5);
  }

  @Test
  void concurrentIdenticalDeliveriesActOnce() throws Exception {
    CalcomWebhooks hooks = receiver().replayGuard(Duration.ofHours(1)).build();
    byte[] body = delivery("BOOKING_CREATED", "bk-race", NOW);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<WebhookResult>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await(30, TimeUnit.SECONDS);
                  return hooks.handle(body, signed(body));
                }));
      }
      go.countDown();
      long accepted = 0;
      for (Future<WebhookResult> f : results) {
        WebhookResult r = f.get(10, TimeUnit.SECONDS);
        assertThat(r.httpStatus()).isEqualTo(200);
        accepted += r instanceof WebhookResult.Accepted ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(changes).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aDeliveryWhoseHandlingFailedIsForgottenSoTheRedeliveryActs() {
    Function<BookingChange, CompletableFuture<Void>> failingOnce =
        new Function<>() {
          private int calls;

          @Override
          public CompletableFuture<Void> apply(BookingChange change) {
            changes.add(change);
            return ++calls == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("shared cache down"))
                : CompletableFuture.completedFuture(null);
          }
        };
    CalcomWebhooks hooks =
        CalcomWebhooks.builder().secret(SECRET).clock(clock).replayGuard(Duration.ofHours(1)).onBookingChange(failingOnce)
            .build();
    byte[] body = delivery("BOOKING_CREATED", "bk-4", NOW);

    hooks.handle(body, signed(body));
    WebhookResult redelivery = hooks.handle(body, signed(body));
    WebhookResult replay = hooks.handle(body, signed(body));

    assertThat(redelivery).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(replay).isInstanceOf(WebhookResult.Duplicate.class);
    assertThat(changes).hasSize(2);
  }

  @Test
  void aDeliveryDated1999WasAccepted() {
    CalcomWebhooks hooks = receiver().maxDeliveryAge(Duration.ofMinutes(30)).build();
    byte[] old = delivery("BOOKING_CREATED", "bk-5", Instant.parse("1999-01-01T00:00:00Z"));
    byte[] future = delivery("BOOKING_CREATED", "bk-6", NOW.plus(Duration.ofDays(1)));
    byte[] fresh = delivery("BOOKING_CREATED", "bk-7", NOW.minus(Duration.ofMinutes(29)));

    WebhookResult oldResult = hooks.handle(old, signed(old));
    WebhookResult futureResult = hooks.handle(future, signed(future));
    WebhookResult freshResult = hooks.handle(fresh, signed(fresh));

    assertThat(oldResult).isInstanceOfSatisfying(
        WebhookResult.Rejected.class, r -> assertThat(r.reason()).isEqualTo(RejectionReason.TOO_OLD));
    assertThat(oldResult.httpStatus()).isEqualTo(400);
    assertThat(futureResult).isInstanceOf(WebhookResult.Rejected.class);
    assertThat(freshResult).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(changes).hasSize(1);
  }

  @Test
  void withoutTheGuardEveryDeliveryIsHandledAsBeforeAndTheBuilderRefusesAGap() {
    CalcomWebhooks hooks = receiver().build();
    byte[] body = delivery("BOOKING_CREATED", "bk-8", Instant.parse("1999-01-01T00:00:00Z"));

    assertThat(hooks.handle(body, signed(body))).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(hooks.handle(body, signed(body))).isInstanceOf(WebhookResult.Accepted.class);
    assertThat(changes).hasSize(2);
    assertThatThrownBy(() -> receiver().replayGuard(Duration.ofMinutes(5)).maxDeliveryAge(Duration.ofMinutes(10)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must be at least maxDeliveryAge");
    assertThatThrownBy(() -> receiver().replayGuard(Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class);
  }
}
