package dev.calcomclient.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RecordedCall;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Load shapes and data for the acceptance tests that run the client against {@link FakeCalcom}. */
public final class FakeWorkloads {
  /** Event types of the default dataset that slot queries rotate through. */
  private static final long[] SLOT_EVENT_TYPES = {
    DefaultDataset.INTRO_CALL_ID,
    DefaultDataset.CONSULTATION_ID,
    DefaultDataset.PRODUCT_DEMO_ID,
    DefaultDataset.MENTORING_ID,
    DefaultDataset.SALES_CALL_ID
  };

  /**
   * Alice's "intro-call" (30 min, Mon-Fri 09:00-17:00 Europe/Berlin): 16 starts a day. Alice owns the fake's API
   * key, so her bookings are the ones the key can list (the client's lookup after an ambiguous create lists them).
   */
  public static final int INTRO_CALL_SLOTS_PER_DAY = 16;

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static final LocalDate FIRST_DAY = LocalDate.parse(FakeCalcomClients.MONDAY);

  private FakeWorkloads() {}

  /**
   * The {@code i}-th of a series of pairwise different slot queries (one day each, a different day for every
   * {@code i}, rotating over five event types), so no two of them share a coalescing key.
   */
  public static SlotQuery distinctSlotQuery(int i) {
    Instant start = FIRST_DAY.plusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(SLOT_EVENT_TYPES[Math.floorMod(i, SLOT_EVENT_TYPES.length)])
        .between(start, start.plus(Duration.ofDays(1)))
        .build();
  }

  /** The {@code i}-th bookable start of "intro-call" from {@link FakeCalcomClients#MONDAY}, weekdays only. */
  public static Instant introCallSlot(int i) {
    int day = i / INTRO_CALL_SLOTS_PER_DAY;
    LocalDate date = FIRST_DAY;
    for (int d = 0; d < day; d++) {
      date = date.plusDays(1);
      while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
        date = date.plusDays(1);
      }
    }
    return date.atTime(9, 0)
        .atZone(BERLIN)
        .plusMinutes(30L * (i % INTRO_CALL_SLOTS_PER_DAY))
        .toInstant();
  }

  /** A distinct attendee per {@code i}. */
  public static Attendee guest(String prefix, int i) {
    return Attendee.withEmail("Guest " + prefix + " " + i, prefix + "-guest-" + i + "@example.com", "Europe/London");
  }

  /** A booking of "intro-call" at its {@code slot}-th start for guest {@code guest}. */
  public static CreateBookingRequest introCallBooking(String prefix, int slot, int guest) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(introCallSlot(slot))
        .attendee(guest(prefix, guest))
        .build();
  }

  /**
   * A client of {@code fake} that lives in {@code time}'s simulated time: its clock and scheduler are scaled, and
   * its timeouts are the defaults (slots 3 s, bookings and other 5 s) converted with
   * {@link ScaledTime#timeoutFor}, because the client measures its overall deadline ({@code 3 x timeout}) on its
   * clock, which runs {@code scale} times faster than real time: an unscaled 3 s slots timeout would give a call
   * 9 simulated seconds, i.e. 0.45 real seconds at scale 20, less than one rate-limit wait.
   */
  public static CalcomClient.Builder scaledClient(FakeCalcom fake, ScaledTime time) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .timeout(EndpointGroup.SLOTS, time.timeoutFor(Duration.ofSeconds(3)))
        .timeout(EndpointGroup.BOOKINGS, time.timeoutFor(Duration.ofSeconds(5)))
        .timeout(EndpointGroup.OTHER, time.timeoutFor(Duration.ofSeconds(5)));
  }

  /** Calls the fake answered with 429. */
  public static long throttled(FakeCalcom fake) {
    return fake.journal().stream().filter(c -> c.responseStatus() == 429).count();
  }

  /** Calls to one endpoint ({@code "GET /v2/slots"}) in the fake's journal. */
  public static List<RecordedCall> callsTo(FakeCalcom fake, String endpoint) {
    return fake.journal().stream().filter(c -> endpoint.equals(c.endpoint())).toList();
  }

  /** What a {@link #hammer} run saw on the client side. */
  public record HammerResult(
      long succeeded, long localRefusals, long upstream429, long otherFailures, List<Throwable> unexpected) {}

  /**
   * {@code threads} platform threads, each calling {@code client.slots().find(...)} with a new distinct query
   * back to back until {@code simulated} has passed on {@code time}'s clock. A caller refused by the local limiter
   * honours the refusal's {@code retryAfter} (on the simulated clock) before its next call, as a well-behaved
   * service would; every other outcome is followed at once by the next call.
   */
  public static HammerResult hammer(CalcomClient client, ScaledTime time, int threads, Duration simulated)
      throws Exception {
    Instant end = time.now().plus(simulated);
    AtomicInteger next = new AtomicInteger();
    LongAdder ok = new LongAdder();
    LongAdder refused = new LongAdder();
    LongAdder throttled = new LongAdder();
    LongAdder other = new LongAdder();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  while (time.now().isBefore(end)) {
                    try {
                      client.slots().find(distinctSlotQuery(next.getAndIncrement()));
                      ok.increment();
                    } catch (RateLimitedException e) {
                      if (e.isLocal()) {
                        refused.increment();
                        time.after(e.retryAfter()).join();
                      } else {
                        throttled.increment();
                      }
                    } catch (CalcomException e) {
                      other.increment();
                      unexpected.add(e);
                    }
                  }
                  return null;
                }));
      }
      long bound = time.toReal(simulated).toMillis() + 30_000;
      for (Future<?> w : workers) {
        w.get(bound, TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return new HammerResult(ok.sum(), refused.sum(), throttled.sum(), other.sum(), List.copyOf(unexpected));
  }
}
