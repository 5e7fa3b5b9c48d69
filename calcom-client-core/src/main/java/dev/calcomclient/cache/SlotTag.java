package dev.calcomclient.cache;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The unit of slot invalidation: one event type on one UTC day. Every cached slot entry of that event type and
 * day, whatever its query dimensions, is filed under this tag, and an invalidation of the tag drops them all and
 * bumps the tag's generation (so that a fill which started before the invalidation is not stored).
 *
 * @param eventTypeId the event type
 * @param day the UTC day the slots start on
 */
public record SlotTag(long eventTypeId, LocalDate day) implements Comparable<SlotTag> {

  /**
   * Checks the components.
   *
   * @param eventTypeId the event type ID
   * @param day the day
   */
  public SlotTag {
    Objects.requireNonNull(day, "day");
  }

  /**
   * The tag's key under {@code prefix}: {@code {prefix}:tag:et:{eventTypeId}:{yyyy-mm-dd}}.
   *
   * @param prefix the prefix
   * @return the tag's key under {@code prefix}: {@code {prefix}:tag:et:{eventTypeId}:{yyyy-mm-dd}}
   */
  public String render(String prefix) {
    return prefix + ":tag:et:" + eventTypeId + ":" + day;
  }

  /**
   * Parses a tag rendered by {@link #render} under {@code prefix}.
   *
   * @param prefix the prefix
   * @param rendered the rendered
   * @return the slot tag
   * @throws IllegalArgumentException when {@code rendered} is not such a tag
   */
  public static SlotTag parse(String prefix, String rendered) {
    String head = prefix + ":tag:et:";
    if (rendered == null || !rendered.startsWith(head)) {
      throw new IllegalArgumentException("not a slot tag under " + prefix + ": " + rendered);
    }
    String rest = rendered.substring(head.length());
    int colon = rest.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("not a slot tag under " + prefix + ": " + rendered);
    }
    try {
      return new SlotTag(Long.parseLong(rest.substring(0, colon)), LocalDate.parse(rest.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a slot tag under " + prefix + ": " + rendered, e);
    }
  }

  @Override
  public int compareTo(SlotTag o) {
    int c = Long.compare(eventTypeId, o.eventTypeId);
    return c != 0 ? c : day.compareTo(o.day);
  }
}
