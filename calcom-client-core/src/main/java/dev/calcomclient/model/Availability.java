package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A weekly working-hours rule of a {@link Schedule}: on each of {@link #days()}, available from
 * {@link #startTime()} to {@link #endTime()} in the schedule's time zone.
 *
 * @param days day names as Cal.com sends them ({@code Monday} ... {@code Sunday}); see {@link #daysOfWeek()}
 * @param startTime start, {@code HH:MM}
 * @param endTime end, {@code HH:MM}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Availability(List<String> days, LocalTime startTime, LocalTime endTime) {

  /**
   * Copies the days; {@code null} becomes empty.
   *
   * @param days the days
   * @param startTime the start time
   * @param endTime the end time
   */
  public Availability {
    days = Copies.list(days);
  }

  /**
   * The days as {@link DayOfWeek}s; names Java does not recognise are skipped.
   *
   * @return the days as {@link DayOfWeek}s; names Java does not recognise are skipped
   */
  public List<DayOfWeek> daysOfWeek() {
    return days.stream()
        .filter(Objects::nonNull)
        .map(Availability::dayOfWeek)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<DayOfWeek> dayOfWeek(String name) {
    try {
      return Optional.of(DayOfWeek.valueOf(name.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
