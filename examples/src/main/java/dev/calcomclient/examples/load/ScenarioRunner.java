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
import java.util.concurrent.CyclicBarrier;
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
 * Runs one scenario for the three clients, each against its own FakeCalcom (its own key and throttler) with
 * Cal.com's rate limit, the PHP gateway's latency distributions and the scenario's time scale, then computes the
 * figures. The naive client and calcom-client run at the same time, as they always have; generic-stack runs the same
 * traffic (same seed) in a second pass on its own simulated clock, so that adding it does not add to the CPU
 * contention that calcom-client's simulated latencies are measured under (on 2 cores a third side's threads would).
 */
final class ScenarioRunner {
  static final String NAIVE = "naive";
  static final String CALCOM = "calcom-client";
  static final String GENERIC = "generic-stack";
  /** The sides of every scenario, in the order they appear in the report. */
  static final List<String> SIDES = List.of(NAIVE, GENERIC, CALCOM);

  private final long seed;
  private final double defaultScale;
  private final double multiInstanceScale;
  private final CalcomInstances.Provider multiInstance;
  private final java.nio.file.Path journalDir;

  /**
   * @param scale              the time scale of the scenarios with one calcom-client instance (and of scenario 4)
   * @param multiInstanceScale the time scale of the scenarios with several instances sharing layers
   * @param multiInstance      where several calcom-client instances get their shared layers from
   * @param journalDir         where to write each side's request journal as CSV, or null
   */
  ScenarioRunner(long seed, double scale, double multiInstanceScale, CalcomInstances.Provider multiInstance,
      java.nio.file.Path journalDir) {
    this.seed = seed;
    this.defaultScale = scale;
    this.multiInstanceScale = multiInstanceScale;
    this.multiInstance = multiInstance;
    this.journalDir = journalDir;
  }

  /**
   * The time scale {@code spec} runs at. Several instances sharing layers through Redis make every limiter take,
   * L2 read and coalescing lock a Redis round trip: compressing time multiplies their rate per wall second by the
   * scale (at x60 25 users make Redis serve what 1500 would), and every millisecond of a round trip or of a pause
   * of a busy machine shows as scale milliseconds of simulated latency. So they run at their own, lower scale.
   */
  double scaleFor(ScenarioSpec spec) {
    return spec.instances() > 1 && spec.kind() == ScenarioSpec.Kind.TRAFFIC ? multiInstanceScale : defaultScale;
  }

  /**
   * Loads and JIT-compiles the request path of both clients against a fake without latency or limit before the
   * first measured scenario; otherwise the first scenario's latencies carry class loading, multiplied by the scale.
   *
   * @param multiInstance also warm the shared layers of {@link #multiInstance} (Lettuce, the scripts),
   *     when the run has a scenario with several instances and the provider is available
   */
  void warmUp(boolean multiInstance) throws Exception {
    FakeCalcom fake = FakeCalcom.builder().withDefaultData().rateLimit(RateLimitPolicy.disabled()).build().start();
    // a fast clock, so calcom-client's limiter lets the warm-up through at once
    SimTime time = new SimTime(1000);
    OkHttpClient http = new OkHttpClient.Builder().addInterceptor(new SimTimeouts(time)).build();
    ScaledScheduler scheduler = new ScaledScheduler(1000, "warm-up-scheduler");
    List<LoadClient> clients = new ArrayList<>(List.of(new NaiveClient(fake.baseUrl(), fake.apiKey(), http),
        new GenericStackClient(1, fake.baseUrl(), fake.apiKey(), http, time),
        new CalcomLoadClient(CalcomInstances.Deployment.single(), fake.baseUrl(), fake.apiKey(), http, time,
            scheduler),
        new CalcomLoadClient(CalcomInstances.IN_PROCESS.create(2, time, scheduler), fake.baseUrl(), fake.apiKey(),
            http, time, scheduler)));
    if (multiInstance && this.multiInstance != CalcomInstances.IN_PROCESS
        && this.multiInstance.unavailable().isEmpty()) {
      clients.add(new CalcomLoadClient(this.multiInstance.create(2, time, scheduler), fake.baseUrl(), fake.apiKey(),
          http, time, scheduler));
    }
    try {
      LocalDate day = TrafficRunner.upcomingWorkdays(LocalDate.now(TrafficRunner.ZONE), 1).get(0);
      for (LoadClient c : clients) {
        for (int i = 0; i < 300; i++) {
          try {
            // a different day each time, so that calcom-client's cache misses and its whole path is warmed
            LocalDate d = day.plusDays(i % 60);
            c.forUser(i).availability("warm-up", 105, d.atStartOfDay(TrafficRunner.ZONE).toInstant(),
                d.plusDays(1).atStartOfDay(TrafficRunner.ZONE).toInstant(), TrafficRunner.ZONE);
            if (c.forUser(i) instanceof CalcomLoadClient.Instance calcom) {
              Alternatives.finder(calcom, new WarmUpUser(), 105, d.atTime(10, 0).atZone(TrafficRunner.ZONE)
                  .toInstant());
            }
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

  /** The three sides, in the order of {@link #SIDES}: naive and calcom-client together, then generic-stack. */
  List<SideResult> run(ScenarioSpec spec) throws Exception {
    LocalDate today = LocalDate.now(TrafficRunner.ZONE);
    List<SideResult> together = runTogether(spec, today, List.of(NAIVE, CALCOM));
    List<SideResult> alone = runTogether(spec, today, List.of(GENERIC));
    return List.of(together.get(0), alone.get(0), together.get(1));
  }

  /** Runs {@code names} at the same time on one simulated clock; their results in that order. */
  private List<SideResult> runTogether(ScenarioSpec spec, LocalDate today, List<String> names) throws Exception {
    double scale = scaleFor(spec);
    // the clock stands still while the sides set up, and all start their traffic at simulated second 0
    SimTime time = SimTime.paused(scale);
    CyclicBarrier ready = new CyclicBarrier(names.size(), time::start);
    ExecutorService sides = Executors.newFixedThreadPool(names.size());
    try {
      List<Future<SideResult>> running = new ArrayList<>();
      for (String side : names) {
        running.add(sides.submit(() -> runSide(spec, time, ready, today, side)));
      }
      List<SideResult> results = new ArrayList<>();
      for (Future<SideResult> f : running) {
        results.add(f.get());
      }
      return results;
    } finally {
      sides.shutdownNow();
    }
  }

  /** Whether a scenario can run with the current providers, or why not. */
  java.util.Optional<String> cannotRun(ScenarioSpec spec) {
    if (spec.instances() > 1 && spec.kind() == ScenarioSpec.Kind.TRAFFIC) {
      return multiInstance.unavailable().map(reason -> spec.instances() + " instances sharing one key need shared"
          + " layers: " + reason);
    }
    return java.util.Optional.empty();
  }

  /** The provider the scenario's calcom-client instances share layers through, or null for one plain instance. */
  String sharedLayers(ScenarioSpec spec) {
    if (spec.kind() == ScenarioSpec.Kind.BACKLOG) {
      return CalcomInstances.IN_PROCESS.name() + " (switchable bus and L2 for the outage)";
    }
    return spec.instances() > 1 ? multiInstance.name() : null;
  }

  /**
   * Sets up one side (its fake, its client), waits at {@code ready} for the other sides, then runs the traffic.
   * A side that fails to set up breaks the barrier, so that the others do not wait for it.
   */
  private SideResult runSide(ScenarioSpec spec, SimTime time, CyclicBarrier ready, LocalDate today, String side)
      throws Exception {
    try {
      return runSide(spec, time, today, side, ready);
    } catch (Exception | Error e) {
      ready.reset();
      throw e;
    }
  }

  private SideResult runSide(ScenarioSpec spec, SimTime time, LocalDate today, String side, CyclicBarrier ready)
      throws Exception {
    double scale = time.scale();
    FakeCalcom fake = FakeCalcom.builder()
        .withDefaultData()
        .timeScale(scale)
        .rateLimit(RateLimitPolicy.calcomDefaults())
        .latency(LatencyProfile.calcomLike().withSeed(seed))
        .keepEntireJournal() // the analysis reads every request of the run
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
    InvalidationPath path = null;
    LoadClient client = null;
    SideResult result = new SideResult(side);
    try {
      if (side.equals(NAIVE)) {
        client = new NaiveClient(fake.baseUrl(), fake.apiKey(), http);
      } else if (side.equals(GENERIC)) {
        // one stack per instance, as a team deploys it; the backlog's writer and reader are two instances
        client = new GenericStackClient(spec.kind() == ScenarioSpec.Kind.BACKLOG ? 2 : spec.instances(),
            fake.baseUrl(), fake.apiKey(), http, time);
      } else if (spec.kind() == ScenarioSpec.Kind.BACKLOG) {
        // two instances, A books and B reads, sharing a bus and an L2 that the scenario takes down and restores
        CalcomInstances.Shared base = CalcomInstances.IN_PROCESS.create(2, time, scheduler).instances().get(0);
        path = new InvalidationPath(base.bus(), base.remoteCache());
        client = new CalcomLoadClient(
            CalcomInstances.Deployment.same(2, base.withBus(path.bus()).withRemoteCache(path.remoteCache())),
            fake.baseUrl(), fake.apiKey(), http, time, scheduler);
      } else if (spec.instances() > 1) {
        client = new CalcomLoadClient(multiInstance.create(spec.instances(), time, scheduler), fake.baseUrl(),
            fake.apiKey(), http, time, scheduler);
      } else {
        client = new CalcomLoadClient(CalcomInstances.Deployment.single(), fake.baseUrl(), fake.apiKey(), http,
            time, scheduler);
      }
      Recorder recorder = new Recorder();
      ready.await(2, TimeUnit.MINUTES);
      long wallStart = System.nanoTime();
      double simStart = time.nowSeconds();
      if (spec.kind() == ScenarioSpec.Kind.BACKLOG) {
        fake.addApiKey(BacklogRunner.TRUTH_KEY, dev.calcomclient.testkit.DefaultDataset.ALICE_ID);
        NaiveClient truth = new NaiveClient(fake.baseUrl(), BacklogRunner.TRUTH_KEY, http, BacklogRunner.TRUTH_HEADER);
        LoadClient writer = client.forUser(0);
        LoadClient reader = client.forUser(1);
        dev.calcomclient.invalidate.Invalidator invalidator = writer instanceof CalcomLoadClient.Instance a
            ? a.client().invalidator() : null;
        new BacklogRunner(spec, time, writer, reader, invalidator, path, recorder, today).run(result, truth);
      } else {
        StaleOfferOracle oracle = client instanceof CalcomLoadClient c
            ? new StaleOfferOracle(fake, time, c.busLog()::events) : new StaleOfferOracle(fake, time);
        ExternalChurn churn = spec.externalChurn() > 0
            ? ExternalChurn.start(spec, seed, time, fake, client, recorder, oracle, today) : null;
        try {
          new TrafficRunner(spec, seed, time, client, recorder, today, oracle).run();
        } finally {
          if (churn != null) {
            churn.stop();
          }
        }
        result.staleOffers = oracle.staleOffers();
        if (client instanceof CalcomLoadClient c && c.instanceCount() > 1) {
          result.offersInBusWindow = oracle.offersInBusWindow();
          result.busDelivery = BusLog.deliverySummary(BusLog.deliveryDelays(c.busLog().events()), time.scale());
          result.publishAfterBooking = BusLog.deliverySummary(oracle.publishLags(), time.scale());
        }
        result.missedOffers = oracle.missedOffers();
        result.truthOffers = oracle.truthOffers();
        if (journalDir != null) {
          JournalDump.writeStale(journalDir, spec.name() + "-" + side, oracle.details(), fake.journal(),
              client instanceof CalcomLoadClient c ? c.busLog().events() : List.of(), time);
        }
        if (churn != null) {
          result.staleOffersAfterWebhook = oracle.staleOffersAfterWebhook();
          result.silentStaleOffers = oracle.silentStaleOffers();
          result.staleOfferMaxAgeS = oracle.staleOfferMaxAgeSeconds();
          result.staleOfferTtlS = oracle.staleOfferTtlSeconds();
        }
      }
      result.simulatedSeconds = time.nowSeconds() - simStart;
      result.wallSeconds = (System.nanoTime() - wallStart) / 1e9;
      // the naive client keeps no state: N instances of it behave as one
      result.instances = spec.kind() == ScenarioSpec.Kind.BACKLOG && client instanceof NaiveClient ? 1
          : spec.instances();
      if (client instanceof GenericStackClient g) {
        result.instances = g.instanceCount();
      }
      if (client instanceof CalcomLoadClient c) {
        result.instances = c.instanceCount();
        result.answerSources = c.answerSources();
        result.statsReports = c.statsReports();
      }
      analyse(spec, time, fake, client, recorder, result);
      if (journalDir != null) {
        JournalDump.write(journalDir, spec.name() + "-" + side, fake.journal(), recorder.ops(), time);
      }
    } finally {
      if (client != null) {
        client.close();
      }
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
    List<Recorder.Read> reads = recorder.reads();
    r.logicalReads = reads.size();
    r.answeredReads = reads.stream().filter(Recorder.Read::answered).count();
    r.hitRatio = j.hitRatio(reads, 0, Double.MAX_VALUE);
    r.hitRatioFirstMinute = j.hitRatio(reads, 0, 60);
    r.hitRatioLastMinute = j.hitRatio(reads, Math.max(0, duration - 60), Double.MAX_VALUE);
    r.duplicatesPrevented = j.duplicatesPrevented(lookups, 0, Double.MAX_VALUE);
    r.duplicatesPreventedFirst2Min = j.duplicatesPrevented(lookups, 0, 120);
    r.windowSeries = j.windowSeries(duration);
    r.hitRatioSeries = j.hitRatioSeries(reads, duration);
    r.hitRatioReached60AtMinute = JournalAnalysis.firstMinuteReaching(r.hitRatioSeries, 0.60);
    r.upstreamByEndpoint = j.countsByEndpoint();
    Map<Long, Set<Long>> hosts = new java.util.HashMap<>();
    fake.eventTypes().forEach(et -> hosts.put(et.id(), Set.copyOf(et.hostIds())));
    Map<String, Double> answeredAt = new java.util.HashMap<>();
    recorder.ops().stream().filter(o -> o.op() == Op.BOOK)
        .forEach(o -> answeredAt.put(o.id() + "@load.test", o.simEnd()));
    if (!(client instanceof NaiveClient)) {
      r.slotRequestAccount = j.slotRequestAccount(hosts, answeredAt);
      r.slotRequestCauses = r.slotRequestAccount.causes();
    }
    // calcom-client sends no operation id; the other two send it in a header
    JournalAnalysis.Attribution attribution = client instanceof CalcomLoadClient
        ? JournalAnalysis.Attribution.BY_TIME_AND_RANGE : JournalAnalysis.Attribution.EXACT_HEADER;
    List<OpRecord> ops = recorder.ops();
    overload(r, j, client, ops, hosts, answeredAt, duration);
    r.alternativesUpstreamMax = j.alternativesUpstreamMax(ops, attribution);
    if (r.alternativesUpstreamMax != null) {
      r.alternativesAttribution = attribution.description;
    }
    r.alternativesUpstreamMaxClientReported = ops.stream().filter(o -> o.op() == Op.ALTERNATIVES)
        .filter(o -> o.clientUpstreamCalls() >= 0).map(OpRecord::clientUpstreamCalls).max(Integer::compare)
        .orElse(null);
    List<Integer> invalidated = new ArrayList<>(client.invalidatedKeysPerBooking());
    if (invalidated.isEmpty()) {
      r.keysInvalidatedNote = client instanceof NaiveClient
          ? "no cache, nothing to invalidate (the PHP gateway deleted 340 keys per booking)"
          : "no booking was invalidated";
    } else {
      Collections.sort(invalidated);
      r.keysInvalidatedPerBookingMedian = (double) invalidated.get(invalidated.size() / 2);
      r.keysInvalidatedNote = "the client's own figure by nature: slot tags (event type x UTC day) per"
          + " CalcomEventListener.invalidated event, " + invalidated.size() + " events";
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
      if (o.error() != null) {
        List<String> examples = r.failureExamples.computeIfAbsent(
            o.outcome().name().toLowerCase(java.util.Locale.ROOT), k -> new ArrayList<>());
        if (examples.size() < 3) {
          examples.add(o.error());
        }
      }
    }
    r.bookingConflicts = ops.stream().filter(o -> o.op() == Op.BOOK && o.outcome() == Outcome.CONFLICT).count();
    r.breakerOpens = client.breakerOpens();
    r.breakerOpensByGroup = client.breakerOpensByGroup();
    List<Recorder.MadeBooking> made = recorder.bookings();
    r.bookingsAcknowledged = made.size();
    r.bookingsCreatedUpstream = j.bookingsCreatedUpstream();
    // bookings that exist although the client reported the create as failed (the harness's attendee email is the
    // operation id)
    Set<String> failedCreates = ops.stream().filter(o -> o.op() == Op.BOOK && o.outcome().isFailure())
        .map(o -> o.id() + "@load.test").collect(Collectors.toSet());
    r.bookingsCreatedButReportedFailed = fake.bookings().stream()
        .filter(b -> b.status() == FakeBookingStatus.ACCEPTED && failedCreates.contains(b.attendeeEmail())).count();
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

  /**
   * Issue 18's figures: the median upstream requests per saturated minute, local refusals by operation, those
   * refused while the cache held their days (calcom-client), answers served stale under overload.
   */
  private static void overload(SideResult r, JournalAnalysis j, LoadClient client, List<OpRecord> ops,
      Map<Long, Set<Long>> hosts, Map<String, Double> answeredAt, double duration) {
    OverloadAnalysis.Saturation saturation =
        OverloadAnalysis.saturation(j.requestTimes(), client.budgetShortfalls(), duration);
    r.saturatedMinutes = saturation.perMinute();
    r.upstreamPerMinuteWhenSaturated = saturation.median();
    r.upstreamIn60sBeforeShortfallMedian =
        OverloadAnalysis.trailingWindowMedian(j.requestTimes(), client.budgetShortfalls());
    Map<String, Long> refusals = new LinkedHashMap<>();
    for (OpRecord o : ops) {
      if (o.outcome() == Outcome.LOCAL_RATE_LIMIT) {
        refusals.merge(o.op().label, 1L, Long::sum);
      }
    }
    r.localRefusalsByOperation = refusals;
    if (client instanceof CalcomLoadClient calcom) {
      // L1, and L2 for the other instances, keep a day for the stale window past its lifetime: any instance can
      // answer a day under overload until the shortest lifetime (an empty day's) plus that window after any
      // instance fetched it
      dev.calcomclient.cache.CacheConfig defaults = dev.calcomclient.cache.CacheConfig.defaults();
      double held = defaults.ttlPolicy()
          .ttl(java.time.LocalDate.now(java.time.ZoneOffset.UTC), 0, java.time.Instant.now())
          .plus(defaults.staleIfOverloadedMaxStaleness()).toSeconds();
      r.refusedWhileCached = OverloadAnalysis.refusedWhileHeld(j.calls(), j.requestTimes(), ops, hosts, answeredAt,
          calcom.createsOnWire(), held, calcom.slotAnswers(), calcom.l2Record());
    }
    // generic-stack asks its cache before its limiter, so it never refuses an answer it holds, and a day fetched
    // for another range is no answer to it: not measured
    r.staleAnswersUnderOverload = client.staleAnswersUnderOverload();
  }

  /** Combined latency of every successful operation. */
  static Double overallPercentile(SideResult r, double p) {
    Histogram all = new Histogram(3_600_000L, 3);
    r.latency.values().forEach(all::add);
    return all.getTotalCount() == 0 ? null : (double) all.getValueAtPercentile(p);
  }

  /** A virtual user for the warm-up's alternative searches. */
  private static final class WarmUpUser implements Alternatives.UserContext {
    @Override
    public List<Instant> lookup(String opId, long eventTypeId, Instant start, Instant end) {
      return List.of();
    }

    @Override
    public java.time.ZoneId zone() {
      return TrafficRunner.ZONE;
    }
  }

  static Duration simulated(double seconds) {
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  static Instant wallNow() {
    return Instant.now();
  }
}
