package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RateLimitPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's randomized concurrency acceptance: threads read availability (over random ranges and zones, so fills of
 * overlapping day spans race), book the slots they see and cancel their bookings, all through one cached client.
 * Every operation is stamped on a global sequence; afterwards each read is checked against what was certainly true
 * while it ran: a slot whose booking had been confirmed before the read started, and whose cancellation had not yet
 * begun when the read ended, must not be offered. Zero such stale reads are allowed.
 */
class ConcurrentStaleReadTest {
  private static final long[] EVENT_TYPES = {101, 104, 105};
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");
  private static final List<ZoneId> ZONES =
      List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 70;

  private final FakeClock clock = FakeClock.at(NOW);
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong attendees = new AtomicLong();
  private final List<Read> reads = new CopyOnWriteArrayList<>();
  private final List<Made> bookings = new CopyOnWriteArrayList<>();
  private FakeCalcom fake;
  private CalcomClient client;

  private record Read(long eventTypeId, long startSeq, long endSeq, Set<Instant> offered, SlotsSource source) {}

  private static final class Made {
    final long eventTypeId;
    final Instant start;
    final String uid;
    final long confirmedSeq;
    volatile long cancelStartSeq = Long.MAX_VALUE;

    Made(long eventTypeId, Instant start, String uid, long confirmedSeq) {
      this.eventTypeId = eventTypeId;
      this.start = start;
      this.uid = uid;
      this.confirmedSeq = confirmedSeq;
    }
  }

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).rateLimit(RateLimitPolicy.disabled()).build().start();
    client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build())
            .build();
    for (long id : EVENT_TYPES) {
      client.eventTypes().get(id);
    }
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void concurrentFillsBookingsAndCancelsNeverServeATakenSlot() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = 7919L * (t + 1);
      workers.add(
          pool.submit(
              () -> {
                go.await();
                work(new Random(seed));
                return null;
              }));
    }
    go.countDown();
    for (Future<?> w : workers) {
      w.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();

    List<String> stale = new ArrayList<>();
    for (Read r : reads) {
      for (Made b : bookings) {
        boolean certainlyTaken = b.confirmedSeq < r.startSeq && b.cancelStartSeq > r.endSeq;
        if (certainlyTaken && b.eventTypeId == r.eventTypeId && r.offered.contains(b.start)) {
          stale.add("read " + r + " offered " + b.start + " booked as " + b.uid);
        }
      }
    }
    assertThat(stale).as("stale reads").isEmpty();
    // The run really exercised the race: many reads, bookings, cancels, and reads served from the cache.
    assertThat(reads).hasSizeGreaterThan(100);
    assertThat(bookings).hasSizeGreaterThan(15);
    assertThat(bookings.stream().filter(b -> b.cancelStartSeq != Long.MAX_VALUE).count()).isGreaterThan(3);
    assertThat(reads.stream().filter(r -> r.source == SlotsSource.L1).count()).isGreaterThan(20);
    // Every attendee is distinct, so the fake holds no booking made twice (no create was re-posted).
    assertThat(fake.duplicateBookings()).isEmpty();
    assertThat(bookings).allSatisfy(b -> assertThat(fake.booking(b.uid)).isPresent());
  }

  private void work(Random random) {
    List<Made> mine = new ArrayList<>();
    for (int op = 0; op < OPS_PER_THREAD; op++) {
      long et = EVENT_TYPES[random.nextInt(EVENT_TYPES.length)];
      int roll = random.nextInt(100);
      if (roll < 60) {
        read(et, random);
      } else if (roll < 85 || mine.isEmpty()) {
        book(et, random, mine);
      } else {
        Made b = mine.remove(random.nextInt(mine.size()));
        b.cancelStartSeq = seq.incrementAndGet();
        try {
          client.bookings().cancel(b.uid, CancelBookingRequest.withReason("concurrency test"));
        } catch (CalcomException e) {
          // Already cancelled elsewhere cannot happen here (each thread cancels its own); surface anything else.
          throw e;
        }
      }
    }
  }

  private SlotsResult read(long et, Random random) {
    ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
    LocalDate from = MONDAY.plusDays(random.nextInt(3));
    Instant start = from.atStartOfDay(zone).toInstant().plus(Duration.ofHours(random.nextInt(12)));
    Instant end = start.plus(Duration.ofHours(6 + random.nextInt(48)));
    long startSeq = seq.incrementAndGet();
    SlotsResult r =
        client.slots().find(SlotQuery.forEventType(et).between(start, end).timeZone(zone).build());
    long endSeq = seq.incrementAndGet();
    reads.add(
        new Read(
            et, startSeq, endSeq, r.all().stream().map(Slot::startInstant).collect(Collectors.toSet()), r.source()));
    return r;
  }

  private void book(long et, Random random, List<Made> mine) {
    SlotsResult seen = read(et, random);
    List<Slot> all = seen.all();
    if (all.isEmpty()) {
      return;
    }
    Slot pick = all.get(random.nextInt(all.size()));
    try {
      Booking b =
          client
              .bookings()
              .create(
                  CreateBookingRequest.builder()
                      .eventTypeId(et)
                      .start(pick.startInstant())
                      .attendee(Attendee.withEmail("Racer", "racer" + attendees.incrementAndGet() + "@example.com", "UTC"))
                      .build());
      Made made = new Made(et, b.start(), b.uid(), seq.incrementAndGet());
      bookings.add(made);
      mine.add(made);
    } catch (CalcomException e) {
      // Another thread took the slot between this read and the create (Cal.com answers 409/400): a normal race.
    }
  }
}
