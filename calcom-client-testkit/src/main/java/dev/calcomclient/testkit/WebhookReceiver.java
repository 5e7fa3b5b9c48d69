package dev.calcomclient.testkit;

import java.util.Map;

/**
 * An in-process webhook subscriber: receives exactly what an HTTP subscriber would, the raw body bytes (sign and
 * verify over these, never over re-serialized JSON) and the headers.
 */
@FunctionalInterface
public interface WebhookReceiver {

  /**
   * Receives one delivery on the fake's delivery thread. Throwing marks the delivery failed (status 500).
   *
   * @param body    the raw request body
   * @param headers request headers ({@code Content-Type}, {@code X-Cal-Signature-256}, {@code X-Cal-Webhook-Version})
   * @throws Exception when the operation fails
   */
  void receive(byte[] body, Map<String, String> headers) throws Exception;
}
