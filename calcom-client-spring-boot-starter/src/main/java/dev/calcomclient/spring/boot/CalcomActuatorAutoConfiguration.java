package dev.calcomclient.spring.boot;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.spring.boot.internal.Boot3HealthRegistrar;
import dev.calcomclient.spring.boot.internal.ClientSettings;
import dev.calcomclient.spring.boot.internal.ClientVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Actuator for the client: a health indicator named {@code calcom} (from {@link CalcomHealth}: DOWN only when every
 * circuit is open; details without secrets) on Boot 4's {@code spring-boot-health} or Boot 3's actuator, and an
 * info contributor ({@code calcom}: client version, base URL, API versions). Switch the indicator off with
 * {@code management.health.calcom.enabled=false}.
 */
@AutoConfiguration(after = CalcomAutoConfiguration.class)
@ConditionalOnBean(CalcomHealth.class)
public class CalcomActuatorAutoConfiguration {

  /** Creates the configuration (Boot does). */
  public CalcomActuatorAutoConfiguration() {}

  /** Boot 4: {@code org.springframework.boot.health.contributor.HealthIndicator}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnProperty(prefix = "management.health.calcom", name = "enabled", matchIfMissing = true)
  static class Boot4Health {
    @Bean
    @ConditionalOnMissingBean(name = "calcomHealthIndicator")
    org.springframework.boot.health.contributor.HealthIndicator calcomHealthIndicator(CalcomHealth health) {
      return () ->
          (health.isDown()
                  ? org.springframework.boot.health.contributor.Health.down()
                  : org.springframework.boot.health.contributor.Health.up())
              .withDetails(health.details())
              .build();
    }
  }

  /**
   * Boot 3: {@code org.springframework.boot.actuate.health.HealthIndicator}, which this module (compiled against Boot
   * 4) cannot name; the registrar builds it reflectively.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot3HealthRegistrar.HEALTH_INDICATOR)
  @ConditionalOnProperty(prefix = "management.health.calcom", name = "enabled", matchIfMissing = true)
  @Import(Boot3HealthRegistrar.class)
  static class Boot3Health {}

  /** The info contributor. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(InfoContributor.class)
  static class Info {
    @Bean
    @ConditionalOnMissingBean(name = "calcomInfoContributor")
    InfoContributor calcomInfoContributor(CalcomClient client, CalcomProperties properties) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("version", ClientVersion.get());
      details.put("baseUrl", client.baseUrl());
      Map<String, String> versions = new LinkedHashMap<>();
      for (ApiResource r : ApiResource.values()) {
        String v = properties.getApiVersions().getOrDefault(r, r.defaultVersion());
        if (v != null) {
          versions.put(ClientSettings.kebab(r), v);
        }
      }
      details.put("apiVersions", versions);
      Map<String, Object> info = Collections.unmodifiableMap(details);
      return builder -> builder.withDetail("calcom", info);
    }
  }
}
