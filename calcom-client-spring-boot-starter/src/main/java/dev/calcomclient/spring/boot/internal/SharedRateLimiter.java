package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.spring.boot.CalcomClientBuilderCustomizer;

/** A customizer that sets the client's rate limiter itself (so the in-process limiter's configuration is not set). */
public interface SharedRateLimiter extends CalcomClientBuilderCustomizer {}
