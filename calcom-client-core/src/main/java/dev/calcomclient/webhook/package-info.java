/**
 * Receiving Cal.com webhooks: {@link dev.calcomclient.webhook.CalcomWebhooks} verifies {@code X-Cal-Signature-256}
 * over the raw body, parses deliveries into typed {@link dev.calcomclient.webhook.WebhookEvent}s with open
 * {@link dev.calcomclient.webhook.WebhookTrigger} names, and hands booking changes to the smart invalidator.
 */
package dev.calcomclient.webhook;
