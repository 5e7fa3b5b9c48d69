package dev.calcomclient.alternatives.internal;

import dev.calcomclient.cache.internal.SlotDaySource;
import dev.calcomclient.cache.internal.SlotDims;
import dev.calcomclient.cache.internal.SlotFetcher;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
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
import java.util.concurrent.CompletableFuture;

/**
 * A {@link SlotDaySource} for a client whose cache is disabled: every {@link #days} call is exactly one upstream
 * span request, so the alternative finder still costs one call per search.
 */
public final class UncachedSlotDays implements SlotDaySource {
  private final SlotFetcher fetcher;
  private final Clock clock;

  /** Creates the source over {@code fetcher}, dropping slots already past on {@code clock}. */
  public UncachedSlotDays(SlotFetcher fetcher, Clock clock) {
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    Instant from = fromUtc.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = toUtcInclusive.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    SlotDims dims = new SlotDims(durationMinutes, null);
    return fetcher
        .fetch(eventTypeId, dims, from, to, priority)
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
