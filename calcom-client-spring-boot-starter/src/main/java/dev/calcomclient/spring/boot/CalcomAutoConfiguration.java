package dev.calcomclient.spring.boot;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.spring.boot.internal.ClientSettings;
import dev.calcomclient.spring.boot.internal.OnCalcomCredential;
import dev.calcomclient.spring.boot.internal.SharedRateLimiter;
import dev.calcomclient.webhook.CalcomWebhooks;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The {@link CalcomClient} bean, built from {@code calcom.*} when a credential is configured, with every
 * {@link CalcomEventListener} bean as a listener and every {@link CalcomClientBuilderCustomizer} applied; it is
 * closed with the context. Also the {@link CalcomHealth} and, with {@code calcom.webhooks.enabled=true}, the
 * {@link CalcomWebhooks} receiver. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(CalcomClient.class)
@EnableConfigurationProperties(CalcomProperties.class)
public class CalcomAutoConfiguration {

  /** Creates the configuration (Boot does). */
  public CalcomAutoConfiguration() {}

  /**
   * The client.
   *
   * @param properties the properties
   * @param customizers applied in order after the properties
   * @param listeners added as listeners in order
   * @return the client, closed with the context
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnCalcomCredential.class)
  public CalcomClient calcomClient(
      CalcomProperties properties,
      List<CalcomClientBuilderCustomizer> customizers,
      ObjectProvider<CalcomEventListener> listeners) {
    boolean sharedLimiter = customizers.stream().anyMatch(c -> c instanceof SharedRateLimiter);
    CalcomClient.Builder builder = new ClientSettings(properties).clientBuilder(sharedLimiter);
    listeners.orderedStream().forEach(builder::addListener);
    customizers.forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The client's health (a listener of the client, for 429 pauses).
   *
   * @param client the client, looked up when health is asked for
   * @return the health
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(OnCalcomCredential.class)
  public CalcomHealth calcomHealth(ObjectProvider<CalcomClient> client) {
    return new CalcomHealth(client::getObject, Clock.systemUTC());
  }

  /**
   * The webhook receiver: verifies with {@code calcom.webhooks.secrets}, invalidates through the client.
   *
   * @param client the client
   * @param properties the properties
   * @return the receiver
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnBean(CalcomClient.class)
  @ConditionalOnProperty(prefix = "calcom.webhooks", name = "enabled", havingValue = "true")
  public CalcomWebhooks calcomWebhooks(CalcomClient client, CalcomProperties properties) {
    CalcomProperties.Webhooks w = properties.getWebhooks();
    CalcomWebhooks.Builder b =
        client.webhookReceiver().secrets(w.getSecrets()).maxBodyBytes((int) w.getMaxBodySize().toBytes());
    if (w.getReplayWindow() != null) {
      b.replayGuard(w.getReplayWindow());
    }
    if (w.getMaxDeliveryAge() != null) {
      b.maxDeliveryAge(w.getMaxDeliveryAge());
    }
    return b.build();
  }
}
