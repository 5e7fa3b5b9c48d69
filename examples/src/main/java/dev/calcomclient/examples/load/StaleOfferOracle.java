package dev.calcomclient.examples.load;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;

/**
 * Judges every availability answer of one side against its fake's truth at the instant the answer was returned
 * ({@link FakeCalcom#availableStarts}, which is not a request). An offered start the truth no longer has, whose
 * time a booking occupies (same host, overlapping), is stale when that booking had completed before the lookup
 * started: made by the client (its create returned), or made elsewhere and announced by a webhook the client
 * handled. A booking made elsewhere without a webhook (a calendar sync) cannot be known: its offers are measured by
 * age instead, against the time to live that applied to the entry.
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

  StaleOfferOracle(FakeCalcom fake, SimTime time) {
    this.fake = fake;
    this.time = time;
  }

  /** The client's create of {@code uid} returned now. */
  void bookingCompleted(String uid) {
    completedAt.put(uid, time.nowSeconds());
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
   * @param startedAt when the lookup started (simulated seconds)
   * @param start the start of the range the client was asked for
   * @param end the end of that range (exclusive)
   * @param offered the starts the client offered
   */
  void lookupAnswered(long eventTypeId, double startedAt, Instant start, Instant end, List<Instant> offered) {
    List<Instant> truth = fake.availableStarts(eventTypeId, start, end).stream().filter(s -> s.isBefore(end))
        .toList();
    Set<Instant> given = new HashSet<>(offered);
    truthOffers.addAndGet(truth.size());
    missedOffers.addAndGet(truth.stream().filter(s -> !given.contains(s)).count());
    answered(eventTypeId, startedAt, offered);
  }

  /**
   * Judges one answer.
   *
   * @param eventTypeId the event type asked for
   * @param startedAt when the lookup started (simulated seconds)
   * @param offered the starts the client offered
   */
  void answered(long eventTypeId, double startedAt, List<Instant> offered) {
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
    FakeEventType type = fake.eventTypes().stream().filter(e -> e.id() == eventTypeId).findFirst().orElseThrow();
    Duration length = Duration.ofMinutes(type.lengthInMinutes());
    List<FakeBooking> active = fake.bookings().stream().filter(b -> b.status().occupiesTime()).toList();
    double now = time.nowSeconds();
    for (Instant s : gone) {
      Instant end = s.plus(length);
      for (FakeBooking b : active) {
        if (!s.isBefore(b.end()) || !b.start().isBefore(end)
            || b.hostIds().stream().noneMatch(type.hostIds()::contains)) {
          continue;
        }
        Double done = completedAt.get(b.uid());
        if (done != null && done < startedAt) {
          staleOffers.incrementAndGet();
          if (announced.contains(b.uid())) {
            staleAfterWebhook.incrementAndGet();
          }
          break;
        }
        Double made = silentMadeAt.get(b.uid());
        if (made != null && made < startedAt) {
          silentStaleOffers.incrementAndGet();
          silentMaxAge.accumulate(now - made);
          int count = offered.size();
          silentTtl.accumulate(
              TTL.ttl(s.atZone(ZoneOffset.UTC).toLocalDate(), count, time.clock().instant()).toNanos() / 1e9);
          break;
        }
      }
    }
  }

  /** Starts the truth had that the lookups' answers did not offer. */
  long missedOffers() {
    return missedOffers.get();
  }

  /** Starts the truth had in the ranges of the judged lookups, at the instants they were answered. */
  long truthOffers() {
    return truthOffers.get();
  }

  /** Offers of a time taken by a booking that completed before the lookup started. */
  long staleOffers() {
    return staleOffers.get();
  }

  /** Of those, offers of a booking made elsewhere whose webhook the client had handled. */
  long staleOffersAfterWebhook() {
    return staleAfterWebhook.get();
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
