package dev.calcomclient.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.webhook.internal.WebhookParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A verified webhook delivery in Cal.com's default shape, {@code {"triggerEvent", "createdAt", "payload"}}.
 *
 * @param trigger the trigger, known or not
 * @param createdAt when Cal.com created the delivery
 * @param payload the whole payload as JSON (a copy is returned, so the event stays immutable)
 * @param booking the payload read as a booking, when it describes one: always present for the triggers that change
 *     availability, present for other triggers whose payload has a valid {@code startTime} and {@code endTime}
 */
public record WebhookEvent(
    WebhookTrigger trigger, Instant createdAt, JsonNode payload, Optional<BookingPayload> booking) {

  /**
   * Checks the components and copies the payload.
   *
   * @param trigger the trigger
   * @param createdAt the created at
   * @param payload the payload
   * @param booking the booking
   */
  public WebhookEvent {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(booking, "booking");
    payload = payload.deepCopy();
    if (trigger.changesAvailability() && booking.isEmpty()) {
      throw new IllegalArgumentException(trigger + " changes availability and needs its booking");
    }
  }

  /**
   * A copy of the payload.
   *
   * @return a copy of the payload
   */
  @Override
  public JsonNode payload() {
    return payload.deepCopy();
  }

  /**
   * What this delivery means for cached availability, for the smart invalidator: present for the triggers that
   * change availability ({@link WebhookTrigger#bookingChangeKind()}), empty for every other trigger.
   *
   * <p>A reschedule carries the new booking's uid and time, and the old time from {@code rescheduleStartTime} /
   * {@code rescheduleEndTime} when both are present (so both the old and the new days are invalidated). Hosts are
   * the organizer and the team members listed in the payload.
   *
   * @return what this delivery means for cached availability, for the smart invalidator: present for the triggers that
   *     change availability ({@link WebhookTrigger#bookingChangeKind()}), empty for every other trigger
   */
  public Optional<BookingChange> bookingChange() {
    return bookingChanges().stream().findFirst();
  }

  /**
   * Everything this delivery means for cached availability: {@link #bookingChange()}, then, for a recurring series
   * ({@code recurringEvent} in the payload) that was created, requested, paid, cancelled or rejected, a change for
   * every other possible occurrence of the series (Cal.com updates the whole series while the payload describes one
   * occurrence); for an out-of-office entry ({@code OOO_*}, {@code payload.oooEntry}), the change of its user's
   * availability over the entry. Empty for every other trigger.
   *
   * @return the changes, the described booking's first
   */
  public List<BookingChange> bookingChanges() {
    if (WebhookParser.isOutOfOffice(trigger)) {
      return List.of(WebhookParser.outOfOffice(payload));
    }
    Optional<BookingChange> first = describedChange();
    if (first.isEmpty()) {
      return List.of();
    }
    BookingChange c = first.get();
    if (c.kind() == BookingChange.Kind.RESCHEDULED) {
      return List.of(c); // a reschedule moves one occurrence
    }
    List<BookingChange> all = new ArrayList<>();
    all.add(c);
    for (Instant[] o : WebhookParser.otherOccurrences(payload, c.start(), c.end())) {
      all.add(new BookingChange(c.kind(), null, c.eventTypeId(), o[0], o[1], null, null, c.hostUserIds()));
    }
    return List.copyOf(all);
  }

  private Optional<BookingChange> describedChange() {
    Optional<BookingChange.Kind> kind = trigger.bookingChangeKind();
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    BookingPayload b = booking.orElseThrow();
    return Optional.of(
        switch (kind.get()) {
          case CREATED ->
              BookingChange.created(b.uid(), b.eventTypeId(), b.startTime(), b.endTime(), b.hostUserIds());
          case CANCELLED ->
              BookingChange.cancelled(b.uid(), b.eventTypeId(), b.startTime(), b.endTime(), b.hostUserIds());
          case RESCHEDULED -> {
            boolean previousKnown =
                b.rescheduleStartTime() != null
                    && b.rescheduleEndTime() != null
                    && !b.rescheduleEndTime().isBefore(b.rescheduleStartTime());
            yield BookingChange.rescheduled(
                b.uid(),
                b.eventTypeId(),
                b.startTime(),
                b.endTime(),
                previousKnown ? b.rescheduleStartTime() : null,
                previousKnown ? b.rescheduleEndTime() : null,
                b.hostUserIds());
          }
        });
  }
}
