package dev.calcomclient.alternatives;

import dev.calcomclient.model.Slot;
import java.time.Duration;
import java.util.Objects;

/**
 * One proposed slot.
 *
 * @param slot the slot, with its times in the offset of {@link AlternativeOptions#timeZone()} at that instant
 * @param strategy the first strategy (in {@link AlternativeStrategy} order) that found it
 * @param distance from the desired start to the slot's start: negative for an earlier slot, positive for a later one
 */
public record Alternative(Slot slot, AlternativeStrategy strategy, Duration distance) {

  /**
   * Checks the components.
   *
   * @param slot the slot
   * @param strategy the strategy
   * @param distance the distance
   */
  public Alternative {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(distance, "distance");
  }

  /**
   * Whether the slot starts before the desired time.
   *
   * @return whether the slot starts before the desired time
   */
  public boolean isEarlier() {
    return distance.isNegative();
  }
}
