package dev.calcomclient.model;

import java.time.Duration;
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
 * <p>Provenance: {@link #sourceByDay()} says, for each day of the answer, where its slots came from (the in-process
 * cache, the shared cache, Cal.com, or served stale while Cal.com could not be asked); {@link #source()} is one
 * summary over the whole answer. Neither is part of the value ({@link #equals}).
 *
 * <p>Stale answers: a day is served past its time to live only when Cal.com cannot be asked for it — it fails, or no
 * rate-limit token is available in time (overload) — and only when <em>every</em> day the query needs is cached at
 * its current invalidation generation: an answer is never partial, and a day a booking invalidated since it was
 * cached is never served stale (read-your-writes). Such an answer says {@link #isStale()}, marks those days {@link
 * SlotsSource#STALE} in {@link #sourceByDay()}, and gives the oldest one's age in {@link #staleAge()}. A query with a
 * day that is not cached fails instead (under overload with the rate limiter's {@code RateLimitedException}, whose
 * {@code retryAfter()} says when to try again).
 *
 * @param days an ordered, unmodifiable map from date (in the query's time zone) to that day's slots
 * @param source one summary of where the answer came from: the <em>least fresh</em> source of all the days it was
 *     assembled from, days without slots included, in the order {@link SlotsSource#STALE} (any day served stale),
 *     then {@link SlotsSource#L1} (any day from the in-process cache), then {@link SlotsSource#L2} (any day from the
 *     shared cache), then {@link SlotsSource#UPSTREAM} (every day fetched from Cal.com for this answer). So an answer
 *     with one day from L1 and one day fetched from Cal.com says {@code L1}; {@link #sourceByDay()} tells them apart
 * @param decodeIssues for an answer read from Cal.com without the cache: slot days and slots left out (a day key
 *     that is not a date, a slot without a valid start) and optional fields decoded as absent; empty otherwise (a
 *     cached day's issues were reported to the listeners and {@code stats()} when it was fetched)
 * @param sourceByDay for every day of {@link #days()} (and only those), where that day's slots came from; a day in
 *     the query's zone whose slots came from two cached UTC days has the less fresh of their sources. Days missing
 *     from the given map get {@code source}
 * @param staleAge when the answer is stale ({@link SlotsSource#STALE}), how long ago Cal.com answered the oldest
 *     day served stale (days without slots included): the age of the data, like HTTP's {@code Age}; empty when the
 *     answer is not stale. For a day that reached this client through the shared cache (L2), the age is estimated
 *     from the TTL policy
 */
public record SlotsResult(
    Map<LocalDate, List<Slot>> days,
    SlotsSource source,
    List<DecodeIssue> decodeIssues,
    Map<LocalDate, SlotsSource> sourceByDay,
    Optional<Duration> staleAge) {
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
   * A result without decode issues whose days all come from {@code source}.
   *
   * @param days the slots by day
   * @param source where the answer came from
   */
  public SlotsResult(Map<LocalDate, List<Slot>> days, SlotsSource source) {
    this(days, source, List.of());
  }

  /**
   * A result whose days all come from {@code source}.
   *
   * @param days the slots by day
   * @param source where the answer came from
   * @param decodeIssues what was left out or decoded as absent (see the canonical constructor)
   */
  public SlotsResult(Map<LocalDate, List<Slot>> days, SlotsSource source, List<DecodeIssue> decodeIssues) {
    this(days, source, decodeIssues, Map.of());
  }

  /**
   * A result without a stale age; see the canonical constructor.
   *
   * @param days the slots by day
   * @param source the summary source
   * @param decodeIssues what was left out or decoded as absent
   * @param sourceByDay each day's source
   */
  public SlotsResult(
      Map<LocalDate, List<Slot>> days,
      SlotsSource source,
      List<DecodeIssue> decodeIssues,
      Map<LocalDate, SlotsSource> sourceByDay) {
    this(days, source, decodeIssues, sourceByDay, Optional.empty());
  }

  /**
   * Sorts and copies {@code days}; {@code null} means no slots, a {@code null} source means upstream. {@code
   * sourceByDay} is narrowed to the days with slots, and a day it does not name gets {@code source}. A {@code
   * staleAge} is kept only for a {@link SlotsSource#STALE} result ({@code null} means empty).
   *
   * @param days the days
   * @param source the summary source
   * @param decodeIssues the decode issues
   * @param sourceByDay each day's source
   * @param staleAge the oldest stale day's age
   */
  public SlotsResult {
    staleAge = staleAge == null || source != SlotsSource.STALE ? Optional.empty() : staleAge;
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
    Map<LocalDate, SlotsSource> given = sourceByDay == null ? Map.of() : sourceByDay;
    Map<LocalDate, SlotsSource> perDay = new LinkedHashMap<>();
    for (LocalDate day : sorted.keySet()) {
      SlotsSource s = given.get(day);
      perDay.put(day, s == null ? source : s);
    }
    sourceByDay = Collections.unmodifiableMap(perDay);
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
   * Where the slots of {@code day} came from.
   *
   * @param day a date in the query's time zone
   * @return the day's source, or empty when the answer has no slots that day
   */
  public Optional<SlotsSource> sourceOn(LocalDate day) {
    return Optional.ofNullable(sourceByDay.get(day));
  }

  /**
   * Whether any day of this answer (days without slots included) was served past its time to live because Cal.com
   * could not be asked (it failed, or no rate-limit token was available in time); {@link #sourceByDay()} says which,
   * {@link #staleAge()} how old the oldest is.
   *
   * @return whether any day was served stale
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
