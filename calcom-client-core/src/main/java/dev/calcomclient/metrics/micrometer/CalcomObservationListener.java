package dev.calcomclient.metrics.micrometer;

import dev.calcomclient.CalcomApiException;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.internal.Outcomes;
import dev.calcomclient.pipeline.CalcomRequest;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes every request through a {@code CalcomClient} a Micrometer {@link Observation} named
 * {@value #OBSERVATION_NAME}, which Micrometer Tracing turns into a span and a default meter handler into a timer.
 * Register it as a listener; it works with or without Spring Boot:
 *
 * <pre>{@code
 * CalcomClient client = CalcomClient.builder()
 *     .apiKey(key)
 *     .addListener(new CalcomObservationListener(observationRegistry))
 *     .build();
 * }</pre>
 *
 * <p>Low-cardinality key values only: {@code operation} (for example {@code slots_find}), {@code outcome} (the same
 * values as the {@code calcom.client.requests} timer of {@link CalcomMicrometerBinder}) and {@code status} (the HTTP
 * status or {@code none}). No path, id, uid or credential is recorded.
 *
 * <p>Trace context across the client's own asynchronous hops: the observation is created, with the caller's current
 * observation as its parent, on the thread that makes the call, before any layer runs; it is stopped on whichever
 * thread completes the call (an OkHttp dispatcher thread, the client's scheduler after a rate-limit wait or retry
 * backoff, or the thread of the call a coalesced read joined). So a call that waits on the scheduler, retries, or
 * shares another caller's upstream request is still a child of the span that made it, and two callers that coalesce
 * onto one upstream request each get their own child span under their own parent. A read that joined another's
 * call carries the event {@code calcom.coalesced}.
 *
 * <p>Micrometer's observation API ({@code io.micrometer:micrometer-observation}) is an optional dependency of the
 * core: only this class needs it.
 */
public final class CalcomObservationListener implements CalcomEventListener {
  /** The observation's name. */
  public static final String OBSERVATION_NAME = "calcom.client.request";

  private static final Observation.Event COALESCED = Observation.Event.of("calcom.coalesced");

  private final ObservationRegistry registry;
  // CalcomRequest has identity equality: each request through the client is one key from start to end.
  private final Map<CalcomRequest, Observation> inFlight = new ConcurrentHashMap<>();

  /**
   * Observes calls in {@code registry}.
   *
   * @param registry where observations are made; {@link ObservationRegistry#NOOP} makes none
   * @throws NullPointerException when {@code registry} is null
   */
  public CalcomObservationListener(ObservationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void requestStart(CalcomRequest request) {
    if (registry.isNoop()) {
      return;
    }
    String operation = request.operation().name().toLowerCase(Locale.ROOT);
    Observation observation =
        Observation.createNotStarted(OBSERVATION_NAME, registry)
            .parentObservation(registry.getCurrentObservation())
            .contextualName("calcom " + operation)
            .lowCardinalityKeyValue("operation", operation)
            .start();
    inFlight.put(request, observation);
  }

  @Override
  public void coalescedJoin(CalcomRequest request) {
    Observation observation = inFlight.get(request);
    if (observation != null) {
      observation.event(COALESCED);
    }
  }

  @Override
  public void requestEnd(CalcomRequest request, int status, Duration latency) {
    Observation observation = inFlight.remove(request);
    if (observation != null) {
      observation
          .lowCardinalityKeyValue(KeyValue.of("outcome", Outcomes.of(status)))
          .lowCardinalityKeyValue(KeyValue.of("status", String.valueOf(status)))
          .stop();
    }
  }

  @Override
  public void requestFailed(CalcomRequest request, Throwable failure, Duration latency) {
    Observation observation = inFlight.remove(request);
    if (observation != null) {
      if (!(failure instanceof CalcomApiException api && api.status() < 500)) {
        observation.error(failure);
      }
      observation
          .lowCardinalityKeyValue(KeyValue.of("outcome", Outcomes.of(failure)))
          .lowCardinalityKeyValue(KeyValue.of("status", Outcomes.status(failure)))
          .stop();
    }
  }

  @Override
  public String toString() {
    return "CalcomObservationListener{inFlight=" + inFlight.size() + "}";
  }
}
