/**
 * Micrometer integration for the client: meters ({@link dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder})
 * and observations ({@link dev.calcomclient.metrics.micrometer.CalcomObservationListener}, which Micrometer Tracing
 * turns into spans). The only package of the core that uses Micrometer (an optional dependency): a client that does
 * not use this package runs without Micrometer on the classpath.
 */
package dev.calcomclient.metrics.micrometer;
