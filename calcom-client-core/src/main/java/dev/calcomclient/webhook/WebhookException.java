package dev.calcomclient.webhook;

import dev.calcomclient.CalcomException;
import java.util.Objects;

/**
 * A webhook delivery was refused by {@link CalcomWebhooks#verify} or {@link CalcomWebhooks#parse}. The message
 * names the reason and, for a malformed body, the field; it never contains a secret, a signature or body content.
 */
public class WebhookException extends CalcomException {
  private static final long serialVersionUID = 1L;

  /** Why the delivery was rejected. */
  private final RejectionReason reason;
  /** What was wrong, without secrets. */
  private final String detail;

  /**
   * Creates the exception.
   *
   * @param reason why the delivery was refused
   * @param detail what exactly was wrong, for logs (no secrets, no body content)
   */
  public WebhookException(RejectionReason reason, String detail) {
    super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(detail, "detail"));
    this.reason = reason;
    this.detail = detail;
  }

  /**
   * Why the delivery was refused.
   *
   * @return why the delivery was refused
   */
  public RejectionReason reason() {
    return reason;
  }

  /**
   * What exactly was wrong.
   *
   * @return what exactly was wrong
   */
  public String detail() {
    return detail;
  }

  /**
   * The HTTP status the receiver should answer ({@link RejectionReason#httpStatus()}).
   *
   * @return the HTTP status the receiver should answer ({@link RejectionReason#httpStatus()})
   */
  public int httpStatus() {
    return reason.httpStatus();
  }
}
