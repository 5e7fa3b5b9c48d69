package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A search for available slots ({@code GET /v2/slots}): one event type, a range of instants, and how to
 * present the answer. Checked on construction: every instance is a valid query.
 *
 * <pre>{@code
 * SlotQuery q = SlotQuery.forEventType(42)
 *     .between(Instant.parse("2050-09-05T00:00:00Z"), Instant.parse("2050-09-06T00:00:00Z"))
 *     .timeZone(ZoneId.of("Europe/Berlin"))
 *     .build();
 * }</pre>
 *
 * @param eventType which event type
 * @param start the range's start (sent as ISO-8601 UTC)
 * @param end the range's end (sent as ISO-8601 UTC); not before {@code start}
 * @param timeZone the zone the answer's dates and offsets are in, or {@code null} for Cal.com's default (UTC)
 * @param duration the meeting length in minutes for multi-duration types, or {@code null}
 * @param format start times only or start and end; {@code null} means {@link SlotFormat#TIME}
 * @param bookingUidToReschedule a booking being rescheduled, whose own time counts as free, or {@code null}
 */
public record SlotQuery(
    EventTypeSelector eventType,
    Instant start,
    Instant end,
    ZoneId timeZone,
    Integer duration,
    SlotFormat format,
    String bookingUidToReschedule) {

  /**
   * Checks the query.
   *
   * @param eventType the event type
   * @param start the start
   * @param end the end
   * @param timeZone the time zone
   * @param duration the duration
   * @param format the format
   * @param bookingUidToReschedule the booking uid to reschedule
   * @throws ValidationException naming the field to fix
   */
  public SlotQuery {
    if (eventType == null) {
      throw EventTypeSelector.missing();
    }
    Checks.instant("start", start);
    Checks.instant("end", end);
    if (end.isBefore(start)) {
      throw new ValidationException("end", "must not be before start (start " + start + ", end " + end + ")");
    }
    // Cal.com clamps end to one year from today (GetAvailableSlotsInput_2024_09_04): a longer range is never
    // answered in full, and an unbounded one would make this client fetch and cache absurd spans.
    if (Duration.between(start, end).compareTo(Checks.MAX_SLOT_RANGE) > 0) {
      throw new ValidationException(
          "end",
          "must be at most " + Checks.MAX_SLOT_RANGE.toDays() + " days after start (Cal.com answers at most a year),"
              + " got " + Duration.between(start, end).toDays() + " days");
    }
    if (timeZone != null) {
      timeZone = Checks.zone("timeZone", timeZone);
    }
    if (duration != null) {
      Checks.between("duration", duration, 1, Checks.MAX_MINUTES);
    }
    if (bookingUidToReschedule != null) {
      Checks.name("bookingUidToReschedule", bookingUidToReschedule);
    }
  }

  /**
   * A query for the event type with {@code eventTypeId}.
   *
   * @param eventTypeId the event type ID
   * @return a query for the event type with {@code eventTypeId}
   */
  public static Builder forEventType(long eventTypeId) {
    return new Builder().eventType(EventTypeSelector.byId(eventTypeId));
  }

  /**
   * A query for a user's event type by slug.
   *
   * @param eventTypeSlug the event type slug
   * @param username the username
   * @return a query for a user's event type by slug
   */
  public static Builder forUserEventType(String eventTypeSlug, String username) {
    return new Builder().eventType(EventTypeSelector.byUser(eventTypeSlug, username));
  }

  /**
   * A query for a team's event type by slug.
   *
   * @param eventTypeSlug the event type slug
   * @param teamSlug the team slug
   * @return a query for a team's event type by slug
   */
  public static Builder forTeamEventType(String eventTypeSlug, String teamSlug) {
    return new Builder().eventType(EventTypeSelector.byTeam(eventTypeSlug, teamSlug));
  }

  /**
   * An empty builder; set the event type with {@link Builder#eventType}.
   *
   * @return an empty builder; set the event type with {@link Builder#eventType}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this query's values.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.eventType = eventType;
    b.start = start;
    b.end = end;
    b.timeZone = timeZone;
    b.duration = duration;
    b.format = format;
    b.bookingUidToReschedule = bookingUidToReschedule;
    return b;
  }

  /**
   * The format to send, {@link SlotFormat#TIME} when unset.
   *
   * @return the format to send, {@link SlotFormat#TIME} when unset
   */
  public SlotFormat effectiveFormat() {
    return format == null ? SlotFormat.TIME : format;
  }

  /** Builds a {@link SlotQuery}; {@link #build()} checks it. */
  public static final class Builder {
    private EventTypeSelector eventType;
    private Instant start;
    private Instant end;
    private ZoneId timeZone;
    private Integer duration;
    private SlotFormat format;
    private String bookingUidToReschedule;

    private Builder() {}

    /**
     * The event type to search.
     *
     * @param eventType the event type
     * @return this builder
     */
    public Builder eventType(EventTypeSelector eventType) {
      this.eventType = eventType;
      return this;
    }

    /**
     * Restricts a slug selector to an organization.
     *
     * @param organizationSlug the organization slug
     * @return this builder
     */
    public Builder organizationSlug(String organizationSlug) {
      if (eventType == null) {
        throw new ValidationException("organizationSlug", "needs an eventTypeSlug selector first");
      }
      this.eventType = eventType.inOrganization(organizationSlug);
      return this;
    }

    /**
     * The range to search, {@code [start, end]}.
     *
     * @param start the start
     * @param end the end
     * @return this builder
     */
    public Builder between(Instant start, Instant end) {
      this.start = start;
      this.end = end;
      return this;
    }

    /**
     * The range's start.
     *
     * @param start the start
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /**
     * The range's end.
     *
     * @param end the end
     * @return this builder
     */
    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    /**
     * The time zone the answer is grouped and offset in: an IANA region, UTC however written, or a whole-hour fixed
     * offset (the one zone rule of this API, see {@code AlternativeOptions.Builder#timeZone}).
     *
     * @param timeZone the time zone
     * @return this builder
     */
    public Builder timeZone(ZoneId timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * The time zone by IANA name, such as {@code Europe/Berlin}.
     *
     * @param timeZone the time zone
     * @return this builder
     */
    public Builder timeZone(String timeZone) {
      this.timeZone = Checks.parseZone("timeZone", timeZone);
      return this;
    }

    /**
     * The meeting length in minutes, for event types with several lengths.
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder duration(int minutes) {
      this.duration = minutes;
      return this;
    }

    /**
     * Whether slots carry an end.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(SlotFormat format) {
      this.format = format;
      return this;
    }

    /**
     * Treats this booking's own time as free (when looking for a new time for it).
     *
     * @param bookingUid the booking uid
     * @return this builder
     */
    public Builder bookingUidToReschedule(String bookingUid) {
      this.bookingUidToReschedule = bookingUid;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the slot query
     * @throws ValidationException naming the field to fix
     */
    public SlotQuery build() {
      return new SlotQuery(eventType, start, end, timeZone, duration, format, bookingUidToReschedule);
    }
  }
}
