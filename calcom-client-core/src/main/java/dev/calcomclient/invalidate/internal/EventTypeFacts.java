package dev.calcomclient.invalidate.internal;

import dev.calcomclient.model.EventType;
import dev.calcomclient.model.EventTypeHost;
import dev.calcomclient.model.SchedulingType;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the invalidator needs to know about an event type.
 *
 * @param id the event type
 * @param hosts every user whose calendar the type uses (owner, users, team hosts); empty when unknown
 * @param fixedHosts the hosts every booking of the type blocks: all of them, except for round robin, where only
 *     the mandatory ones (the others take turns)
 * @param maxLengthMinutes the longest meeting length a query may ask for, or {@code null} when unknown
 * @param beforeBufferMinutes the before-buffer, or {@code null} when unknown
 * @param afterBufferMinutes the after-buffer, or {@code null} when unknown
 * @param limitedPeriods the periods with a booking-count or booking-duration limit ({@code day}, {@code week},
 *     {@code month}, {@code year})
 * @param teamId the owning team, or {@code null}
 * @param individual whether a booking blocks exactly the type's hosts, all of them needed for a slot: a personal
 *     type (no team, no scheduling type), whose effect on a cached day can be patched exactly
 * @param seated whether the type has seats (a booking leaves its slot open until it is full)
 * @param collective whether the type is a team's collective type (every host needed for a slot), hosts known
 * @param roundRobin whether the type is a team's round-robin type (any one host free opens a slot), hosts known
 */
record EventTypeFacts(
    long id,
    Set<Long> hosts,
    Set<Long> fixedHosts,
    Integer maxLengthMinutes,
    Integer beforeBufferMinutes,
    Integer afterBufferMinutes,
    Set<String> limitedPeriods,
    Long teamId,
    boolean individual,
    boolean seated,
    boolean collective,
    boolean roundRobin) {

  /** Copies the sets. */
  public EventTypeFacts {
    hosts = Set.copyOf(hosts);
    fixedHosts = Set.copyOf(fixedHosts);
    limitedPeriods = Set.copyOf(limitedPeriods);
  }

  /** The facts of {@code eventType}. */
  public static EventTypeFacts of(EventType eventType) {
    Objects.requireNonNull(eventType, "eventType");
    Set<Long> hosts = eventType.hostUserIds();
    Set<Long> fixed;
    if (SchedulingType.ROUND_ROBIN.equals(eventType.schedulingType())) {
      fixed = new LinkedHashSet<>();
      for (EventTypeHost h : eventType.hosts()) {
        if (h.userId() != null && Boolean.TRUE.equals(h.mandatory())) {
          fixed.add(h.userId());
        }
      }
    } else {
      fixed = hosts;
    }
    Integer max = eventType.lengthInMinutes();
    for (Integer option : eventType.lengthInMinutesOptions()) {
      if (option != null && (max == null || option > max)) {
        max = option;
      }
    }
    return new EventTypeFacts(
        eventType.id(),
        hosts,
        fixed,
        max,
        eventType.beforeEventBuffer(),
        eventType.afterEventBuffer(),
        eventType.limitedPeriods(),
        eventType.teamId(),
        eventType.teamId() == null
            && eventType.schedulingType() == null
            && eventType.parentEventTypeId() == null
            && !hosts.isEmpty(),
        eventType.seatsPerTimeSlot() != null && eventType.seatsPerTimeSlot() > 0,
        team(eventType, hosts) && SchedulingType.COLLECTIVE.equals(eventType.schedulingType()),
        team(eventType, hosts) && SchedulingType.ROUND_ROBIN.equals(eventType.schedulingType()));
  }

  /** A team's own type (not a managed child) with its hosts known. */
  private static boolean team(EventType eventType, Set<Long> hosts) {
    return eventType.teamId() != null && eventType.parentEventTypeId() == null && !hosts.isEmpty();
  }

  /** Whether length and both buffers are known. */
  public boolean timingKnown() {
    return maxLengthMinutes != null && beforeBufferMinutes != null && afterBufferMinutes != null;
  }
}
