package dev.calcomclient.invalidate;

import dev.calcomclient.cache.SlotTag;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What one invalidation did.
 *
 * @param tags the (event type, UTC day) tags invalidated, in order; every cached slot entry of each, whatever its
 *     query dimensions, was dropped
 * @param l1Evicted how many entries this instance's L1 dropped (synchronously, before the mutation returned)
 * @param eventTypeIds the event types the tags cover
 * @param days the UTC days the tags cover
 * @param duration from the start of the invalidation until the shared tier and the bus took it (or it was queued)
 * @param queued whether delivery to the shared tier or bus failed or had to wait, so that it is queued for retry
 */
public record InvalidationReport(
    SortedSet<SlotTag> tags,
    int l1Evicted,
    Set<Long> eventTypeIds,
    SortedSet<LocalDate> days,
    Duration duration,
    boolean queued) {

  /**
   * Checks and copies the components.
   *
   * @param tags the tags
   * @param l1Evicted the L1 evicted
   * @param eventTypeIds the event type ids
   * @param days the days
   * @param duration the duration
   * @param queued the queued
   */
  public InvalidationReport {
    tags = Collections.unmodifiableSortedSet(new TreeSet<>(tags));
    eventTypeIds = Set.copyOf(eventTypeIds);
    days = Collections.unmodifiableSortedSet(new TreeSet<>(days));
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * The number of tags invalidated (what {@code CalcomEventListener.invalidated} reports as keys).
   *
   * @return the number of tags invalidated (what {@code CalcomEventListener.invalidated} reports as keys)
   */
  public int keys() {
    return tags.size();
  }
}
