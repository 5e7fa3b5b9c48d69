package dev.calcomclient.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Webhooks of {@link FakeCalcom} ({@code fake.webhooks()}): register subscribers, watch deliveries, and corrupt
 * deliveries on purpose. The fake sends {@code BOOKING_CREATED}, {@code BOOKING_CANCELLED} and
 * {@code BOOKING_RESCHEDULED} with Cal.com's body ({@code {"triggerEvent","createdAt","payload"}}) and
 * {@code X-Cal-Signature-256}. Deliveries run on a background thread, never on the request thread that changed the
 * booking; tests wait for them with {@link #awaitDeliveries(int, Duration)}.
 */
public interface Webhooks {

  /**
   * Registers an HTTP subscriber (e.g. the consumer's own endpoint or a MockWebServer) for every booking.
   *
   * @param subscriberUrl the subscriber URL
   * @param secret the secret
   * @param triggers the triggers
   * @return the webhook subscription
   */
  WebhookSubscription subscribe(String subscriberUrl, String secret, Set<String> triggers);

  /**
   * Registers an in-process subscriber for every booking. {@code secret} may be {@code null}.
   *
   * @param receiver the receiver
   * @param secret the secret
   * @param triggers the triggers
   * @return the webhook subscription
   */
  WebhookSubscription subscribe(WebhookReceiver receiver, String secret, Set<String> triggers);

  /**
   * All subscriptions, including those created through {@code POST /v2/webhooks}.
   *
   * @return all subscriptions, including those created through {@code POST /v2/webhooks}
   */
  List<WebhookSubscription> subscriptions();

  /**
   * Removes a subscription; returns whether it existed.
   *
   * @param id the ID
   * @return whether it succeeded
   */
  boolean unsubscribe(String id);

  /**
   * The next {@code count} deliveries (to any subscriber) are corrupted as {@code tampering} says.
   *
   * @param count the count
   * @param tampering how the delivery is altered after signing, if at all
   */
  void tamperNext(int count, WebhookTampering tampering);

  /**
   * Sends {@code triggerEvent} for an existing booking now, as if it happened (e.g. to replay a delivery); the
   * payload describes the booking's current state.
   *
   * @param triggerEvent the trigger event
   * @param bookingUid the booking uid
   * @throws IllegalArgumentException when there is no booking with {@code bookingUid}
   */
  void trigger(String triggerEvent, String bookingUid);

  /**
   * Completed deliveries so far, oldest first.
   *
   * @return completed deliveries so far, oldest first
   */
  List<WebhookDelivery> deliveries();

  /**
   * Waits until at least {@code count} deliveries have completed and returns all completed deliveries.
   *
   * @param count the count
   * @param timeout the timeout
   * @return waits until at least {@code count} deliveries have completed and returns all completed deliveries
   * @throws AssertionError when fewer were completed within {@code timeout}
   */
  List<WebhookDelivery> awaitDeliveries(int count, Duration timeout);

  /** Forgets completed deliveries (subscriptions stay). */
  void clearDeliveries();
}
