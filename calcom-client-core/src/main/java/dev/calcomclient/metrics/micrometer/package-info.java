/**
 * Micrometer meters for the client: {@link dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder}. The only
 * package of the core that uses Micrometer (an optional dependency): a client that does not use this package runs
 * without Micrometer on the classpath.
 */
package dev.calcomclient.metrics.micrometer;
