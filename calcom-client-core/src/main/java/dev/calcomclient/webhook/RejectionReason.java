package dev.calcomclient.webhook;

/** Why a webhook delivery was refused, with the HTTP status a receiver should answer. */
public enum RejectionReason {
  /** No {@code X-Cal-Signature-256} header. */
  SIGNATURE_MISSING(401),
  /** The signature is not valid for the body under any configured secret, or is not a hex HMAC-SHA256 at all. */
  SIGNATURE_INVALID(401),
  /** The header says {@code no-secret-provided}: the webhook was created without a secret, but one is configured. */
  NO_SECRET_PROVIDED(401),
  /** The body is larger than the configured maximum. */
  BODY_TOO_LARGE(413),
  /** The {@code Content-Type} is neither JSON nor (with a custom payload hook) a form. */
  UNSUPPORTED_CONTENT_TYPE(415),
  /** The body is not Cal.com's webhook JSON, or a booking trigger's payload lacks what it must carry. */
  MALFORMED_BODY(400),
  /**
   * The delivery's {@code createdAt} is further from now than the configured maximum age
   * ({@code CalcomWebhooks.Builder#maxDeliveryAge}): an old delivery replayed, or a forged date.
   */
  TOO_OLD(400);

  private final int httpStatus;

  RejectionReason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  /**
   * The status to answer: 401 for signatures, 400 malformed, 413 too large, 415 content type.
   *
   * @return the status to answer: 401 for signatures, 400 malformed, 413 too large, 415 content type
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Whether the delivery failed authentication (its content must not be trusted or even looked at).
   *
   * @return whether the delivery failed authentication (its content must not be trusted or even looked at)
   */
  public boolean isSignatureFailure() {
    return httpStatus == 401;
  }
}
