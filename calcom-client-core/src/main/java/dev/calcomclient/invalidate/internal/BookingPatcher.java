package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.DayPatch;
import dev.calcomclient.invalidate.BookingChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Decides which tags of an {@link InvalidationPlan} a booking's effect can be computed on, and computes it ({@link
 * DayPatch}); every other tag is dropped as before. Patching may hide a free slot, never offer a taken one, so it
 * applies only where Cal.com's rule depends on nothing but facts this client holds:
 *
 * <ul>
 *   <li>the change is a new booking ({@link BookingChange.Kind#CREATED}) with a known end (a cancellation frees
 *       time according to schedules; a reschedule frees its old time);
 *   <li>the booked event type is known, current ({@link #currentFacts}), without seats and with its buffers known;
 *       its hosts are the booking's ({@code hostUserIds}) plus the type's fixed hosts; a round-robin booking needs
 *       the assigned hosts named (it blocks only the host it picked; a collective one blocks every host);
 *   <li>the patched type is known, current, without seats, with its buffers known, and shares a host with the
 *       booking (its own buffers apply to its slots; the booked type's to the booking: a booking of type A removes
 *       starts of type B of the same host), and is one of:
 *       <ul>
 *         <li>{@linkplain EventTypeFacts#individual() individual} (owner plus fixed hosts, all needed): exact;
 *         <li>{@linkplain EventTypeFacts#collective() collective}: exact. Its availability is the intersection of
 *             every host's: a start is offered when every host is free for the start's interval widened by the
 *             type's buffers. The booking adds one busy interval (widened by the booked type's buffers) to some of
 *             those hosts and changes nothing else, so a start offered before stays offered unless its widened
 *             interval overlaps the new busy one (every host was free and still is), and one that overlaps it is gone
 *             (a host it needs is busy then). The removed starts are exactly the overlapping ones, as for an
 *             individual type;
 *         <li>{@linkplain EventTypeFacts#roundRobin() round robin}: conservative ({@link DayPatch#conservative()}).
 *             A start is offered while any host is free, so an overlapping start may stay open through another host:
 *             removing it may hide a start, while a start that does not overlap keeps every host as free as before
 *             and stays offered, so no taken start is kept. The next read of such a day is answered from it and
 *             fetches it again in the background, so hidden starts come back within one request's time;
 *       </ul>
 *   <li>the booked type's own days only when it has no booking limit (a count this client cannot see may be
 *       reached, or be within one booking of it); a limit counts the type's own bookings only, so the days of the
 *       hosts' other types are patched all the same.
 * </ul>
 *
 * The days patched are the plan's own tags (the overlap days, including an adjacent UTC day the widened booking
 * reaches); the rule is applied to each slot's own start and end (its length, whatever the slot interval), on
 * instants, so days and DST need no special case. Minimum notice only ever removes starts as time passes, which
 * the read path already does; a patch never adds one.
 */
final class BookingPatcher {

  /** Computes one type's patch from the facts; the exact rule unless a test injects a wrong one. */
  @FunctionalInterface
  interface Rule {
    /**
     * The patch of {@code x}'s days for a booking {@code [start, end)} of {@code booked}.
     *
     * @return the patch
     */
    DayPatch patch(Instant start, Instant end, EventTypeFacts booked, EventTypeFacts x);
  }

  /** Cal.com's rule: the booking widened by its type's buffers, each slot by its own type's. */
  static final Rule EXACT =
      (start, end, booked, x) ->
          new DayPatch(
              start.minus(minutes(booked.beforeBufferMinutes())),
              end.plus(minutes(booked.afterBufferMinutes())),
              minutes(x.beforeBufferMinutes()),
              minutes(x.afterBufferMinutes()));

  private final DependencyIndex index;
  private final LongPredicate currentFacts;
  private volatile Rule rule = EXACT;

  /**
   * Creates a patcher.
   *
   * @param index the event types' facts
   * @param currentFacts whether an event type's facts are current (loaded within the catalog's refresh interval)
   */
  BookingPatcher(DependencyIndex index, LongPredicate currentFacts) {
    this.index = Objects.requireNonNull(index, "index");
    this.currentFacts = Objects.requireNonNull(currentFacts, "currentFacts");
  }

  /** Replaces the rule (test fixtures only: a deliberately wrong patch the oracle must catch). */
  void rule(Rule rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /**
   * The patches of the tags of {@code plan} that {@code change}'s effect can be computed on exactly.
   *
   * @return tag to patch; empty when nothing is exact
   */
  Map<SlotTag, DayPatch> patches(BookingChange change, InvalidationPlan plan) {
    if (change.kind() != BookingChange.Kind.CREATED
        || change.previousStart() != null
        || !change.end().isAfter(change.start())
        || change.eventTypeId() == null) {
      return Map.of();
    }
    long bookedId = change.eventTypeId();
    Optional<EventTypeFacts> bookedFacts =
        index
            .get(bookedId)
            .filter(f -> !f.seated() && buffersKnown(f) && currentFacts.test(bookedId))
            .filter(f -> f.individual() || f.collective() || !change.hostUserIds().isEmpty());
    if (bookedFacts.isEmpty()) {
      return Map.of();
    }
    EventTypeFacts booked = bookedFacts.get();
    boolean bookedDaysExact = booked.limitedPeriods().isEmpty();
    Set<Long> hosts = new LinkedHashSet<>(change.hostUserIds());
    hosts.addAll(booked.fixedHosts());
    Map<Long, DayPatch> byType = new HashMap<>();
    Map<SlotTag, DayPatch> out = new HashMap<>();
    for (SlotTag tag : plan.tags()) {
      if (tag.eventTypeId() == bookedId && !bookedDaysExact) {
        continue;
      }
      DayPatch patch =
          byType.computeIfAbsent(
              tag.eventTypeId(),
              id ->
                  patchableFacts(id)
                      .filter(x -> !Collections.disjoint(x.hosts(), hosts))
                      .map(x -> patch(change, booked, x))
                      .orElse(null));
      if (patch != null) {
        out.put(tag, patch);
      }
    }
    return out;
  }

  private DayPatch patch(BookingChange change, EventTypeFacts booked, EventTypeFacts x) {
    DayPatch patch = rule.patch(change.start(), change.end(), booked, x);
    return x.roundRobin() ? patch.asConservative() : patch;
  }

  /** The facts of {@code id} when a booking's effect on its days can be patched (exactly, or safely). */
  private Optional<EventTypeFacts> patchableFacts(long id) {
    return index
        .get(id)
        .filter(
            f ->
                (f.individual() || f.collective() || f.roundRobin())
                    && !f.seated()
                    && buffersKnown(f)
                    && currentFacts.test(id));
  }

  private static boolean buffersKnown(EventTypeFacts f) {
    return f.beforeBufferMinutes() != null && f.afterBufferMinutes() != null;
  }

  private static Duration minutes(Integer m) {
    return Duration.ofMinutes(m == null ? 0 : Math.max(0, m));
  }
}
