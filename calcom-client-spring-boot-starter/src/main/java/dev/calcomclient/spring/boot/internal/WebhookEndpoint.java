package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.spring.boot.CalcomWebhookReceivedEvent;
import dev.calcomclient.webhook.CalcomWebhooks;
import dev.calcomclient.webhook.WebhookResult;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What the MVC and WebFlux endpoints share: hands the raw body and headers to {@link CalcomWebhooks}, waits until the
 * booking change has been applied, publishes a {@link CalcomWebhookReceivedEvent} for each verified delivery (not
 * for a {@link WebhookResult.Duplicate} the replay guard recognised) and answers the status
 * {@link WebhookResult#httpStatus()} gives (500 when the invalidation or a listener failed, so that
 * Cal.com delivers again).
 */
public final class WebhookEndpoint {
  private static final Logger log = LoggerFactory.getLogger(WebhookEndpoint.class);

  private final CalcomWebhooks webhooks;
  private final ApplicationEventPublisher events;
  private final int maxBodyBytes;

  /**
   * @param webhooks the receiver
   * @param events where verified deliveries are published
   * @param maxBodyBytes the largest body read; a longer one is answered 413
   */
  public WebhookEndpoint(CalcomWebhooks webhooks, ApplicationEventPublisher events, int maxBodyBytes) {
    this.webhooks = webhooks;
    this.events = events;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** @return the largest body read */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** @return the status answered for a body that exceeds {@link #maxBodyBytes()} */
  public static int tooLarge() {
    return 413;
  }

  /**
   * Handles one delivery.
   *
   * @param body the raw body (at most {@link #maxBodyBytes()} + 1 bytes read)
   * @param header a case-insensitive header getter
   * @return the status to answer
   */
  public CompletableFuture<Integer> handle(byte[] body, Function<String, String> header) {
    return webhooks
        .handleAsync(body, header)
        .thenApply(
            result -> {
              if (result instanceof WebhookResult.Accepted accepted) {
                events.publishEvent(new CalcomWebhookReceivedEvent(this, accepted.event()));
              }
              return result.httpStatus();
            })
        .exceptionally(
            failure -> {
              log.warn("a verified Cal.com webhook could not be handled; answering 500 so that it is delivered again",
                  failure);
              return 500;
            });
  }
}
