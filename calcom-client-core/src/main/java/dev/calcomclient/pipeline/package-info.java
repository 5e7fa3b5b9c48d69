/**
 * The request pipeline's service-provider interface: the immutable {@link dev.calcomclient.pipeline.CalcomRequest},
 * the raw {@link dev.calcomclient.pipeline.CalcomResponse}, and the one-method {@link dev.calcomclient.pipeline.Layer}
 * that every cross-cutting concern of a request (coalescing, circuit breaking, retries, rate limiting, transport)
 * implements. The caches are not layers: they sit above the pipeline and send a request through it on a miss.
 */
package dev.calcomclient.pipeline;
