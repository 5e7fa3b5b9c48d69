package dev.calcomclient.spring.boot;

import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.spring.boot.internal.ClientSettings;
import dev.calcomclient.spring.boot.internal.RedisWiring;
import io.lettuce.core.resource.ClientResources;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * With {@code calcom-client-redis} on the classpath and {@code calcom.redis.url} set: one {@link CalcomRedis} (shared
 * rate budget, L2, invalidation bus, cross-JVM coalescing) wired into the client, closed after it. An application
 * {@link CalcomRedis} bean is used instead when there is one (for example to pass a scheduler or clock).
 *
 * <p>When the context has one Lettuce {@link ClientResources} bean (Spring Data Redis's Lettuce set-up defines one),
 * {@code CalcomRedis} opens its connections on it, sharing its event loops and timer, and leaves shutting it down to
 * the context (after {@code CalcomRedis} is closed). An application {@code RedisClient} is not reused: its client
 * options would replace the connection behaviour {@code CalcomRedis} needs (see
 * {@link CalcomRedis.Builder#clientResources}).
 */
@AutoConfiguration(before = CalcomAutoConfiguration.class)
@ConditionalOnClass(CalcomRedis.class)
public class CalcomRedisAutoConfiguration {

  /** Creates the configuration (Boot does). */
  public CalcomRedisAutoConfiguration() {}

  /**
   * Connects to {@code calcom.redis.url}.
   *
   * @param properties the properties
   * @param clientResources the application's Lettuce resources, used when there is exactly one
   * @return the Redis wiring, closed with the context after the client and before the application's resources
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "calcom.redis", name = "url")
  public CalcomRedis calcomRedis(CalcomProperties properties, ObjectProvider<ClientResources> clientResources) {
    CalcomProperties.Redis r = properties.getRedis();
    CalcomRedis.Builder b = CalcomRedis.builder().uri(r.getUrl()).expectedInstances(r.getExpectedInstances());
    // Resolved while this bean is created, so the resources bean is complete (and registered for destruction)
    // before this one: the context destroys in reverse order, closing CalcomRedis first.
    clientResources.ifUnique(b::clientResources);
    if (r.getKeyPrefix() != null) {
      b.keyPrefix(r.getKeyPrefix());
    }
    if (r.getCommandTimeout() != null) {
      b.commandTimeout(r.getCommandTimeout());
    }
    if (r.getConnectTimeout() != null) {
      b.connectTimeout(r.getConnectTimeout());
    }
    if (properties.getRateLimit().isEnabled()) {
      b.rateLimiterConfig(new ClientSettings(properties).rateLimiterConfig());
    }
    return b.build();
  }

  /**
   * Hands the Redis components to the client builder (first, so later customizers can still change them).
   *
   * @param redis the Redis wiring
   * @param properties the properties (a disabled rate limit or cache stays disabled)
   * @return the customizer
   */
  @Bean
  @Order(Ordered.HIGHEST_PRECEDENCE)
  @ConditionalOnBean(CalcomRedis.class)
  public CalcomClientBuilderCustomizer calcomRedisCustomizer(CalcomRedis redis, CalcomProperties properties) {
    return new RedisWiring(redis, properties);
  }

  /**
   * Lets {@link CalcomHealth} follow the invalidation bus's connection.
   *
   * @param redis the Redis wiring
   * @param health the health, when there is one (it is defined by the configuration that runs after this one)
   * @return the subscription, closed with the context
   */
  @Bean
  @ConditionalOnBean(CalcomRedis.class)
  public AutoCloseable calcomRedisHealthWatch(CalcomRedis redis, ObjectProvider<CalcomHealth> health) {
    CalcomHealth h = health.getIfAvailable();
    return h == null ? () -> {} : h.watch(redis.invalidationBus());
  }
}
