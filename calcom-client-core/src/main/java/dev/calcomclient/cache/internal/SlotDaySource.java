package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Day-granular access to the slot cache, for the alternative finder and the cache warmer. Implemented by the
 * {@link SlotQueries}.
 */
public interface SlotDaySource {

  /**
   * The slots of every UTC day in {@code [fromUtc, toUtcInclusive]} for the event type with default dimensions
   * (or {@code durationMinutes} when not null), answered from L1/L2 where present; all missing days are fetched
   * in <b>at most one</b> upstream {@code GET /v2/slots} call spanning them (none when everything is cached).
   * Slots already in the past (by the client's clock) are left out.
   *
   * @param priority the rate-limit lane of the upstream call, if one is needed
   */
  CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority);

  /**
   * The same days as {@link #days} for a search a caller waits for (the alternative finder): when no rate-limit
   * token is available in time to fetch the missing days, the answer is made of the cached days only, stale ones
   * included and those invalidated since they were cached excluded; the days without one are {@linkplain
   * DaySpan#leftOut() left out}. Fails with the limiter's refusal when not one requested day is cached. ({@link
   * #days} fails under overload instead: the cache warmer must see the refusal.)
   *
   * <p>The default answers as {@link #days} does (a source without a cache has nothing to fall back on).
   *
   * @param priority the rate-limit lane of the upstream call, if one is needed
   */
  default CompletableFuture<DaySpan> daysForSearch(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, priority);
  }

  /**
   * As {@link #daysForSearch(long, Integer, LocalDate, LocalDate, Priority)} for a caller's per-call options: the
   * upstream call, if one is needed, goes in their lane ({@link Priority#STANDARD} when they name none) and honours
   * their {@link RequestOptions#maxWait()} and {@link RequestOptions#callTimeout()}.
   *
   * <p>The default passes only the lane on (for sources without a pipeline of their own, such as test doubles); the
   * client's slot queries override it.
   *
   * @param options the caller's options
   */
  default CompletableFuture<DaySpan> daysForSearch(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, RequestOptions options) {
    return daysForSearch(
        eventTypeId, durationMinutes, fromUtc, toUtcInclusive, options.lane().orElse(Priority.STANDARD));
  }

  /** The event type's metadata if this client already holds it (never fetches). */
  Optional<EventType> knownEventType(long eventTypeId);

  /**
   * Slots by UTC day.
   *
   * @param byUtcDay every requested day (days without slots map to an empty list), slots in start order, with
   *     UTC offsets
   * @param upstreamCalls how many upstream calls answering this took (0 or 1)
   * @param stale whether any day was served stale (upstream failing, or no rate-limit token in time)
   * @param staleAge when {@code stale}, how long ago Cal.com answered the oldest stale day; zero otherwise
   * @param leftOut requested days absent from {@code byUtcDay}: not cached when no rate-limit token was available
   *     to fetch them (only from {@link #daysForSearch}); empty when every day is there
   */
  record DaySpan(
      Map<LocalDate, List<Slot>> byUtcDay,
      int upstreamCalls,
      boolean stale,
      Duration staleAge,
      List<LocalDate> leftOut) {
    /** Checks and copies the components. */
    public DaySpan {
      Objects.requireNonNull(byUtcDay, "byUtcDay");
      byUtcDay = Map.copyOf(byUtcDay);
      staleAge = staleAge == null ? Duration.ZERO : staleAge;
      leftOut = leftOut == null ? List.of() : List.copyOf(leftOut);
    }

    /** A span with every requested day and no stale age. */
    public DaySpan(Map<LocalDate, List<Slot>> byUtcDay, int upstreamCalls, boolean stale) {
      this(byUtcDay, upstreamCalls, stale, Duration.ZERO, List.of());
    }
  }
}
