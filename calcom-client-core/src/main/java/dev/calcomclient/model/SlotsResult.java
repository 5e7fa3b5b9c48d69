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
 * <p>{@link #source()} says whether the answer came from the in-process cache, the shared cache, Cal.com, or was
 * served stale while Cal.com could not be asked.
 *
 * @param days an ordered, unmodifiable map from date (in the query's time zone) to that day's slots
 * @param source where the answer came from (the least fresh source of any of its days)
 * @param decodeIssues for an answer read from Cal.com without the cache: slot days and slots left out (a day key
 *     that is not a date, a slot without a valid start) and optional fields decoded as absent; empty otherwise (a
 *     cached day's issues were reported to the listeners and {@code stats()} when it was fetched)
 */
public record SlotsResult(Map<LocalDate, List<Slot>> days, SlotsSource source, List<DecodeIssue> decodeIssues) {
  private static final SlotsResult EMPTY = new SlotsResult(Map.of());

  /**
   * A result fetched from Cal.com ({@link SlotsSource#UPSTREAM}); see the canonical constructor.
   *
   * @param days the days
   */
  public SlotsResult(Map<LocalDate, List<Slot>> days) {
    this(days, SlotsSource.UPSTREAM);
  }

  /**
   * A result without decode issues.
   *
   * @param days the slots by day
   * @param source where the answer came from
   */
  public SlotsResult(Map<LocalDate, List<Slot>> days, SlotsSource source) {
    this(days, source, List.of());
  }

  /**
   * Sorts and copies {@code days}; {@code null} means no slots, a {@code null} source means upstream.
   *
   * @param days the days
   * @param source the source
   * @param decodeIssues the decode issues
   */
  public SlotsResult {
    decodeIssues = Copies.list(decodeIssues);
    source = source == null ? SlotsSource.UPSTREAM : source;
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

  /**
   * Whether {@code o} is a result with the same days and slots. The {@linkplain #source() source} is provenance,
   * not part of the value: an answer from the cache equals the same answer from Cal.com.
   */
  @Override
  public boolean equals(Object o) {
    return o instanceof SlotsResult other && days.equals(other.days);
  }

  /** The hash of the days, consistent with {@link #equals}. */
  @Override
  public int hashCode() {
    return days.hashCode();
  }

  /**
   * How many slot days and slots of Cal.com's answer were left out for a day key that is not a date or a slot
   * without a valid start (only for answers read without the cache; see {@link #decodeIssues()}).
   *
   * @return the number left out, 0 when none
   */
  public int skipped() {
    return decodeIssues.stream().filter(DecodeIssue::isLeftOut).mapToInt(DecodeIssue::count).sum();
  }

  /**
   * A result with no slots.
   *
   * @return the empty
   */
  public static SlotsResult empty() {
    return EMPTY;
  }

  /**
   * Every slot of every day, in start order.
   *
   * @return every slot of every day, in start order
   */
  public List<Slot> all() {
    List<Slot> out = new ArrayList<>();
    days.values().forEach(out::addAll);
    return Collections.unmodifiableList(out);
  }

  /**
   * The slots of {@code day}, or an empty list.
   *
   * @param day the day
   * @return the slots of {@code day}, or an empty list
   */
  public List<Slot> on(LocalDate day) {
    return days.getOrDefault(day, List.of());
  }

  /**
   * Whether this answer was served past its time to live because Cal.com could not be asked.
   *
   * @return whether this answer was served past its time to live because Cal.com could not be asked
   */
  public boolean isStale() {
    return source == SlotsSource.STALE;
  }

  /**
   * Whether no slot is available.
   *
   * @return whether no slot is available
   */
  public boolean isEmpty() {
    return days.isEmpty();
  }

  /**
   * The number of slots over all days.
   *
   * @return the number of slots over all days
   */
  public int size() {
    int n = 0;
    for (List<Slot> slots : days.values()) {
      n += slots.size();
    }
    return n;
  }

  /**
   * The earliest slot, if any.
   *
   * @return the earliest slot, if any
   */
  public Optional<Slot> first() {
    return days.values().stream().findFirst().map(slots -> slots.get(0));
  }
}
