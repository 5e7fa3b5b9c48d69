package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The tags one change invalidates, with what they were derived from.
 *
 * @param tags the (event type, UTC day) tags, in order
 * @param eventTypeIds the event types covered
 * @param days the UTC days covered (over all event types)
 * @param hosts the hosts whose time the change took or freed (empty when unknown)
 * @param hostsComplete whether {@code hosts} are all of them (the booked event type's facts were known, so its fixed
 *     hosts are in): only then may other instances narrow their widening to them ({@link
 *     dev.calcomclient.invalidate.InvalidationMessage#hosts()})
 */
public record InvalidationPlan(
    SortedSet<SlotTag> tags,
    SortedSet<Long> eventTypeIds,
    SortedSet<LocalDate> days,
    Set<Long> hosts,
    boolean hostsComplete) {

  /** Copies the components. */
  public InvalidationPlan {
    tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    eventTypeIds = Collections.unmodifiableSortedSet(new TreeSet<>(eventTypeIds));
    days = Collections.unmodifiableSortedSet(new TreeSet<>(days));
    hosts = Set.copyOf(hosts);
  }

  /** A plan of the given tags, its hosts not known to be complete. */
  static InvalidationPlan of(SortedSet<SlotTag> tags, Set<Long> hosts) {
    return of(tags, hosts, false);
  }

  /** A plan of the given tags. */
  static InvalidationPlan of(SortedSet<SlotTag> tags, Set<Long> hosts, boolean hostsComplete) {
    SortedSet<Long> types = new TreeSet<>();
    SortedSet<LocalDate> days = new TreeSet<>();
    for (SlotTag t : tags) {
      types.add(t.eventTypeId());
      days.add(t.day());
    }
    return new InvalidationPlan(tags, types, days, hosts, hostsComplete && !hosts.isEmpty());
  }
}
