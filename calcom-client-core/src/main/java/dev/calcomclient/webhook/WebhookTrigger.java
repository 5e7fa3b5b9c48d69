package dev.calcomclient.webhook;

import dev.calcomclient.invalidate.BookingChange;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A webhook's {@code triggerEvent}, kept as an open name: Cal.com adds triggers often, and a name this library does
 * not know is kept as it came, never rejected. Compare with {@link #equals} or the constants.
 *
 * @param name the trigger's name as Cal.com sends it, such as {@code BOOKING_CREATED}
 */
public record WebhookTrigger(String name) {
  /** A booking was made (a confirmed booking, or one that needs no confirmation). */
  public static final WebhookTrigger BOOKING_CREATED = new WebhookTrigger("BOOKING_CREATED");
  /** A booking of a paid event type is waiting for its payment; the time is already held. */
  public static final WebhookTrigger BOOKING_PAYMENT_INITIATED = new WebhookTrigger("BOOKING_PAYMENT_INITIATED");
  /** A booking of a paid event type was paid. */
  public static final WebhookTrigger BOOKING_PAID = new WebhookTrigger("BOOKING_PAID");
  /** A booking was moved; the payload describes the new booking and the old time. */
  public static final WebhookTrigger BOOKING_RESCHEDULED = new WebhookTrigger("BOOKING_RESCHEDULED");
  /** A booking that needs confirmation was requested; the time is held while it is pending. */
  public static final WebhookTrigger BOOKING_REQUESTED = new WebhookTrigger("BOOKING_REQUESTED");
  /** A booking was cancelled. */
  public static final WebhookTrigger BOOKING_CANCELLED = new WebhookTrigger("BOOKING_CANCELLED");
  /** A requested booking was rejected by the host. */
  public static final WebhookTrigger BOOKING_REJECTED = new WebhookTrigger("BOOKING_REJECTED");
  /** Attendees were marked as no-shows (the payload is not a booking). */
  public static final WebhookTrigger BOOKING_NO_SHOW_UPDATED = new WebhookTrigger("BOOKING_NO_SHOW_UPDATED");
  /** A meeting started. */
  public static final WebhookTrigger MEETING_STARTED = new WebhookTrigger("MEETING_STARTED");
  /** A meeting ended. */
  public static final WebhookTrigger MEETING_ENDED = new WebhookTrigger("MEETING_ENDED");
  /** An out-of-office entry was created. */
  public static final WebhookTrigger OOO_CREATED = new WebhookTrigger("OOO_CREATED");

  /**
   * Every trigger name Cal.com documents (Prisma {@code WebhookTriggerEvents} of Oct 2025 and the additions in the
   * 2026 docs); see {@code CALCOM-API-NOTES.md} section 6.
   */
  private static final Set<String> KNOWN =
      Set.of(
          "BOOKING_CREATED",
          "BOOKING_PAYMENT_INITIATED",
          "BOOKING_PAID",
          "BOOKING_RESCHEDULED",
          "BOOKING_REQUESTED",
          "BOOKING_CANCELLED",
          "BOOKING_REJECTED",
          "BOOKING_NO_SHOW_UPDATED",
          "FORM_SUBMITTED",
          "MEETING_ENDED",
          "MEETING_STARTED",
          "RECORDING_READY",
          "INSTANT_MEETING",
          "RECORDING_TRANSCRIPTION_GENERATED",
          "OOO_CREATED",
          "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
          "AFTER_GUESTS_CAL_VIDEO_NO_SHOW",
          "FORM_SUBMITTED_NO_EVENT",
          "BOOKING_LOCATION_UPDATED",
          "BOOKING_REASSIGNED",
          "INSTANT_MEETING_ACCEPTED",
          "ROUTING_FORM_FALLBACK_HIT",
          "DELEGATION_CREDENTIAL_ERROR",
          "WRONG_ASSIGNMENT_REPORT",
          "DELEGATION_CREDENTIAL_SECRET_ROTATION_FAILED",
          "DELEGATION_CREDENTIAL_ROTATION_REQUIRED",
          "DELEGATION_CREDENTIAL_SECRET_ROTATED",
          "CALENDAR_ENTRY_REJECTED");

  /**
   * Checks the name.
   *
   * @param name the name
   */
  public WebhookTrigger {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a webhook trigger name must not be blank");
    }
  }

  /**
   * The trigger named {@code name} (known or not).
   *
   * @param name the name
   * @return the trigger named {@code name} (known or not)
   */
  public static WebhookTrigger of(String name) {
    return new WebhookTrigger(name);
  }

  /**
   * Whether Cal.com documents this trigger; an unknown one is still a valid trigger.
   *
   * @return whether Cal.com documents this trigger; an unknown one is still a valid trigger
   */
  public boolean isKnown() {
    return KNOWN.contains(name);
  }

  /**
   * Whether this is a {@code BOOKING_*} trigger (whose payload may or may not describe a booking's time).
   *
   * @return whether this is a {@code BOOKING_*} trigger (whose payload may or may not describe a booking's time)
   */
  public boolean isBookingTrigger() {
    return name.startsWith("BOOKING_");
  }

  /**
   * What this trigger means for availability: {@link BookingChange.Kind#CREATED} when it takes time (created,
   * requested, payment initiated, paid), {@link BookingChange.Kind#CANCELLED} when it frees time (cancelled,
   * rejected), {@link BookingChange.Kind#RESCHEDULED} for a reschedule; empty for every other trigger.
   *
   * @return what this trigger means for availability: {@link BookingChange.Kind#CREATED} when it takes time (created,
   *     requested, payment initiated, paid), {@link BookingChange.Kind#CANCELLED} when it frees time (cancelled, rejected),
   *     {@link BookingChange.Kind#RESCHEDULED} for a reschedule; empty for every other trigger
   */
  public Optional<BookingChange.Kind> bookingChangeKind() {
    return switch (name) {
      case "BOOKING_CREATED", "BOOKING_REQUESTED", "BOOKING_PAYMENT_INITIATED", "BOOKING_PAID" ->
          Optional.of(BookingChange.Kind.CREATED);
      case "BOOKING_CANCELLED", "BOOKING_REJECTED" -> Optional.of(BookingChange.Kind.CANCELLED);
      case "BOOKING_RESCHEDULED" -> Optional.of(BookingChange.Kind.RESCHEDULED);
      default -> Optional.empty();
    };
  }

  /**
   * Whether this trigger changes someone's availability (see {@link #bookingChangeKind()}).
   *
   * @return whether this trigger changes someone's availability (see {@link #bookingChangeKind()})
   */
  public boolean changesAvailability() {
    return bookingChangeKind().isPresent();
  }

  @Override
  public String toString() {
    return name;
  }
}
