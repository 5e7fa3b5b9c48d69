package dev.calcomclient.examples.load;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Judges every availability answer of one side against its fake's truth at the instant the answer was returned
 * ({@link FakeCalcom#availableStarts}, which is not a request). An offered start the truth no longer has is stale
 * when the bookings that had completed before the lookup started are, by Cal.com's rules, enough to take it: the
 * fake counting only those bookings does not offer it, while counting none it does (a start gone for a reason no
 * booking is, such as the minimum notice, is not about bookings). A booking has completed when the client's create
 * returned, or when it was made elsewhere and the client handled its webhook; a booking still in flight (its create
 * not yet returned) is not one the client can know of. So for a round-robin event type a booking of one host does
 * not make a start stale while another host was free as far as completed bookings go, and a booking's buffers take
 * the time they take at Cal.com.
 *
 * <p>With several instances a reader can know of another instance's booking only once the invalidation bus has
 * brought its message: an offer that completed bookings take is in the bus window ({@link #offersInBusWindow}), not
 * stale, when it is still offered counting only the bookings the reading instance could know of: those it made
 * itself, those announced by webhook or made on a side of one instance, and those of another instance whose
 * invalidation message ({@link BusLog#receipt}) it had received before the lookup started. Measured per booking from
 * the bus log, not with a fixed grace: an offer read after the receipt stays stale, and so does one whose message the
 * log never shows received (nothing proves the window).
 *
 * <p>A booking made elsewhere without a webhook (a calendar sync) cannot be known: its offers are measured by age
 * instead, against the time to live that applied to the entry.
 *
 * <p>It also counts missed offers (issue 17): starts the truth had in the range a lookup asked for, at the instant
 * the client answered it, that the answer did not offer: the price of a cache that hides free slots. Only answered
 * lookups of a whole range are judged (a refused or failed call is a failure, not a missed offer; an alternatives
 * search proposes a few starts by design and is judged for stale offers only).
 */
final class StaleOfferOracle {
  private static final TtlPolicy TTL = CacheConfig.defaults().ttlPolicy();

  private final FakeCalcom fake;
  private final SimTime time;
  /** Bookings the client saw complete, by uid: when (simulated seconds). */
  private final Map<String, Double> completedAt = new ConcurrentHashMap<>();
  /** Which instance completed each booking (its index; absent with a client that has no instances). */
  private final Map<String, Integer> completedBy = new ConcurrentHashMap<>();
  /** What the invalidation bus carried between the side's instances so far. */
  private final Supplier<List<BusLog.Event>> bus;
  /** Offers that only another instance's bookings take, settled against the bus log when counted. */
  private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
  /** Bookings made elsewhere and never announced, by uid: when they were made. */
  private final Map<String, Double> silentMadeAt = new ConcurrentHashMap<>();
  private final Set<String> announced = ConcurrentHashMap.newKeySet();
  private final AtomicLong staleOffers = new AtomicLong();
  private final AtomicLong staleAfterWebhook = new AtomicLong();
  private final DoubleAccumulator silentMaxAge = new DoubleAccumulator(Math::max, 0);
  private final DoubleAccumulator silentTtl = new DoubleAccumulator(Math::max, 0);
  private final AtomicLong silentStaleOffers = new AtomicLong();
  private final AtomicLong missedOffers = new AtomicLong();
  private final AtomicLong truthOffers = new AtomicLong();
  private final Queue<StaleOffer> details = new ConcurrentLinkedQueue<>();

  /**
   * One stale offer, for the diagnosis ({@code --journal}).
   *
   * @param eventTypeId the event type asked for
   * @param offered the offered start
   * @param lookupStart when the lookup started (simulated seconds)
   * @param answeredAt when it was answered
   * @param source where the client says the answer came from (null for the naive client)
   * @param firstCreated when the earliest of {@code occupying} was created at the fake (simulated seconds)
   * @param bookings every active booking on the type's hosts whose time (with buffers) meets the start
   * @param occupying those bookings described: uid, type, hosts, interval, when it was created and when (and where)
   *     the client saw it complete
   * @param reader the instance that answered (-1: a client without instances)
   * @param inBusWindow whether it is counted in the bus window rather than stale
   */
  record StaleOffer(long eventTypeId, Instant offered, double lookupStart, double answeredAt, String source,
      double firstCreated, List<FakeBooking> bookings, List<String> occupying, int reader, boolean inBusWindow) {}

  /**
   * An offer that bookings of other instances, whose messages the reader had not received when the lookup started,
   * were needed to take.
   *
   * @param unheard those bookings: uid, the instance that made it, its event type, UTC day and creation (simulated s)
   * @param afterWebhook whether announced bookings were needed too (counted so if it turns out stale)
   * @param offer the diagnosis
   */
  private record Pending(List<Unheard> unheard, boolean afterWebhook, StaleOffer offer) {}

  private record Unheard(String uid, int publisher, long eventTypeId, java.time.LocalDate utcDay, double created) {}

  StaleOfferOracle(FakeCalcom fake, SimTime time) {
    this(fake, time, List::of);
  }

  /**
   * An oracle for a side whose instances share an invalidation bus.
   *
   * @param bus what the bus carried so far (read when judging and when counting)
   */
  StaleOfferOracle(FakeCalcom fake, SimTime time, Supplier<List<BusLog.Event>> bus) {
    this.fake = fake;
    this.time = time;
    this.bus = bus;
  }

  /**
   * The client's create of {@code uid} returned now.
   *
   * @param instance which instance made it (-1: a client without instances)
   */
  void bookingCompleted(String uid, int instance) {
    completedAt.put(uid, time.nowSeconds());
    if (instance >= 0) {
      completedBy.put(uid, instance);
    }
  }

  /** A booking was made elsewhere now; {@code announcedByWebhook}: its webhook will be handled by the client. */
  void externalMade(String uid, boolean announcedByWebhook) {
    if (announcedByWebhook) {
      announced.add(uid);
    } else {
      silentMadeAt.put(uid, time.nowSeconds());
    }
  }

  /** The client handled the webhook of {@code uid} now. */
  void webhookHandled(String uid) {
    completedAt.put(uid, time.nowSeconds());
  }

  /**
   * Judges the answer to a lookup of the starts in {@code [start, end)}: its stale offers, as {@link #answered},
   * and its missed offers against the truth of the same range now.
   *
   * @param eventTypeId the event type asked for
   * @param reader the instance that answered (-1: a client without instances)
   * @param startedAt when the lookup started (simulated seconds)
   * @param start the start of the range the client was asked for
   * @param end the end of that range (exclusive)
   * @param offered the starts the client offered
   */
  void lookupAnswered(long eventTypeId, int reader, double startedAt, Instant start, Instant end,
      List<Instant> offered) {
    List<Instant> truth = fake.availableStarts(eventTypeId, start, end).stream().filter(s -> s.isBefore(end))
        .toList();
    Set<Instant> given = new HashSet<>(offered);
    truthOffers.addAndGet(truth.size());
    missedOffers.addAndGet(truth.stream().filter(s -> !given.contains(s)).count());
    answered(eventTypeId, reader, startedAt, offered);
  }

  /**
   * Judges one answer.
   *
   * @param eventTypeId the event type asked for
   * @param reader the instance that answered (-1: a client without instances)
   * @param startedAt when the lookup started (simulated seconds)
   * @param offered the starts the client offered
   */
  void answered(long eventTypeId, int reader, double startedAt, List<Instant> offered) {
    String source = CalcomLoadClient.takeLastSource();
    if (offered.isEmpty()) {
      return;
    }
    Instant first = offered.stream().min(Instant::compareTo).orElseThrow();
    Instant last = offered.stream().max(Instant::compareTo).orElseThrow();
    Set<Instant> truth = new HashSet<>(fake.availableStarts(eventTypeId, first, last));
    List<Instant> gone = offered.stream().filter(s -> !truth.contains(s)).toList();
    if (gone.isEmpty()) {
      return;
    }
    Predicate<FakeBooking> known = b -> before(completedAt.get(b.uid()), startedAt);
    Predicate<FakeBooking> silent = b -> before(silentMadeAt.get(b.uid()), startedAt);
    double now = time.nowSeconds();
    List<BusLog.Event> events = bus.get();
    for (Instant s : gone) {
      if (!offers(eventTypeId, s, b -> false)) {
        continue; // gone whatever was booked (minimum notice reached meanwhile)
      }
      if (!offers(eventTypeId, s, known)) {
        boolean afterWebhook = offers(eventTypeId, s, known.and(b -> !announced.contains(b.uid())));
        List<FakeBooking> unheard = occupying(eventTypeId, s).stream().filter(known)
            .filter(b -> !heardOf(b, reader, startedAt, events)).toList();
        Set<String> unheardUids = new HashSet<>(unheard.stream().map(FakeBooking::uid).toList());
        if (!unheard.isEmpty() && offers(eventTypeId, s, known.and(b -> !unheardUids.contains(b.uid())))) {
          // taken only with bookings of other instances the reader had not heard of: settled when counted
          pending.add(new Pending(unheard.stream().map(b -> new Unheard(b.uid(), completedBy.get(b.uid()),
              b.eventTypeId(), LocalDate.ofInstant(b.start(), ZoneOffset.UTC), time.secondsAt(b.createdAt())))
              .toList(), afterWebhook, diagnosis(eventTypeId, s, startedAt, now, source, reader, true)));
          continue;
        }
        staleOffers.incrementAndGet();
        if (afterWebhook) {
          staleAfterWebhook.incrementAndGet(); // the announced bookings were needed to take it
        }
        details.add(diagnosis(eventTypeId, s, startedAt, now, source, reader, false));
      } else if (!offers(eventTypeId, s, known.or(silent))) {
        silentStaleOffers.incrementAndGet();
        double newest = occupying(eventTypeId, s).stream().filter(silent)
            .mapToDouble(b -> silentMadeAt.get(b.uid())).max().orElse(startedAt);
        silentMaxAge.accumulate(now - newest);
        silentTtl.accumulate(
            TTL.ttl(s.atZone(ZoneOffset.UTC).toLocalDate(), offered.size(), time.clock().instant()).toNanos() / 1e9);
      }
    }
  }

  private static boolean before(Double at, double startedAt) {
    return at != null && at < startedAt;
  }

  /**
   * Whether {@code reader} could know of {@code b} when its lookup started: it made it, or the booking has no instance
   * (announced by webhook; a client without instances), or {@code reader} had received its bus message by then.
   */
  private boolean heardOf(FakeBooking b, int reader, double startedAt, List<BusLog.Event> events) {
    Integer by = completedBy.get(b.uid());
    if (by == null || reader < 0 || by == reader) {
      return true;
    }
    Double received = BusLog.receipt(events, by, time.secondsAt(b.createdAt()), b.eventTypeId(),
        LocalDate.ofInstant(b.start(), ZoneOffset.UTC), reader);
    return received != null && received < startedAt;
  }

  /**
   * Whether an offer pending on other instances' bookings is in the bus window: the reader received every one of
   * their messages, each at or after the lookup started.
   */
  private static boolean inBusWindow(Pending p, List<BusLog.Event> events) {
    return p.unheard().stream().allMatch(u -> {
      Double received = BusLog.receipt(events, u.publisher(), u.created(), u.eventTypeId(), u.utcDay(),
          p.offer().reader());
      return received != null && received >= p.offer().lookupStart();
    });
  }

  /** Whether the fake, counting only the bookings {@code counted} accepts, offers {@code start} now. */
  private boolean offers(long eventTypeId, Instant start, Predicate<FakeBooking> counted) {
    return fake.availableStarts(eventTypeId, start, start, counted).contains(start);
  }

  /**
   * The active bookings on a host of the event type whose time, widened by their own type's buffers, meets a slot
   * at {@code start} widened by the event type's buffers (the fake's rule).
   */
  private List<FakeBooking> occupying(long eventTypeId, Instant start) {
    Map<Long, FakeEventType> types = new java.util.HashMap<>();
    fake.eventTypes().forEach(t -> types.put(t.id(), t));
    FakeEventType type = types.get(eventTypeId);
    Instant from = start.minus(Duration.ofMinutes(type.beforeEventBuffer()));
    Instant to = start.plus(Duration.ofMinutes(type.lengthInMinutes() + type.afterEventBuffer()));
    return fake.bookings().stream()
        .filter(b -> b.status().occupiesTime() && b.hostIds().stream().anyMatch(type.hostIds()::contains))
        .filter(b -> {
          FakeEventType booked = types.get(b.eventTypeId());
          Instant busyFrom = b.start().minus(Duration.ofMinutes(booked == null ? 0 : booked.beforeEventBuffer()));
          Instant busyTo = b.end().plus(Duration.ofMinutes(booked == null ? 0 : booked.afterEventBuffer()));
          return busyFrom.isBefore(to) && from.isBefore(busyTo);
        })
        .toList();
  }

  private StaleOffer diagnosis(long eventTypeId, Instant start, double startedAt, double now, String source,
      int reader, boolean inBusWindow) {
    List<FakeBooking> occupying = occupying(eventTypeId, start);
    double firstCreated = occupying.stream().mapToDouble(b -> time.secondsAt(b.createdAt())).min().orElse(startedAt);
    List<String> lines = occupying.stream()
        .map(b -> String.format(Locale.ROOT, "%s type %d hosts %s %s..%s created %.3f %s", b.uid(), b.eventTypeId(),
            b.hostIds(), b.start(), b.end(), time.secondsAt(b.createdAt()), completion(b)))
        .toList();
    return new StaleOffer(eventTypeId, start, startedAt, now, source, firstCreated, occupying, lines, reader,
        inBusWindow);
  }

  private String completion(FakeBooking b) {
    Double done = completedAt.get(b.uid());
    if (done != null) {
      return String.format(Locale.ROOT, "completed %.3f %s", done,
          announced.contains(b.uid()) ? "(webhook)"
              : completedBy.containsKey(b.uid()) ? "on instance " + completedBy.get(b.uid()) : "");
    }
    Double made = silentMadeAt.get(b.uid());
    return made != null ? String.format(Locale.ROOT, "made elsewhere silently %.3f", made) : "not completed";
  }

  /**
   * The stale offers one by one, then those in the bus window, for the diagnosis; a pending offer the bus log does
   * not (yet) show in the window is listed as stale.
   */
  List<StaleOffer> details() {
    List<BusLog.Event> events = bus.get();
    List<StaleOffer> out = new java.util.ArrayList<>(details);
    List<StaleOffer> window = new java.util.ArrayList<>();
    for (Pending p : pending) {
      if (inBusWindow(p, events)) {
        window.add(p.offer());
      } else {
        StaleOffer o = p.offer();
        out.add(new StaleOffer(o.eventTypeId(), o.offered(), o.lookupStart(), o.answeredAt(), o.source(),
            o.firstCreated(), o.bookings(), o.occupying(), o.reader(), false));
      }
    }
    out.addAll(window);
    return out;
  }

  /**
   * For each booking an instance completed, simulated seconds from its create's return to when that instance handed
   * the bus its first message about it ({@link BusLog#publish}; negative when handed before the create returned),
   * sorted; a booking without such a message is left out.
   */
  List<Double> publishLags() {
    List<BusLog.Event> events = bus.get();
    List<Double> lags = new java.util.ArrayList<>();
    for (FakeBooking b : fake.bookings()) {
      Integer by = completedBy.get(b.uid());
      BusLog.Event sent = by == null ? null : BusLog.publish(events, by, time.secondsAt(b.createdAt()),
          b.eventTypeId(), LocalDate.ofInstant(b.start(), ZoneOffset.UTC));
      if (sent != null) {
        lags.add(sent.at() - completedAt.get(b.uid()));
      }
    }
    lags.sort(Double::compare);
    return lags;
  }

  /** Starts the truth had that the lookups' answers did not offer. */
  long missedOffers() {
    return missedOffers.get();
  }

  /** Starts the truth had in the ranges of the judged lookups, at the instants they were answered. */
  long truthOffers() {
    return truthOffers.get();
  }

  /**
   * Offers of a time taken by bookings that completed before the lookup started and that the reading instance
   * could know of then (the bus log as it stands decides the pending ones: count after the run).
   */
  long staleOffers() {
    List<BusLog.Event> events = bus.get();
    return staleOffers.get() + pending.stream().filter(p -> !inBusWindow(p, events)).count();
  }

  /**
   * Offers of a time taken only with bookings another instance completed before the lookup started and whose
   * invalidation message the reading instance received after the lookup started: the cross-instance window.
   */
  long offersInBusWindow() {
    List<BusLog.Event> events = bus.get();
    return pending.stream().filter(p -> inBusWindow(p, events)).count();
  }

  /** Of the stale offers, those taken only with a booking made elsewhere whose webhook the client had handled. */
  long staleOffersAfterWebhook() {
    List<BusLog.Event> events = bus.get();
    return staleAfterWebhook.get()
        + pending.stream().filter(p -> p.afterWebhook() && !inBusWindow(p, events)).count();
  }

  /** Offers of a time taken by a booking made elsewhere without a webhook. */
  long silentStaleOffers() {
    return silentStaleOffers.get();
  }

  /** The oldest such offer: simulated seconds between the booking and the answer offering its time. */
  double staleOfferMaxAgeSeconds() {
    return silentMaxAge.get();
  }

  /** The longest time to live that applied to the entries of those offers (seconds). */
  double staleOfferTtlSeconds() {
    return silentTtl.get();
  }
}
