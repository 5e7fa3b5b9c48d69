package dev.calcomclient.cache;

import java.time.LocalDate;
import java.util.Objects;

/**
 * The canonical cache key of one event type's slots on one UTC day for one set of query dimensions. Rendered as
 * {@code {prefix}:slots:et:{eventTypeId}:{dims}:{yyyy-mm-dd}}, with the default prefix {@code calcom:v1}; for
 * example {@code calcom:v1:slots:et:101:default:2050-09-05}. Queries in any time zone and over any range are
 * answered from these day entries, so they share them.
 *
 * @param eventTypeId the event type
 * @param dims the canonical form of the query dimensions that change the answer (duration, format, reschedule
 *     uid); {@code default} when none is set. Only {@code [A-Za-z0-9._=-]} characters.
 * @param day the UTC day the slots start on
 */
public record SlotKey(long eventTypeId, String dims, LocalDate day) {
  /** The default key prefix. */
  public static final String DEFAULT_PREFIX = "calcom:v1";

  /** The dims of a query that sets no dimension. */
  public static final String DEFAULT_DIMS = "default";

  /**
   * Checks the components.
   *
   * @param eventTypeId the event type ID
   * @param dims the dims
   * @param day the day
   */
  public SlotKey {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(dims, "dims");
    if (!isValidDims(dims)) {
      throw new IllegalArgumentException("dims must be non-empty and use only [A-Za-z0-9._=-], got: " + dims);
    }
  }

  /** Whether {@code dims} is non-empty and uses only {@code [A-Za-z0-9._=-]} (checked on every key: no regex). */
  private static boolean isValidDims(String dims) {
    if (dims.isEmpty()) {
      return false;
    }
    for (int i = 0; i < dims.length(); i++) {
      char c = dims.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '='
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The invalidation tag this key is filed under.
   *
   * @return the invalidation tag this key is filed under
   */
  public SlotTag tag() {
    return new SlotTag(eventTypeId, day);
  }

  /**
   * The key under {@code prefix}.
   *
   * @param prefix the prefix
   * @return the key under {@code prefix}
   */
  public String render(String prefix) {
    return prefix + ":slots:et:" + eventTypeId + ":" + dims + ":" + day;
  }

  /** The key under the default prefix. */
  @Override
  public String toString() {
    return render(DEFAULT_PREFIX);
  }
}
