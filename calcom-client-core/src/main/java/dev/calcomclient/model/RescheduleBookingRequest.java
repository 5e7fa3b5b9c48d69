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

  /** Moves the booking to {@code start}. */
  public static RescheduleBookingRequest to(Instant start) {
    return new RescheduleBookingRequest(start, null, null);
  }

  /** This request, made by the person with {@code email}. */
  public RescheduleBookingRequest by(String email) {
    return new RescheduleBookingRequest(start, email, reschedulingReason);
  }

  /** This request with a reason. */
  public RescheduleBookingRequest because(String reason) {
    return new RescheduleBookingRequest(start, rescheduledBy, reason);
  }
}
