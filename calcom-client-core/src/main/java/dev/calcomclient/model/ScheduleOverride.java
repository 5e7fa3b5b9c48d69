package dev.calcomclient.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A date-specific exception to a {@link Schedule}'s weekly hours: on {@link #date()} the user is available
 * only from {@link #startTime()} to {@link #endTime()}.
 *
 * @param date the day
 * @param startTime start, {@code HH:MM}
 * @param endTime end, {@code HH:MM}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleOverride(LocalDate date, LocalTime startTime, LocalTime endTime) {}
