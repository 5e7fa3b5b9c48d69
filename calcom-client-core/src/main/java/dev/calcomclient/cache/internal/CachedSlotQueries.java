package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotFormat;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Slot searches answered from the {@link SlotStore}: a query's range becomes the UTC days it touches, the days come
 * from the store (one upstream call at most), and the answer is regrouped by day in the query's zone, with its
 * format and range. Only queries by {@code eventTypeId} come here; slug selectors bypass the cache.
 *
 * <p>Freshness: an answer leaves out slots that have started, or fall inside the event type's minimum booking
 * notice when the {@link EventTypeCatalog} knows it, by the client's clock, so it equals what Cal.com would answer
 * now unless something changed upstream that no invalidation reported (bounded by the {@link
 * dev.calcomclient.cache.TtlPolicy}). Every search tells the catalog the event type is in use (its facts are
 * loaded and kept current) and hands L1 hits close to expiry to {@link RefreshAhead}.
 */
public final class CachedSlotQueries implements SlotQueries {
  private final SlotStore store;
  private final RefreshAhead refreshAhead;
  private final EventTypeCatalog catalog;
  private final Clock clock;
  private final CalcomEventListener listener;
  private final boolean loadFacts;

  /**
   * Creates the queries.
   *
   * @param store the slot store
   * @param refreshAhead refreshes hits close to expiry
   * @param catalog the event types' facts (minimum notice)
   * @param clock the client's clock (past slots and minimum notice)
   * @param listener told of searches answered from the cache (they count as calls in {@code stats()})
   */
  public CachedSlotQueries(
      SlotStore store, RefreshAhead refreshAhead, EventTypeCatalog catalog, Clock clock, CalcomEventListener listener) {
    this.store = Objects.requireNonNull(store, "store");
    this.refreshAhead = Objects.requireNonNull(refreshAhead, "refreshAhead");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    CacheConfig config = store.config();
    this.loadFacts = config.loadEventTypeMetadata();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The answer has Cal.com's shape for the query's time zone and format: days of that zone, offsets of that
   * zone, {@code end} only for {@link SlotFormat#RANGE}, slots in {@code [start, end]}. Each day of the answer
   * carries its source (the less fresh of the UTC days its slots came from); {@link SlotsResult#source()} is the
   * least fresh of all the UTC days looked up.
   */
  @Override
  public CompletableFuture<SlotsResult> find(SlotQuery query, RequestOptions options) {
    if (query.eventType().eventTypeId() == null) {
      throw new IllegalArgumentException("only queries by eventTypeId are cached");
    }
    long eventTypeId = query.eventType().eventTypeId();
    SlotDims dims = new SlotDims(query.duration(), query.bookingUidToReschedule());
    List<LocalDate> days = utcDays(query.start(), query.end());
    ZoneId zone = query.timeZone() == null ? ZoneOffset.UTC : query.timeZone();
    boolean withEnd = query.effectiveFormat() == SlotFormat.RANGE;
    return lookup(eventTypeId, dims, days, SlotFetcher.inLane(options, Priority.STANDARD),
        SlotStore.WhenOverloaded.EVERY_DAY_CACHED, true)
        .thenApply(
            found -> {
              if (found.upstreamCalls() == 0) {
                listener.answeredFromCache(Operation.SLOTS_FIND); // counted as a call in stats()
              }
              Instant earliest = earliestBookable(eventTypeId);
              Map<LocalDate, List<Slot>> byLocalDay = new TreeMap<>();
              Map<LocalDate, SlotsSource> sourceByLocalDay = new HashMap<>();
              for (SlotLookup.Day day : found.days().values()) {
                for (CachedSlot s : day.value().slots()) {
                  Instant start = s.start();
                  if (start.isBefore(query.start()) || start.isAfter(query.end()) || start.isBefore(earliest)) {
                    continue;
                  }
                  Slot slot = s.toSlot(zone, withEnd);
                  LocalDate localDay = slot.start().toLocalDate();
                  byLocalDay.computeIfAbsent(localDay, d -> new ArrayList<>()).add(slot);
                  // a local day can take slots from two UTC days: it reports the less fresh of their sources
                  sourceByLocalDay.merge(localDay, day.source(), SlotLookup::leastFresh);
                }
              }
              return new SlotsResult(
                  byLocalDay, found.source(), List.of(), sourceByLocalDay, staleAge(found));
            });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Besides slots in the past, slots inside the event type's minimum booking notice are left out when its
   * facts are known. Slots carry their end (days are cached in range format).
   */
  @Override
  public CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, priority, false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stale answers are reported to the listener ({@code answeredStale}).
   */
  @Override
  public CompletableFuture<DaySpan> daysForSearch(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, priority, true);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Stale answers are reported to the listener ({@code answeredStale}).
   */
  @Override
  public CompletableFuture<DaySpan> daysForSearch(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, RequestOptions options) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, SlotFetcher.inLane(options, Priority.STANDARD),
        true);
  }

  private CompletableFuture<DaySpan> days(
      long eventTypeId,
      Integer durationMinutes,
      LocalDate fromUtc,
      LocalDate toUtcInclusive,
      Priority priority,
      boolean forSearch) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive,
        SlotFetcher.inLane(priority == null ? Priority.STANDARD : priority), forSearch);
  }

  private CompletableFuture<DaySpan> days(
      long eventTypeId,
      Integer durationMinutes,
      LocalDate fromUtc,
      LocalDate toUtcInclusive,
      RequestOptions options,
      boolean forSearch) {
    Objects.requireNonNull(fromUtc, "fromUtc");
    Objects.requireNonNull(toUtcInclusive, "toUtcInclusive");
    if (toUtcInclusive.isBefore(fromUtc)) {
      throw new IllegalArgumentException("toUtcInclusive " + toUtcInclusive + " is before fromUtc " + fromUtc);
    }
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = fromUtc; !d.isAfter(toUtcInclusive); d = d.plusDays(1)) {
      days.add(d);
    }
    SlotDims dims = new SlotDims(durationMinutes, null);
    SlotStore.WhenOverloaded whenOverloaded =
        forSearch ? SlotStore.WhenOverloaded.CACHED_DAYS_ONLY : SlotStore.WhenOverloaded.REFUSE;
    return lookup(eventTypeId, dims, days, options, whenOverloaded, forSearch)
        .thenApply(
            found -> {
              Instant earliest = earliestBookable(eventTypeId);
              Map<LocalDate, List<Slot>> byDay = new HashMap<>();
              found
                  .days()
                  .forEach(
                      (day, value) -> {
                        List<Slot> slots = new ArrayList<>();
                        for (CachedSlot s : value.value().slots()) {
                          if (!s.start().isBefore(earliest)) {
                            slots.add(s.toSlot(ZoneOffset.UTC, true));
                          }
                        }
                        byDay.put(day, List.copyOf(slots));
                      });
              return new DaySpan(
                  byDay,
                  found.upstreamCalls(),
                  found.source() == SlotsSource.STALE,
                  found.oldestStaleAge(),
                  found.leftOut());
            });
  }

  @Override
  public Optional<EventType> knownEventType(long eventTypeId) {
    return catalog.get(eventTypeId);
  }

  /**
   * The store's lookup, then refresh-ahead and the catalog; {@code reportStale}: a caller waits for this answer, so
   * a stale one is reported to the listener.
   */
  private CompletableFuture<SlotLookup> lookup(
      long eventTypeId,
      SlotDims dims,
      List<LocalDate> days,
      RequestOptions options,
      SlotStore.WhenOverloaded whenOverloaded,
      boolean reportStale) {
    return store
        .lookup(eventTypeId, dims, days, options, whenOverloaded)
        .thenApply(
            found -> {
              if (reportStale && found.staleReason() != null) {
                listener.answeredStale(Operation.SLOTS_FIND, found.staleReason(), found.oldestStaleAge());
              }
              refreshAhead.refresh(eventTypeId, dims, found.refreshDue());
              if (loadFacts) {
                catalog.need(eventTypeId); // the type's slots are in use: keep its facts loaded and current
              }
              return found;
            });
  }

  /** The age of the oldest day served stale, when any was. */
  private static Optional<Duration> staleAge(SlotLookup found) {
    return found.staleReason() == null ? Optional.empty() : Optional.of(found.oldestStaleAge());
  }

  /** The UTC days from {@code start}'s to {@code end}'s, inclusive. */
  static List<LocalDate> utcDays(Instant start, Instant end) {
    List<LocalDate> days = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Now plus the event type's minimum booking notice when known: Cal.com offers no slot before this. */
  private Instant earliestBookable(long eventTypeId) {
    Instant now = clock.instant();
    EventType et = catalog.get(eventTypeId).orElse(null);
    if (et != null && et.minimumBookingNotice() != null && et.minimumBookingNotice() > 0) {
      return now.plus(Duration.ofMinutes(et.minimumBookingNotice()));
    }
    return now;
  }

  @Override
  public String toString() {
    return "CachedSlotQueries{" + store + "}";
  }
}
