package dev.calcomclient.invalidate;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one instance tells the others after a mutation: drop these slot tags from your L1. Carried by an
 * {@link InvalidationBus}.
 *
 * @param sourceId the publishing instance's id; an instance ignores its own messages
 * @param sequence the publisher's sequence number, starting at 1 and increasing by 1 per message, so that a
 *     receiver sees a gap (a lost message) and flushes its L1 slot entries
 * @param tags the rendered slot tags ({@code calcom:v1:tag:et:{id}:{day}}) to drop; empty with {@code flushAll}
 * @param flushAll whether receivers should drop every L1 slot entry (sent when the publisher lost track)
 * @param hosts the hosts whose time the change took or freed, when the publisher knew them all (the booked event
 *     type's facts were known); empty when unknown. A receiver widens the tags with its own event types sharing one
 *     of these hosts only, instead of every host of each tag's event type
 */
public record InvalidationMessage(
    String sourceId, long sequence, List<String> tags, boolean flushAll, Set<Long> hosts) {

  /**
   * Checks and copies the components.
   *
   * @param sourceId the source ID
   * @param sequence the sequence
   * @param tags the tags
   * @param flushAll the flush all
   * @param hosts the affected hosts, or empty when unknown
   */
  public InvalidationMessage {
    Objects.requireNonNull(sourceId, "sourceId");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1, got: " + sequence);
    }
    tags = List.copyOf(tags);
    hosts = hosts == null ? Set.of() : Set.copyOf(hosts);
  }

  /**
   * A message without its hosts (unknown), as publishers before they were carried sent it.
   *
   * @param sourceId the source ID
   * @param sequence the sequence
   * @param tags the tags
   * @param flushAll the flush all
   */
  public InvalidationMessage(String sourceId, long sequence, List<String> tags, boolean flushAll) {
    this(sourceId, sequence, tags, flushAll, Set.of());
  }
}
