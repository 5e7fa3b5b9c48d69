package dev.calcomclient.spring.boot;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder;
import dev.calcomclient.metrics.micrometer.CalcomObservationListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer for the client, when Micrometer is on the classpath: the {@link CalcomMicrometerBinder} (a listener of
 * the client and a {@link MeterBinder} that Boot binds to every {@link MeterRegistry}, with the stats gauges), and a
 * {@link CalcomObservationListener} on the application's {@link ObservationRegistry} (one
 * {@code calcom.client.request} observation per call; Boot's tracing makes it a span). Both are listeners of the
 * starter's client; an application that defines its own {@link CalcomClient} bean adds them itself.
 */
// After the client's configuration, for @ConditionalOnBean; the client still sees these listeners when it is created.
@AutoConfiguration(after = CalcomAutoConfiguration.class)
@ConditionalOnClass({CalcomClient.class, ObservationRegistry.class})
@ConditionalOnBean(CalcomClient.class)
public class CalcomMetricsAutoConfiguration {

  /** Creates the configuration (Boot does). */
  public CalcomMetricsAutoConfiguration() {}

  /**
   * The observation listener; without an {@link ObservationRegistry} bean it observes nothing.
   *
   * @param registry the application's observation registry, when there is one
   * @return the listener
   */
  @Bean
  @ConditionalOnMissingBean
  public CalcomObservationListener calcomObservationListener(ObjectProvider<ObservationRegistry> registry) {
    return new CalcomObservationListener(registry.getIfAvailable(() -> ObservationRegistry.NOOP));
  }

  /** Meters, when micrometer-core is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Meters {
    /**
     * The binder; Boot binds it to the registries. Its stats gauges read the client's snapshot when the client
     * exists.
     *
     * @param client the client, when there is one
     * @return the binder
     */
    @Bean
    @ConditionalOnMissingBean
    CalcomMicrometerBinder calcomMicrometerBinder(ObjectProvider<CalcomClient> client) {
      CalcomMicrometerBinder binder = new CalcomMicrometerBinder();
      return binder.monitor(() -> client.getObject().stats());
    }
  }
}
