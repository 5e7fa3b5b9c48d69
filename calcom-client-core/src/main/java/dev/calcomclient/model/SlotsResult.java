package dev.calcomclient.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Available slots grouped by day, as {@code GET /v2/slots} returns them: days in ascending order, each day a
 * date in the query's time zone, slots in ascending start order. Days without slots are absent.
 *
 * @param days an ordered, unmodifiable map from date (in the query's time zone) to that day's slots
 */
public record SlotsResult(Map<LocalDate, List<Slot>> days) {
  private static final SlotsResult EMPTY = new SlotsResult(Map.of());

  /** Sorts and copies {@code days}; {@code null} means no slots. */
  public SlotsResult {
    Map<LocalDate, List<Slot>> sorted = new TreeMap<>();
    if (days != null) {
      days.forEach(
          (day, slots) -> {
            if (day != null && slots != null && !slots.isEmpty()) {
              List<Slot> copy = new ArrayList<>(slots);
              copy.removeIf(s -> s == null);
              copy.sort((a, b) -> a.start().toInstant().compareTo(b.start().toInstant()));
              sorted.put(day, Collections.unmodifiableList(copy));
            }
          });
    }
    days = Collections.unmodifiableMap(new LinkedHashMap<>(sorted));
  }

  /** A result with no slots. */
  public static SlotsResult empty() {
    return EMPTY;
  }

  /** Every slot of every day, in start order. */
  public List<Slot> all() {
    List<Slot> out = new ArrayList<>();
    days.values().forEach(out::addAll);
    return Collections.unmodifiableList(out);
  }

  /** The slots of {@code day}, or an empty list. */
  public List<Slot> on(LocalDate day) {
    return days.getOrDefault(day, List.of());
  }

  /** Whether no slot is available. */
  public boolean isEmpty() {
    return days.isEmpty();
  }

  /** The number of slots over all days. */
  public int size() {
    int n = 0;
    for (List<Slot> slots : days.values()) {
      n += slots.size();
    }
    return n;
  }

  /** The earliest slot, if any. */
  public Optional<Slot> first() {
    return days.values().stream().findFirst().map(slots -> slots.get(0));
  }
}
