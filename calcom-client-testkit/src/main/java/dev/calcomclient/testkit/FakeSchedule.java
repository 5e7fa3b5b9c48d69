package dev.calcomclient.testkit;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A user's availability schedule, in the shape of Cal.com's {@code Schedule} (2024-06-11).
 *
 * <p>Weekly {@linkplain Availability availability} entries give working hours per weekday in the schedule's
 * time zone. {@linkplain Override Date overrides} <em>replace</em> the weekly hours of their date; an override whose
 * start equals its end ({@code 00:00}-{@code 00:00}) marks the whole date unavailable. An end time of
 * {@code 23:59} means "until midnight".
 *
 * @param id           schedule id
 * @param ownerId      id of the owning user
 * @param name         display name
 * @param timeZone     IANA zone in which the times are interpreted
 * @param availability weekly working hours
 * @param overrides    per-date replacements
 */
public record FakeSchedule(
    long id, long ownerId, String name, String timeZone, List<Availability> availability, List<Override> overrides) {

  /**
   * Validates and copies the fields.
   *
   * @param id the ID
   * @param ownerId the owner ID
   * @param name the name
   * @param timeZone the time zone
   * @param availability the availability
   * @param overrides the overrides
   */
  public FakeSchedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(timeZone, "timeZone");
    ZoneId.of(timeZone);
    availability = List.copyOf(availability);
    overrides = List.copyOf(overrides);
  }

  /**
   * A builder for a schedule with the given id and owner; time zone defaults to UTC.
   *
   * @param id the ID
   * @param ownerId the owner ID
   * @return a builder for a schedule with the given id and owner; time zone defaults to UTC
   */
  public static Builder builder(long id, long ownerId) {
    return new Builder(id, ownerId);
  }

  /**
   * Shorthand: Monday to Friday, {@code start}-{@code end} ("HH:MM") in {@code timeZone}.
   *
   * @param id the ID
   * @param ownerId the owner ID
   * @param timeZone the time zone
   * @param start the start
   * @param end the end
   * @return shorthand: Monday to Friday, {@code start}-{@code end} ("HH:MM") in {@code timeZone}
   */
  public static FakeSchedule weekdays(long id, long ownerId, String timeZone, String start, String end) {
    return builder(id, ownerId).timeZone(timeZone).weekdays(start, end).build();
  }

  /**
   * Weekly working hours: on each of {@code days}, from {@code startTime} to {@code endTime}.
   *
   * @param days      the weekdays this entry applies to
   * @param startTime start of the working hours
   * @param endTime   end of the working hours ({@code 23:59} means midnight)
   */
  public record Availability(Set<DayOfWeek> days, LocalTime startTime, LocalTime endTime) {
    /**
     * Validates and copies the fields.
     *
     * @param days the days
     * @param startTime the start time
     * @param endTime the end time
     */
    public Availability {
      if (days.isEmpty()) {
        throw new IllegalArgumentException("availability needs at least one day");
      }
      days = Set.copyOf(EnumSet.copyOf(days));
      Objects.requireNonNull(startTime, "startTime");
      Objects.requireNonNull(endTime, "endTime");
    }
  }

  /**
   * Working hours for one date, replacing that date's weekly hours.
   *
   * @param date      the local date in the schedule's time zone
   * @param startTime start ({@code startTime == endTime} marks the date unavailable)
   * @param endTime   end
   */
  public record Override(LocalDate date, LocalTime startTime, LocalTime endTime) {
    /**
     * Validates the fields.
     *
     * @param date the date
     * @param startTime the start time
     * @param endTime the end time
     */
    public Override {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(startTime, "startTime");
      Objects.requireNonNull(endTime, "endTime");
    }
  }

  /** Builds a {@link FakeSchedule}. */
  public static final class Builder {
    private final long id;
    private final long ownerId;
    private String name = "Working hours";
    private String timeZone = "UTC";
    private final List<Availability> availability = new ArrayList<>();
    private final List<Override> overrides = new ArrayList<>();

    private Builder(long id, long ownerId) {
      this.id = id;
      this.ownerId = ownerId;
    }

    /**
     * Display name (default "Working hours").
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * IANA time zone of the schedule (default UTC).
     *
     * @param timeZone the time zone
     * @return this builder
     */
    public Builder timeZone(String timeZone) {
      this.timeZone = timeZone;
      return this;
    }

    /**
     * Adds working hours {@code start}-{@code end} ("HH:MM") on the given days.
     *
     * @param days the days
     * @param start the start
     * @param end the end
     * @return this builder
     */
    public Builder availability(Set<DayOfWeek> days, String start, String end) {
      availability.add(new Availability(days, LocalTime.parse(start), LocalTime.parse(end)));
      return this;
    }

    /**
     * Adds working hours {@code start}-{@code end} ("HH:MM") Monday to Friday.
     *
     * @param start the start
     * @param end the end
     * @return this builder
     */
    public Builder weekdays(String start, String end) {
      return availability(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), start, end);
    }

    /**
     * Replaces the hours of {@code date} with {@code start}-{@code end}; may be called several times per date.
     *
     * @param date the date
     * @param start the start
     * @param end the end
     * @return this builder
     */
    public Builder override(LocalDate date, String start, String end) {
      overrides.add(new Override(date, LocalTime.parse(start), LocalTime.parse(end)));
      return this;
    }

    /**
     * Marks {@code date} as unavailable (an override {@code 00:00}-{@code 00:00}).
     *
     * @param date the date
     * @return this builder
     */
    public Builder dayOff(LocalDate date) {
      return override(date, "00:00", "00:00");
    }

    /**
     * Builds the schedule.
     *
     * @return the fake schedule
     */
    public FakeSchedule build() {
      return new FakeSchedule(id, ownerId, name, timeZone, availability, overrides);
    }
  }
}
