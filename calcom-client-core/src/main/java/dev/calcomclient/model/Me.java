package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The authenticated user ({@code GET /v2/me}).
 *
 * @param id user id
 * @param username Cal.com username
 * @param email email address
 * @param timeFormat 12 or 24
 * @param defaultScheduleId the default schedule, or {@code null}
 * @param weekStart the first day of the week, such as {@code Monday}
 * @param timeZone the user's time zone as Cal.com stores it (see {@link #zone()})
 * @param organizationId the user's organization, or {@code null}
 * @param organization the organization's details, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Me(
    long id,
    String username,
    String email,
    Integer timeFormat,
    Long defaultScheduleId,
    String weekStart,
    String timeZone,
    Long organizationId,
    Organization organization) {

  /**
   * The user's time zone, if it is one Java knows.
   *
   * @return the user's time zone, if it is one Java knows
   */
  public Optional<ZoneId> zone() {
    return Zones.parse(timeZone);
  }

  /**
   * The organization of an organization member.
   *
   * @param id organization id
   * @param isPlatform whether it is a platform (OAuth-client) organization
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Organization(long id, boolean isPlatform) {}
}
