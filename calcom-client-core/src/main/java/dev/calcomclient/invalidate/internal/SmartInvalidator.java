package dev.calcomclient.invalidate.internal;

import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.cache.internal.DayPatch;
import dev.calcomclient.cache.internal.InvalidationTarget;
import dev.calcomclient.cache.internal.PeerConnectivity;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.InvalidationReport;
import dev.calcomclient.invalidate.InvalidatorStats;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Invalidator}: computes the tags of a change ({@link TagCalculator}), patches in L1 those on which the
 * change's effect is exact ({@link BookingPatcher}, unless {@link InvalidationConfig#patchBookedDays()} is off) and
 * invalidates the others, on the calling thread, then hands every tag to {@link RemoteDelivery} for the shared tier
 * and the bus (L2 and other instances drop them); subscribes a {@link BusReceiver} to the bus for the other
 * instances' invalidations.
 */
public final class SmartInvalidator implements Invalidator {
  private static final Logger log = LoggerFactory.getLogger(SmartInvalidator.class);

  private final InvalidationTarget target;
  private final TagCalculator calculator;
  private final BookingPatcher patcher;
  private final boolean patching;
  private final DependencyIndex index;
  private final EventTypeCatalog catalog;
  private final RemoteDelivery delivery;
  private final BusReceiver receiver;
  private final AutoCloseable subscription;
  private final CalcomEventListener listener;
  private final Clock clock;
  private final String sourceId;

  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong tagsInvalidated = new AtomicLong();
  private final AtomicLong l1Evicted = new AtomicLong();
  private final AtomicLong tagsPatched = new AtomicLong();
  private final AtomicLong l1Patched = new AtomicLong();
  private final AtomicLong tagsQueued = new AtomicLong();
  private final AtomicLong tagsDropped = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();

  /**
   * Creates the invalidator and, when the configuration has a bus, subscribes its receiver.
   *
   * @param target the slot store
   * @param index the dependency index (subscribed to the catalog)
   * @param catalog the event types' facts (unknown ones are asked for)
   * @param scheduler runs retries and delivery timeouts
   * @param listener receives {@code invalidated}, {@code invalidationQueued} and {@code invalidationDropped}
   * @param peers where the bus receiver says whether other instances' invalidations reach this one
   */
  public SmartInvalidator(
      InvalidationTarget target,
      DependencyIndex index,
      EventTypeCatalog catalog,
      InvalidationConfig config,
      Clock clock,
      ScheduledExecutorService scheduler,
      CalcomEventListener listener,
      PeerConnectivity peers) {
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.sourceId = config.sourceId().orElseGet(() -> UUID.randomUUID().toString());
    this.index = Objects.requireNonNull(index, "index");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.calculator = new TagCalculator(index, config.unknownMetadataMargin(), config.horizonDays(), clock);
    this.patcher = new BookingPatcher(index, catalog::isCurrent);
    this.patching = config.patchBookedDays();
    InvalidationBus bus = config.bus().orElse(null);
    this.delivery =
        new RemoteDelivery(
            this.target,
            bus,
            sourceId,
            config.queueCapacity(),
            config.retryMin(),
            config.retryMax(),
            config.deliveryTimeout(),
            Objects.requireNonNull(scheduler, "scheduler"),
            new DeliveryEvents());
    if (bus != null) {
      this.receiver = new BusReceiver(sourceId, target, delivery::retryNow, index, catalog, peers);
      this.subscription = bus.subscribe(receiver);
    } else {
      this.receiver = null;
      this.subscription = null;
    }
  }

  @Override
  public CompletableFuture<InvalidationReport> apply(BookingChange change) {
    Objects.requireNonNull(change, "change");
    Instant started = clock.instant();
    if (change.eventTypeId() != null && index.get(change.eventTypeId()).isEmpty()) {
      catalog.need(change.eventTypeId()); // cautious now; precise once the facts arrive
    }
    InvalidationPlan plan;
    try {
      plan = calculator.plan(change, cachedEventTypeIds());
    } catch (RuntimeException e) {
      // Never leave slots a booking changed: drop them all rather than guess.
      log.warn("could not compute the slot tags of a booking change; flushing every L1 slot entry", e);
      return flushAll()
          .thenApply(v -> nothing(started));
    }
    Map<SlotTag, DayPatch> patches = Map.of();
    if (patching) {
      try {
        patches = patcher.patches(change, plan);
      } catch (RuntimeException e) {
        log.warn("could not compute the patch of a booking change; dropping its slot tags instead", e);
      }
    }
    return invalidate(plan, patches, started);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keeps every copy when the copies of the start's UTC day for the event type that the target can read, at their
   * current generation (fresh or kept past their time to live), are held and none offers the start
   * ({@link InvalidationTarget#offers}: this instance's L1 copies, or when it holds none, the shared tier's copy at
   * the default query dimensions): the refusal tells nothing the cache does not already know (typically two callers
   * raced for one time and the winner's booking has been applied already). Under overload, dropping such a day left
   * every instance without it until a token came, although the copy was right (issue 18); most refusals came from an
   * instance holding no L1 copy of the day, whose caller had been answered from the shared tier. Copies the target
   * does not read (other query dimensions held elsewhere) learn of the winning booking the way they learn of any
   * (its bus message, a webhook, or a refusal of their own). When neither L1 nor L2 holds a copy, only this
   * instance's generations move ({@link #invalidateHere}); when a copy offers the start, or the check cannot tell (a
   * failed read), the day is invalidated as {@link #apply} does. The returned future completes once the decision is
   * applied to L1 (and, when invalidating, once the tags were delivered or queued, as {@link #apply}).
   */
  @Override
  public CompletableFuture<InvalidationReport> applyUnavailable(
      long eventTypeId, Instant start, Set<Long> hostUserIds) {
    return decideUnavailable(eventTypeId, start, hostUserIds).thenCompose(delivered -> delivered);
  }

  /**
   * {@link #applyUnavailable} in two steps: the outer future completes once the decision is taken and applied to this
   * instance's L1 (what a refused caller must wait for: its next read here does not offer the time), with the future
   * of the delivery to L2 and the bus (what it need not wait for: with Redis unreachable that takes up to the
   * delivery timeout).
   *
   * @param eventTypeId the event type the refused booking was for
   * @param start the start Cal.com refused
   * @param hostUserIds the hosts known to be involved (may be empty)
   * @return a future, completed once L1 holds the decision, of the future of the invalidation report
   */
  public CompletableFuture<CompletableFuture<InvalidationReport>> decideUnavailable(
      long eventTypeId, Instant start, Set<Long> hostUserIds) {
    Objects.requireNonNull(start, "start");
    Instant started = clock.instant();
    SlotTag day = new SlotTag(eventTypeId, LocalDate.ofInstant(start, ZoneOffset.UTC));
    CompletableFuture<InvalidationTarget.Offer> check;
    try {
      check = Objects.requireNonNull(target.offers(day, start), "offers");
    } catch (RuntimeException e) {
      check = CompletableFuture.failedFuture(e);
    }
    return check
        .handle(
            (offer, failure) -> {
              if (failure != null) {
                log.warn("could not read the cached slots of a refused booking's day; invalidating it", failure);
                return InvalidationTarget.Offer.UNKNOWN;
              }
              return offer == null ? InvalidationTarget.Offer.UNKNOWN : offer;
            })
        .thenApply(
            offer -> {
              BookingChange change = BookingChange.created(null, eventTypeId, start, start, hostUserIds);
              return switch (offer) {
                case LEFT_OUT -> CompletableFuture.completedFuture(nothing(started));
                case NOT_HELD -> CompletableFuture.completedFuture(invalidateHere(change, started));
                case OFFERED, UNKNOWN -> apply(change);
              };
            });
  }

  /**
   * A refusal when neither L1 nor L2 holds a copy of the day: only this instance's generations move, so that its
   * fills sent before the refusal (which may offer the refused time, if the booking that took it is not known here)
   * are not stored in L1. Nothing is deleted from L2 and nothing is published: there is no copy there to heal, and
   * deleting would throw away the answer of a fetch another instance sent after the booking that took the time (it
   * includes it) and is about to store, leaving every instance without the day under overload (issue 18: the
   * losers of a race for one time each dropped the day the winner's booking had just invalidated). Another instance's
   * copy or fill that still offers the time learns of that booking as any copy does (its bus message, a webhook, or
   * a refusal of its own, which then finds the copy and drops it).
   */
  private InvalidationReport invalidateHere(BookingChange change, Instant started) {
    InvalidationPlan plan;
    try {
      plan = calculator.plan(change, cachedEventTypeIds());
    } catch (RuntimeException e) {
      log.warn("could not compute the slot tags of a refused booking's day; flushing every L1 slot entry", e);
      target.flushLocalSlots();
      return nothing(started);
    }
    int evicted = target.invalidateLocal(plan.tags());
    return report(plan, evicted, started, false);
  }

  @Override
  public CompletableFuture<InvalidationReport> invalidateEventTypes(Collection<Long> eventTypeIds) {
    Objects.requireNonNull(eventTypeIds, "eventTypeIds");
    return invalidate(calculator.planEventTypes(eventTypeIds), Map.of(), clock.instant());
  }

  /** The tags {@code change} would invalidate now, without invalidating anything. */
  public InvalidationPlan plan(BookingChange change) {
    return calculator.plan(change, cachedEventTypeIds());
  }

  /**
   * L1 first, on the calling thread: the patched tags are patched, the others invalidated; then every tag of the
   * plan is invalidated in L2 and published on the bus. L2 is not patched: its SPI has no atomic read-patch-write
   * under the tag's generation, so a patch there could race a fill; other instances drop the tags too (the bus
   * carries tags, not the booking).
   */
  private CompletableFuture<InvalidationReport> invalidate(
      InvalidationPlan plan, Map<SlotTag, DayPatch> patches, Instant started) {
    int evicted = 0;
    InvalidationTarget t = target;
    try {
      if (patches.isEmpty()) {
        evicted = t.invalidateLocal(plan.tags());
      } else {
        l1Patched.addAndGet(t.patchLocal(patches));
        tagsPatched.addAndGet(patches.size());
        List<SlotTag> dropped = new ArrayList<>(plan.tags().size());
        for (SlotTag tag : plan.tags()) {
          if (!patches.containsKey(tag)) {
            dropped.add(tag);
          }
        }
        evicted = dropped.isEmpty() ? 0 : t.invalidateLocal(dropped);
      }
    } catch (RuntimeException e) {
      log.warn("L1 invalidation of {} slot tags failed; flushing every L1 slot entry", plan.tags().size(), e);
      try {
        t.flushLocalSlots();
      } catch (RuntimeException again) {
        log.error("flushing L1 slot entries failed too", again);
      }
    }
    changes.incrementAndGet();
    tagsInvalidated.addAndGet(plan.tags().size());
    l1Evicted.addAndGet(evicted);
    int l1 = evicted;
    return delivery
        .deliver(plan.tags(), plan.hostsComplete() ? plan.hosts() : Set.of())
        .thenApply(
            queued -> {
              InvalidationReport report = report(plan, l1, started, queued);
              try {
                listener.invalidated(report.keys(), report.duration());
              } catch (RuntimeException e) {
                log.warn("listener failed on invalidated", e);
              }
              return report;
            });
  }

  /** The report of a change that invalidated nothing. */
  private InvalidationReport nothing(Instant started) {
    return report(InvalidationPlan.of(new TreeSet<>(), Set.of()), 0, started, false);
  }

  private InvalidationReport report(InvalidationPlan plan, int evicted, Instant started, boolean queued) {
    Duration d = Duration.between(started, clock.instant());
    return new InvalidationReport(
        plan.tags(), evicted, plan.eventTypeIds(), plan.days(), d.isNegative() ? Duration.ZERO : d, queued);
  }

  @Override
  public CompletableFuture<Void> flushAll() {
    try {
      target.flushLocalSlots();
    } catch (RuntimeException e) {
      log.error("flushing L1 slot entries failed", e);
    }
    delivery.requestFlushAll();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String sourceId() {
    return sourceId;
  }

  @Override
  public int backlog() {
    return delivery.backlog();
  }

  @Override
  public CompletableFuture<Void> whenDelivered() {
    return delivery.whenIdle();
  }

  @Override
  public void retryNow() {
    delivery.retryNow();
  }

  @Override
  public InvalidatorStats stats() {
    return new InvalidatorStats(
        changes.get(),
        tagsInvalidated.get(),
        l1Evicted.get(),
        tagsQueued.get(),
        tagsDropped.get(),
        deliveries.get(),
        failedAttempts.get(),
        delivery.backlog());
  }

  /**
   * How many tags were patched in L1 instead of dropped, and how many L1 entries were kept patched.
   *
   * @return {tags patched, entries patched}
   */
  public long[] patchCounts() {
    return new long[] {tagsPatched.get(), l1Patched.get()};
  }

  /**
   * Test fixtures only: patches with a deliberately wrong rule that ignores the patched slots' own buffers, so a
   * test can show the truth oracle catches a wrong patch. Not a configuration: nothing else calls it.
   */
  public void useWrongPatchIgnoringSlotBuffers() {
    patcher.rule(
        (start, end, booked, x) -> {
          DayPatch exact = BookingPatcher.EXACT.patch(start, end, booked, x);
          return new DayPatch(exact.busyStart(), exact.busyEnd(), Duration.ZERO, Duration.ZERO);
        });
  }

  /** The bus receiver, or {@code null} without a bus. */
  public BusReceiver receiver() {
    return receiver;
  }

  /** The last sequence number this instance published. */
  public long lastPublishedSequence() {
    return delivery.lastSequence();
  }

  @Override
  public void close() {
    delivery.close();
    if (subscription != null) {
      try {
        subscription.close();
      } catch (Exception e) {
        log.warn("unsubscribing from the invalidation bus failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "SmartInvalidator{sourceId=" + sourceId + ", backlog=" + delivery.backlog() + '}';
  }

  private Set<Long> cachedEventTypeIds() {
    try {
      Set<Long> ids = target.cachedEventTypeIds();
      return ids == null ? Set.of() : ids;
    } catch (RuntimeException e) {
      log.warn("could not read the cached event types", e);
      return Set.of();
    }
  }


  private final class DeliveryEvents implements RemoteDelivery.Events {
    private volatile boolean failing;

    @Override
    public void queued(int tags) {
      tagsQueued.addAndGet(tags);
      try {
        listener.invalidationQueued(tags);
      } catch (RuntimeException e) {
        log.warn("listener failed on invalidationQueued", e);
      }
    }

    @Override
    public void dropped(int tags) {
      tagsDropped.addAndGet(tags);
      try {
        listener.invalidationDropped(tags);
      } catch (RuntimeException e) {
        log.warn("listener failed on invalidationDropped", e);
      }
    }

    @Override
    public void delivered() {
      deliveries.incrementAndGet();
      if (failing) {
        failing = false;
        log.info("invalidations reach the shared tier and bus again");
      }
    }

    @Override
    public void attemptFailed(Throwable failure) {
      failedAttempts.incrementAndGet();
      if (!failing) {
        failing = true;
        log.warn("invalidations cannot reach the shared tier or bus; queueing and retrying", failure);
      } else {
        log.debug("invalidation delivery failed again", failure);
      }
    }
  }
}
