package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
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
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.Fault;
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
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final int SERVER_LIMIT = 30;
  private static final int WORKERS = 4;
  private static final Duration RUN = Duration.ofMinutes(3);

  /**
   * The client is configured for Cal.com's 120 per minute (budget 110); the fake gives this key only 30, in fixed
   * windows of 60 s from each window's first request. On a {@link FakeClock} (the client's waits, the fake's windows
   * and its {@code X-RateLimit-Reset} on the same time, which moves only when every caller waits on it), the bounds
   * follow from the server's windows alone:
   *
   * <ul>
   *   <li>at most: 3 minutes span at most 4 of the server's windows (the last one opened by a call granted at the
   *       end), each admitting 30: 120. The local log alone would have sent 110 at once and 110 per minute after
   *       (as it does against the real limit in RateLimitAgainstFakeCalcomTest).
   *   <li>at least: the client follows the server's window, not a whole one of its own: with {@code remaining}
   *       nearly spent it waits until the reset the server named, to the second, and the next window opens then.
   *       The callers are answered at once (the fake has no latency), so windows open at 0, 60 and 120 s, three
   *       within the run. In each, the client stops only when the server's {@code remaining}, less its safety
   *       margin ({@link RateLimiterConfig#adaptiveSafetyMargin()}, 2) and less its attempts in flight that started
   *       after the answered one, is spent. That subtraction is exact unless such an attempt reached the server
   *       first (the server counted it already): with {@value #WORKERS} callers at most {@code WORKERS - 1} per
   *       window. So {@code 3 x (30 - 2 - 3) = 75} at least, where a stalled limiter (one that waits a window of
   *       its own after the server's cap, or holds on to a pause) sends two windows' worth (60) or less.
   * </ul>
   */
  @Test
  void aServerBudgetBelowTheLocalBucketSlowsTheClientDownWithoutEverBeingBlocked() {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    RateLimitPolicy policy = RateLimitPolicy.calcomDefaults().withLimit(FakeCalcom.DEFAULT_API_KEY, SERVER_LIMIT);
    FakeClock clock = FakeClock.at(FakeCalcomClients.NOW);
    DrivenHammer hammer = new DrivenHammer(clock, config);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().rateLimit(policy).clock(clock).build().start();
        CalcomClient client = hammer.client(fake).build()) {

      HammerResult run = hammer.run(client, WORKERS, RUN, Duration.ofMillis(100));

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info("adaptive limiter against a server limit of {}: {} requests in {}, {} local refusals, {}",
          SERVER_LIMIT, usage.requests(), RUN, run.localRefusals(), usage);
      assertThat(run.unexpected()).isEmpty();
      assertThat(usage.limit()).isEqualTo(SERVER_LIMIT);
      assertThat(usage.violations()).as("429s from the fake's throttler (each one a 60 s block)").isZero();
      assertThat(throttled(fake)).isZero();
      assertThat(usage.requests())
          .as("requests sent in 3 minutes: slowed down to the server's windows, but not stalled")
          .isLessThanOrEqualTo(4L * SERVER_LIMIT)
          .isGreaterThanOrEqualTo(3L * (SERVER_LIMIT - config.adaptiveSafetyMargin() - (WORKERS - 1)))
          .isGreaterThan(2L * SERVER_LIMIT);
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
