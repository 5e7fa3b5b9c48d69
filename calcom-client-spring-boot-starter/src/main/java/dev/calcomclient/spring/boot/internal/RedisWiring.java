package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.spring.boot.CalcomProperties;

/**
 * Hands {@link CalcomRedis}'s components to the client builder: the coalescer, the shared rate limiter (unless
 * {@code calcom.rate-limit.enabled=false}) and, with the cache on, the L2 tier and invalidation bus over the
 * {@code calcom.cache.*} and {@code calcom.invalidation.*} settings.
 */
public final class RedisWiring implements SharedRateLimiter {
  private final CalcomRedis redis;
  private final CalcomProperties properties;

  /**
   * @param redis the Redis wiring
   * @param properties the properties
   */
  public RedisWiring(CalcomRedis redis, CalcomProperties properties) {
    this.redis = redis;
    this.properties = properties;
  }

  @Override
  public void customize(CalcomClient.Builder builder) {
    builder.coalescer(redis.coalescer());
    if (properties.getRateLimit().isEnabled()) {
      builder.rateLimiter(redis.rateLimiter());
    }
    if (properties.getCache().isEnabled()) {
      ClientSettings settings = new ClientSettings(properties);
      builder.cache(redis.cacheConfig(settings.cacheConfig()));
      builder.invalidation(redis.invalidationConfig(settings.invalidationConfig()));
    }
  }

  @Override
  public String toString() {
    return "RedisWiring{" + redis + "}";
  }
}
