package dev.calcomclient.ratelimit;

import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.scaledClient;
import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Booking;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * re-laned on its way into the limiter), which is exactly how the warmer's requests will reach it.
 */
class PriorityLanesAgainstFakeCalcomTest {
  private static final double SCALE = 20;
  private static final Duration WARMING = Duration.ofMinutes(2);
  private static final int WARMING_LOOPS = 4;
  private static final int SINGLE_BOOKINGS = 18; // at 15 s, 20 s, ... 100 s
  private static final int BURST = 12; // at 62.5 s: more than the reserve of 10, so some wait for a refill
  private static final Duration BURST_AT = Duration.ofMillis(62_500);

  @Test
  void interactiveBookingsGetTokensWithinTheirWaitWhileWarmingSaturatesBackground() throws Exception {
    // The longest interactive wait measured here is 1.1 s (the burst's calls beyond the reserve, in every passing
    // run). But the driven clock still runs at 20 times the wall clock while calls only wait for a token (only
    // requests in flight hold it), so a 100 ms pause of this machine is 2 s of simulated waiting, the whole default
    // interactive wait: about 1 run in 6 was refused that way. The interactive wait is 10 s here (a pause would
    // have to last 0.5 s); what is asserted is that interactive calls are never refused and wait less than it.
    RateLimiterConfig config = RateLimiterConfig.builder().maxWait(Priority.INTERACTIVE, Duration.ofSeconds(10)).build();
    // Driven time, not time read from the real clock: a loaded machine must not change what is measured. Drains
    // run at their exact simulated due time (100 ms late at scale 20 would be 2 s, the whole interactive wait), and
    // time stands still while a request is in flight, so the warmer keeps the bucket at the reserve however slowly
    // this machine answers (on a real-time clock, a slow warmer let the bucket refill and the burst never waited).
    // The fake counts its windows on the same time.
    try (ScaledTime time = ScaledTime.driven(SCALE, Instant.parse(FakeCalcomClients.NOW));
        FakeCalcom fake =
            FakeCalcom.builder().withDefaultData().clock(time.clockForFake()).timeScale(SCALE)
                .latency(LatencyProfile.calcomLike()).build().start()) {
      RateLimiter shared = RateLimiter.local(config, time.clock(), time.scheduler());
      LaneEvents interactiveEvents = new LaneEvents(time);
      LaneEvents warmerEvents = new LaneEvents(time);
      try (CalcomClient warmerClient =
              scaledClient(fake, time).cache(CacheConfig.disabled()).rateLimiter(inLane(shared, Priority.BACKGROUND)).addListener(warmerEvents)
                  .addLayer(time.holdWhileInFlight()).build();
          CalcomClient client = scaledClient(fake, time).cache(CacheConfig.disabled()).rateLimiter(shared).addListener(interactiveEvents)
              .addLayer(time.holdWhileInFlight()).build()) {

        Warmer warmer = new Warmer(warmerClient, time, time.now().plus(WARMING));
        warmer.start(WARMING_LOOPS);

        List<CompletableFuture<Booking>> bookings = new ArrayList<>();
        for (int k = 0; k < SINGLE_BOOKINGS + BURST; k++) {
          int slot = k;
          Duration at = k < SINGLE_BOOKINGS ? Duration.ofSeconds(15 + 5L * k) : BURST_AT;
          CompletableFuture<Booking> booking =
              time.after(at).thenCompose(v -> client.bookings().createAsync(introCallBooking("lanes", slot, slot)));
          bookings.add(booking);
        }
        // Driven time runs at most SCALE times real time, slower on a loaded machine: a generous real bound.
        long bound = 10 * time.toReal(WARMING).toMillis() + 30_000;
        CompletableFuture.allOf(bookings.toArray(CompletableFuture[]::new)).get(bound, TimeUnit.MILLISECONDS);
        assertThat(warmer.finished.await(bound, TimeUnit.MILLISECONDS)).as("warming loops ended").isTrue();

        // Every interactive booking succeeded and exists in the fake.
        Map<String, FakeBooking> inFake =
            fake.bookings().stream().collect(Collectors.toMap(FakeBooking::uid, Function.identity()));
        for (CompletableFuture<Booking> f : bookings) {
          Booking b = f.join();
          assertThat(inFake).containsKey(b.uid());
        }
        assertThat(inFake).hasSize(SINGLE_BOOKINGS + BURST);

        // ...within the interactive lane's wait, never refused; the burst had to wait for refills.
        assertThat(interactiveEvents.rejected).as("interactive calls refused by the limiter").isEmpty();
        assertThat(interactiveEvents.waits)
            .as("interactive waits for a token")
            .isNotEmpty()
            .allSatisfy(w -> assertThat(w).isLessThanOrEqualTo(config.maxWait(Priority.INTERACTIVE)));

        // The warmer really saturated the background lane: it used the budget and was refused all along,
        // before the first booking, around the burst and after the last booking.
        assertThat(warmer.succeeded.sum()).as("background requests sent").isGreaterThanOrEqualTo(100);
        assertThat(warmer.unexpected).isEmpty();
        assertThat(warmerEvents.rejected).as("background refusals").isNotEmpty();
        assertThat(warmer.refusedAt)
            .as("background refused before the first booking, during the burst and after the last booking")
            .anyMatch(t -> t.isBefore(warmer.startedAt.plusSeconds(15)))
            .anyMatch(t -> !t.isBefore(warmer.startedAt.plus(BURST_AT)) && t.isBefore(warmer.startedAt.plusSeconds(70)))
            .anyMatch(t -> t.isAfter(warmer.startedAt.plusSeconds(100)));

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

  /** Asynchronous loops of distinct slot queries, each honouring the limiter's retryAfter when refused. */
  private static final class Warmer {
    final CalcomClient client;
    final ScaledTime time;
    final Instant end;
    final AtomicInteger next = new AtomicInteger(100_000);
    final LongAdder succeeded = new LongAdder();
    final Queue<Instant> refusedAt = new ConcurrentLinkedQueue<>();
    final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    CountDownLatch finished;
    Instant startedAt;

    Warmer(CalcomClient client, ScaledTime time, Instant end) {
      this.client = client;
      this.time = time;
      this.end = end;
    }

    void start(int loops) {
      finished = new CountDownLatch(loops);
      startedAt = time.now();
      for (int i = 0; i < loops; i++) {
        loop();
      }
    }

    private void loop() {
      if (!time.now().isBefore(end)) {
        finished.countDown();
        return;
      }
      // Time waits for the warmer while it works (it lets time pass only honouring a retryAfter), so that it keeps
      // the bucket at the reserve however slowly this machine runs it.
      Runnable release = time.hold();
      client
          .slots()
          .findAsync(distinctSlotQuery(next.getAndIncrement()))
          .whenComplete((result, failure) -> next(failure))
          .whenComplete((result, failure) -> release.run());
    }

    /** After an attempt: the next one at once, or after the limiter's retryAfter when it refused. */
    private void next(Throwable failure) {
      Throwable cause = failure == null ? null : Futures.unwrap(failure);
      if (cause == null) {
        succeeded.increment();
        loop();
      } else if (cause instanceof RateLimitedException refused && refused.isLocal()) {
        refusedAt.add(time.now());
        time.after(refused.retryAfter()).thenRun(this::loop);
      } else {
        unexpected.add(cause);
        loop();
      }
    }
  }

  /** Limiter waits and refusals seen by one client's listener. */
  private static final class LaneEvents implements CalcomEventListener {
    final Queue<Duration> waits = new ConcurrentLinkedQueue<>();
    final Queue<Instant> rejected = new ConcurrentLinkedQueue<>();
    private final ScaledTime time;

    LaneEvents(ScaledTime time) {
      this.time = time;
    }

    @Override
    public void rateLimitWaited(CalcomRequest attempt, Duration waited) {
      waits.add(waited);
    }

    @Override
    public void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {
      rejected.add(time.now());
    }
  }
}
