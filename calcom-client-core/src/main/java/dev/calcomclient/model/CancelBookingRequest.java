package dev.calcomclient.model;

/**
 * How to cancel a booking ({@code CancelBookingInput_2024_08_13}).
 *
 * @param cancellationReason shown to the attendees and host, or {@code null}
 * @param cancelSubsequentBookings for an occurrence of a recurring series: also cancel the later occurrences,
 *     or {@code null} for Cal.com's default (no)
 */
public record CancelBookingRequest(String cancellationReason, Boolean cancelSubsequentBookings) {

  /**
   * Checks the reason.
   *
   * @param cancellationReason the cancellation reason
   * @param cancelSubsequentBookings the cancel subsequent bookings
   * @throws dev.calcomclient.ValidationException naming the field to fix
   */
  public CancelBookingRequest {
    if (cancellationReason != null) {
      dev.calcomclient.internal.Checks.text("cancellationReason", cancellationReason, dev.calcomclient.internal.Checks.MAX_TEXT);
    }
  }

  /**
   * A cancellation without a reason.
   *
   * @return a cancellation without a reason
   */
  public static CancelBookingRequest withoutReason() {
    return new CancelBookingRequest(null, null);
  }

  /**
   * A cancellation with a reason.
   *
   * @param reason the reason
   * @return a cancellation with a reason
   */
  public static CancelBookingRequest withReason(String reason) {
    return new CancelBookingRequest(reason, null);
  }

  /**
   * This cancellation, extended to the later occurrences of a recurring series.
   *
   * @return this cancellation, extended to the later occurrences of a recurring series
   */
  public CancelBookingRequest andSubsequentBookings() {
    return new CancelBookingRequest(cancellationReason, true);
  }
}
