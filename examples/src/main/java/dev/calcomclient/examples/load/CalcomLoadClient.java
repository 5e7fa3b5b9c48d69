package dev.calcomclient.examples.load;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.EndpointGroup;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;

/**
 * calcom-client with every layer on (rate limiter, breaker, retry, coalescer, two-tier slot cache, smart
 * invalidator, alternative finder), on the scenario's simulated clock and scheduler: one instance, or several on
 * one key sharing what {@link CalcomInstances} gives them. Virtual user {@code u} talks to instance
 * {@code u % instances} ({@link #forUser}).
 */
final class CalcomLoadClient implements LoadClient {
  private final List<CalcomClient> clients;
  private final List<Instance> instances;
  private final CalcomInstances.Deployment deployment;
  private final BusLog busLog;
  private final AtomicLong breakerOpens = new AtomicLong();
  private final Map<String, Long> opensByGroup = new ConcurrentHashMap<>();
  private final List<Integer> invalidatedKeys = Collections.synchronizedList(new ArrayList<>());
  private final Map<SlotsSource, AtomicLong> sources = new EnumMap<>(SlotsSource.class);
  private final List<Double> shortfalls = Collections.synchronizedList(new ArrayList<>());
  private final List<OverloadAnalysis.SlotAnswer> slotAnswers = Collections.synchronizedList(new ArrayList<>());
  private final L2Log l2Log;
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  /** When an instance received Cal.com's answer to each create (its last attempt), by attendee email. */
  private final Map<String, Double> createsOnWire = new ConcurrentHashMap<>();
  /** Where this thread's last answer came from (for the stale-offer diagnosis), or null. */
  private static final ThreadLocal<String> LAST_SOURCE = new ThreadLocal<>();

  CalcomLoadClient(CalcomInstances.Deployment deployment, String baseUrl, String apiKey, OkHttpClient http,
      SimTime time, ScaledScheduler scheduler) {
    for (SlotsSource s : SlotsSource.values()) {
      sources.put(s, new AtomicLong());
    }
    CalcomEventListener listener = new CalcomEventListener() {
      @Override
      public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
        if (to == CircuitState.OPEN) {
          breakerOpens.incrementAndGet();
          opensByGroup.merge(group.name().toLowerCase(Locale.ROOT), 1L, Long::sum);
        }
      }

      @Override
      public void invalidated(int keys, Duration duration) {
        invalidatedKeys.add(keys);
      }

      @Override
      public void rateLimitWaited(dev.calcomclient.pipeline.CalcomRequest attempt, Duration waited) {
        shortfall(attempt);
      }

      @Override
      public void rateLimitRejected(dev.calcomclient.pipeline.CalcomRequest attempt, Duration retryAfter) {
        shortfall(attempt);
      }

      /**
       * A caller's call waited or was refused for lack of budget. Background work (refresh-ahead, event-type loads)
       * also waits for its pace (100 a minute after 10 at once) while the key's budget has room: that is the pace
       * working, not a saturated minute, so it is not counted.
       */
      private void shortfall(dev.calcomclient.pipeline.CalcomRequest attempt) {
        if (attempt.priority() != dev.calcomclient.pipeline.Priority.BACKGROUND) {
          shortfalls.add(time.nowSeconds());
        }
      }

      @Override
      public void attemptEnd(dev.calcomclient.pipeline.CalcomRequest attempt, int status, Duration latency) {
        if ("/v2/bookings".equals(attempt.path()) && attempt.method() == dev.calcomclient.pipeline.HttpMethod.POST
            && attempt.body() != null) {
          try {
            String email = JSON.readTree(attempt.body()).path("attendee").path("email").asText("");
            if (!email.isEmpty()) {
              createsOnWire.put(email, time.nowSeconds());
            }
          } catch (java.io.IOException e) {
            // not a create the harness sent
          }
        }
        if ("/v2/slots".equals(attempt.path()) && status >= 200 && status < 300) {
          slotAnswers.add(OverloadAnalysis.SlotAnswer.of(OverloadAnalysis.slotsKey(
              attempt.queryParameter("eventTypeId"), attempt.queryParameter("start"), attempt.queryParameter("end")),
              time.nowSeconds(), latency.toNanos() / 1e9));
        }
      }
    };
    this.deployment = deployment;
    this.busLog = new BusLog(time);
    this.l2Log = new L2Log(time);
    this.clients = List.copyOf(CalcomInstances.build(observed(deployment, l2Log), baseUrl, apiKey, http, time,
        scheduler, listener,
        busLog,
        b -> b));
    List<Instance> views = new ArrayList<>();
    for (int i = 0; i < clients.size(); i++) {
      views.add(new Instance(i));
    }
    this.instances = List.copyOf(views);
  }

  @Override
  public String name() {
    return ScenarioRunner.CALCOM;
  }

  int instanceCount() {
    return clients.size();
  }

  /** Instance {@code i}'s view. */
  Instance instance(int i) {
    return instances.get(i);
  }

  @Override
  public LoadClient forUser(int user) {
    return instances.get(Math.floorMod(user, instances.size()));
  }

  @Override
  public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone) {
    return instances.get(0).availability(opId, eventTypeId, start, end, zone);
  }

  @Override
  public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
      ZoneId zone) {
    return instances.get(0).book(opId, eventTypeId, start, attendeeName, attendeeEmail, zone);
  }

  @Override
  public long breakerOpens() {
    return breakerOpens.get();
  }

  @Override
  public Map<String, Long> breakerOpensByGroup() {
    return Map.copyOf(opensByGroup);
  }

  @Override
  public List<Integer> invalidatedKeysPerBooking() {
    synchronized (invalidatedKeys) {
      return List.copyOf(invalidatedKeys);
    }
  }

  /** {@code deployment} with each instance's L2 (if any) observed by {@code log}; what it closes is unchanged. */
  private static CalcomInstances.Deployment observed(CalcomInstances.Deployment deployment, L2Log log) {
    List<CalcomInstances.Shared> instances = new ArrayList<>();
    for (CalcomInstances.Shared s : deployment.instances()) {
      instances.add(s.remoteCache() == null ? s : s.withRemoteCache(log.observe(s.remoteCache())));
    }
    return new CalcomInstances.Deployment(instances, deployment.resources());
  }

  /** When an instance received Cal.com's answer to each create (its last attempt), by attendee email. */
  Map<String, Double> createsOnWire() {
    return Map.copyOf(createsOnWire);
  }

  /** When the shared L2 (if any) took each fill and invalidation. */
  L2Log.Record l2Record() {
    return l2Log.record();
  }

  /**
   * When every instance sent and received each 2xx answer of {@code GET /v2/slots} (the listener's attemptEnd, after
   * the rate limiter: its latency is the attempt's time on the way).
   */
  List<OverloadAnalysis.SlotAnswer> slotAnswers() {
    synchronized (slotAnswers) {
      return List.copyOf(slotAnswers);
    }
  }

  /** The limiter's waits and refusals (the listener's rateLimitWaited and rateLimitRejected), simulated seconds. */
  @Override
  public List<Double> budgetShortfalls() {
    synchronized (shortfalls) {
      return List.copyOf(shortfalls);
    }
  }

  /**
   * Answers the instances served stale because no rate-limit token came in time (issue 18), summed over the
   * instances: {@code stats().cache().staleAnswers(StaleReason.OVERLOADED)} of each instance (availability checks
   * and alternatives searches alike).
   */
  @Override
  public Long staleAnswersUnderOverload() {
    return clients.stream()
        .mapToLong(c -> c.stats().cache().staleAnswers(dev.calcomclient.model.StaleReason.OVERLOADED))
        .sum();
  }

  /** How many availability answers came from L1, L2, upstream or stale (the client's own figure). */
  Map<String, Long> answerSources() {
    Map<String, Long> m = new java.util.LinkedHashMap<>();
    sources.forEach((k, v) -> m.put(k.name().toLowerCase(Locale.ROOT), v.get()));
    return m;
  }

  /** What the bus carried between the instances (nothing with one instance). */
  BusLog busLog() {
    return busLog;
  }

  /** Where the current thread's last answer came from (instance, sources by day), or null; read once. */
  static String takeLastSource() {
    String s = LAST_SOURCE.get();
    LAST_SOURCE.remove();
    return s;
  }

  /** The instances' own statistics reports ({@code client.stats().toReport()}), for the report's appendix. */
  List<String> statsReports() {
    return clients.stream().map(c -> c.stats().toReport()).toList();
  }

  @Override
  public void close() {
    clients.forEach(CalcomClient::close);
    if (deployment.resources() != null) {
      try {
        deployment.resources().close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the shared layers failed", e);
      }
    }
  }

  /** One instance, as a {@link LoadClient}. */
  final class Instance implements LoadClient {
    private final int index;

    private Instance(int index) {
      this.index = index;
    }

    CalcomClient client() {
      return clients.get(index);
    }

    /** This instance's index among the side's instances. */
    int index() {
      return index;
    }

    @Override
    public String name() {
      return ScenarioRunner.CALCOM;
    }

    @Override
    public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone) {
      SlotQuery query = SlotQuery.forEventType(eventTypeId).between(start, end).timeZone(zone).build();
      SlotsResult result = client().slots().find(query);
      sources.get(result.source()).incrementAndGet();
      LAST_SOURCE.set("instance " + index + ", by local day " + result.sourceByDay());
      return result.all().stream().map(Slot::startInstant).toList();
    }

    @Override
    public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
        ZoneId zone) {
      CreateBookingRequest request = CreateBookingRequest.builder()
          .eventTypeId(eventTypeId)
          .start(start)
          .attendee(Attendee.withEmail(attendeeName, attendeeEmail, zone))
          .build();
      return client().bookings().create(request).uid();
    }

    /** The alternative finder: {@code client.alternatives().find(...)}. */
    dev.calcomclient.alternatives.Alternatives alternatives(long eventTypeId, Instant desiredStart, ZoneId zone,
        int count, Duration horizon) {
      AlternativeOptions options = AlternativeOptions.builder().timeZone(zone).count(count).horizon(horizon).build();
      dev.calcomclient.alternatives.Alternatives found = client().alternatives().find(eventTypeId, desiredStart,
          options);
      LAST_SOURCE.set("instance " + index + ", alternative finder, upstream calls " + found.upstreamCalls());
      return found;
    }

    @Override
    public void close() {
      // the side owns the instances
    }
  }
}
