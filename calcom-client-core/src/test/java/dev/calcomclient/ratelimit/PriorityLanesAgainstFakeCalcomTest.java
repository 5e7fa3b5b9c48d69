package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Booking;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Priority lanes against {@link FakeCalcom}: a warming loop keeps the credential's bucket drained down to the
 * background reserve for two simulated minutes, and interactive bookings made meanwhile (one every 5 s, plus a
 * burst larger than the reserve) all get their tokens within the interactive lane's maximum wait.
 *
 * <p>The warmer itself comes with a later issue; here it is a second client of the same credential whose every
 * attempt takes its token from the shared limiter in the {@link Priority#BACKGROUND} lane (the request is
 * re-laned on its way into the limiter), which is exactly how the warmer's requests will reach it: the
 * {@link DrivenHammer}'s callers, each sending distinct slot queries and waiting out the limiter's refusals.
 *
 * <p>On driven time: the client, the limiter and the fake share a {@link FakeClock} that the hammer moves only while
 * every warming loop and every booking waits on it (for a token, or out a refusal), never while a request is on its
 * way or a booking has not reached the limiter yet. So a wait for a token lasts exactly the clock time its token
 * takes to come, however slowly or unevenly this machine runs the test: no pause of the machine can use up a wait.
 */
class PriorityLanesAgainstFakeCalcomTest {
  private static final org.slf4j.Logger FIGURES = org.slf4j.LoggerFactory.getLogger("calcom.figures");
  private static final Duration WARMING = Duration.ofMinutes(2);
  private static final int WARMING_LOOPS = 4;
  private static final int SINGLE_BOOKINGS = 18; // at 15 s, 20 s, ... 100 s
  private static final int BURST = 12; // at 62.5 s: more than the reserve of 10, so some wait for a refill
  private static final Duration BURST_AT = Duration.ofMillis(62_500);

  @Test
  void interactiveBookingsGetTokensWithinTheirWaitWhileWarmingSaturatesBackground() {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    FakeClock clock = FakeClock.at(FakeCalcomClients.NOW);
    DrivenHammer hammer = new DrivenHammer(clock);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start()) {
      RateLimiter shared = RateLimiter.local(config, clock, hammer.scheduler());
      LaneEvents interactiveEvents = new LaneEvents(clock);
      LaneEvents warmerEvents = new LaneEvents(clock);
      try (CalcomClient warmerClient =
              hammer.client(fake, hammer.watch(inLane(shared, Priority.BACKGROUND))).addListener(warmerEvents).build();
          // A booking's attempt timeout is real time (OkHttp's), while the clock stands still: room for a slow machine.
          CalcomClient client = hammer.client(fake, hammer.watch(shared)).addListener(interactiveEvents)
              .timeout(EndpointGroup.BOOKINGS, Duration.ofSeconds(10)).build()) {

        // The bookings are made by the run (on this thread), each at its time on the clock.
        List<CompletableFuture<Booking>> bookings = new ArrayList<>();
        for (int k = 0; k < SINGLE_BOOKINGS + BURST; k++) {
          int slot = k;
          Duration at = k < SINGLE_BOOKINGS ? Duration.ofSeconds(15 + 5L * k) : BURST_AT;
          hammer.at(at, () -> bookings.add(
              hammer.call(() -> client.bookings().createAsync(introCallBooking("lanes", slot, slot)))));
        }
        Instant startedAt = clock.instant();

        HammerResult warmer = hammer.run(warmerClient, WARMING_LOOPS, WARMING, Duration.ofMillis(100));
        FIGURES.info("priority lanes: {} interactive waits, longest {}; warmer {}; {}", interactiveEvents.waits.size(),
            interactiveEvents.waits.stream().max(Duration::compareTo).orElse(Duration.ZERO), warmer,
            fake.rateLimitUsage(fake.apiKey()));

        // Every interactive booking was sent, never refused, succeeded and exists in the fake (the run ends only once
        // every call has ended)...
        assertThat(interactiveEvents.rejected).as("interactive calls refused by the limiter").isEmpty();
        Map<String, FakeBooking> inFake =
            fake.bookings().stream().collect(Collectors.toMap(FakeBooking::uid, Function.identity()));
        assertThat(bookings).hasSize(SINGLE_BOOKINGS + BURST).allMatch(CompletableFuture::isDone);
        for (CompletableFuture<Booking> f : bookings) {
          Booking b = f.join();
          assertThat(inFake).containsKey(b.uid());
        }
        assertThat(inFake).hasSize(SINGLE_BOOKINGS + BURST);

        // ...within the interactive lane's (default) wait; the burst had to wait for refills.
        assertThat(interactiveEvents.waits)
            .as("interactive waits for a token")
            .isNotEmpty()
            .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(config.maxWait(Priority.INTERACTIVE)));

        // The warmer really saturated the background lane: it used the budget and was refused all along,
        // before the first booking, around the burst and after the last booking.
        assertThat(warmer.succeeded()).as("background requests sent").isGreaterThanOrEqualTo(100);
        assertThat(warmer.unexpected()).isEmpty();
        assertThat(warmer.localRefusals()).as("background refusals").isPositive();
        assertThat(warmerEvents.rejected)
            .as("background refused before the first booking, during the burst and after the last booking")
            .anyMatch(t -> t.isBefore(startedAt.plusSeconds(15)))
            .anyMatch(t -> !t.isBefore(startedAt.plus(BURST_AT)) && t.isBefore(startedAt.plusSeconds(70)))
            .anyMatch(t -> t.isAfter(startedAt.plusSeconds(100)));

        // And the credential stayed inside Cal.com's limit throughout.
        RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
        assertThat(throttled(fake)).isZero();
        assertThat(usage.maxInAnyWindow()).isLessThanOrEqualTo(config.limit());
      }
    }
  }

  /** {@code delegate}, except that every attempt takes its token in {@code lane}. */
  private static RateLimiter inLane(RateLimiter delegate, Priority lane) {
    return new RateLimiter() {
      @Override
      public CompletableFuture<Duration> acquire(CalcomRequest request) {
        return delegate.acquire(request.toBuilder().priority(lane).build());
      }

      @Override
      public void onResponse(CalcomRequest request, CalcomResponse response) {
        delegate.onResponse(request, response);
      }

      @Override
      public Optional<RateLimiterConfig> config() {
        return delegate.config();
      }
    };
  }

  /** Limiter waits and refusals seen by one client's listener. */
  private static final class LaneEvents implements CalcomEventListener {
    final Queue<Duration> waits = new ConcurrentLinkedQueue<>();
    final Queue<Instant> rejected = new ConcurrentLinkedQueue<>();
    private final Clock clock;

    LaneEvents(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void rateLimitWaited(CalcomRequest attempt, Duration waited) {
      waits.add(waited);
    }

    @Override
    public void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {
      rejected.add(clock.instant());
    }
  }
}
