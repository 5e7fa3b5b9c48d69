package dev.calcomclient.breaker.internal;

import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.pipeline.EndpointGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The breaker of one endpoint group: CLOSED counts consecutive failures, OPEN rejects until its duration has
 * passed on the injected {@link Clock}, HALF_OPEN lets {@code successThreshold} trial calls through at a time.
 *
 * <p><b>Why not Failsafe</b> (checked against Failsafe 3.3.2, the latest 3.x, its jar and its source): its
 * {@code CircuitBreaker} cannot run on the injected clock. {@code dev.failsafe.internal.OpenState} records
 * {@code System.nanoTime()} when the breaker opens and compares {@code System.nanoTime()} against the delay in
 * {@code tryAcquirePermit()} and {@code getRemainingDelay()}; the time-based failure window
 * ({@code TimedCircuitStats}) reads {@code System.currentTimeMillis()} through a package-private {@code Clock} that
 * the builder does not expose; and {@code ExecutionImpl} stamps executions with {@code Instant.now()}. There is no
 * clock or ticker option (upstream issue failsafe-lib/failsafe#357, "Make CircuitBreaker delay time mockable",
 * is open). The load scenarios and the tests run the client in simulated time (a scaled or manual clock and
 * scheduler), where the open-to-half-open transition must follow the client's clock, so a Failsafe breaker would
 * stay open for real seconds while simulated minutes pass. Failsafe can schedule retry delays on a given
 * {@code ScheduledExecutorService}, but its execution times (and so {@code withMaxDuration}) are system time while
 * the retry layer's budget is the call's deadline on the client's clock; with the breaker hand-written, the retry
 * (one backoff and one deadline check, see {@code RetryLayer}) stays hand-written too. Revisit both when Failsafe
 * takes a clock.
 *
 * <p>Every call carries the generation it was admitted in; an outcome from an older generation (a call
 * admitted before the breaker last changed state) is not counted, so stragglers cannot close or reopen it.
 */
final class EndpointCircuitBreaker {
  /** Told about every state change, outside the breaker's lock. */
  interface TransitionListener {
    void onTransition(EndpointGroup group, CircuitState from, CircuitState to);
  }

  private final EndpointGroup group;
  private final CircuitBreakerConfig config;
  private final Clock clock;
  private final TransitionListener listener;

  private CircuitState state = CircuitState.CLOSED;
  private long generation;
  private int consecutiveFailures;
  private int trialSuccesses;
  private int trialsInFlight;
  private Instant openedAt;

  EndpointCircuitBreaker(
      EndpointGroup group, CircuitBreakerConfig config, Clock clock, TransitionListener listener) {
    this.group = group;
    this.config = config;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Admits a call or throws {@link CircuitOpenException}.
   *
   * @return the generation to pass to {@link #onSuccess}, {@link #onFailure} or {@link #onIgnored}
   */
  long acquire() {
    CircuitState from;
    CircuitState to;
    long admitted;
    synchronized (this) {
      from = state;
      Instant now = clock.instant();
      halfOpenIfDue(now);
      switch (state) {
        case OPEN:
          admitted = -1;
          break;
        case HALF_OPEN:
          if (trialsInFlight >= config.successThreshold()) {
            admitted = -1;
          } else {
            trialsInFlight++;
            admitted = generation;
          }
          break;
        default:
          admitted = generation;
      }
      to = state;
    }
    fire(from, to);
    if (admitted < 0) {
      Duration retryAfter = remainingOpen();
      throw new CircuitOpenException(
          "Circuit breaker for "
              + group
              + " endpoints is "
              + to
              + " after repeated upstream failures; the call was not sent",
          retryAfter);
    }
    return admitted;
  }

  /** A call admitted in {@code gen} succeeded (2xx-4xx other than 429). */
  void onSuccess(long gen) {
    update(
        () -> {
          if (gen != generation) {
            return;
          }
          if (state == CircuitState.CLOSED) {
            consecutiveFailures = 0;
          } else if (state == CircuitState.HALF_OPEN) {
            trialsInFlight--;
            trialSuccesses++;
            if (trialSuccesses >= config.successThreshold()) {
              moveTo(CircuitState.CLOSED);
            }
          }
        });
  }

  /** A call admitted in {@code gen} failed (5xx, timeout, connection error). */
  void onFailure(long gen) {
    update(
        () -> {
          if (gen != generation) {
            return;
          }
          if (state == CircuitState.CLOSED) {
            consecutiveFailures++;
            if (consecutiveFailures >= config.failureThreshold()) {
              moveTo(CircuitState.OPEN);
            }
          } else if (state == CircuitState.HALF_OPEN) {
            moveTo(CircuitState.OPEN);
          }
        });
  }

  /** A call admitted in {@code gen} ended in a way that says nothing about the server's health (429, local). */
  synchronized void onIgnored(long gen) {
    if (gen == generation && state == CircuitState.HALF_OPEN) {
      trialsInFlight--;
    }
  }

  /** The current state (an open breaker whose duration has passed reports, and becomes, half-open). */
  CircuitState state() {
    update(() -> halfOpenIfDue(clock.instant()));
    synchronized (this) {
      return state;
    }
  }

  /** Applies {@code change} under the lock, then reports the transition (if any) outside it. */
  private void update(Runnable change) {
    CircuitState from;
    CircuitState to;
    synchronized (this) {
      from = state;
      change.run();
      to = state;
    }
    fire(from, to);
  }

  /** Time until an open breaker half-opens; zero in the other states. */
  synchronized Duration remainingOpen() {
    if (state != CircuitState.OPEN) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), openedAt.plus(config.openDuration()));
    return left.isNegative() ? Duration.ZERO : left;
  }

  EndpointGroup group() {
    return group;
  }

  private void halfOpenIfDue(Instant now) {
    if (state == CircuitState.OPEN && !now.isBefore(openedAt.plus(config.openDuration()))) {
      moveTo(CircuitState.HALF_OPEN);
    }
  }

  private void moveTo(CircuitState next) {
    state = next;
    generation++;
    consecutiveFailures = 0;
    trialSuccesses = 0;
    trialsInFlight = 0;
    if (next == CircuitState.OPEN) {
      openedAt = clock.instant();
    }
  }

  private void fire(CircuitState from, CircuitState to) {
    if (from != to) {
      listener.onTransition(group, from, to);
    }
  }
}
