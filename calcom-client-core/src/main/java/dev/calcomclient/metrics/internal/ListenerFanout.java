package dev.calcomclient.metrics.internal;

import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends every event to each registered listener in order; a listener that throws is logged and skipped. */
public final class ListenerFanout implements CalcomEventListener {
  private static final Logger log = LoggerFactory.getLogger(ListenerFanout.class);

  private final List<CalcomEventListener> listeners;

  /** Creates a fan-out over {@code listeners}. */
  public ListenerFanout(List<CalcomEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  private void each(Consumer<CalcomEventListener> event) {
    for (CalcomEventListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        log.warn("CalcomEventListener {} threw; the call goes on", l.getClass().getName(), e);
      }
    }
  }

  @Override
  public void requestStart(CalcomRequest r) {
    each(l -> l.requestStart(r));
  }

  @Override
  public void requestEnd(CalcomRequest r, int status, Duration latency) {
    each(l -> l.requestEnd(r, status, latency));
  }

  @Override
  public void requestFailed(CalcomRequest r, Throwable failure, Duration latency) {
    each(l -> l.requestFailed(r, failure, latency));
  }

  @Override
  public void attemptStart(CalcomRequest a) {
    each(l -> l.attemptStart(a));
  }

  @Override
  public void attemptEnd(CalcomRequest a, int status, Duration latency) {
    each(l -> l.attemptEnd(a, status, latency));
  }

  @Override
  public void attemptFailed(CalcomRequest a, Throwable failure, Duration latency) {
    each(l -> l.attemptFailed(a, failure, latency));
  }

  @Override
  public void coalescedJoin(CalcomRequest r) {
    each(l -> l.coalescedJoin(r));
  }

  @Override
  public void rateLimitWaited(CalcomRequest a, Duration waited) {
    each(l -> l.rateLimitWaited(a, waited));
  }

  @Override
  public void rateLimitRejected(CalcomRequest a, Duration retryAfter) {
    each(l -> l.rateLimitRejected(a, retryAfter));
  }

  @Override
  public void rateLimitPaused(CalcomRequest a, Duration pause) {
    each(l -> l.rateLimitPaused(a, pause));
  }

  @Override
  public void circuitStateChanged(EndpointGroup group, CircuitState from, CircuitState to) {
    each(l -> l.circuitStateChanged(group, from, to));
  }

  @Override
  public void circuitRejected(CalcomRequest r, Duration retryAfter) {
    each(l -> l.circuitRejected(r, retryAfter));
  }

  @Override
  public void retryDecision(CalcomRequest a, boolean retrying, String reason, Duration backoff) {
    each(l -> l.retryDecision(a, retrying, reason, backoff));
  }

  @Override
  public void bookingCreateLookup(CalcomRequest create, boolean found) {
    each(l -> l.bookingCreateLookup(create, found));
  }

  @Override
  public void cacheHit(CacheTier tier, String key) {
    each(l -> l.cacheHit(tier, key));
  }

  @Override
  public void cacheMiss(CacheTier tier, String key) {
    each(l -> l.cacheMiss(tier, key));
  }

  @Override
  public void answeredFromCache(Operation operation) {
    each(l -> l.answeredFromCache(operation));
  }

  @Override
  public void answeredStale(Operation operation, StaleReason reason, Duration age) {
    each(l -> l.answeredStale(operation, reason, age));
  }

  @Override
  public void invalidated(int keys, Duration duration) {
    each(l -> l.invalidated(keys, duration));
  }

  @Override
  public void invalidationQueued(int keys) {
    each(l -> l.invalidationQueued(keys));
  }

  @Override
  public void invalidationDropped(int keys) {
    each(l -> l.invalidationDropped(keys));
  }

  @Override
  public void webhookVerified(String triggerEvent) {
    each(l -> l.webhookVerified(triggerEvent));
  }

  @Override
  public void webhookRejected(String reason) {
    each(l -> l.webhookRejected(reason));
  }

  @Override
  public void decodeIssue(DecodeIssue issue) {
    each(l -> l.decodeIssue(issue));
  }
}
