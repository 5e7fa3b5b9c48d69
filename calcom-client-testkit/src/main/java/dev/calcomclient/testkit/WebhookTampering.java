package dev.calcomclient.testkit;

/** How {@link Webhooks} corrupts a delivery for negative tests of a receiver's signature check. */
public enum WebhookTampering {
  /** The body is changed after it was signed (an attacker editing a captured delivery). */
  BODY_CHANGED,
  /** The signature is computed with a different secret. */
  WRONG_SECRET,
  /** No {@code X-Cal-Signature-256} header at all. */
  SIGNATURE_MISSING,
  /** The header says {@code no-secret-provided} although the webhook has a secret. */
  NO_SECRET_PROVIDED
}
