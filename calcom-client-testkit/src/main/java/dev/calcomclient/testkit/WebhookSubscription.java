package dev.calcomclient.testkit;

import java.util.Objects;
import java.util.Set;

/**
 * A webhook registered with {@link FakeCalcom}, through {@code POST /v2/webhooks} or {@link Webhooks}.
 *
 * @param id              webhook id (a string, as Cal.com stores it, although the spec types it as a number)
 * @param userId          the owner: deliveries are sent for bookings this user hosts; {@code null} (only for
 *                        subscriptions made through {@link Webhooks}) receives every booking event
 * @param subscriberUrl   where deliveries are POSTed; {@code inprocess:<id>} for an in-process receiver
 * @param triggers        trigger events, e.g. {@code BOOKING_CREATED} (kept as strings: Cal.com adds new ones)
 * @param secret          HMAC secret, or {@code null} (deliveries then carry {@code no-secret-provided})
 * @param active          inactive webhooks receive nothing
 * @param payloadTemplate custom payload template, or {@code null}; stored and returned, not rendered by the fake
 */
public record WebhookSubscription(
    String id,
    Long userId,
    String subscriberUrl,
    Set<String> triggers,
    String secret,
    boolean active,
    String payloadTemplate) {

  /**
   * Validates and copies the fields.
   *
   * @param id the ID
   * @param userId the user ID
   * @param subscriberUrl the subscriber URL
   * @param triggers the triggers
   * @param secret the secret
   * @param active the active
   * @param payloadTemplate the payload template
   */
  public WebhookSubscription {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subscriberUrl, "subscriberUrl");
    triggers = Set.copyOf(triggers);
  }

  /**
   * Whether this subscription wants {@code triggerEvent}.
   *
   * @param triggerEvent the trigger event
   * @return whether this subscription wants {@code triggerEvent}
   */
  public boolean wants(String triggerEvent) {
    return active && triggers.contains(triggerEvent);
  }
}
