/**
 * Client-side rate limiting: the {@link dev.calcomclient.ratelimit.RateLimiter} SPI and its
 * {@link dev.calcomclient.ratelimit.RateLimiterConfig}, which keeps every 60 s window under Cal.com's limit.
 */
package dev.calcomclient.ratelimit;
