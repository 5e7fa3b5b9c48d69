/**
 * Observability: the {@link dev.calcomclient.metrics.CalcomEventListener} that sees every stage of every call, and
 * the immutable {@link dev.calcomclient.metrics.ClientStats} snapshot returned by {@code CalcomClient.stats()}.
 */
package dev.calcomclient.metrics;
