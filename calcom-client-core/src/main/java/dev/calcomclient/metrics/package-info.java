/**
 * Observability: the {@link dev.calcomclient.metrics.CalcomEventListener} that sees every stage of every call, and
 * the immutable {@link dev.calcomclient.metrics.ClientStats} snapshot returned by {@code CalcomClient.stats()} (with
 * {@link dev.calcomclient.metrics.CacheStats}, {@link dev.calcomclient.metrics.InvalidationStats} and a text report).
 * Micrometer meters are in {@code dev.calcomclient.metrics.micrometer}, the only package that needs Micrometer.
 */
package dev.calcomclient.metrics;
