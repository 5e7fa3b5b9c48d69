package dev.calcomclient.invalidate;

import java.util.List;
import java.util.Objects;

/**
 * What one instance tells the others after a mutation: drop these slot tags from your L1. Carried by an
 * {@link InvalidationBus}.
 *
 * @param sourceId the publishing instance's id; an instance ignores its own messages
 * @param sequence the publisher's sequence number, starting at 1 and increasing by 1 per message, so that a
 *     receiver sees a gap (a lost message) and flushes its L1 slot entries
 * @param tags the rendered slot tags ({@code calcom:v1:tag:et:{id}:{day}}) to drop; empty with {@code flushAll}
 * @param flushAll whether receivers should drop every L1 slot entry (sent when the publisher lost track)
 */
public record InvalidationMessage(String sourceId, long sequence, List<String> tags, boolean flushAll) {

  /**
   * Checks and copies the components.
   *
   * @param sourceId the source ID
   * @param sequence the sequence
   * @param tags the tags
   * @param flushAll the flush all
   */
  public InvalidationMessage {
    Objects.requireNonNull(sourceId, "sourceId");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be >= 1, got: " + sequence);
    }
    tags = List.copyOf(tags);
  }
}
