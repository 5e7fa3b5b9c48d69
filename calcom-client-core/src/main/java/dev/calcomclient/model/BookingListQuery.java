package dev.calcomclient.model;

import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Filters, sort order and page of {@code GET /v2/bookings}. Every filter is optional; checked on construction.
 *
 * @param statuses status filters (combined with OR), empty for all
 * @param attendeeEmail only bookings with this attendee email, or {@code null}
 * @param attendeeName only bookings with this attendee name, or {@code null}
 * @param bookingUid only the booking with this uid, or {@code null}
 * @param eventTypeIds only bookings of these event types, empty for all
 * @param teamIds only bookings of these teams' event types, empty for all
 * @param afterStart only bookings starting after this instant, or {@code null}
 * @param beforeEnd only bookings ending before this instant, or {@code null}
 * @param afterCreatedAt only bookings created after this instant, or {@code null}
 * @param beforeCreatedAt only bookings created before this instant, or {@code null}
 * @param sortStart sort by start, or {@code null}
 * @param sortEnd sort by end, or {@code null}
 * @param sortCreated sort by creation time, or {@code null}
 * @param take page size, 1 to 250, or {@code null} for Cal.com's default (100)
 * @param skip items to skip, at least 0, or {@code null} for 0
 */
public record BookingListQuery(
    Set<BookingListStatus> statuses,
    String attendeeEmail,
    String attendeeName,
    String bookingUid,
    List<Long> eventTypeIds,
    List<Long> teamIds,
    Instant afterStart,
    Instant beforeEnd,
    Instant afterCreatedAt,
    Instant beforeCreatedAt,
    SortOrder sortStart,
    SortOrder sortEnd,
    SortOrder sortCreated,
    Integer take,
    Integer skip) {

  /** Cal.com's largest page. */
  public static final int MAX_TAKE = 250;
  /** Cal.com's page size when {@code take} is not sent. */
  public static final int DEFAULT_TAKE = 100;

  /**
   * Checks the query and copies its collections.
   *
   * @param statuses the statuses
   * @param attendeeEmail the attendee email
   * @param attendeeName the attendee name
   * @param bookingUid the booking uid
   * @param eventTypeIds the event type ids
   * @param teamIds the team ids
   * @param afterStart the after start
   * @param beforeEnd the before end
   * @param afterCreatedAt the after created at
   * @param beforeCreatedAt the before created at
   * @param sortStart the sort start
   * @param sortEnd the sort end
   * @param sortCreated the sort created
   * @param take how many bookings per page
   * @param skip how many bookings to skip
   * @throws ValidationException naming the field to fix
   */
  public BookingListQuery {
    statuses =
        statuses == null || statuses.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(statuses));
    eventTypeIds = Copies.list(eventTypeIds);
    for (int i = 0; i < eventTypeIds.size(); i++) {
      Checks.positive("eventTypeIds[" + i + "]", Checks.required("eventTypeIds[" + i + "]", eventTypeIds.get(i)));
    }
    teamIds = Copies.list(teamIds);
    for (int i = 0; i < teamIds.size(); i++) {
      Checks.positive("teamIds[" + i + "]", Checks.required("teamIds[" + i + "]", teamIds.get(i)));
    }
    if (bookingUid != null) {
      Checks.name("bookingUid", bookingUid);
    }
    if (attendeeEmail != null) {
      // A filter, not an address to write to: any text without control characters (Cal.com matches it).
      Checks.name("attendeeEmail", attendeeEmail, Checks.MAX_EMAIL);
    }
    if (attendeeName != null) {
      Checks.name("attendeeName", attendeeName);
    }
    for (String f : new String[] {"afterStart", "beforeEnd", "afterCreatedAt", "beforeCreatedAt"}) {
      Instant value =
          switch (f) {
            case "afterStart" -> afterStart;
            case "beforeEnd" -> beforeEnd;
            case "afterCreatedAt" -> afterCreatedAt;
            default -> beforeCreatedAt;
          };
      if (value != null) {
        Checks.instant(f, value);
      }
    }
    if (take != null) {
      Checks.between("take", take, 1, MAX_TAKE);
    }
    if (skip != null && skip < 0) {
      throw new ValidationException("skip", "must be at least 0, got " + skip);
    }
    if (afterStart != null && beforeEnd != null && beforeEnd.isBefore(afterStart)) {
      throw new ValidationException("beforeEnd", "must not be before afterStart");
    }
  }

  /**
   * A query without filters (the first page of every booking the credential can see).
   *
   * @return a query without filters (the first page of every booking the credential can see)
   */
  public static BookingListQuery all() {
    return builder().build();
  }

  /**
   * Starts a query.
   *
   * @return a new builder
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
    b.statuses.addAll(statuses);
    b.attendeeEmail = attendeeEmail;
    b.attendeeName = attendeeName;
    b.bookingUid = bookingUid;
    b.eventTypeIds.addAll(eventTypeIds);
    b.teamIds.addAll(teamIds);
    b.afterStart = afterStart;
    b.beforeEnd = beforeEnd;
    b.afterCreatedAt = afterCreatedAt;
    b.beforeCreatedAt = beforeCreatedAt;
    b.sortStart = sortStart;
    b.sortEnd = sortEnd;
    b.sortCreated = sortCreated;
    b.take = take;
    b.skip = skip;
    return b;
  }

  /**
   * The page size that will be used: {@link #take()} or Cal.com's default.
   *
   * @return the page size that will be used: {@link #take()} or Cal.com's default
   */
  public int effectiveTake() {
    return take == null ? DEFAULT_TAKE : take;
  }

  /**
   * The offset that will be used: {@link #skip()} or 0.
   *
   * @return the offset that will be used: {@link #skip()} or 0
   */
  public int effectiveSkip() {
    return skip == null ? 0 : skip;
  }

  /** Builds a {@link BookingListQuery}; {@link #build()} checks it. */
  public static final class Builder {
    private final Set<BookingListStatus> statuses = EnumSet.noneOf(BookingListStatus.class);
    private String attendeeEmail;
    private String attendeeName;
    private String bookingUid;
    private final List<Long> eventTypeIds = new ArrayList<>();
    private final List<Long> teamIds = new ArrayList<>();
    private Instant afterStart;
    private Instant beforeEnd;
    private Instant afterCreatedAt;
    private Instant beforeCreatedAt;
    private SortOrder sortStart;
    private SortOrder sortEnd;
    private SortOrder sortCreated;
    private Integer take;
    private Integer skip;

    private Builder() {}

    /**
     * Adds status filters.
     *
     * @param statuses the statuses
     * @return this builder
     */
    public Builder status(BookingListStatus... statuses) {
      Collections.addAll(this.statuses, statuses);
      return this;
    }

    /**
     * Only bookings with this attendee email.
     *
     * @param email the email
     * @return this builder
     */
    public Builder attendeeEmail(String email) {
      this.attendeeEmail = email;
      return this;
    }

    /**
     * Only bookings with this attendee name.
     *
     * @param name the name
     * @return this builder
     */
    public Builder attendeeName(String name) {
      this.attendeeName = name;
      return this;
    }

    /**
     * Only the booking with this uid.
     *
     * @param uid the uid
     * @return this builder
     */
    public Builder bookingUid(String uid) {
      this.bookingUid = uid;
      return this;
    }

    /**
     * Adds event type filters.
     *
     * @param ids the ids
     * @return this builder
     */
    public Builder eventTypeIds(long... ids) {
      for (long id : ids) {
        eventTypeIds.add(id);
      }
      return this;
    }

    /**
     * Adds one event type filter.
     *
     * @param id the ID
     * @return this builder
     */
    public Builder eventTypeId(long id) {
      eventTypeIds.add(id);
      return this;
    }

    /**
     * Adds team filters.
     *
     * @param ids the ids
     * @return this builder
     */
    public Builder teamIds(long... ids) {
      for (long id : ids) {
        teamIds.add(id);
      }
      return this;
    }

    /**
     * Only bookings starting after {@code instant}.
     *
     * @param instant the instant
     * @return this builder
     */
    public Builder afterStart(Instant instant) {
      this.afterStart = instant;
      return this;
    }

    /**
     * Only bookings ending before {@code instant}.
     *
     * @param instant the instant
     * @return this builder
     */
    public Builder beforeEnd(Instant instant) {
      this.beforeEnd = instant;
      return this;
    }

    /**
     * Only bookings created after {@code instant}.
     *
     * @param instant the instant
     * @return this builder
     */
    public Builder afterCreatedAt(Instant instant) {
      this.afterCreatedAt = instant;
      return this;
    }

    /**
     * Only bookings created before {@code instant}.
     *
     * @param instant the instant
     * @return this builder
     */
    public Builder beforeCreatedAt(Instant instant) {
      this.beforeCreatedAt = instant;
      return this;
    }

    /**
     * Sorts by start.
     *
     * @param order the order
     * @return this builder
     */
    public Builder sortStart(SortOrder order) {
      this.sortStart = order;
      return this;
    }

    /**
     * Sorts by end.
     *
     * @param order the order
     * @return this builder
     */
    public Builder sortEnd(SortOrder order) {
      this.sortEnd = order;
      return this;
    }

    /**
     * Sorts by creation time.
     *
     * @param order the order
     * @return this builder
     */
    public Builder sortCreated(SortOrder order) {
      this.sortCreated = order;
      return this;
    }

    /**
     * The page size, 1 to 250.
     *
     * @param take how many bookings per page
     * @return this builder
     */
    public Builder take(int take) {
      this.take = take;
      return this;
    }

    /**
     * The number of items to skip, at least 0.
     *
     * @param skip how many bookings to skip
     * @return this builder
     */
    public Builder skip(int skip) {
      this.skip = skip;
      return this;
    }

    /**
     * Builds the query.
     *
     * @return the booking list query
     * @throws ValidationException naming the field to fix
     */
    public BookingListQuery build() {
      return new BookingListQuery(
          statuses,
          attendeeEmail,
          attendeeName,
          bookingUid,
          eventTypeIds,
          teamIds,
          afterStart,
          beforeEnd,
          afterCreatedAt,
          beforeCreatedAt,
          sortStart,
          sortEnd,
          sortCreated,
          take,
          skip);
    }
  }
}
