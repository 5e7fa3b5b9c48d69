package dev.calcomclient.spring.boot;

import dev.calcomclient.spring.boot.internal.WebhookEndpoint;
import dev.calcomclient.webhook.CalcomWebhooks;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Mono;

/**
 * The webhook endpoint at {@code calcom.webhooks.path} (default {@code /calcom/webhooks}), when
 * {@code calcom.webhooks.enabled=true}: a {@code POST} route for Spring MVC, or for WebFlux when that is the stack.
 * It reads the raw body (never more than {@code calcom.webhooks.max-body-size} + 1 bytes), verifies
 * {@code X-Cal-Signature-256} with {@code calcom.webhooks.secrets}, invalidates through the client, publishes a
 * {@link CalcomWebhookReceivedEvent} per verified delivery and answers {@link CalcomWebhooks}' status: 200, 400
 * malformed, 401 bad or missing signature, 413 too large, 415 unsupported content type, 500 when the invalidation
 * or a listener failed. Define a bean named {@code calcomWebhookRoute} to replace the route.
 */
@AutoConfiguration(after = CalcomAutoConfiguration.class)
@ConditionalOnBean(CalcomWebhooks.class)
public class CalcomWebhookAutoConfiguration {

  /** Creates the configuration (Boot does). */
  public CalcomWebhookAutoConfiguration() {}

  /**
   * What both stacks share.
   *
   * @param webhooks the receiver
   * @param events the application's event publisher
   * @param properties the properties
   * @return the endpoint logic
   */
  @Bean
  @ConditionalOnMissingBean
  public WebhookEndpoint calcomWebhookEndpoint(
      CalcomWebhooks webhooks, ApplicationEventPublisher events, CalcomProperties properties) {
    return new WebhookEndpoint(webhooks, events, (int) properties.getWebhooks().getMaxBodySize().toBytes());
  }

  /** The Spring MVC route. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = "org.springframework.web.servlet.function.RouterFunction")
  static class Servlet {
    @Bean
    @ConditionalOnMissingBean(name = "calcomWebhookRoute")
    org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse>
        calcomWebhookRoute(WebhookEndpoint endpoint, CalcomProperties properties) {
      return org.springframework.web.servlet.function.RouterFunctions.route()
          .POST(
              properties.getWebhooks().getPath(),
              request -> {
                HttpServletRequest servlet = request.servletRequest();
                int status;
                if (servlet.getContentLengthLong() > endpoint.maxBodyBytes()) {
                  status = WebhookEndpoint.tooLarge();
                } else {
                  byte[] body;
                  try (InputStream in = servlet.getInputStream()) {
                    body = in.readNBytes(endpoint.maxBodyBytes() + 1);
                  }
                  status = endpoint.handle(body, servlet::getHeader).join();
                }
                return org.springframework.web.servlet.function.ServerResponse.status(status).build();
              })
          .build();
    }
  }

  /** The WebFlux route. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.reactive.function.server.RouterFunction")
  static class Reactive {
    @Bean
    @ConditionalOnMissingBean(name = "calcomWebhookRoute")
    org.springframework.web.reactive.function.server.RouterFunction<
            org.springframework.web.reactive.function.server.ServerResponse>
        calcomWebhookRoute(WebhookEndpoint endpoint, CalcomProperties properties) {
      return org.springframework.web.reactive.function.server.RouterFunctions.route()
          .POST(
              properties.getWebhooks().getPath(),
              request ->
                  DataBufferUtils.join(request.bodyToFlux(DataBuffer.class), endpoint.maxBodyBytes())
                      .map(
                          buffer -> {
                            byte[] bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return bytes;
                          })
                      .defaultIfEmpty(new byte[0])
                      .flatMap(
                          body ->
                              Mono.fromFuture(
                                  () -> endpoint.handle(body, name -> request.headers().firstHeader(name))))
                      .onErrorResume(DataBufferLimitException.class, e -> Mono.just(WebhookEndpoint.tooLarge()))
                      .flatMap(
                          status ->
                              org.springframework.web.reactive.function.server.ServerResponse.status(status)
                                  .build()))
          .build();
    }
  }
}
