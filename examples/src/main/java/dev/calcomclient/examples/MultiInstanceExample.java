package dev.calcomclient.examples;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.invalidate.InvalidationBus;
import dev.calcomclient.invalidate.InvalidationMessage;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RateLimitUsage;
import dev.calcomclient.testsupport.RedisBinary;
import dev.calcomclient.testsupport.RedisEndpoint;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Two service instances sharing one Cal.com API key through one Redis: each has its own {@link CalcomClient} (its
 * own in-process cache, L1) and its own {@link CalcomRedis} (its own connections, as another JVM would), wired to one
 * Redis for the shared rate limiter, request coalescing, the shared cache (L2) and the invalidation bus.
 *
 * <ol>
 *   <li>Cross-instance invalidation: both instances cache next Monday's slots; instance A books 10:00; instance B
 *       drops its cached day as soon as A's invalidation arrives, and its next answer no longer offers 10:00.
 *   <li>One rate budget: both instances fire 70 lookups of different days at the same moment. Together they send
 *       at most the one budget of the shared sliding log (110 in any 60 s window), not one each; the others are
 *       refused locally (nothing sent, with a {@code retryAfter}). The embedded fake's request journal shows what
 *       reached "Cal.com": no 429.
 * </ol>
 *
 * <p>Redis: {@code REDIS_URL} (for example {@code redis://localhost:6379}) if set, else a {@code redis-server} from
 * the {@code PATH} (or, without one, the binary shipped in the embedded-redis dependency) started on a free loopback
 * port, without persistence, and stopped at the end. The example uses a
 * fresh key prefix per run, so a shared Redis is not disturbed. Cal.com: an embedded {@link FakeCalcom} (default
 * data: event type 101 is Alice's 30 min intro call, Monday to Friday 09:00-17:00 Europe/Berlin).
 *
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests exec:java -Dexec.mainClass=dev.calcomclient.examples.MultiInstanceExample
 * </pre>
 */
public final class MultiInstanceExample {
  /** The zone of the demonstration's day. */
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  /** How many lookups of different days each instance fires at once in the budget demonstration. */
  static final int BURST_PER_INSTANCE = 70;

  private static final Duration HEARD_WAIT = Duration.ofSeconds(5);

  private MultiInstanceExample() {}

  /** Runs the demonstration; exits 2 when no Redis is available. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    RedisEndpoint redis;
    try {
      redis = RedisEndpoint.fromEnvironmentOrStart();
    } catch (IllegalStateException e) {
      System.err.println("The multi-instance example needs Redis: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (redis.started()) {
      out.println("Redis: started " + redisOrigin(redis) + " on 127.0.0.1:" + redis.port() + " (stopped at the end)");
    } else {
      out.println("Redis: REDIS_URL (a fresh key prefix is used; nothing else in that Redis is touched)");
    }
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      out.println("Cal.com: an embedded FakeCalcom at " + fake.baseUrl() + " (Cal.com's limit: 120 requests per 60 s)");
      run(redis.uri(), fake, out);
    } finally {
      redis.close();
      if (redis.started()) {
        out.println("Redis: redis-server stopped");
      }
    }
  }

  private static String redisOrigin(RedisEndpoint redis) {
    return redis.process().map(p -> p.binary().origin() == RedisBinary.Origin.PATH
        ? "redis-server from the PATH" : "the embedded redis-server (none on the PATH)").orElse("redis-server");
  }

  /** The demonstration against {@code fake}, through the Redis at {@code redisUri}. */
  static void run(String redisUri, FakeCalcom fake, PrintStream out) {
    // A fresh key space per run: the budget, cache and channel of an earlier run (or another application) stay apart.
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    String prefix = "calcom:example:" + HexFormat.of().formatHex(random);
    try (CalcomRedis redisA = redis(redisUri, prefix);
        CalcomRedis redisB = redis(redisUri, prefix);
        CalcomClient a = redisA.configure(clientBuilder(fake)).build();
        CalcomClient b = redisB.configure(clientBuilder(fake)).build()) {
      out.println(
          "Two instances, A and B: each its own CalcomClient (own L1) and CalcomRedis (own connections), sharing one"
              + " Redis (rate limiter, coalescer, L2, invalidation bus) under key prefix " + prefix);
      crossInstanceInvalidation(a, b, redisB, fake, out);
      sharedBudget(a, b, fake, out);
    }
  }

  private static CalcomRedis redis(String uri, String prefix) {
    return CalcomRedis.builder()
        .uri(uri)
        .keyPrefix(prefix)
        .expectedInstances(2)
        // The defaults (500 ms, 200 ms) suit a warmed-up service; a JVM that has just started, on a busy laptop, can
        // take longer for its first burst, and would then refuse calls it could not get a token for in time.
        .commandTimeout(Duration.ofSeconds(1))
        .rateLimiterTimeout(Duration.ofSeconds(1))
        .build();
  }

  private static CalcomClient.Builder clientBuilder(FakeCalcom fake) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(fake.clock())
        // One UTC day per slot request, so that part [2]'s lookups of different days each need a request of their
        // own and the shared budget shows. By default one request covers a block of 14 days, and most of those
        // lookups would be answered from the cache.
        .cache(CacheConfig.builder().fetchBlockDays(1).build())
        .timeout(EndpointGroup.BOOKINGS, Duration.ofSeconds(10));
  }

  private static void crossInstanceInvalidation(
      CalcomClient a, CalcomClient b, CalcomRedis redisB, FakeCalcom fake, PrintStream out) {
    ZonedDateTime tenOClock = ExampleTimes.next(DayOfWeek.MONDAY, LocalTime.of(10, 0), ZONE, fake.clock());
    LocalDate monday = tenOClock.toLocalDate();
    SlotQuery day = ExampleTimes.dayQuery(DefaultDataset.INTRO_CALL_ID, monday, ZONE);
    String time = ExampleTimes.time(tenOClock.toInstant(), ZONE);
    out.printf("%n[1] Cross-instance invalidation: %s, intro-call (event type %d)%n", ExampleTimes.day(monday),
        DefaultDataset.INTRO_CALL_ID);
    print(out, "A", a.slots().find(day));
    print(out, "B", b.slots().find(day));
    print(out, "B", b.slots().find(day));

    // When B hears A's invalidation: B's client subscribed first, so by then B has dropped the day.
    CompletableFuture<Long> heard = new CompletableFuture<>();
    String aSource = a.invalidator().sourceId();
    InvalidationBus.Subscriber listener =
        new InvalidationBus.Subscriber() {
          @Override
          public void onMessage(InvalidationMessage message) {
            if (message.sourceId().equals(aSource)) {
              heard.complete(System.nanoTime());
            }
          }
        };
    try (AutoCloseable subscription = redisB.invalidationBus().subscribe(listener)) {
      Booking booking =
          a.bookings()
              .create(
                  CreateBookingRequest.builder()
                      .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                      .start(tenOClock.toInstant())
                      .attendee(Attendee.withEmail("Caller", "caller@example.com", ZONE.getId()))
                      .build());
      long returned = System.nanoTime();
      out.printf("    A books %s (booking %s)%n", ExampleTimes.dayAndTime(tenOClock), booking.uid());
      double millis = (heard.get(HEARD_WAIT.toMillis(), TimeUnit.MILLISECONDS) - returned) / 1e6;
      // B's own client subscribed before this listener: by now B has dropped the day from its L1.
      out.printf(
          millis >= 0
              ? "    B heard A's invalidation %.1f ms after A's create returned, and dropped the day from its L1%n"
              : "    B heard A's invalidation even before A's create returned (%.1f ms earlier), and dropped the day"
                  + " from its L1%n",
          Math.abs(millis));
    } catch (TimeoutException e) {
      out.println("    B did not hear A's invalidation within " + HEARD_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("closing the bus subscription failed", e);
    }
    SlotsResult after = b.slots().find(day);
    print(out, "B", after);
    out.println(
        ExampleTimes.offers(after, tenOClock.toInstant())
            ? "    STALE: B still offers " + time
            : "    " + time + " is no longer offered by B (its answer came from "
                + (after.source() == SlotsSource.L1 ? "its L1" : after.source()) + ")");
  }

  private static void sharedBudget(CalcomClient a, CalcomClient b, FakeCalcom fake, PrintStream out) {
    out.printf(
        "%n[2] One rate budget: A and B each fire %d lookups of different days at the same moment%n",
        BURST_PER_INSTANCE);
    LocalDate from = LocalDate.now(fake.clock().withZone(ZONE)).plusDays(14);
    long before = fake.requests().count("GET /v2/slots");
    List<CompletableFuture<SlotsResult>> aCalls = burst(a, from, DefaultDataset.INTRO_CALL_ID,
        DefaultDataset.CONSULTATION_ID);
    List<CompletableFuture<SlotsResult>> bCalls = burst(b, from, DefaultDataset.PRODUCT_DEMO_ID,
        DefaultDataset.MENTORING_ID);
    Outcome aOutcome = Outcome.of(aCalls);
    Outcome bOutcome = Outcome.of(bCalls);
    long sent = fake.requests().count("GET /v2/slots") - before;
    long throttled = fake.journal().stream().filter(c -> c.responseStatus() == 429).count();
    RateLimitUsage usage = fake.rateLimitUsage(fake.apiKey());
    out.println("    A: " + aOutcome);
    out.println("    B: " + bOutcome);
    out.printf(
        "    FakeCalcom received %d slot requests for the %d lookups; %d answered 429; busiest 60 s window: %d"
            + " requests (limit %d)%n",
        sent, 2 * BURST_PER_INSTANCE, throttled, usage.maxInAnyWindow(), usage.limit());
    out.println(
        "    Both instances drew from one budget (110 in any 60 s window); with a limiter per instance, each would"
            + " have sent a budget of its own");
  }

  /** {@link #BURST_PER_INSTANCE} lookups, alternating two event types, each on its own day from {@code from}. */
  private static List<CompletableFuture<SlotsResult>> burst(CalcomClient client, LocalDate from, long first,
      long second) {
    List<CompletableFuture<SlotsResult>> calls = new ArrayList<>();
    for (int i = 0; i < BURST_PER_INSTANCE; i++) {
      SlotQuery q = ExampleTimes.dayQuery(i % 2 == 0 ? first : second, from.plusDays(i / 2), ZONE);
      calls.add(client.slots().findAsync(q));
    }
    return calls;
  }

  private static void print(PrintStream out, String instance, SlotsResult r) {
    out.printf(
        "    %s: %d slots (source %s): %s%n", instance, r.size(), r.source(), ExampleTimes.times(r.all(), ZONE, 8));
  }

  /** How one instance's lookups of a burst ended. */
  private record Outcome(int answered, int refused, Duration longestRetryAfter, List<Throwable> other) {
    static Outcome of(List<CompletableFuture<SlotsResult>> calls) {
      int answered = 0;
      int refused = 0;
      Duration longest = Duration.ZERO;
      List<Throwable> other = new ArrayList<>();
      for (CompletableFuture<SlotsResult> c : calls) {
        try {
          c.get(30, TimeUnit.SECONDS);
          answered++;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RateLimitedException r && r.isLocal()) {
            refused++;
            longest = r.retryAfter().compareTo(longest) > 0 ? r.retryAfter() : longest;
          } else {
            other.add(e.getCause());
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
          other.add(e);
        }
      }
      return new Outcome(answered, refused, longest, other);
    }

    @Override
    public String toString() {
      String s =
          answered + " answered, " + refused + " refused by the shared limiter before sending (retry after at most "
              + longestRetryAfter.toMillis() + " ms)";
      if (!other.isEmpty()) {
        Throwable t = other.get(0);
        s += "; " + other.size() + " failed otherwise, first: "
            + (t instanceof CalcomException ? t.getMessage() : t.toString());
      }
      return s;
    }
  }
}
