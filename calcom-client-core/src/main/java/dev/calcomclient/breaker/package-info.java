/**
 * Circuit breaking per endpoint group: {@link dev.calcomclient.breaker.CircuitBreakerConfig} and the
 * {@link dev.calcomclient.breaker.CircuitState}s a breaker moves through.
 */
package dev.calcomclient.breaker;
