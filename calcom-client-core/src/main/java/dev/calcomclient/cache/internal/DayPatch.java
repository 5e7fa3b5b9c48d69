package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The exact effect of one booking on the cached days of one event type: Cal.com's conflict rule. A slot
 * {@code [s, e)} of the type is taken when {@code [s - before, e + after)} (widened by the type's own buffers)
 * overlaps {@code busy} ({@code [bookingStart - bookedBefore, bookingEnd + bookedAfter)}, the booking widened by
 * its own event type's buffers); both intervals half-open, as in Cal.com's {@code checkForConflicts} over the busy
 * times of {@code getBusyTimes}.
 *
 * <p>A day that cannot be patched exactly is dropped ({@link #apply} answers {@code null}): a slot without an end
 * (its length is not known from the answer), or an entry of a reschedule query (its booking may be the one that
 * changed, which that query ignores).
 *
 * <p>A {@linkplain #conservative() conservative} patch (a round-robin type, whose start stays open while any host
 * is free) removes the same starts, which may hide one another host could take but never keeps a taken one; the
 * next read of such a day is answered from it and fetches it again in the background, so hidden starts come back.
 *
 * @param busyStart the booking's start minus the booked type's before-buffer
 * @param busyEnd the booking's end plus the booked type's after-buffer
 * @param before this type's before-buffer
 * @param after this type's after-buffer
 * @param conservative whether the effect is not exact (the patched days are fetched again in the background)
 */
public record DayPatch(Instant busyStart, Instant busyEnd, Duration before, Duration after, boolean conservative) {

  /**
   * An exact patch.
   *
   * @param busyStart the busy start
   * @param busyEnd the busy end
   * @param before the before-buffer
   * @param after the after-buffer
   */
  public DayPatch(Instant busyStart, Instant busyEnd, Duration before, Duration after) {
    this(busyStart, busyEnd, before, after, false);
  }

  /**
   * The same patch, conservative: its days are fetched again in the background on their next read.
   *
   * @return the conservative patch
   */
  public DayPatch asConservative() {
    return new DayPatch(busyStart, busyEnd, before, after, true);
  }

  /**
   * Checks the components.
   *
   * @param busyStart the busy start
   * @param busyEnd the busy end
   * @param before the before-buffer
   * @param after the after-buffer
   * @param conservative whether the days are fetched again in the background
   */
  public DayPatch {
    Objects.requireNonNull(busyStart, "busyStart");
    Objects.requireNonNull(busyEnd, "busyEnd");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  /**
   * The day without the slots the booking takes, or {@code null} when the entry must be dropped instead.
   *
   * @param key the entry's key
   * @param day the cached day
   * @return the patched day (the same instance when nothing is taken), or {@code null} to drop the entry
   */
  SlotDay apply(SlotKey key, SlotDay day) {
    if (key.dims().contains("r-")) {
      return null;
    }
    List<CachedSlot> kept = null;
    List<CachedSlot> slots = day.slots();
    for (int i = 0; i < slots.size(); i++) {
      CachedSlot s = slots.get(i);
      if (s.end() == null) {
        return null;
      }
      boolean taken = s.start().minus(before).isBefore(busyEnd) && busyStart.isBefore(s.end().plus(after));
      if (taken && kept == null) {
        kept = new ArrayList<>(slots.subList(0, i));
      } else if (!taken && kept != null) {
        kept.add(s);
      }
    }
    return kept == null ? day : kept.isEmpty() ? SlotDay.EMPTY : new SlotDay(kept);
  }
}
