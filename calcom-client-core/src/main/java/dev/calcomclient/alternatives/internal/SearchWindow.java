package dev.calcomclient.alternatives.internal;

import dev.calcomclient.alternatives.AlternativeOptions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The instants one alternative search looks at: from the start of the desired local date (or the first bookable
 * instant, {@code now + minimumNotice}, if later) up to {@code desiredStart + horizon}, exclusive. Every strategy
 * only looks inside it, so the UTC days it covers are the one span fetched for the search.
 *
 * @param desired the desired start in the options' zone
 * @param from the first instant a proposal may start at
 * @param end the instant every proposal starts before
 */
record SearchWindow(ZonedDateTime desired, Instant from, Instant end) {

  /** The window of a search for {@code desiredStart} in which nothing starts before {@code earliestBookable}. */
  static SearchWindow of(Instant desiredStart, AlternativeOptions options, Instant earliestBookable) {
    ZonedDateTime desired = desiredStart.atZone(options.timeZone());
    Instant dayStart = desired.toLocalDate().atStartOfDay(options.timeZone()).toInstant();
    Instant from = earliestBookable.isAfter(dayStart) ? earliestBookable : dayStart;
    return new SearchWindow(desired, from, desiredStart.plus(options.horizon()));
  }

  /** Whether no instant can hold a proposal (the first bookable instant is past the horizon). */
  boolean isEmpty() {
    return !from.isBefore(end);
  }

  /** The first UTC day of the span. */
  LocalDate fromUtc() {
    return LocalDate.ofInstant(from, ZoneOffset.UTC);
  }

  /** The last UTC day of the span. */
  LocalDate toUtcInclusive() {
    return LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
  }

  /** Whether {@code start} lies in the window. */
  boolean contains(Instant start) {
    return !start.isBefore(from) && start.isBefore(end);
  }
}
