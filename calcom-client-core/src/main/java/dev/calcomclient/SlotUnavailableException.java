package dev.calcomclient;

/**
 * Cal.com refused a booking create, reschedule or slot reservation because the time is no longer available: a
 * booking made elsewhere took it, a calendar event synced into Cal.com blocks it, the host is otherwise busy, or the
 * time is now too soon (minimum notice) or outside the booking window. Nothing was booked or reserved.
 *
 * <p>The client has already dropped its cached slots of that event type and day (here and, through the bus, on the
 * other instances), so the next availability answer is fresh: ask again and offer what it returns. It is a
 * {@link BadRequestException}, so code that catches that keeps working.
 *
 * <p>Recognised answers (Cal.com API v2): the 400s {@code "User either already has booking at this time or is not
 * available"}, {@code "One of the hosts either already has booking at this time or is not available"} and the
 * booking-window refusal ({@code "The event type can't be booked at the \"start\" time provided..."}), and the 422s
 * of {@code POST /v2/slots/reservations} {@code "Can't reserve a slot if the event is already booked."} and
 * {@code "This time slot is already reserved by another user..."}.
 */
public class SlotUnavailableException extends BadRequestException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; see {@link CalcomApiException#CalcomApiException}.
   *
   * @param status HTTP status (400 or 422)
   * @param code Cal.com's {@code error.code}, or {@code null}
   * @param serverMessage Cal.com's {@code error.message}
   * @param requestId the {@code X-Request-Id} header, or {@code null}
   * @param details the {@code error.details} JSON as text, or {@code null}
   */
  public SlotUnavailableException(int status, String code, String serverMessage, String requestId, String details) {
    super(status, code, serverMessage, requestId, details);
  }

  /**
   * Whether an error answer of Cal.com says that the requested time is no longer available.
   *
   * @param status the HTTP status
   * @param serverMessage Cal.com's {@code error.message}, or {@code null}
   * @return true for the refusals listed on this class
   */
  public static boolean isTimeUnavailable(int status, String serverMessage) {
    if ((status != 400 && status != 422) || serverMessage == null) {
      return false;
    }
    return serverMessage.contains("already has booking at this time or is not available")
        || serverMessage.startsWith("The event type can't be booked at the \"start\" time provided")
        || serverMessage.startsWith("Can't reserve a slot if the event is already booked")
        || serverMessage.startsWith("This time slot is already reserved by another user");
  }
}
