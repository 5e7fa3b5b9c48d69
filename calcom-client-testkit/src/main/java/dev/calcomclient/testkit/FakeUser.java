package dev.calcomclient.testkit;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A Cal.com user seeded into {@link FakeCalcom}: the host of individual event types and a member of teams.
 *
 * @param id                numeric user id (as in {@code /v2/me} and booking {@code hosts[].id})
 * @param username          unique username, used by the {@code username} selectors of slots, bookings and event types
 * @param email             the user's email
 * @param name              display name
 * @param timeZone          IANA time zone of the user (returned by {@code /v2/me})
 * @param defaultScheduleId id of the schedule that defines the user's working hours, or {@code null} to use the
 *                          first schedule owned by the user
 */
public record FakeUser(long id, String username, String email, String name, String timeZone, Long defaultScheduleId) {

  /**
   * Validates the fields.
   *
   * @param id the ID
   * @param username the username
   * @param email the email
   * @param name the name
   * @param timeZone the time zone
   * @param defaultScheduleId the default schedule ID
   */
  public FakeUser {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeZone, "timeZone");
    ZoneId.of(timeZone); // fail fast on an invalid zone
  }

  /**
   * A user without an explicit default schedule (the first schedule the user owns is the default).
   *
   * @param id the ID
   * @param username the username
   * @param email the email
   * @param name the name
   * @param timeZone the time zone
   * @return a user without an explicit default schedule (the first schedule the user owns is the default)
   */
  public static FakeUser of(long id, String username, String email, String name, String timeZone) {
    return new FakeUser(id, username, email, name, timeZone, null);
  }

  /**
   * A copy of this user whose default schedule is {@code scheduleId}.
   *
   * @param scheduleId the schedule ID
   * @return a copy of this user whose default schedule is {@code scheduleId}
   */
  public FakeUser withDefaultScheduleId(long scheduleId) {
    return new FakeUser(id, username, email, name, timeZone, scheduleId);
  }
}
