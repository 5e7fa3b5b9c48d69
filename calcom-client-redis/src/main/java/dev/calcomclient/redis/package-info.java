/**
 * Redis implementations of calcom-client's layer SPIs, so that many service instances sharing one Cal.com
 * credential behave as one client: a shared L2 cache, an invalidation bus, a distributed rate limiter and
 * cross-JVM request coalescing. Nothing in {@code calcom-client-core} depends on this module.
 *
 * <p>Not implemented yet: this module currently holds only its build skeleton.
 */
package dev.calcomclient.redis;
