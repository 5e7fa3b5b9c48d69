package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.spring.boot.CalcomProperties;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns {@link CalcomProperties} into the core's builders and configurations. A property left unset is not passed
 * on, so the core's default applies. Every method throws what the core's {@code build()} throws for a bad value.
 */
public final class ClientSettings {
  private final CalcomProperties properties;

  /**
   * @param properties the bound properties
   */
  public ClientSettings(CalcomProperties properties) {
    this.properties = properties;
  }

  /**
   * A client builder with the credential, URL, versions, timeouts and the layers' configurations; the caller adds
   * Redis, listeners and customizations, then builds.
   *
   * @param limiterSetElsewhere whether a customizer sets a rate limiter (Redis's shared one): the in-process
   *     limiter's configuration is then left out, the core refuses both
   * @return the builder
   */
  public CalcomClient.Builder clientBuilder(boolean limiterSetElsewhere) {
    CalcomClient.Builder b = CalcomClient.builder();
    if (properties.getApiKey() != null) {
      b.apiKey(properties.getApiKey());
    } else {
      b.oauthClient(properties.getOauth().getClientId(), properties.getOauth().getClientSecret());
    }
    set(properties.getBaseUrl(), b::baseUrl);
    b.allowInsecureHttp(properties.isAllowInsecureHttp());
    properties.getApiVersions().forEach(b::apiVersion);
    properties.getTimeouts().forEach(b::timeout);
    properties.getCallTimeouts().forEach(b::callTimeout);
    set(properties.getConnectTimeout(), b::connectTimeout);
    if (!properties.getRateLimit().isEnabled()) {
      b.rateLimiter(RateLimiter.disabled());
    } else if (!limiterSetElsewhere) {
      b.rateLimiterConfig(rateLimiterConfig());
    }
    b.circuitBreakerConfig(circuitBreakerConfig());
    b.retryPolicy(retryPolicy());
    b.cache(cacheConfig());
    b.invalidation(invalidationConfig());
    return b;
  }

  /** @return the rate limiter's shape from {@code calcom.rate-limit.*} */
  public RateLimiterConfig rateLimiterConfig() {
    CalcomProperties.RateLimit p = properties.getRateLimit();
    RateLimiterConfig.Builder b = RateLimiterConfig.builder();
    set(p.getLimit(), b::limit);
    set(p.getWindow(), b::window);
    set(p.getHeadroom(), b::headroom);
    set(p.getBurst(), b::burstCapacity);
    set(p.getBackgroundReserve(), b::backgroundReserve);
    for (Map.Entry<Priority, Duration> e : p.getLaneWaits().entrySet()) {
      b.maxWait(e.getKey(), e.getValue());
    }
    return b.build();
  }

  /** @return the breaker's configuration from {@code calcom.circuit-breaker.*} */
  public CircuitBreakerConfig circuitBreakerConfig() {
    CalcomProperties.CircuitBreaker p = properties.getCircuitBreaker();
    if (!p.isEnabled()) {
      return CircuitBreakerConfig.disabled();
    }
    CircuitBreakerConfig.Builder b = CircuitBreakerConfig.builder();
    set(p.getFailureThreshold(), b::failureThreshold);
    set(p.getOpenDuration(), b::openDuration);
    set(p.getSuccessThreshold(), b::successThreshold);
    return b.build();
  }

  /** @return the retry policy from {@code calcom.retry.*} */
  public RetryPolicy retryPolicy() {
    CalcomProperties.Retry p = properties.getRetry();
    if (!p.isEnabled()) {
      return RetryPolicy.disabled();
    }
    RetryPolicy.Builder b = RetryPolicy.builder();
    set(p.getMaxRetries(), b::maxRetries);
    set(p.getBaseBackoff(), b::baseBackoff);
    set(p.getMaxBackoff(), b::maxBackoff);
    return b.build();
  }

  /** @return the cache configuration from {@code calcom.cache.*} (no shared tier: Redis adds it) */
  public CacheConfig cacheConfig() {
    CalcomProperties.Cache p = properties.getCache();
    if (!p.isEnabled()) {
      return CacheConfig.disabled();
    }
    CacheConfig.Builder b = CacheConfig.builder();
    set(p.getL1MaxEntries(), b::l1MaximumEntries);
    set(p.getNegativeTtl(), b::negativeTtl);
    set(p.getMetadataTtl(), b::metadataTtl);
    set(p.getKeyPrefix(), b::keyPrefix);
    if (p.getStaleIfError() != null) {
      if (p.getStaleIfError().isZero()) {
        b.staleIfErrorOff();
      } else {
        b.staleIfError(p.getStaleIfError());
      }
    }
    set(p.getStaleIfOverloaded(), b::staleIfOverloaded);
    set(p.getFetchBlockDays(), b::fetchBlockDays);
    set(p.getConservativePatchRefreshAfter(), b::conservativePatchRefreshAfter);
    CalcomProperties.Ttl ttl = p.getTtl();
    if (ttl.getPastDay() != null || ttl.getEmptyDay() != null || ttl.getStandard() != null) {
      TtlPolicy.Adaptive.Builder t = TtlPolicy.adaptive();
      set(ttl.getPastDay(), t::pastDay);
      set(ttl.getEmptyDay(), t::emptyDay);
      set(ttl.getStandard(), t::standard);
      b.ttlPolicy(t.build());
    }
    return b.build();
  }

  /** @return the invalidation configuration from {@code calcom.invalidation.*} (no bus: Redis adds it) */
  public InvalidationConfig invalidationConfig() {
    CalcomProperties.Invalidation p = properties.getInvalidation();
    InvalidationConfig.Builder b = InvalidationConfig.defaults().toBuilder();
    set(p.getQueueCapacity(), b::queueCapacity);
    if (p.getRetryMin() != null || p.getRetryMax() != null) {
      InvalidationConfig d = InvalidationConfig.defaults();
      b.retryBackoff(
          p.getRetryMin() != null ? p.getRetryMin() : d.retryMin(),
          p.getRetryMax() != null ? p.getRetryMax() : d.retryMax());
    }
    set(p.getHorizonDays(), b::horizonDays);
    return b.build();
  }

  /** The API versions' property names, for messages. */
  static String versionProperty(ApiResource resource) {
    return "calcom.api-versions." + kebab(resource);
  }

  /** The call timeouts' property names, for messages. */
  static String callTimeoutProperty(EndpointGroup group) {
    return "calcom.call-timeouts." + kebab(group);
  }

  /** The timeouts' property names, for messages. */
  static String timeoutProperty(EndpointGroup group) {
    return "calcom.timeouts." + kebab(group);
  }

  /**
   * @param value an enum constant
   * @return its name as a property key: lower case, dashes
   */
  public static String kebab(Enum<?> value) {
    return value.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
