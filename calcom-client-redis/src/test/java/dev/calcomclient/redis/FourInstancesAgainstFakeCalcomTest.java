package dev.calcomclient.redis;

import static dev.calcomclient.support.FakeWorkloads.throttled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.redis.internal.CoalescerProbe;
import dev.calcomclient.redis.internal.RedisCoalescer;
import dev.calcomclient.redis.internal.RedisRateLimiter;
import dev.calcomclient.redis.support.DrivenInstances;
import dev.calcomclient.redis.support.FourInstances;
import dev.calcomclient.redis.support.MixedTraffic;
import dev.calcomclient.support.DrivenHammer;
import dev.calcomclient.support.FakeWorkloads.HammerResult;
import dev.calcomclient.testsupport.RedisServerProcess;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance runs: four client instances (separate limiters and Lettuce clients) sharing one
 * {@link FakeCalcom} API key (Cal.com's real limit, 120 per 60 s, 60 s block) through one real Redis. The rate-limit
 * runs are on driven time ({@link DrivenHammer}: a {@link FakeClock} that moves only while every caller waits on it
 * and no Redis answer is on its way), so their bounds follow from the shared log and hold on a fast or a loaded
 * machine alike; the cold start runs on real time (it counts calls, not time). The fake's own journal and counters
 * are the evidence.
 */
class FourInstancesAgainstFakeCalcomTest {
  /** Measured figures, for the record: logged, not asserted (see the assertions for the criteria). */
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");

  private static final int CAL_COM_LIMIT = 120;
  private static final int INSTANCES = 4;
  private static final int CALLERS = 32;
  private static final Duration RUN = Duration.ofMinutes(3);
  private static final Duration STEP = Duration.ofMillis(100);
  /** Longer than any stall of a loaded machine: a Redis reply that slow is not an outage in these runs. */
  private static final Duration STARVED_MACHINE_WAIT = Duration.ofSeconds(30);

  private RedisServerProcess server;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  /** Requests in each span of the shared log (see the first test) at least, with {@code callers} per instance. */
  private static long perSpan(RateLimiterConfig config, int callersPerInstance) {
    return Math.min(config.budget(), CAL_COM_LIMIT - config.adaptiveSafetyMargin() - (callersPerInstance - 1L));
  }

  /**
   * Four instances, {@value #CALLERS} callers spread over them, each calling with a new distinct day lookup as soon
   * as its last one ended (no cache, no retries: every lookup is a request), for 3 minutes of a {@link FakeClock}
   * that the client, its limiter's shared log in Redis and the fake all read, and that moves (in steps of at most
   * 100 ms, stopping at every wait's due time) only once every caller waits on it and no Redis answer is on its way
   * ({@link DrivenHammer}). The bounds follow from
   * the shared log, not from this machine's speed:
   *
   * <ul>
   *   <li>at most: the log admits at most the budget (110) in any span of a window plus its clock-skew margin (61 s)
   *       of the times its takes were asked, and a request reaches the fake at the time its take was asked (see
   *       {@link DrivenHammer}); so no 60 s at the fake hold more than 110, and 3 minutes, within three spans, at
   *       most {@code 3 x 110}.
   *   <li>at least: a grant leaves the log one span after it was asked; until then the fake's window (from its
   *       first request, 60 s) has ended, so the fake never throttles, and the callers keep the budget busy, so each
   *       of the three spans starting at 0, 61 and 122 s sends its budget unless the instances' adaptive caps stop it
   *       first. A cap is the fake's {@code remaining} less the safety margin (2) and less the answering instance's
   *       attempts in flight that started after the answered one; that overcounts only such attempts that reached
   *       the fake first, fewer than the instance's callers ({@value #CALLERS} / {@value #INSTANCES} = 8). So each
   *       span sends at least {@code min(110, 120 - 2 - 7) = 110}: 330 in all, where a limiter that lost a span
   *       (a stalled renewal, a lease that never expires) sends 220 or less.
   * </ul>
   */
  @Test
  void fourInstancesHammeringOneSharedBudgetSendAtMostTheBudgetInAny60sAndGetNo429() {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    FakeClock clock = FakeClock.at(MixedTraffic.NOW);
    DrivenHammer hammer = new DrivenHammer(clock);
    try (FakeCalcom driven = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
        DrivenInstances four = new DrivenInstances(INSTANCES, server.uri(), config, driven, clock, hammer)) {

      HammerResult run = hammer.run(four.clients, CALLERS, RUN, STEP);

      RateLimitUsage usage = driven.rateLimitUsage(driven.apiKey());
      FIGURES.info("{} instances, {} callers for {} on driven time: {} local refusals; fake: {}",
          INSTANCES, CALLERS, RUN, run.localRefusals(), usage);
      assertThat(run.unexpected()).isEmpty();
      assertThat(run.upstream429()).isZero();
      assertThat(throttled(driven)).as("429s in the fake's journal").isZero();
      assertThat(usage.violations()).isZero();
      assertThat(usage.maxInAnyWindow())
          .as("the fake's most requests in any sliding 60 s window (%s)", usage)
          .isLessThanOrEqualTo(config.budget());
      assertThat(usage.requests())
          .as("requests the fake received in 3 minutes: the shared budget, three spans of it")
          .isGreaterThanOrEqualTo(3 * perSpan(config, CALLERS / INSTANCES))
          .isLessThanOrEqualTo(3L * config.budget());
      assertThat(run.succeeded()).isEqualTo(usage.requests());
      assertThat(four.limiters).allSatisfy(l -> assertThat(l.isShared()).isTrue());
    }
  }

  /**
   * The load of the first test; Redis is killed at 60 s and restarted, empty, at 120 s (the clock stands still until
   * every instance's connection answers again, so how fast Lettuce reconnects is no part of the run). The first span's
   * budget is spent in its first instant (the callers are answered at once) and the log stays full until 61 s, after
   * the kill; no instance sends from 60 s (its leases, taken at the start, are long over: it refuses until a probe
   * answers); the restarted log is empty, and no instance's own entries are younger than a span, so none takes it
   * for a lost log, and the budget is spent again at 120 s. So: two spans of the budget, {@code 2 x 110 = 220}, at
   * least {@code 2 x min(110, 120 - 2 - 7)} by the first test's argument and at most {@code 2 x 110}, with 60 s
   * between them, so no 60 s at the fake above 110. A limiter that stayed cut off after the restart sends 110.
   */
  @Test
  void redisKilledMidRunAndRestartedCausesNoViolationAndNoCallerVisibleRedisError() {
    RateLimiterConfig config = RateLimiterConfig.defaults();
    FakeClock clock = FakeClock.at(MixedTraffic.NOW);
    DrivenHammer hammer = new DrivenHammer(clock);
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
        DrivenInstances four = new DrivenInstances(INSTANCES, server.uri(), config, fake, clock, hammer)) {
      List<Boolean> sharedWhileDown = new ArrayList<>();
      hammer
          .at(Duration.ofSeconds(60), server::kill)
          .at(Duration.ofSeconds(90), () -> four.limiters.forEach(l -> sharedWhileDown.add(l.isShared())))
          .at(Duration.ofSeconds(120), () -> {
            server.restart();
            four.awaitReachable();
          });

      HammerResult run = hammer.run(four.clients, CALLERS, RUN, STEP);

      RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
      FIGURES.info("Redis down from 60 s to 120 s of 180 on driven time: {} local refusals; fake: {}",
          run.localRefusals(), usage);
      // Callers only ever saw answers or the limiter's own refusals: no Redis failure reached them.
      assertThat(run.unexpected()).isEmpty();
      assertThat(run.upstream429()).isZero();
      assertThat(throttled(fake)).as("429s in the fake's journal").isZero();
      assertThat(usage.violations()).isZero();
      assertThat(usage.maxInAnyWindow())
          .as("the fake's most requests in any sliding 60 s window (%s)", usage)
          .isLessThanOrEqualTo(config.budget());
      assertThat(usage.requests())
          .as("requests the fake received: a span of the budget before the kill, one after the restart")
          .isGreaterThanOrEqualTo(2 * perSpan(config, CALLERS / INSTANCES))
          .isLessThanOrEqualTo(2L * config.budget());
      // Not vacuous: every instance was cut off while Redis was down, and every one is back on the shared log.
      assertThat(sharedWhileDown).hasSize(INSTANCES).containsOnly(false);
      assertThat(four.limiters).allSatisfy(l -> assertThat(l.isShared()).isTrue());
    }
  }

  @Test
  void coldStartAcrossFourInstancesPreventsAtLeast95PercentOfDuplicateUpstreamCalls() throws Exception {
    // Real time here: the run is short, and a JVM warming up would stretch in simulated time.
    // 16 distinct day lookups, four event types on four days: within the limiter's burst (20), so that a cold start
    // that asks each of them once gets every answer at once.
    List<SlotQuery> distinct = new ArrayList<>();
    for (long eventType : new long[] {101, 102, 104, 105}) {
      for (int d = 0; d < 4; d++) {
        Instant start = MixedTraffic.MONDAY.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
        distinct.add(SlotQuery.forEventType(eventType).between(start, start.plus(Duration.ofDays(1))).build());
      }
    }
    int instances = 4;
    int usersPerInstance = 25;
    // 1,600 calls land on four connections at once: on a starved machine (many builds on two cores) a Redis reply
    // can take seconds. Every wait here is sized so that slowness is never taken for an outage or for a wait that
    // ran out. With the 1 s of the other runs, a rate-limit call timing out cut its instance off from the shared log
    // (it refuses beyond its lease until a probe answers) and the lookup was refused; a coalescing lock or wait timing out made a duplicate call; and a
    // lookup whose token request took a second, answered "none left" (the background metadata loads take tokens
    // above the reserve and give them back), had used up the standard lane's 1 s wait and was refused at once.
    // The lookups' own timeout too: a leader's lookup waits for Redis (L2, lock, token) before it is sent, and on
    // the 3 s default (9 s deadline) it could reach Cal.com with a millisecond left and time out there.
    // What is measured is how many duplicates sharing prevents, not how fast this machine answers.
    UnaryOperator<CalcomRedis.Builder> patient =
        b -> b.commandTimeout(STARVED_MACHINE_WAIT)
            .rateLimiterTimeout(STARVED_MACHINE_WAIT)
            .coalescingWait(STARVED_MACHINE_WAIT)
            .rateLimiterConfig(RateLimiterConfig.builder().maxWait(Priority.STANDARD, STARVED_MACHINE_WAIT).build());
    // Cal.com answers no lookup until every instance's flight of every query has either won the coalescing lock (and
    // waits here with its request) or follows the flight that won it: otherwise an instance that a loaded machine
    // let fall behind asked for the lock only after the winner's answer had come back and the lock was gone, and
    // called Cal.com again (a duplicate made by this machine's speed, not by the coalescer).
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AtomicInteger heldAtGate = new AtomicInteger();
    Layer gated = (request, chain) -> {
      if (!request.path().startsWith("/v2/slots")) {
        return chain.proceed(request);
      }
      heldAtGate.incrementAndGet();
      return gate.thenCompose(v -> chain.proceed(request));
    };
    UnaryOperator<CalcomClient.Builder> patientLookups =
        c -> c.timeout(EndpointGroup.SLOTS, STARVED_MACHINE_WAIT).addLayer(gated);
    try (ScaledTime time = new ScaledTime(1, MixedTraffic.NOW);
        FakeCalcom fake = FakeCalcom.builder().withDefaultData().latency(LatencyProfile.calcomLike()).build().start();
        FourInstances four = new FourInstances(instances, server.uri(), fake, time, patient, patientLookups)) {
      // 25 users on each instance ask every one of the 16 lookups at once (each user in its own order), on an empty
      // deployment: nothing in any L1 or in L2, no call in flight anywhere.
      List<CompletableFuture<SlotsResult>> calls = new ArrayList<>();
      for (int user = 0; user < usersPerInstance; user++) {
        for (CalcomClient client : four.clients) {
          for (int q = 0; q < distinct.size(); q++) {
            calls.add(client.slots().findAsync(distinct.get((q + user * 7) % distinct.size())));
          }
        }
      }
      int flights = instances * distinct.size();
      try {
        await()
            .atMost(STARVED_MACHINE_WAIT)
            .until(() -> heldAtGate.get() + four.redis.stream()
                .mapToInt(r -> CoalescerProbe.following((RedisCoalescer) r.coalescer()))
                .sum() == flights);
      } finally {
        gate.complete(null);
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      assertThat(four.redis)
          .as("every instance stayed on the shared bucket (a timeout taken for an outage would void the run)")
          .allSatisfy(r -> assertThat(((RedisRateLimiter) r.rateLimiter()).isShared()).isTrue());

      long upstream = fake.journal().stream().filter(c -> c.endpoint().equals("GET /v2/slots")).count();
      int keys = distinct.size();
      long duplicates = calls.size() - keys;
      double prevented = (double) (calls.size() - upstream) / duplicates;
      // The duplicates only sharing across instances can prevent: instances x keys calls if each instance
      // coalesced perfectly on its own, of which all but one per key are duplicates.
      long crossInstanceDuplicates = (long) (instances - 1) * keys;
      double crossPrevented = (double) ((long) instances * keys - upstream) / crossInstanceDuplicates;
      FIGURES.info(String.format(
          "cold start: %d lookups of %d distinct queries on %d instances -> %d upstream calls (journal); %.1f%% of"
              + " %d duplicates prevented; %.1f%% of the %d cross-instance duplicates prevented",
          calls.size(), keys, instances, upstream, prevented * 100, duplicates, crossPrevented * 100,
          crossInstanceDuplicates));
      for (CalcomRedis r : four.redis) {
        FIGURES.info("  " + r.coalescer());
      }
      assertThat(upstream).as("every distinct query reached Cal.com at least once").isGreaterThanOrEqualTo(keys);
      assertThat(prevented).isGreaterThanOrEqualTo(0.95);
      assertThat(crossPrevented).as("duplicates across instances prevented").isGreaterThanOrEqualTo(0.95);
      assertThat(fake.journal().stream().filter(c -> c.responseStatus() == 429)).isEmpty();
      assertThat(calls).allSatisfy(c -> assertThat(c.join().isEmpty()).isFalse());
    }
  }
}
