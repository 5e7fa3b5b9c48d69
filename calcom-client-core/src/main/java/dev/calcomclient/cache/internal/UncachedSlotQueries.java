package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link SlotQueries} of a client whose cache is disabled (the null object of {@link CachedSlotQueries}): a
 * search is sent to Cal.com as asked, and every {@link #days} call is exactly one upstream span request, so the
 * alternative finder still costs one call per search.
 */
public final class UncachedSlotQueries implements SlotQueries {
  private final SlotFetcher fetcher;
  private final BiFunction<SlotQuery, RequestOptions, CompletableFuture<SlotsResult>> direct;
  private final Clock clock;

  /**
   * Creates the queries.
   *
   * @param fetcher the upstream span call (day access)
   * @param direct sends a search to Cal.com as asked
   * @param clock drops slots already past from day spans
   */
  public UncachedSlotQueries(
      SlotFetcher fetcher,
      BiFunction<SlotQuery, RequestOptions, CompletableFuture<SlotsResult>> direct,
      Clock clock) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.direct = Objects.requireNonNull(direct, "direct");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public CompletableFuture<SlotsResult> find(SlotQuery query, RequestOptions options) {
    return direct.apply(query, options);
  }

  @Override
  public CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive,
        SlotFetcher.inLane(priority == null ? Priority.STANDARD : priority));
  }

  @Override
  public CompletableFuture<DaySpan> daysForSearch(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, RequestOptions options) {
    return days(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, SlotFetcher.inLane(options, Priority.STANDARD));
  }

  private CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, RequestOptions options) {
    Instant from = fromUtc.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = toUtcInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    SlotDims dims = new SlotDims(durationMinutes, null);
    return fetcher
        .fetch(eventTypeId, dims, from, to, options, null)
        .thenApply(
            slots -> {
              Instant now = clock.instant();
              Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
              for (LocalDate d = fromUtc; !d.isAfter(toUtcInclusive); d = d.plusDays(1)) {
                byDay.put(d, new ArrayList<>());
              }
              for (Slot s : slots) {
                Instant start = s.startInstant();
                if (start.isBefore(now) || start.isBefore(from) || !start.isBefore(to)) {
                  continue;
                }
                Slot utc =
                    new Slot(
                        s.start().withOffsetSameInstant(ZoneOffset.UTC),
                        s.end() == null ? null : s.end().withOffsetSameInstant(ZoneOffset.UTC),
                        s.seatsBooked(),
                        s.seatsRemaining(),
                        s.seatsTotal(),
                        s.bookingUid());
                byDay.get(LocalDate.ofInstant(start, ZoneOffset.UTC)).add(utc);
              }
              Map<LocalDate, List<Slot>> out = new LinkedHashMap<>();
              byDay.forEach(
                  (d, list) -> {
                    list.sort(Comparator.comparing(Slot::startInstant));
                    out.put(d, List.copyOf(list));
                  });
              return new DaySpan(out, 1, false);
            });
  }

  @Override
  public Optional<EventType> knownEventType(long eventTypeId) {
    return Optional.empty();
  }
}
