package dev.calcomclient.webhook;

/**
 * An attendee as a booking webhook lists it.
 *
 * @param name display name ({@code ""} for guests without one)
 * @param email email address, or {@code null}
 * @param timeZone the attendee's IANA time zone as sent, or {@code null}
 */
public record WebhookAttendee(String name, String email, String timeZone) {}
