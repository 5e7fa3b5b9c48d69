package dev.calcomclient.alternatives.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.Alternatives;
import dev.calcomclient.alternatives.AlternativesService;
import dev.calcomclient.cache.internal.SlotDaySource;
import dev.calcomclient.cache.internal.SlotDaySource.DaySpan;
import dev.calcomclient.internal.Checks;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AlternativesService} over the slot cache's {@link SlotDaySource}: one {@code days(...)} call per search,
 * covering the UTC days of the search window (see {@link SearchWindow}), and the strategies run over its answer by
 * {@link AlternativeSelection}.
 */
public final class DefaultAlternativesService implements AlternativesService {
  private static final Logger log = LoggerFactory.getLogger(DefaultAlternativesService.class);
  // Far enough from Instant's limits that the horizon and any zone's local dates stay representable.
  private static final Instant EARLIEST_DESIRED = Instant.parse("1970-01-01T00:00:00Z");
  private static final Instant LATEST_DESIRED = Instant.parse("9999-01-01T00:00:00Z");

  private final SlotDaySource source;
  private final Clock clock;
  private final LongConsumer onSearch;
  private final Function<RequestOptions, Duration> blockingWait;

  /**
   * Creates the service.
   *
   * @param source the slot days, normally the client's slot cache
   * @param clock the client's clock: "now" for the past and the minimum notice
   */
  public DefaultAlternativesService(SlotDaySource source, Clock clock) {
    this(source, clock, eventTypeId -> {});
  }

  /**
   * Creates the service.
   *
   * @param source the slot days, normally the client's slot cache
   * @param clock the client's clock: "now" for the past and the minimum notice
   * @param onSearch told the event type of every valid search, before it runs (for example
   *     {@code warmer::recordInterest}); must be fast, and an exception from it is logged and ignored
   */
  public DefaultAlternativesService(SlotDaySource source, Clock clock, LongConsumer onSearch) {
    this(source, clock, onSearch, (Function<RequestOptions, Duration>) null);
  }

  /**
   * Creates the service whose blocking {@code find} waits at most what {@code blockingWait} says for the call's
   * options.
   *
   * @param source the slot days, normally the client's slot cache
   * @param clock the client's clock: "now" for the past and the minimum notice
   * @param onSearch told the event type of every valid search, before it runs
   * @param blockingWait the longest real-time wait of a blocking {@code find} with the given options (the client's
   *     {@code ApiCaller.blockingWait(RequestOptions)}), or {@code null} for no bound
   */
  public DefaultAlternativesService(
      SlotDaySource source, Clock clock, LongConsumer onSearch, Function<RequestOptions, Duration> blockingWait) {
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onSearch = Objects.requireNonNull(onSearch, "onSearch");
    this.blockingWait = blockingWait;
  }

  @Override
  public Alternatives find(long eventTypeId, Instant desiredStart) {
    return join(findAsync(eventTypeId, desiredStart));
  }

  @Override
  public Alternatives find(long eventTypeId, Instant desiredStart, AlternativeOptions options) {
    return join(findAsync(eventTypeId, desiredStart, options));
  }

  @Override
  public Alternatives find(
      long eventTypeId, Instant desiredStart, AlternativeOptions options, RequestOptions requestOptions) {
    return join(findAsync(eventTypeId, desiredStart, options, requestOptions), requestOptions);
  }

  private <T> T join(CompletableFuture<T> future) {
    return join(future, RequestOptions.defaults());
  }

  private <T> T join(CompletableFuture<T> future, RequestOptions options) {
    return blockingWait == null ? Futures.join(future) : Futures.join(future, blockingWait.apply(options));
  }

  @Override
  public CompletableFuture<Alternatives> findAsync(long eventTypeId, Instant desiredStart) {
    return findAsync(eventTypeId, desiredStart, AlternativeOptions.defaults());
  }

  @Override
  public CompletableFuture<Alternatives> findAsync(
      long eventTypeId, Instant desiredStart, AlternativeOptions options) {
    return findAsync(eventTypeId, desiredStart, options, RequestOptions.defaults());
  }

  @Override
  public CompletableFuture<Alternatives> findAsync(
      long eventTypeId, Instant desiredStart, AlternativeOptions options, RequestOptions requestOptions) {
    Checks.positive("eventTypeId", eventTypeId);
    Checks.instant("desiredStart", desiredStart);
    if (desiredStart.isBefore(EARLIEST_DESIRED) || desiredStart.isAfter(LATEST_DESIRED)) {
      throw new ValidationException(
          "desiredStart", "must be between " + EARLIEST_DESIRED + " and " + LATEST_DESIRED + ", got " + desiredStart);
    }
    Checks.required("options", options);
    Checks.required("requestOptions", requestOptions);
    notifySearch(eventTypeId);

    Instant earliestBookable = clock.instant().plus(minimumNotice(eventTypeId, options));
    SearchWindow window = SearchWindow.of(desiredStart, options, earliestBookable);
    if (window.isEmpty()) {
      // The whole horizon lies in the past or inside the minimum notice: nothing to fetch.
      return CompletableFuture.completedFuture(answer(List.of(), window, options, new DaySpan(Map.of(), 0, false)));
    }
    CompletableFuture<DaySpan> span;
    try {
      span =
          source.daysForSearch(
              eventTypeId,
              options.durationMinutes().orElse(null),
              window.fromUtc(),
              window.toUtcInclusive(),
              requestOptions.lane().isPresent()
                  ? requestOptions
                  : requestOptions.toBuilder().lane(options.priority()).build());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return span.thenApply(
        days -> {
          List<Slot> slots = new ArrayList<>();
          days.byUtcDay().values().forEach(slots::addAll);
          return answer(slots, window, options, days);
        });
  }

  private static Alternatives answer(List<Slot> slots, SearchWindow window, AlternativeOptions options, DaySpan days) {
    AlternativeSelection.Selection s = AlternativeSelection.select(slots, window, options);
    return new Alternatives(
        window.desired(),
        s.desiredAvailable(),
        s.alternatives(),
        days.upstreamCalls(),
        days.stale(),
        days.stale() ? Optional.of(days.staleAge()) : Optional.empty(),
        days.leftOut());
  }

  /** The options' notice, else the event type's {@code minimumBookingNotice} when known, else zero. */
  private Duration minimumNotice(long eventTypeId, AlternativeOptions options) {
    if (options.minimumNotice().isPresent()) {
      return options.minimumNotice().get();
    }
    Integer minutes = source.knownEventType(eventTypeId).map(EventType::minimumBookingNotice).orElse(null);
    return minutes == null || minutes < 0 ? Duration.ZERO : Duration.ofMinutes(minutes);
  }

  private void notifySearch(long eventTypeId) {
    try {
      onSearch.accept(eventTypeId);
    } catch (RuntimeException e) {
      log.warn("search listener failed for event type {}; ignored", eventTypeId, e);
    }
  }

  @Override
  public String toString() {
    return "DefaultAlternativesService{source=" + source + '}';
  }
}
