package dev.calcomclient.webhook;

import java.util.Objects;

/**
 * What {@link CalcomWebhooks#handle} made of a delivery: accepted as a typed event, accepted as a custom payload,
 * answered as a duplicate the replay guard has already seen, or rejected with the reason and the HTTP status to
 * answer. Bad input is always a {@link Rejected}, never an exception.
 */
public sealed interface WebhookResult
    permits WebhookResult.Accepted,
        WebhookResult.CustomPayloadAccepted,
        WebhookResult.Duplicate,
        WebhookResult.Rejected {

  /**
   * The HTTP status a receiver should answer: 200 when accepted, else {@link RejectionReason#httpStatus()}.
   *
   * @return the HTTP status a receiver should answer: 200 when accepted, else {@link RejectionReason#httpStatus()}
   */
  int httpStatus();

  /**
   * Whether the delivery was accepted.
   *
   * @return whether the delivery was accepted
   */
  default boolean isAccepted() {
    return !(this instanceof Rejected);
  }

  /**
   * A verified delivery in Cal.com's default shape.
   *
   * @param event the typed event
   */
  record Accepted(WebhookEvent event) implements WebhookResult {
    /**
     * Checks the event.
     *
     * @param event the event
     */
    public Accepted {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * A verified delivery rendered from a custom payload template, handed to the custom payload hook.
   *
   * @param payload the untouched body
   */
  record CustomPayloadAccepted(CustomPayload payload) implements WebhookResult {
    /**
     * Checks the payload.
     *
     * @param payload the payload
     */
    public CustomPayloadAccepted {
      Objects.requireNonNull(payload, "payload");
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * A verified delivery the replay guard has already seen within its window ({@code CalcomWebhooks.Builder#replayGuard}):
   * answered 200 so that the sender stops, and not acted on again (no hook was called).
   *
   * @param event the typed event, as parsed again
   */
  record Duplicate(WebhookEvent event) implements WebhookResult {
    /**
     * Checks the event.
     *
     * @param event the event
     */
    public Duplicate {
      Objects.requireNonNull(event, "event");
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * A refused delivery. Nothing was parsed when the signature failed, and nothing was invalidated.
   *
   * @param reason why
   * @param detail what exactly was wrong, for logs (no secrets, no body content)
   */
  record Rejected(RejectionReason reason, String detail) implements WebhookResult {
    /**
     * Checks the components.
     *
     * @param reason the reason
     * @param detail the detail
     */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public int httpStatus() {
      return reason.httpStatus();
    }
  }
}
