package dev.calcomclient.cache.internal;

import dev.calcomclient.RequestOptions;
import dev.calcomclient.model.Slot;
import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link SlotFetcher} standing in for Cal.com: every UTC day has six 30-minute slots from 09:00Z to 11:30Z, minus
 * {@link #take taken} ones, limited to {@code [from, to]} inclusive as Cal.com does. Each call is recorded; in
 * {@link #holdAnswers() hold} mode its answer stays pending until the test completes it.
 */
final class ScriptedFetcher implements SlotFetcher {
  /** One upstream call. */
  record Call(long eventTypeId, SlotDims dims, Instant from, Instant to, Priority priority, String flightScope,
      Supplier<? extends CompletionStage<?>> onDispatch, CompletableFuture<List<Slot>> answer) {
    /** Completes the call with what the fetcher would answer now. */
    void answerWith(List<Slot> slots) {
      answer.complete(slots);
    }
  }

  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Set<Instant> taken = ConcurrentHashMap.newKeySet();
  private volatile boolean hold;
  private volatile RuntimeException failure;

  /** Leaves answers pending until the test completes them. */
  ScriptedFetcher holdAnswers() {
    hold = true;
    return this;
  }

  /** Answers immediately again. */
  ScriptedFetcher answerImmediately() {
    hold = false;
    return this;
  }

  /** Fails every call with {@code e} (until {@code null}). */
  ScriptedFetcher failWith(RuntimeException e) {
    failure = e;
    return this;
  }

  /** Marks the slot starting at {@code start} as booked. */
  void take(Instant start) {
    taken.add(start);
  }

  /** The slot starts of {@code day}. */
  static List<Instant> starts(LocalDate day) {
    List<Instant> out = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      out.add(day.atTime(LocalTime.of(9, 0)).plusMinutes(30L * k).toInstant(ZoneOffset.UTC));
    }
    return out;
  }

  /** What Cal.com would answer now for {@code [from, to]}. */
  List<Slot> slots(Instant from, Instant to) {
    List<Slot> out = new ArrayList<>();
    for (LocalDate d = LocalDate.ofInstant(from, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(to, ZoneOffset.UTC));
        d = d.plusDays(1)) {
      for (Instant s : starts(d)) {
        if (!s.isBefore(from) && !s.isAfter(to) && !taken.contains(s)) {
          out.add(new Slot(s.atOffset(ZoneOffset.UTC), s.plus(Duration.ofMinutes(30)).atOffset(ZoneOffset.UTC),
              null, null, null, null));
        }
      }
    }
    return out;
  }

  @Override
  public CompletableFuture<List<Slot>> fetch(
      long eventTypeId, SlotDims dims, Instant from, Instant to, RequestOptions options, String flightScope,
      Supplier<? extends CompletionStage<?>> onDispatch) {
    // The store always names the lane (SlotFetcher.inLane): a lookup without one fails here.
    Priority priority = options.lane().orElseThrow();
    Call call = new Call(eventTypeId, dims, from, to, priority, flightScope, onDispatch, new CompletableFuture<>());
    calls.add(call);
    RuntimeException f = failure;
    if (f != null) {
      call.answer().completeExceptionally(f);
    } else if (!hold) {
      call.answerWith(slots(from, to));
    }
    return call.answer();
  }

  /** The most recent call. */
  Call last() {
    return calls.get(calls.size() - 1);
  }
}
