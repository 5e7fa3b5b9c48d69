/**
 * The request pipeline's service-provider interface: the immutable {@link dev.calcomclient.pipeline.CalcomRequest},
 * the raw {@link dev.calcomclient.pipeline.CalcomResponse}, and the one-method {@link dev.calcomclient.pipeline.Layer}
 * that every cross-cutting concern (cache, coalescing, circuit breaking, retries, rate limiting, transport)
 * implements.
 */
package dev.calcomclient.pipeline;
