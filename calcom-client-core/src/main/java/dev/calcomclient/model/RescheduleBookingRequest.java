package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.Instant;

/**
 * Moves a booking to a new start ({@code RescheduleBookingInput_2024_08_13}). Cal.com creates a new booking
 * (new uid) and marks the old one as rescheduled. Checked on construction.
 *
 * @param start the new start
 * @param rescheduledBy the email of who reschedules (the host's email skips re-confirmation), or {@code null}
 * @param reschedulingReason shown to the participants, or {@code null}
 */
public record RescheduleBookingRequest(Instant start, String rescheduledBy, String reschedulingReason) {

  /**
   * Checks the request.
   *
   * @param start the start
   * @param rescheduledBy the rescheduled by
   * @param reschedulingReason the rescheduling reason
   * @throws ValidationException naming the field to fix
   */
  public RescheduleBookingRequest {
    Checks.instant("start", start);
    if (rescheduledBy != null) {
      Checks.email("rescheduledBy", rescheduledBy);
    }
    if (reschedulingReason != null) {
      Checks.text("reschedulingReason", reschedulingReason, Checks.MAX_TEXT);
    }
  }

  /**
   * Moves the booking to {@code start}.
   *
   * @param start the start
   * @return moves the booking to {@code start}
   */
  public static RescheduleBookingRequest to(Instant start) {
    return new RescheduleBookingRequest(start, null, null);
  }

  /**
   * This request, made by the person with {@code email}.
   *
   * @param email the email
   * @return this request, made by the person with {@code email}
   */
  public RescheduleBookingRequest by(String email) {
    return new RescheduleBookingRequest(start, email, reschedulingReason);
  }

  /**
   * This request with a reason.
   *
   * @param reason the reason
   * @return this request with a reason
   */
  public RescheduleBookingRequest because(String reason) {
    return new RescheduleBookingRequest(start, rescheduledBy, reason);
  }
}
