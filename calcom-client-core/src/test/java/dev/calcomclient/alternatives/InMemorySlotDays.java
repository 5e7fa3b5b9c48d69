package dev.calcomclient.alternatives;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.calcomclient.cache.internal.SlotDaySource;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An in-memory {@link SlotDaySource} for tests: slot starts per event type, answered per UTC day as the contract
 * says (past slots left out, every requested day present). It records every {@code days} call, counts a call as
 * upstream when one of its days was never asked for before, and can fail, refuse or hold calls.
 */
final class InMemorySlotDays implements SlotDaySource {

  /** One {@code days} call as received. */
  record Call(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {}

  private final Clock clock;
  private final Map<Long, TreeSet<Instant>> slots = new ConcurrentHashMap<>();
  private final Map<Long, EventType> eventTypes = new ConcurrentHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Set<String> fetchedDays = new HashSet<>();
  private final Deque<Held> held = new ArrayDeque<>();
  private volatile Function<Call, RuntimeException> failure = call -> null;
  private volatile boolean includePast;
  private volatile boolean stale;
  private volatile boolean hold;

  InMemorySlotDays(Clock clock) {
    this.clock = clock;
  }

  /** Adds bookable starts for {@code eventTypeId}. */
  InMemorySlotDays add(long eventTypeId, Collection<Instant> starts) {
    slots.computeIfAbsent(eventTypeId, id -> new TreeSet<>()).addAll(starts);
    return this;
  }

  /** Adds bookable starts for {@code eventTypeId}, given as ISO instants or offset date-times. */
  InMemorySlotDays add(long eventTypeId, String... starts) {
    List<Instant> list = new ArrayList<>();
    for (String s : starts) {
      list.add(OffsetDateTime.parse(s).toInstant());
    }
    return add(eventTypeId, list);
  }

  /** Makes {@code knownEventType} answer an event type with this minimum notice (in minutes, or null). */
  InMemorySlotDays knownEventType(long eventTypeId, Integer minimumBookingNoticeMinutes) {
    String json =
        "{\"id\":" + eventTypeId + ",\"minimumBookingNotice\":" + minimumBookingNoticeMinutes + "}";
    try {
      eventTypes.put(eventTypeId, Json.mapper().readValue(json, EventType.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  /** Fails every call for which {@code failure} returns an exception. */
  InMemorySlotDays failWhen(Function<Call, RuntimeException> failure) {
    this.failure = failure;
    return this;
  }

  /** Breaks the contract on purpose: also answers slots already in the past. */
  InMemorySlotDays includePast(boolean includePast) {
    this.includePast = includePast;
    return this;
  }

  /** Marks every answer as stale. */
  InMemorySlotDays stale(boolean stale) {
    this.stale = stale;
    return this;
  }

  /** Holds the answers until {@link #releaseNext()}. */
  InMemorySlotDays hold(boolean hold) {
    this.hold = hold;
    return this;
  }

  /** Completes the oldest held answer; false when none is held. */
  boolean releaseNext() {
    Held next;
    synchronized (this) {
      next = held.pollFirst();
    }
    if (next == null) {
      return false;
    }
    next.future.complete(next.span);
    return true;
  }

  /** The number of held answers. */
  synchronized int heldCount() {
    return held.size();
  }

  private record Held(CompletableFuture<DaySpan> future, DaySpan span) {}

  /** Every call so far, in order. */
  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The number of calls so far. */
  synchronized int callCount() {
    return calls.size();
  }

  @Override
  public CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    Call call = new Call(eventTypeId, durationMinutes, fromUtc, toUtcInclusive, priority);
    synchronized (this) {
      calls.add(call);
    }
    RuntimeException e = failure.apply(call);
    if (e != null) {
      return CompletableFuture.failedFuture(e);
    }
    Instant now = clock.instant();
    Map<LocalDate, List<Slot>> byDay = new LinkedHashMap<>();
    boolean upstream = false;
    TreeSet<Instant> all = slots.getOrDefault(eventTypeId, new TreeSet<>());
    for (LocalDate d = fromUtc; !d.isAfter(toUtcInclusive); d = d.plusDays(1)) {
      List<Slot> day = new ArrayList<>();
      Instant start = d.atStartOfDay(ZoneOffset.UTC).toInstant();
      for (Instant s : all.subSet(start, true, start.plusSeconds(86_400), false)) {
        if (includePast || !s.isBefore(now)) {
          day.add(Slot.at(s.atOffset(ZoneOffset.UTC)));
        }
      }
      byDay.put(d, day);
      synchronized (this) {
        upstream |= fetchedDays.add(eventTypeId + ":" + durationMinutes + ":" + d);
      }
    }
    DaySpan span = new DaySpan(byDay, upstream ? 1 : 0, stale);
    if (!hold) {
      return CompletableFuture.completedFuture(span);
    }
    CompletableFuture<DaySpan> pending = new CompletableFuture<>();
    synchronized (this) {
      held.addLast(new Held(pending, span));
    }
    return pending;
  }

  @Override
  public Optional<EventType> knownEventType(long eventTypeId) {
    return Optional.ofNullable(eventTypes.get(eventTypeId));
  }

  @Override
  public String toString() {
    return "InMemorySlotDays";
  }
}
