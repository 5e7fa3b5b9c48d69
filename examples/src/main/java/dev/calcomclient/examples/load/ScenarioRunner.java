package dev.calcomclient.examples.load;

import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import dev.calcomclient.testkit.RateLimitPolicy;
import dev.calcomclient.testkit.RateLimitUsage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario for both clients at once, each against its own FakeCalcom (its own key and throttler) with
 * Cal.com's rate limit, the seeds' latency distributions and the scenario's time scale, then computes the figures.
 */
final class ScenarioRunner {
  static final String NAIVE = "naive";
  static final String CALCOM = "calcom-client";

  private final long seed;
  private final double scale;

  ScenarioRunner(long seed, double scale) {
    this.seed = seed;
    this.scale = scale;
  }

  /**
   * Loads and JIT-compiles the request path of both clients against a fake without latency or limit before the
   * first measured scenario; otherwise the first scenario's latencies carry class loading, multiplied by the scale.
   */
  void warmUp() throws Exception {
    FakeCalcom fake = FakeCalcom.builder().withDefaultData().rateLimit(RateLimitPolicy.disabled()).build().start();
    // a fast clock, so calcom-client's limiter lets the warm-up through at once
    SimTime time = new SimTime(1000);
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(new SimTimeouts(time)).build();
    ScaledScheduler scheduler = new ScaledScheduler(1000, "warm-up-scheduler");
    List<LoadClient> clients = List.of(new NaiveClient(fake.baseUrl(), fake.apiKey(), http),
        new CalcomLoadClient(fake.baseUrl(), fake.apiKey(), http, time, scheduler));
    try {
      LocalDate day = TrafficRunner.upcomingWorkdays(LocalDate.now(TrafficRunner.ZONE), 1).get(0);
      Instant start = day.atStartOfDay(TrafficRunner.ZONE).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant();
      for (LoadClient c : clients) {
        for (int i = 0; i < 300; i++) {
          try {
            c.availability("warm-up", 105, start, end, TrafficRunner.ZONE);
          } catch (Exception ignored) {
            // warming only
          }
        }
      }
    } finally {
      clients.forEach(LoadClient::close);
      scheduler.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      fake.close();
    }
  }

  /** Both sides, naive first. */
  List<SideResult> run(ScenarioSpec spec) throws Exception {
    SimTime time = new SimTime(scale);
    LocalDate today = LocalDate.now(TrafficRunner.ZONE);
    ExecutorService sides = Executors.newFixedThreadPool(2);
    try {
      Future<SideResult> naive = sides.submit(() -> runSide(spec, time, today, NAIVE));
      Future<SideResult> calcom = sides.submit(() -> runSide(spec, time, today, CALCOM));
      return List.of(naive.get(), calcom.get());
    } finally {
      sides.shutdownNow();
    }
  }

  private SideResult runSide(ScenarioSpec spec, SimTime time, LocalDate today, String side) throws Exception {
    FakeCalcom fake = FakeCalcom.builder()
        .withDefaultData()
        .timeScale(scale)
        .rateLimit(RateLimitPolicy.calcomDefaults())
        .latency(LatencyProfile.calcomLike().withSeed(seed))
        .build()
        .start();
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(128);
    dispatcher.setMaxRequestsPerHost(128);
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(32, 1, TimeUnit.MINUTES))
        .addInterceptor(new SimTimeouts(time))
        .build();
    ScaledScheduler scheduler = new ScaledScheduler(scale, side + "-scheduler");
    LoadClient client = side.equals(NAIVE)
        ? new NaiveClient(fake.baseUrl(), fake.apiKey(), http)
        : new CalcomLoadClient(fake.baseUrl(), fake.apiKey(), http, time, scheduler);
    Recorder recorder = new Recorder();
    long wallStart = System.nanoTime();
    double simStart = time.nowSeconds();
    SideResult result = new SideResult(side);
    try {
      if (spec.kind() == ScenarioSpec.Kind.BACKLOG) {
        new BacklogRunner(spec, time, client, recorder, today).run(result, fake);
      } else {
        new TrafficRunner(spec, seed, time, client, recorder, today).run();
      }
      result.simulatedSeconds = time.nowSeconds() - simStart;
      result.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      analyse(spec, time, fake, client, recorder, result);
    } finally {
      client.close();
      scheduler.shutdownNow();
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      fake.close();
    }
    return result;
  }

  private void analyse(ScenarioSpec spec, SimTime time, FakeCalcom fake, LoadClient client, Recorder recorder,
      SideResult r) {
    JournalAnalysis j = new JournalAnalysis(fake.journal(), time);
    double duration = Math.max(r.simulatedSeconds, 1);
    r.upstreamRequests = j.upstreamRequests();
    r.requests429 = j.requests429();
    r.rateLimitBlocks = j.blocks();
    r.maxRequestsAnyWindow = j.maxInAnyWindow();
    r.limit = RateLimitPolicy.calcomDefaults().defaultLimit(RateLimitPolicy.CredentialKind.API_KEY);
    List<Recorder.Lookup> lookups = recorder.lookups();
    r.hitRatio = j.hitRatio(lookups, 0, Double.MAX_VALUE);
    r.hitRatioFirstMinute = j.hitRatio(lookups, 0, 60);
    r.hitRatioLastMinute = j.hitRatio(lookups, Math.max(0, duration - 60), Double.MAX_VALUE);
    r.duplicatesPrevented = j.duplicatesPrevented(lookups, 0, Double.MAX_VALUE);
    r.duplicatesPreventedFirst2Min = j.duplicatesPrevented(lookups, 0, 120);
    r.windowSeries = j.windowSeries(duration);
    r.hitRatioSeries = j.hitRatioSeries(lookups, duration);
    JournalAnalysis.Attribution attribution = client instanceof NaiveClient
        ? JournalAnalysis.Attribution.EXACT_HEADER : JournalAnalysis.Attribution.BY_TIME_AND_RANGE;
    List<OpRecord> ops = recorder.ops();
    r.alternativesUpstreamMax = j.alternativesUpstreamMax(ops, attribution);
    if (r.alternativesUpstreamMax != null) {
      r.alternativesAttribution = attribution.description;
    }
    List<Integer> invalidated = new ArrayList<>(client.invalidatedKeysPerBooking());
    if (invalidated.isEmpty()) {
      r.keysInvalidatedNote = client instanceof NaiveClient
          ? "no cache, nothing to invalidate (the seed system deleted 340 keys per booking)"
          : "not measured: calcom-client has no invalidator yet (" + Feature.INVALIDATOR.description() + ")";
    } else {
      Collections.sort(invalidated);
      r.keysInvalidatedPerBookingMedian = (double) invalidated.get(invalidated.size() / 2);
    }
    for (OpRecord o : ops) {
      r.operations++;
      r.outcomes.merge(o.outcome(), 1L, Long::sum);
      r.outcomesByOp.computeIfAbsent(o.op(), k -> new java.util.EnumMap<>(Outcome.class))
          .merge(o.outcome(), 1L, Long::sum);
      if (o.outcome().isFailure()) {
        r.failures++;
      } else if (o.outcome() == Outcome.OK) {
        r.histogram(o.op()).recordValue(Math.max(0, Math.round(o.latencyMillis())));
      }
    }
    r.breakerOpens = client.breakerOpens();
    r.breakerOpensByGroup = client.breakerOpensByGroup();
    List<Recorder.MadeBooking> made = recorder.bookings();
    r.bookingsAcknowledged = made.size();
    r.bookingsCreatedUpstream = j.bookingsCreatedUpstream();
    if (r.bookingsLost == null) {
      Set<String> present = fake.bookings().stream()
          .filter(b -> b.status() == FakeBookingStatus.ACCEPTED)
          .map(FakeBooking::uid).collect(Collectors.toSet());
      r.bookingsLost = made.stream().filter(b -> !present.contains(b.uid())).count();
    }
    RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
    Map<String, Object> cross = new LinkedHashMap<>();
    cross.put("requests", usage.requests());
    cross.put("violations", usage.violations());
    cross.put("max_in_any_window", usage.maxInAnyWindow());
    r.fakeThrottler = cross;
    Criteria.evaluate(spec, r);
  }

  /** Combined latency of every successful operation. */
  static Double overallPercentile(SideResult r, double p) {
    Histogram all = new Histogram(3_600_000L, 3);
    r.latency.values().forEach(all::add);
    return all.getTotalCount() == 0 ? null : (double) all.getValueAtPercentile(p);
  }

  static Duration simulated(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  static Instant wallNow() {
    return Instant.now();
  }
}
