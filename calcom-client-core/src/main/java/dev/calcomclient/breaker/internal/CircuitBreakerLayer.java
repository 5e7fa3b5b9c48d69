package dev.calcomclient.breaker.internal;

import dev.calcomclient.CircuitOpenException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.CircuitState;
import dev.calcomclient.internal.Failure;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import java.time.Clock;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One circuit breaker per endpoint group. Sits above the retry layer, so a request's retries count as one outcome,
 * and above the rate limiter, so an open breaker rejects before a token is spent.
 */
public final class CircuitBreakerLayer implements Layer {
  private final Map<EndpointGroup, EndpointCircuitBreaker> breakers;
  private final CalcomEventListener listener;

  /** Creates the layer with a closed breaker per endpoint group. */
  public CircuitBreakerLayer(CircuitBreakerConfig config, Clock clock, CalcomEventListener listener) {
    this.listener = listener;
    Map<EndpointGroup, EndpointCircuitBreaker> m = new EnumMap<>(EndpointGroup.class);
    for (EndpointGroup g : EndpointGroup.values()) {
      m.put(g, new EndpointCircuitBreaker(g, config, clock, listener::circuitStateChanged));
    }
    this.breakers = Collections.unmodifiableMap(m);
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain chain) {
    EndpointCircuitBreaker breaker = breakers.get(request.operation().group());
    long generation;
    try {
      generation = breaker.acquire();
    } catch (CircuitOpenException e) {
      listener.circuitRejected(request, e.retryAfter());
      return CompletableFuture.failedFuture(e);
    }
    return chain
        .proceed(request)
        .whenComplete(
            (response, failure) -> {
              switch (classify(response, failure)) {
                case FAILURE:
                  breaker.onFailure(generation);
                  break;
                case SUCCESS:
                  breaker.onSuccess(generation);
                  break;
                default:
                  breaker.onIgnored(generation);
              }
            });
  }

  /** Each group's current state. */
  public Map<EndpointGroup, CircuitState> states() {
    Map<EndpointGroup, CircuitState> out = new EnumMap<>(EndpointGroup.class);
    breakers.forEach((g, b) -> out.put(g, b.state()));
    return out;
  }

  enum Outcome {
    SUCCESS,
    FAILURE,
    IGNORED
  }

  /** 5xx, timeouts and connection errors are failures; 429 and local refusals say nothing; the rest succeed. */
  static Outcome classify(CalcomResponse response, Throwable failure) {
    Failure kind = Failure.of(response, failure);
    if (kind.countsAgainstEndpoint()) {
      return Outcome.FAILURE;
    }
    return kind.countsAsSuccess() ? Outcome.SUCCESS : Outcome.IGNORED;
  }
}
