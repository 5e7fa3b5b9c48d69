package dev.calcomclient.alternatives;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer of an alternative search.
 *
 * @param desiredStart the desired start, in {@link AlternativeOptions#timeZone()}
 * @param desiredAvailable whether a bookable slot (not in the past, outside the minimum notice) starts exactly at
 *     {@code desiredStart}. The desired slot itself is never among the alternatives.
 * @param alternatives at most {@link AlternativeOptions#count()} proposals, nearest first (by the absolute
 *     distance from the desired start; of two equally near, the earlier)
 * @param upstreamCalls the upstream slot requests this search cost: 0 when every day it needed was cached, else 1
 *     (also when that request was refused or failed and the search was answered from cached days)
 * @param stale whether some of the days were served past their time to live: Cal.com could not be reached, or no
 *     rate-limit token was available in time to ask it (a day a booking invalidated is never served stale)
 * @param staleAge when {@code stale}, how long ago Cal.com answered the oldest day served stale; empty otherwise
 * @param daysNotSearched the UTC days of the search window that were not searched: no rate-limit token was available
 *     in time to fetch them and they were not cached (under overload a search uses the cached days only). Empty when
 *     the whole window was searched. When not empty, a nearer free slot may exist on one of these days, and
 *     {@code desiredAvailable} is false if the desired start's day is among them
 */
public record Alternatives(
    ZonedDateTime desiredStart,
    boolean desiredAvailable,
    List<Alternative> alternatives,
    int upstreamCalls,
    boolean stale,
    Optional<Duration> staleAge,
    List<LocalDate> daysNotSearched) {

  /**
   * Checks and copies the components; a {@code null} {@code staleAge} or {@code daysNotSearched} means none.
   *
   * @param desiredStart the desired start
   * @param desiredAvailable whether the desired start is bookable
   * @param alternatives the proposals, nearest first
   * @param upstreamCalls the upstream slot requests of the search
   * @param stale whether some days were served stale
   * @param staleAge the oldest stale day's age, when {@code stale}
   * @param daysNotSearched the UTC days left out of the search
   */
  public Alternatives {
    Objects.requireNonNull(desiredStart, "desiredStart");
    alternatives = List.copyOf(alternatives);
    staleAge = staleAge == null ? Optional.empty() : staleAge;
    daysNotSearched = daysNotSearched == null ? List.of() : List.copyOf(daysNotSearched);
  }

  /**
   * An answer that searched the whole window, without a stale age.
   *
   * @param desiredStart the desired start
   * @param desiredAvailable whether the desired start is bookable
   * @param alternatives the proposals, nearest first
   * @param upstreamCalls the upstream slot requests of the search
   * @param stale whether some days were served stale
   */
  public Alternatives(
      ZonedDateTime desiredStart,
      boolean desiredAvailable,
      List<Alternative> alternatives,
      int upstreamCalls,
      boolean stale) {
    this(desiredStart, desiredAvailable, alternatives, upstreamCalls, stale, Optional.empty(), List.of());
  }

  /**
   * Whether some days of the search window were left out (see {@link #daysNotSearched()}).
   *
   * @return whether the search covered only part of its window
   */
  public boolean isPartial() {
    return !daysNotSearched.isEmpty();
  }

  /**
   * The nearest proposal, if any.
   *
   * @return the nearest proposal, if any
   */
  public Optional<Alternative> best() {
    return alternatives.isEmpty() ? Optional.empty() : Optional.of(alternatives.get(0));
  }

  /**
   * Whether nothing could be proposed.
   *
   * @return whether nothing could be proposed
   */
  public boolean isEmpty() {
    return alternatives.isEmpty();
  }
}
