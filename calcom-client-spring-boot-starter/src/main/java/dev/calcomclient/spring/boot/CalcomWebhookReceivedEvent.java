package dev.calcomclient.spring.boot;

import dev.calcomclient.webhook.WebhookEvent;
import java.util.Objects;
import org.springframework.context.ApplicationEvent;

/**
 * Published once per verified Cal.com webhook delivery received at the starter's endpoint, after the client has
 * invalidated what the booking change affects. Listen with {@code @EventListener}:
 *
 * <pre>{@code
 * @EventListener
 * void onBooking(CalcomWebhookReceivedEvent e) {
 *   if (e.event().trigger().name().equals("BOOKING_CREATED")) { ... }
 * }
 * }</pre>
 *
 * <p>Listeners run on the request thread before the endpoint answers: a listener that throws makes the endpoint
 * answer 500, so Cal.com delivers again.
 */
public class CalcomWebhookReceivedEvent extends ApplicationEvent {
  private static final long serialVersionUID = 1L;

  private final transient WebhookEvent event;

  /**
   * @param source the endpoint that received the delivery
   * @param event the verified delivery
   */
  public CalcomWebhookReceivedEvent(Object source, WebhookEvent event) {
    super(source);
    this.event = Objects.requireNonNull(event, "event");
  }

  /**
   * @return the verified delivery: trigger, creation time, payload and booking
   */
  public WebhookEvent event() {
    return event;
  }

  @Override
  public String toString() {
    return "CalcomWebhookReceivedEvent{" + event.trigger() + "}";
  }
}
