package dev.calcomclient.redis.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.Alternatives;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic of a voice-agent deployment, spread over several client instances: users that look up a day's slots
 * of a popular event type (the same few queries again and again), ask {@code client.alternatives()} for the
 * nearest free slots to a desired time (a week's span of cached days), and book.
 * Each user is a thread bound to one instance, calls back to back, and honours a local refusal's
 * {@code retryAfter} on the simulated clock, as a well-behaved service would.
 */
public final class MixedTraffic {
  /** A Monday in the fake's future (its clock starts on the Thursday before). */
  public static final LocalDate MONDAY = LocalDate.parse("2050-09-05");
  public static final Instant NOW = Instant.parse("2050-09-01T00:00:00Z");
  private static final long[] POPULAR = {
    DefaultDataset.INTRO_CALL_ID, DefaultDataset.CONSULTATION_ID, DefaultDataset.PRODUCT_DEMO_ID,
    DefaultDataset.MENTORING_ID
  };
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private MixedTraffic() {}

  /** What the users saw. */
  public record Result(
      long dayLookups,
      long alternativeSearches,
      long bookings,
      long localRefusals,
      long upstream429,
      List<Throwable> unexpected) {
    public long succeeded() {
      return dayLookups + alternativeSearches + bookings;
    }
  }

  /** A day's slots of one of four popular event types, on one of three days. */
  public static SlotQuery dayLookup(int i) {
    Instant start = MONDAY.plusDays(Math.floorMod(i / POPULAR.length, 3)).atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(POPULAR[Math.floorMod(i, POPULAR.length)])
        .between(start, start.plus(Duration.ofDays(1)))
        .build();
  }

  /** How the users search for alternatives: three proposals within a week, in the caller's zone. */
  public static final AlternativeOptions ALTERNATIVES =
      AlternativeOptions.builder().count(3).horizon(Duration.ofDays(7)).timeZone(ZoneId.of("Europe/Berlin")).build();

  /**
   * Alternatives to one of the first week's "intro-call" starts: one span of cached days (at most one upstream call)
   * from the desired day to a week later.
   */
  public static Alternatives alternatives(CalcomClient client, int i) {
    return client.alternatives().find(DefaultDataset.INTRO_CALL_ID, introCallSlot(Math.floorMod(i, 80)), ALTERNATIVES);
  }

  /** The {@code i}-th start of "intro-call" (Mon-Fri 09:00-17:00 Berlin, 30 min) from {@link #MONDAY}. */
  public static Instant introCallSlot(int i) {
    LocalDate date = MONDAY;
    for (int d = 0; d < i / 16; d++) {
      date = date.plusDays(1);
      while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
        date = date.plusDays(1);
      }
    }
    return date.atTime(9, 0).atZone(BERLIN).plusMinutes(30L * (i % 16)).toInstant();
  }

  /**
   * Runs {@code users} users spread round-robin over {@code clients} until {@code simulated} has passed on
   * {@code time}'s clock: 65% day lookups, 25% searches for alternatives, 10% bookings (each of a different slot).
   */
  public static Result run(List<CalcomClient> clients, ScaledTime time, int users, Duration simulated, long seed)
      throws Exception {
    Instant end = time.now().plus(simulated);
    AtomicInteger nextSlot = new AtomicInteger();
    LongAdder days = new LongAdder();
    LongAdder searches = new LongAdder();
    LongAdder booked = new LongAdder();
    LongAdder refused = new LongAdder();
    LongAdder throttled = new LongAdder();
    Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(users);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int u = 0; u < users; u++) {
        CalcomClient client = clients.get(u % clients.size());
        Random random = new Random(seed * 1000 + u);
        int user = u;
        workers.add(
            pool.submit(
                () -> {
                  while (time.now().isBefore(end)) {
                    int dice = random.nextInt(100);
                    try {
                      if (dice < 65) {
                        client.slots().find(dayLookup(random.nextInt(12)));
                        days.increment();
                      } else if (dice < 90) {
                        alternatives(client, random.nextInt(80));
                        searches.increment();
                      } else {
                        int slot = nextSlot.getAndIncrement();
                        client.bookings().create(
                            CreateBookingRequest.builder()
                                .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                                .start(introCallSlot(slot))
                                .attendee(Attendee.withEmail(
                                    "Guest " + user, "guest-" + user + "-" + slot + "@example.com", "Europe/London"))
                                .build());
                        booked.increment();
                      }
                    } catch (RateLimitedException e) {
                      if (e.isLocal()) {
                        refused.increment();
                        time.after(e.retryAfter()).join();
                      } else {
                        throttled.increment();
                      }
                    } catch (CalcomException e) {
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
    return new Result(
        days.sum(), searches.sum(), booked.sum(), refused.sum(), throttled.sum(), List.copyOf(unexpected));
  }
}
