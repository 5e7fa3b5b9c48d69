package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An event type (API version 2024-06-14), personal ({@code EventTypeOutput_2024_06_14}: {@link #ownerId()},
 * {@link #users()}) or team ({@code TeamEventTypeOutput_2024_06_14}: {@link #teamId()}, {@link #hosts()},
 * {@link #schedulingType()}). Only the fields that matter for availability and booking are typed; the
 * many nested unions (locations, booking fields, windows, limits) are kept as plain maps. Optional numbers are
 * {@code null} when absent; collections are never {@code null}.
 *
 * @param id event type id
 * @param title title
 * @param slug slug, unique per owner or team
 * @param description description
 * @param lengthInMinutes default meeting length
 * @param lengthInMinutesOptions the lengths a booker may choose from (multi-duration types)
 * @param slotInterval minutes between candidate slot starts, or {@code null} for the length
 * @param minimumBookingNotice minutes between now and the earliest bookable start
 * @param beforeEventBuffer minutes kept free before each meeting
 * @param afterEventBuffer minutes kept free after each meeting
 * @param seatsPerTimeSlot seats per slot for seated types, or {@code null}
 * @param scheduleId the schedule used instead of the hosts' defaults, or {@code null}
 * @param hidden whether the type is hidden from the public profile
 * @param locations where meetings take place; each item has a {@code type} ({@code address}, {@code link},
 *     {@code integration}, {@code phone}, ...)
 * @param bookingFields the booking form's fields; each item has a {@code type} and usually a {@code slug}
 * @param bookingLimitsCount maximum bookings per period, such as {@code {"day":2,"week":10}}
 * @param bookingLimitsDuration maximum booked minutes per period, such as {@code {"day":120}}
 * @param bookingWindow how far ahead the type may be booked
 * @param onlyShowFirstAvailableSlot whether only the first slot of each day is offered
 * @param recurrence the recurrence rule ({@code interval}, {@code occurrences}, {@code frequency}), or empty
 * @param metadata free-form metadata
 * @param price price in the currency's minor unit, or {@code null}
 * @param currency currency code, or {@code null}
 * @param disableGuests whether bookers may not add guests
 * @param lockTimeZoneToggleOnBookingPage whether the booking page's time zone is locked
 * @param instantEvent whether this is an instant-meeting type (JSON {@code isInstantEvent})
 * @param bookingRequiresAuthentication whether only authorised callers may book it through the API
 * @param ownerId the owning user of a personal type, or {@code null}
 * @param users the users of a personal type
 * @param teamId the owning team of a team type, or {@code null}
 * @param hosts the hosts of a team type
 * @param schedulingType how a team type assigns hosts, or {@code null}
 * @param assignAllTeamMembers whether every team member is a host, or {@code null}
 * @param parentEventTypeId the parent of a managed child type, or {@code null}
 * @param team the owning team's details ({@code id}, {@code slug}, {@code name}, ...), or empty
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventType(
    long id,
    String title,
    String slug,
    String description,
    Integer lengthInMinutes,
    List<Integer> lengthInMinutesOptions,
    Integer slotInterval,
    Integer minimumBookingNotice,
    Integer beforeEventBuffer,
    Integer afterEventBuffer,
    Integer seatsPerTimeSlot,
    Long scheduleId,
    Boolean hidden,
    List<Map<String, Object>> locations,
    List<Map<String, Object>> bookingFields,
    Map<String, Object> bookingLimitsCount,
    Map<String, Object> bookingLimitsDuration,
    List<Map<String, Object>> bookingWindow,
    Boolean onlyShowFirstAvailableSlot,
    Map<String, Object> recurrence,
    Map<String, Object> metadata,
    BigDecimal price,
    String currency,
    Boolean disableGuests,
    Boolean lockTimeZoneToggleOnBookingPage,
    @JsonProperty("isInstantEvent") Boolean instantEvent,
    Boolean bookingRequiresAuthentication,
    Long ownerId,
    List<EventTypeUser> users,
    Long teamId,
    List<EventTypeHost> hosts,
    SchedulingType schedulingType,
    Boolean assignAllTeamMembers,
    Long parentEventTypeId,
    Map<String, Object> team) {

  /**
   * Copies collections; {@code null} becomes empty.
   *
   * @param id the ID
   * @param title the title
   * @param slug the slug
   * @param description the description
   * @param lengthInMinutes the length in minutes
   * @param lengthInMinutesOptions the length in minutes options
   * @param slotInterval the slot interval
   * @param minimumBookingNotice the minimum booking notice
   * @param beforeEventBuffer the before event buffer
   * @param afterEventBuffer the after event buffer
   * @param seatsPerTimeSlot the seats per time slot
   * @param scheduleId the schedule ID
   * @param hidden the hidden
   * @param locations the locations
   * @param bookingFields the booking fields
   * @param bookingLimitsCount the booking limits count
   * @param bookingLimitsDuration the booking limits duration
   * @param bookingWindow the booking window
   * @param onlyShowFirstAvailableSlot the only show first available slot
   * @param recurrence the recurrence
   * @param metadata the metadata
   * @param price the price
   * @param currency the currency
   * @param disableGuests the disable guests
   * @param lockTimeZoneToggleOnBookingPage the lock time zone toggle on booking page
   * @param instantEvent the instant event
   * @param bookingRequiresAuthentication the booking requires authentication
   * @param ownerId the owner ID
   * @param users the users
   * @param teamId the team ID
   * @param hosts the hosts
   * @param schedulingType the scheduling type
   * @param assignAllTeamMembers the assign all team members
   * @param parentEventTypeId the parent event type ID
   * @param team the team
   */
  public EventType {
    lengthInMinutesOptions = Copies.list(lengthInMinutesOptions);
    locations = Copies.list(locations);
    bookingFields = Copies.list(bookingFields);
    bookingLimitsCount = Copies.map(bookingLimitsCount);
    bookingLimitsDuration = Copies.map(bookingLimitsDuration);
    bookingWindow = Copies.list(bookingWindow);
    recurrence = Copies.map(recurrence);
    metadata = Copies.map(metadata);
    users = Copies.list(users);
    hosts = Copies.list(hosts);
    team = Copies.map(team);
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
   * The ids of every user whose calendar this type uses: the owner, the users and the team hosts, in that
   * order and without duplicates. A booking of any of them blocks the time for this type.
   *
   * @return the ids of every user whose calendar this type uses: the owner, the users and the team hosts, in that order
   *     and without duplicates
   */
  public Set<Long> hostUserIds() {
    Set<Long> ids = new LinkedHashSet<>();
    if (ownerId != null) {
      ids.add(ownerId);
    }
    users.stream().map(EventTypeUser::id).filter(id -> id != null).forEach(ids::add);
    hosts.stream().map(EventTypeHost::userId).filter(id -> id != null).forEach(ids::add);
    return Collections.unmodifiableSet(ids);
  }

  /**
   * The periods ({@code day}, {@code week}, {@code month}, {@code year}) that carry a numeric booking-count or
   * booking-duration limit. A booking may change the availability of the whole period.
   *
   * @return the periods ({@code day}, {@code week}, {@code month}, {@code year}) that carry a numeric booking-count or
   *     booking-duration limit
   */
  public Set<String> limitedPeriods() {
    Set<String> periods = new LinkedHashSet<>();
    addNumericKeys(bookingLimitsCount, periods);
    addNumericKeys(bookingLimitsDuration, periods);
    return Collections.unmodifiableSet(periods);
  }

  private static void addNumericKeys(Map<String, Object> limits, Set<String> into) {
    limits.forEach(
        (k, v) -> {
          if (v instanceof Number && k != null) {
            // The API sends "day"; Cal.com's database spelling "PER_DAY" is accepted too.
            String period = k.toLowerCase(Locale.ROOT);
            into.add(period.startsWith("per_") ? period.substring(4) : period);
          }
        });
  }
}
