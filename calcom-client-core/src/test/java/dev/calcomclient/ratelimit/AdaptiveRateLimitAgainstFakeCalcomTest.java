package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.hammer;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.scaledClient;
import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.Fault;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitPolicy;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The adaptive half of the limiter against {@link FakeCalcom}: Cal.com's {@code X-RateLimit-*} headers lower the
 * local estimate when the server's budget is smaller than the configured one, and a 429 pauses the credential.
 */
class AdaptiveRateLimitAgainstFakeCalcomTest {
  private static final double SCALE = 30;
  private static final int SERVER_LIMIT = 30;

  @Test
  void aServerBudgetBelowTheLocalBucketSlowsTheClientDownWithoutEverBeingBlocked() throws Exception {
    // The client is configured for Cal.com's 120 per minute (budget 110); the fake gives this key only 30.
    RateLimiterConfig config = RateLimiterConfig.defaults();
    RateLimitPolicy policy = RateLimitPolicy.calcomDefaults().withLimit(FakeCalcom.DEFAULT_API_KEY, SERVER_LIMIT);
    try (ScaledTime time = new ScaledTime(SCALE, Instant.parse(FakeCalcomClients.NOW));
        FakeCalcom fake =
            FakeCalcom.builder().withDefaultData().rateLimit(policy).timeScale(SCALE)
                .latency(LatencyProfile.calcomLike()).build().start();
        CalcomClient client = scaledClient(fake, time).cache(CacheConfig.disabled()).rateLimiterConfig(config).build()) {

      HammerResult run = hammer(client, time, 16, Duration.ofMinutes(3));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      assertThat(run.unexpected()).isEmpty();
      assertThat(usage.limit()).isEqualTo(SERVER_LIMIT);
      assertThat(usage.violations()).as("429s from the fake's throttler (each one a 60 s block)").isZero();
      assertThat(throttled(fake)).isZero();
      // Slowed down: the local bucket alone would have sent 20 + 1.5/s x 180 s = 290 requests (as it does against
      // the real limit in RateLimitAgainstFakeCalcomTest); 3 minutes span at most 4 of the server's fixed windows,
      // and each admits 30.
      assertThat(usage.requests()).as("requests sent in 3 simulated minutes").isLessThanOrEqualTo(4L * SERVER_LIMIT);
      // ...but not stalled: the client kept using what the server allows, at least two of the server's windows'
      // worth in three minutes. (With the sliding log the server's "remaining until reset" is a cap the client waits
      // out to the second; on sped-up real time a loaded machine's pauses cost whole seconds of each window: 63-71
      // were measured where the old bucket's runs gave 75 or more.)
      assertThat(usage.requests()).isGreaterThanOrEqualTo(2L * SERVER_LIMIT);
      assertThat(run.succeeded()).isEqualTo(usage.requests());
    }
  }

  @Test
  void anInjected429PausesEveryCallOfTheCredentialForTheResetPeriodAndTheySucceedAfterwards() {
    ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
    // Slot calls may wait out a whole pause (90 s); bookings keep the interactive default of 2 s.
    RateLimiterConfig config = RateLimiterConfig.builder().maxWait(Priority.STANDARD, Duration.ofSeconds(90)).build();
    PauseEvents events = new PauseEvents();
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
        CalcomClient client =
            CalcomClient.builder()
                .apiKey(fake.apiKey())
                .baseUrl(fake.baseUrl())
                .clock(s.clock())
                .scheduler(s)
                // deadline = 3 x timeout = 120 s on the manual clock: room for the 60 s pause
                .timeout(EndpointGroup.SLOTS, Duration.ofSeconds(40))
                .timeout(EndpointGroup.BOOKINGS, Duration.ofSeconds(40))
                .rateLimiterConfig(config)
                .addListener(events)
                // This test counts every request; the cache's background event-type loads would add to them.
                .cache(CacheConfig.disabled())
                .build()) {
      fake.faults().nextRequests(1, Fault.tooManyRequests());

      CompletableFuture<SlotsResult> first = client.slots().findAsync(distinctSlotQuery(0));
      await().atMost(Duration.ofSeconds(30)).until(() -> events.pause.get() != null);
      Instant pausedAt = s.now();
      assertThat(events.pause.get()).as("pause from X-RateLimit-Reset-Default").isEqualTo(Duration.ofSeconds(60));
      assertThat(fake.journal()).singleElement().extracting(RecordedCall::responseStatus).isEqualTo(429);

      // During the pause: slot queries of the same credential wait; nothing is sent.
      List<CompletableFuture<SlotsResult>> waiting = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        waiting.add(client.slots().findAsync(distinctSlotQuery(i)));
      }
      // A booking, whose lane waits at most 2 s, is refused at once, with the rest of the pause as retry-after.
      assertThatThrownBy(() -> client.bookings().create(introCallBooking("pause", 0, 0)))
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              e -> {
                assertThat(e.isLocal()).isTrue();
                assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(59), Duration.ofSeconds(60));
              });
      s.advance(Duration.ofSeconds(59));
      assertThat(events.attempts.get()).as("attempts sent during the pause").isEqualTo(1);
      assertThat(first).isNotDone();
      assertThat(waiting).noneMatch(CompletableFuture::isDone);
      assertThat(fake.journal()).hasSize(1);

      // The pause ends: the 429'd call is sent again and the waiting ones go; all succeed.
      s.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(30)).until(() -> first.isDone() && waiting.stream().allMatch(CompletableFuture::isDone));
      assertThat(first.join().days()).isNotNull();
      waiting.forEach(f -> assertThat(f.join().days()).isNotNull());
      Booking booking = client.bookings().create(introCallBooking("pause", 0, 0));
      assertThat(fake.booking(booking.uid())).isPresent();

      List<RecordedCall> journal = fake.journal();
      assertThat(journal).hasSize(1 + 1 + 5 + 1);
      assertThat(journal.subList(1, journal.size()))
          .allSatisfy(
              c -> {
                assertThat(c.responseStatus()).isBetween(200, 201);
                assertThat(c.time()).isAfterOrEqualTo(pausedAt.plusSeconds(60));
              });
      assertThat(fake.rateLimitUsage(fake.apiKey()).violations()).isZero();
    }
  }

  /** The 429 pause and the number of HTTP attempts sent. */
  private static final class PauseEvents implements CalcomEventListener {
    final AtomicReference<Duration> pause = new AtomicReference<>();
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void rateLimitPaused(CalcomRequest attempt, Duration pauseFor) {
      pause.set(pauseFor);
    }

    @Override
    public void attemptStart(CalcomRequest attempt) {
      attempts.incrementAndGet();
    }
  }
}
