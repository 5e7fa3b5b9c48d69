package dev.calcomclient.breaker;

/** The states of an endpoint group's circuit breaker. */
public enum CircuitState {
  /** Calls flow; consecutive failures are counted. */
  CLOSED,
  /** Calls fail fast with {@link dev.calcomclient.CircuitOpenException} until the open duration has passed. */
  OPEN,
  /** A few trial calls go through: enough successes close the breaker, one failure opens it again. */
  HALF_OPEN
}
