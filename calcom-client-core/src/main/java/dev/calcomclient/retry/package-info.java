/**
 * Safe retries: the {@link dev.calcomclient.retry.RetryPolicy} (GETs on transient failures, mutations only when
 * they provably never left), with backoff scheduled inside the call's deadline.
 */
package dev.calcomclient.retry;
