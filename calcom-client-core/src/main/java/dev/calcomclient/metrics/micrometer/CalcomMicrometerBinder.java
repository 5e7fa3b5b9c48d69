package dev.calcomclient.metrics.micrometer;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.internal.Outcomes;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.webhook.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Micrometer meters for a {@code CalcomClient}, with stable resilience4j-style names. It is both the client's
 * listener (register it with {@code CalcomClient.builder().addListener(binder)}) and a {@link MeterBinder} (bind it
 * to one or more registries, before or after the client is built; events before the first binding are not counted).
 * Micrometer is an optional dependency of the core: only this package needs it on the classpath.
 *
 * <pre>{@code
 * CalcomMicrometerBinder metrics = new CalcomMicrometerBinder(Tags.of("client", "booking-service"));
 * CalcomClient client = CalcomClient.builder().apiKey(key).addListener(metrics).build();
 * metrics.monitor(client::stats).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Meters (tag values are lower-case and bounded: no keys, uids or ids):
 *
 * <ul>
 *   <li>{@code calcom.client.requests} timer {operation, outcome, status}: every request through the client;
 *       outcome is {@code success}, {@code client_error}, {@code server_error}, {@code rate_limited},
 *       {@code circuit_open}, {@code timeout}, {@code connection_error}, {@code decoding_error}, {@code invalid} or
 *       {@code error}; status is the HTTP status or {@code none}
 *   <li>{@code calcom.client.attempts} timer {operation, outcome, status}: every real HTTP attempt
 *   <li>{@code calcom.client.cache.gets} counter {tier = l1|l2, result = hit|miss}
 *   <li>{@code calcom.client.cache.stale} timer {reason = overloaded|unavailable}: slot lookups and alternative
 *       searches answered with cached days past their time to live (its count), and the age of the oldest such day
 *       of each answer (its durations)
 *   <li>{@code calcom.client.coalesced} counter {operation}: reads that joined a call in flight
 *   <li>{@code calcom.client.ratelimit.waits} timer {lane}, {@code calcom.client.ratelimit.rejections} counter
 *       {lane}, {@code calcom.client.ratelimit.pauses} counter (429 answers)
 *   <li>{@code calcom.client.ratelimit.available} gauge (tokens now) and
 *       {@code calcom.client.ratelimit.window.requests} gauge (attempts in the last 60 s): only with
 *       {@link #monitor}; the first is {@code NaN} when the limiter cannot tell;
 *       {@code calcom.client.ratelimit.paused.until} gauge (only with {@link #monitor}): while the credential is
 *       paused, the pause's end in epoch seconds, else 0
 *   <li>{@code calcom.client.circuit.state} gauge {group, state}: 1 for each group's current state, else 0;
 *       {@code calcom.client.circuit.transitions} counter {group, from, to}; {@code calcom.client.circuit.rejections}
 *       counter {group}
 *   <li>{@code calcom.client.retries} counter {operation}
 *   <li>{@code calcom.client.bookings.create.lookups} counter {found}
 *   <li>{@code calcom.client.invalidations} timer (duration of each), {@code calcom.client.invalidations.keys}
 *       distribution summary (keys per invalidation), {@code calcom.client.invalidations.queued} and
 *       {@code calcom.client.invalidations.dropped} counters
 *   <li>{@code calcom.client.webhooks} counter {result = verified|rejected, reason}
 *   <li>{@code calcom.client.decode.tolerated} counter {operation, field, kind}: fields of Cal.com's answers not
 *       as expected; kind {@code tolerated} (an optional field of an unexpected type, decoded as absent) or
 *       {@code left_out} (a list element left out because the field, an identity, was missing or malformed). The
 *       field is a JSON path from the model ({@code hosts[].id}), never a value
 * </ul>
 */
public final class CalcomMicrometerBinder implements MeterBinder, CalcomEventListener {
  /** The prefix of every meter name. */
  public static final String PREFIX = "calcom.client";

  private static final String NONE = "none";

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final Tags tags;
  private final Map<EndpointGroup, AtomicReference<CircuitState>> states = new EnumMap<>(EndpointGroup.class);
  private final AtomicReference<Supplier<ClientStats>> stats = new AtomicReference<>();

  /** A binder without common tags. */
  public CalcomMicrometerBinder() {
    this(Tags.empty());
  }

  /**
   * A binder adding {@code tags} (for example {@code client=booking-service}) to every meter.
   *
   * @param tags the tags
   */
  public CalcomMicrometerBinder(Iterable<Tag> tags) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    for (EndpointGroup group : EndpointGroup.values()) {
      AtomicReference<CircuitState> current = new AtomicReference<>(CircuitState.CLOSED);
      states.put(group, current);
      for (CircuitState state : CircuitState.values()) {
        Gauge.builder(PREFIX + ".circuit.state", current, c -> c.get() == state ? 1 : 0)
            .description("1 when the endpoint group's circuit breaker is in this state, else 0")
            .tags(this.tags)
            .tag("group", lower(group))
            .tag("state", lower(state))
            .strongReference(true)
            .register(registry);
      }
    }
    for (CacheTier tier : CacheTier.values()) {
      cacheGets(tier, "hit");
      cacheGets(tier, "miss");
    }
    for (StaleReason reason : StaleReason.values()) {
      staleAnswers(reason);
    }
  }

  /**
   * Reads the client's state for the gauges that events cannot give: rate-limit tokens available now and requests
   * in the last 60 s. Pass {@code client::stats}; called on every read of those gauges.
   *
   * @param clientStats the client stats
   * @return this binder
   */
  public CalcomMicrometerBinder monitor(Supplier<ClientStats> clientStats) {
    Objects.requireNonNull(clientStats, "clientStats");
    if (!stats.compareAndSet(null, clientStats)) {
      throw new IllegalStateException("this binder already monitors a client; use one binder per client");
    }
    Gauge.builder(
            PREFIX + ".ratelimit.available",
            this,
            b -> {
              ClientStats s = b.stats.get().get();
              return s.rateLimitAvailableTokens().isPresent() ? s.rateLimitAvailableTokens().getAsLong() : Double.NaN;
            })
        .description("rate-limit tokens available now for the client's credential")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            PREFIX + ".ratelimit.paused.until",
            this,
            b -> b.stats.get().get().rateLimitPausedUntil().map(t -> (double) t.getEpochSecond()).orElse(0.0))
        .description("while the credential is paused, when the pause ends (epoch seconds); 0 when not paused")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    Gauge.builder(PREFIX + ".ratelimit.window.requests", this, b -> b.stats.get().get().upstreamRequestsLast60s())
        .description("upstream requests sent in the last 60 seconds")
        .tags(tags)
        .strongReference(true)
        .register(registry);
    return this;
  }

  /** Adds {@code meterRegistry} to the registries this binder reports to. */
  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    registry.add(Objects.requireNonNull(meterRegistry, "meterRegistry"));
  }

  // ---- requests and attempts ----

  @Override
  public void requestEnd(CalcomRequest request, int status, Duration latency) {
    timer(".requests", "requests made through the client", request, Outcomes.of(status), String.valueOf(status))
        .record(latency);
  }

  @Override
  public void requestFailed(CalcomRequest request, Throwable failure, Duration latency) {
    timer(".requests", "requests made through the client", request, Outcomes.of(failure), Outcomes.status(failure))
        .record(latency);
  }

  @Override
  public void attemptEnd(CalcomRequest attempt, int status, Duration latency) {
    timer(".attempts", "HTTP attempts sent to Cal.com", attempt, Outcomes.of(status), String.valueOf(status))
        .record(latency);
  }

  @Override
  public void attemptFailed(CalcomRequest attempt, Throwable failure, Duration latency) {
    timer(".attempts", "HTTP attempts sent to Cal.com", attempt, Outcomes.of(failure), Outcomes.status(failure))
        .record(latency);
  }

  // ---- coalescer, limiter, breaker, retries ----

  @Override
  public void coalescedJoin(CalcomRequest request) {
    counter(".coalesced", "reads that joined an identical call in flight", "operation", lower(request.operation()))
        .increment();
  }

  @Override
  public void rateLimitWaited(CalcomRequest attempt, Duration waited) {
    Timer.builder(PREFIX + ".ratelimit.waits")
        .description("attempts that waited for a rate-limit token, and how long")
        .tags(tags)
        .tag("lane", lower(attempt.priority()))
        .register(registry)
        .record(waited);
  }

  @Override
  public void rateLimitRejected(CalcomRequest attempt, Duration retryAfter) {
    counter(".ratelimit.rejections", "attempts the local rate limiter refused", "lane", lower(attempt.priority()))
        .increment();
  }

  @Override
  public void rateLimitPaused(CalcomRequest attempt, Duration pause) {
    Counter.builder(PREFIX + ".ratelimit.pauses")
        .description("429 answers that paused the credential")
        .tags(tags)
        .register(registry)
        .increment();
  }

  @Override
  public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
    states.get(group).set(to);
    Counter.builder(PREFIX + ".circuit.transitions")
        .description("circuit breaker state transitions")
        .tags(tags)
        .tag("group", lower(group))
        .tag("from", lower(from))
        .tag("to", lower(to))
        .register(registry)
        .increment();
  }

  @Override
  public void circuitRejected(CalcomRequest request, Duration retryAfter) {
    counter(".circuit.rejections", "requests an open breaker refused", "group", lower(request.operation().group()))
        .increment();
  }

  @Override
  public void retryDecision(CalcomRequest failedAttempt, boolean retrying, String reason, Duration backoff) {
    if (retrying) {
      counter(".retries", "retry attempts scheduled", "operation", lower(failedAttempt.operation())).increment();
    }
  }

  @Override
  public void bookingCreateLookup(CalcomRequest create, boolean found) {
    counter(
            ".bookings.create.lookups",
            "lookups after an ambiguous booking create failure",
            "found",
            String.valueOf(found))
        .increment();
  }

  // ---- cache and invalidation ----

  @Override
  public void cacheHit(CacheTier tier, String key) {
    cacheGets(tier, "hit").increment();
  }

  @Override
  public void cacheMiss(CacheTier tier, String key) {
    cacheGets(tier, "miss").increment();
  }

  @Override
  public void answeredStale(Operation operation, StaleReason reason, Duration age) {
    staleAnswers(reason).record(age);
  }

  private Timer staleAnswers(StaleReason reason) {
    return Timer.builder(PREFIX + ".cache.stale")
        .description("answers served with cached days past their time to live, and the oldest such day's age")
        .tags(tags)
        .tag("reason", lower(reason))
        .register(registry);
  }

  @Override
  public void invalidated(int keys, Duration duration) {
    Timer.builder(PREFIX + ".invalidations")
        .description("cache invalidations caused by bookings, and how long each took")
        .tags(tags)
        .register(registry)
        .record(duration);
    DistributionSummary.builder(PREFIX + ".invalidations.keys")
        .description("cache keys dropped per invalidation")
        .baseUnit("keys")
        .tags(tags)
        .register(registry)
        .record(Math.max(0, keys));
  }

  @Override
  public void invalidationQueued(int keys) {
    Counter.builder(PREFIX + ".invalidations.queued")
        .description("invalidations queued because the shared tier or bus was unreachable")
        .tags(tags)
        .register(registry)
        .increment();
  }

  @Override
  public void invalidationDropped(int keys) {
    Counter.builder(PREFIX + ".invalidations.dropped")
        .description("queued invalidations dropped because the queue was full")
        .tags(tags)
        .register(registry)
        .increment();
  }

  // ---- decoding ----

  @Override
  public void decodeIssue(DecodeIssue issue) {
    Counter.builder(PREFIX + ".decode.tolerated")
        .description("fields of Cal.com's answers not as expected: decoded as absent, or their element left out")
        .tags(tags)
        .tag("operation", lower(issue.operation()))
        .tag("field", issue.field())
        .tag("kind", lower(issue.kind()))
        .register(registry)
        .increment(issue.count());
  }

  // ---- webhooks ----

  @Override
  public void webhookVerified(String triggerEvent) {
    webhooks("verified", NONE).increment();
  }

  @Override
  public void webhookRejected(String reason) {
    webhooks("rejected", webhookReason(reason)).increment();
  }

  // ---- helpers ----

  private Counter webhooks(String result, String reason) {
    return Counter.builder(PREFIX + ".webhooks")
        .description("webhook deliveries received")
        .tags(tags)
        .tag("result", result)
        .tag("reason", reason)
        .register(registry);
  }

  /** The reason as a bounded tag value: a known rejection reason, else {@code other}. */
  private static String webhookReason(String reason) {
    if (reason != null) {
      for (RejectionReason r : RejectionReason.values()) {
        if (r.name().equalsIgnoreCase(reason)) {
          return lower(r);
        }
      }
    }
    return "other";
  }

  private Counter cacheGets(CacheTier tier, String result) {
    return Counter.builder(PREFIX + ".cache.gets")
        .description("cache lookups per tier")
        .tags(tags)
        .tag("tier", lower(tier))
        .tag("result", result)
        .register(registry);
  }

  private Counter counter(String name, String description, String tagKey, String tagValue) {
    return Counter.builder(PREFIX + name)
        .description(description)
        .tags(tags)
        .tag(tagKey, tagValue)
        .register(registry);
  }

  private Timer timer(String name, String description, CalcomRequest request, String outcome, String status) {
    return Timer.builder(PREFIX + name)
        .description(description)
        .tags(tags)
        .tag("operation", lower(request.operation()))
        .tag("outcome", outcome)
        .tag("status", status)
        .register(registry);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
