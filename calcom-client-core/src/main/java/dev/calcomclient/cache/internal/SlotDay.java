package dev.calcomclient.cache.internal;

import java.util.List;

/**
 * The cached value of one {@link dev.calcomclient.cache.SlotKey}: the slots starting on that UTC day, in start
 * order, immutable.
 *
 * @param slots the slots; empty for a day without availability
 */
record SlotDay(List<CachedSlot> slots) {
  /** A day without slots. */
  public static final SlotDay EMPTY = new SlotDay(List.of());

  /** Copies the slots. */
  public SlotDay {
    slots = List.copyOf(slots);
  }

  /** The number of slots. */
  public int size() {
    return slots.size();
  }

  /**
   * Whether a slot starts at {@code start}.
   *
   * @param start the start
   * @return whether the day offers it
   */
  public boolean offers(java.time.Instant start) {
    for (CachedSlot slot : slots) {
      if (slot.start().equals(start)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the day has no slot. */
  public boolean isEmpty() {
    return slots.isEmpty();
  }
}
