package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A user's availability schedule (API version 2024-06-11): weekly hours plus date overrides in one time zone.
 *
 * @param id schedule id
 * @param ownerId the owning user
 * @param name name
 * @param timeZone the time zone the hours are in, as Cal.com stores it (see {@link #zone()})
 * @param availability the weekly hours
 * @param isDefault whether this is the owner's default schedule
 * @param overrides date-specific hours
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Schedule(
    long id,
    Long ownerId,
    String name,
    String timeZone,
    List<Availability> availability,
    boolean isDefault,
    List<ScheduleOverride> overrides) {

  /**
   * Copies collections; {@code null} becomes empty.
   *
   * @param id the ID
   * @param ownerId the owner ID
   * @param name the name
   * @param timeZone the time zone
   * @param availability the availability
   * @param isDefault the is default
   * @param overrides the overrides
   */
  public Schedule {
    availability = Copies.list(availability);
    overrides = Copies.list(overrides);
  }

  /**
   * The schedule's time zone, if it is one Java knows.
   *
   * @return the schedule's time zone, if it is one Java knows
   */
  public Optional<ZoneId> zone() {
    return Zones.parse(timeZone);
  }
}
