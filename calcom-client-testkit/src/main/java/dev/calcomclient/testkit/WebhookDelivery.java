package dev.calcomclient.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One webhook delivery attempt made by {@link FakeCalcom}.
 *
 * @param subscriptionId the webhook it was sent for
 * @param subscriberUrl  where it was sent
 * @param triggerEvent   e.g. {@code BOOKING_CREATED}
 * @param body           the exact body sent (UTF-8 JSON)
 * @param headers        the headers sent
 * @param tampering      how it was deliberately corrupted, or {@code null} for a genuine delivery
 * @param sentAt         when it was sent (fake's clock)
 * @param responseStatus the subscriber's HTTP status (an in-process receiver counts as 200, or 500 when it threw),
 *                       or {@code -1} when the request failed
 * @param failure        the failure message when {@code responseStatus} is not 2xx, else {@code null}
 */
public record WebhookDelivery(
    String subscriptionId,
    String subscriberUrl,
    String triggerEvent,
    String body,
    Map<String, String> headers,
    WebhookTampering tampering,
    Instant sentAt,
    int responseStatus,
    String failure) {

  /**
   * Copies the headers.
   *
   * @param subscriptionId the subscription ID
   * @param subscriberUrl the subscriber URL
   * @param triggerEvent the trigger event
   * @param body the body
   * @param headers the headers
   * @param tampering how the delivery is altered after signing, if at all
   * @param sentAt the sent at
   * @param responseStatus the response status
   * @param failure the failure
   */
  public WebhookDelivery {
    headers = Map.copyOf(headers);
  }

  /**
   * The body as sent on the wire.
   *
   * @return the body as sent on the wire
   */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The {@code X-Cal-Signature-256} header, or {@code null}.
   *
   * @return the {@code X-Cal-Signature-256} header, or {@code null}
   */
  public String signature() {
    return headers.get(WebhookSignature.HEADER);
  }

  /**
   * Whether the subscriber accepted it (2xx).
   *
   * @return whether the subscriber accepted it (2xx)
   */
  public boolean succeeded() {
    return responseStatus >= 200 && responseStatus < 300;
  }
}
