package dev.calcomclient.spring.boot;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The client's health, independent of Actuator (the starter adapts it to Boot's {@code HealthIndicator} named
 * {@code calcom}). It is also a listener of the client, to see 429 pauses, and can watch an invalidation bus.
 *
 * <p>{@link #isDown()} is true only when no call can reach Cal.com: every endpoint group's circuit is open. A credential
 * paused after a 429, an unreachable Redis (the client falls back to its local budget share and flushes its L1) and
 * an invalidation backlog are reported in the details but leave the client UP: calls still succeed or wait. Details
 * hold no secret: the credential appears as its hash id only.
 */
public class CalcomHealth implements CalcomEventListener {
  private final Supplier<CalcomClient> client;
  private final Clock clock;
  private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
  private final AtomicReference<Boolean> busConnected = new AtomicReference<>(null);

  /**
   * @param client the client, looked up when health is asked for (it is built after this listener)
   * @param clock the clock pauses are measured on
   */
  public CalcomHealth(Supplier<CalcomClient> client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void rateLimitPaused(CalcomRequest attempt, Duration pause) {
    Instant until = clock.instant().plus(pause);
    pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
  }

  /**
   * Follows the connection of {@code bus} (connected until it reports otherwise).
   *
   * @param bus the invalidation bus the client uses
   * @return the subscription; close it to stop watching
   */
  public AutoCloseable watch(InvalidationBus bus) {
    busConnected.set(true);
    return bus.subscribe(
        new InvalidationBus.Subscriber() {
          @Override
          public void onMessage(InvalidationMessage message) {}

          @Override
          public void connectionLost() {
            busConnected.set(false);
          }

          @Override
          public void connectionRestored() {
            busConnected.set(true);
          }
        });
  }

  /**
   * @return whether no call can reach Cal.com (every circuit open)
   */
  public boolean isDown() {
    Map<EndpointGroup, CircuitState> states = client.get().stats().circuitStates();
    return !states.isEmpty()
        && states.size() == EndpointGroup.values().length
        && states.values().stream().allMatch(s -> s == CircuitState.OPEN);
  }

  /**
   * @return the details: circuits, rate limit pause, bus, invalidation backlog, credential id and base URL
   */
  public Map<String, Object> details() {
    CalcomClient c = client.get();
    ClientStats stats = c.stats();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("baseUrl", c.baseUrl());
    d.put("credentialId", c.credentialId());
    Map<String, String> circuits = new LinkedHashMap<>();
    stats.circuitStates().forEach((g, s) -> circuits.put(lower(g), lower(s)));
    d.put("circuits", circuits);
    Instant until = pausedUntil.get();
    boolean paused = until.isAfter(clock.instant());
    Map<String, Object> rateLimit = new LinkedHashMap<>();
    rateLimit.put("paused", paused);
    if (paused) {
      rateLimit.put("pausedUntil", until.toString());
    }
    rateLimit.put("requestsLast60s", stats.upstreamRequestsLast60s());
    rateLimit.put("budget", stats.rateLimitBudget());
    stats.rateLimitAvailableTokens().ifPresent(t -> rateLimit.put("availableTokens", t));
    d.put("rateLimit", rateLimit);
    Boolean bus = busConnected.get();
    d.put("invalidationBus", bus == null ? "none" : bus ? "connected" : "disconnected");
    try {
      Invalidator invalidator = c.invalidator();
      d.put("invalidationBacklog", invalidator.backlog());
    } catch (IllegalStateException cacheDisabled) {
      // Without a cache there is nothing to invalidate, hence no backlog.
    }
    d.put("invalidationsDropped", stats.invalidations().dropped());
    return d;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "CalcomHealth";
  }
}
