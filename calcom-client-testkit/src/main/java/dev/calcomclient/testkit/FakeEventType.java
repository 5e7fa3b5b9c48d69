package dev.calcomclient.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An event type seeded into {@link FakeCalcom}: either an individual one (owned by {@code ownerId}) or a team one
 * ({@code teamId} + {@code schedulingType} + {@code hosts}).
 *
 * @param id                   event type id
 * @param slug                 slug (unique per owner or team)
 * @param title                title
 * @param description          description
 * @param lengthInMinutes      meeting length
 * @param slotInterval         step between candidate slot starts in minutes, or {@code null} for the length
 * @param minimumBookingNotice minutes between now and the earliest bookable start
 * @param beforeEventBuffer    minutes kept free before a meeting
 * @param afterEventBuffer     minutes kept free after a meeting
 * @param ownerId              owning user (individual event types), or {@code null} for team event types
 * @param hosts                additional users of an individual event type, or the hosts of a team event type
 * @param teamId               owning team, or {@code null}
 * @param schedulingType       how a team event type picks hosts, or {@code null} for individual ones
 * @param scheduleId           schedule used instead of each host's default schedule, or {@code null}
 * @param bookingLimits        maximum number of bookings of this event type per period ({@code bookingLimitsCount})
 */
public record FakeEventType(
    long id,
    String slug,
    String title,
    String description,
    int lengthInMinutes,
    Integer slotInterval,
    int minimumBookingNotice,
    int beforeEventBuffer,
    int afterEventBuffer,
    Long ownerId,
    List<Long> hosts,
    Long teamId,
    FakeSchedulingType schedulingType,
    Long scheduleId,
    Map<BookingLimitPeriod, Integer> bookingLimits) {

  /**
   * Validates and copies the fields.
   *
   * @param id the ID
   * @param slug the slug
   * @param title the title
   * @param description the description
   * @param lengthInMinutes the length in minutes
   * @param slotInterval the slot interval
   * @param minimumBookingNotice the minimum booking notice
   * @param beforeEventBuffer the before event buffer
   * @param afterEventBuffer the after event buffer
   * @param ownerId the owner ID
   * @param hosts the hosts
   * @param teamId the team ID
   * @param schedulingType the scheduling type
   * @param scheduleId the schedule ID
   * @param bookingLimits the booking limits
   */
  public FakeEventType {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    hosts = List.copyOf(hosts);
    bookingLimits = bookingLimits.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(bookingLimits));
    if (lengthInMinutes <= 0) {
      throw new IllegalArgumentException("lengthInMinutes must be positive, was " + lengthInMinutes);
    }
    if (slotInterval != null && slotInterval <= 0) {
      throw new IllegalArgumentException("slotInterval must be positive, was " + slotInterval);
    }
    if (minimumBookingNotice < 0 || beforeEventBuffer < 0 || afterEventBuffer < 0) {
      throw new IllegalArgumentException("minimumBookingNotice and buffers must not be negative");
    }
    if (teamId == null) {
      if (ownerId == null) {
        throw new IllegalArgumentException(
            "event type " + id + " needs an ownerId (individual) or a teamId (team event type)");
      }
      if (schedulingType != null) {
        throw new IllegalArgumentException(
            "event type " + id + ": schedulingType is only valid with a teamId; remove it or set teamId");
      }
    } else {
      if (schedulingType == null) {
        throw new IllegalArgumentException("team event type " + id + " needs a schedulingType");
      }
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("team event type " + id + " needs at least one host");
      }
    }
  }

  /**
   * A builder for an event type with the given id and slug; length defaults to 30 minutes.
   *
   * @param id the ID
   * @param slug the slug
   * @return a builder for an event type with the given id and slug; length defaults to 30 minutes
   */
  public static Builder builder(long id, String slug) {
    return new Builder(id, slug);
  }

  /**
   * Whether this is a team event type.
   *
   * @return whether this is a team event type
   */
  public boolean isTeamEvent() {
    return teamId != null;
  }

  /**
   * The effective step between slot starts: {@link #slotInterval()} or else the length.
   *
   * @return the effective step between slot starts: {@link #slotInterval()} or else the length
   */
  public int effectiveSlotInterval() {
    return slotInterval != null ? slotInterval : lengthInMinutes;
  }

  /**
   * The users whose time this event type uses: the team hosts, or the owner followed by {@link #hosts()}.
   *
   * @return the users whose time this event type uses: the team hosts, or the owner followed by {@link #hosts()}
   */
  public List<Long> hostIds() {
    if (isTeamEvent()) {
      return hosts;
    }
    LinkedHashSet<Long> ids = new LinkedHashSet<>();
    ids.add(ownerId);
    ids.addAll(hosts);
    return List.copyOf(ids);
  }

  /** Builds a {@link FakeEventType}. */
  public static final class Builder {
    private final long id;
    private final String slug;
    private String title;
    private String description = "";
    private int lengthInMinutes = 30;
    private Integer slotInterval;
    private int minimumBookingNotice;
    private int beforeEventBuffer;
    private int afterEventBuffer;
    private Long ownerId;
    private final List<Long> hosts = new ArrayList<>();
    private Long teamId;
    private FakeSchedulingType schedulingType;
    private Long scheduleId;
    private final Map<BookingLimitPeriod, Integer> bookingLimits = new EnumMap<>(BookingLimitPeriod.class);

    private Builder(long id, String slug) {
      this.id = id;
      this.slug = slug;
    }

    /**
     * Title (default: the slug).
     *
     * @param title the title
     * @return this builder
     */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    /**
     * Description (default empty).
     *
     * @param description the description
     * @return this builder
     */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /**
     * Meeting length in minutes (default 30).
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder lengthInMinutes(int minutes) {
      this.lengthInMinutes = minutes;
      return this;
    }

    /**
     * Step between slot starts in minutes (default: the length).
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder slotInterval(int minutes) {
      this.slotInterval = minutes;
      return this;
    }

    /**
     * Minimum notice in minutes (default 0).
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder minimumBookingNotice(int minutes) {
      this.minimumBookingNotice = minutes;
      return this;
    }

    /**
     * Buffer before each meeting in minutes (default 0).
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder beforeEventBuffer(int minutes) {
      this.beforeEventBuffer = minutes;
      return this;
    }

    /**
     * Buffer after each meeting in minutes (default 0).
     *
     * @param minutes the minutes
     * @return this builder
     */
    public Builder afterEventBuffer(int minutes) {
      this.afterEventBuffer = minutes;
      return this;
    }

    /**
     * Owner of an individual event type.
     *
     * @param userId the user ID
     * @return this builder
     */
    public Builder ownerId(long userId) {
      this.ownerId = userId;
      return this;
    }

    /**
     * Hosts of a team event type, or additional users of an individual one.
     *
     * @param userIds the user ids
     * @return this builder
     */
    public Builder hosts(Long... userIds) {
      this.hosts.addAll(List.of(userIds));
      return this;
    }

    /**
     * Makes this a team event type of {@code teamId} with the given scheduling type.
     *
     * @param teamId the team id
     * @param schedulingType the scheduling type
     * @return this builder
     */
    public Builder team(long teamId, FakeSchedulingType schedulingType) {
      this.teamId = teamId;
      this.schedulingType = schedulingType;
      return this;
    }

    /**
     * Uses this schedule instead of each host's default schedule.
     *
     * @param scheduleId the schedule ID
     * @return this builder
     */
    public Builder scheduleId(long scheduleId) {
      this.scheduleId = scheduleId;
      return this;
    }

    /**
     * At most {@code count} bookings of this event type per {@code period}.
     *
     * @param period the period
     * @param count the count
     * @return this builder
     */
    public Builder bookingLimit(BookingLimitPeriod period, int count) {
      if (count < 1) {
        throw new IllegalArgumentException("booking limit must be at least 1, was " + count);
      }
      bookingLimits.put(period, count);
      return this;
    }

    /**
     * Builds the event type; fails when owner/team settings are inconsistent.
     *
     * @return the fake event type
     */
    public FakeEventType build() {
      return new FakeEventType(id, slug, title != null ? title : slug, description, lengthInMinutes, slotInterval,
          minimumBookingNotice, beforeEventBuffer, afterEventBuffer, ownerId, hosts, teamId, schedulingType,
          scheduleId, bookingLimits);
    }
  }
}
