package dev.calcomclient.alternatives;

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
 * @param stale whether some of the days were served stale because Cal.com could not be reached
 */
public record Alternatives(
    ZonedDateTime desiredStart,
    boolean desiredAvailable,
    List<Alternative> alternatives,
    int upstreamCalls,
    boolean stale) {

  /**
   * Checks and copies the components.
   *
   * @param desiredStart the desired start
   * @param desiredAvailable the desired available
   * @param alternatives the alternatives
   * @param upstreamCalls the upstream calls
   * @param stale the stale
   */
  public Alternatives {
    Objects.requireNonNull(desiredStart, "desiredStart");
    alternatives = List.copyOf(alternatives);
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
