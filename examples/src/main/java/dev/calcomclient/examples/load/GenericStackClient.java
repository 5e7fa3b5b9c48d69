package dev.calcomclient.examples.load;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * What a Java team assembles in a day from well-kept libraries without this project, the peer calcom-client has to
 * beat (issue 17): plain OkHttp calls (the {@link NaiveClient}'s), a Caffeine cache of whole slot answers keyed by
 * the query with a fixed {@link #CACHE_LIFETIME} (cache-aside: concurrent misses of one query each fetch), emptied
 * of the booked event type's entries after each of its own bookings, and a resilience4j {@link RateLimiter} of
 * {@link #LIMIT_PER_MINUTE} per minute around every HTTP attempt, inside a resilience4j {@link Retry} that retries a
 * 429 ({@link #MAX_ATTEMPTS} attempts, backoff {@link #FIRST_BACKOFF} doubling). It knows nothing of hosts shared
 * between event types, webhooks, other instances or Cal.com's 60 s block.
 *
 * <p>Simulated time: Caffeine reads the scenario's clock through its {@code Ticker}; the limiter reads it through
 * the nanosecond supplier resilience4j 2.x accepts ({@code RateLimiter.of(name, config, nanoTime)}), and the wait it
 * computes is slept on the scenario's clock ({@code reservePermission}, then a simulated sleep: what
 * {@code acquirePermission} does with a wall-clock park); the retry's backoff, which resilience4j sleeps on the wall
 * clock, is given as the wall time of the simulated backoff. Several instances ({@link #forUser}) are several such
 * stacks, each with its own cache and limiter, as a team deploys it.
 */
final class GenericStackClient implements LoadClient {
  /** resilience4j's limit: Cal.com's, with no headroom. */
  static final int LIMIT_PER_MINUTE = 120;
  /** The cache's fixed lifetime of an answer. */
  static final Duration CACHE_LIFETIME = Duration.ofSeconds(60);
  /** How long a call waits for a permit before resilience4j refuses it (resilience4j's default). */
  static final Duration LIMITER_TIMEOUT = Duration.ofSeconds(5);
  /** Attempts per call when Cal.com answers 429 (resilience4j's default). */
  static final int MAX_ATTEMPTS = 3;
  /** The first retry's backoff; each further one doubles. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  private final SimTime time;
  private final List<Instance> instances = new ArrayList<>();
  private final List<Double> shortfalls = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> evictedPerBooking = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param instances how many stacks, each with its own cache and limiter, share the key
   */
  GenericStackClient(int instances, String baseUrl, String apiKey, OkHttpClient http, SimTime time) {
    this.time = time;
    for (int i = 0; i < instances; i++) {
      this.instances.add(new Instance(i, new NaiveClient(baseUrl, apiKey, http)));
    }
  }

  @Override
  public String name() {
    return ScenarioRunner.GENERIC;
  }

  int instanceCount() {
    return instances.size();
  }

  @Override
  public LoadClient forUser(int user) {
    return instances.get(Math.floorMod(user, instances.size()));
  }

  @Override
  public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone)
      throws Exception {
    return instances.get(0).availability(opId, eventTypeId, start, end, zone);
  }

  @Override
  public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
      ZoneId zone) throws Exception {
    return instances.get(0).book(opId, eventTypeId, start, attendeeName, attendeeEmail, zone);
  }

  /** Cache entries each booking evicted (the booked event type's answers). */
  @Override
  public List<Integer> invalidatedKeysPerBooking() {
    synchronized (evictedPerBooking) {
      return List.copyOf(evictedPerBooking);
    }
  }

  @Override
  public List<Double> budgetShortfalls() {
    synchronized (shortfalls) {
      return List.copyOf(shortfalls);
    }
  }

  /** Caffeine drops an answer at the end of its lifetime: nothing is ever served stale. */
  @Override
  public Long staleAnswersUnderOverload() {
    return 0L;
  }

  @Override
  public void close() {
    instances.forEach(i -> i.cache.invalidateAll());
  }

  /** The cache key: the query as sent. */
  private record Query(long eventTypeId, Instant start, Instant end, String zone) {}

  /** One stack: its own cache, limiter and retry. */
  private final class Instance implements LoadClient {
    private final NaiveClient http;
    private final Cache<Query, List<Instant>> cache;
    private final RateLimiter limiter;
    private final Retry retry;

    Instance(int index, NaiveClient http) {
      this.http = http;
      this.cache = Caffeine.newBuilder()
          .expireAfterWrite(CACHE_LIFETIME)
          .maximumSize(10_000)
          .ticker(time::nowNanos)
          .build();
      RateLimiterConfig limits = RateLimiterConfig.custom()
          .limitForPeriod(LIMIT_PER_MINUTE)
          .limitRefreshPeriod(Duration.ofMinutes(1))
          .timeoutDuration(LIMITER_TIMEOUT)
          .build();
      this.limiter = RateLimiter.of("calcom-" + index, limits, time::nowNanos);
      RetryConfig retries = RetryConfig.custom()
          .maxAttempts(MAX_ATTEMPTS)
          .retryOnException(e -> e instanceof NaiveClient.HttpFailure f && f.status == 429)
          .intervalFunction(attempt -> Math.max(1,
              time.toWall(FIRST_BACKOFF.multipliedBy(1L << Math.min(10, attempt - 1))).toMillis()))
          .build();
      this.retry = Retry.of("calcom-" + index, retries);
    }

    @Override
    public String name() {
      return ScenarioRunner.GENERIC;
    }

    @Override
    public List<Instant> availability(String opId, long eventTypeId, Instant start, Instant end, ZoneId zone)
        throws Exception {
      Query key = new Query(eventTypeId, start, end, zone.getId());
      List<Instant> cached = cache.getIfPresent(key);
      if (cached != null) {
        return cached;
      }
      List<Instant> fetched = List.copyOf(call(() -> http.availability(opId, eventTypeId, start, end, zone)));
      cache.put(key, fetched);
      return fetched;
    }

    @Override
    public String book(String opId, long eventTypeId, Instant start, String attendeeName, String attendeeEmail,
        ZoneId zone) throws Exception {
      String uid = call(() -> http.book(opId, eventTypeId, start, attendeeName, attendeeEmail, zone));
      int before = cache.asMap().size();
      cache.asMap().keySet().removeIf(q -> q.eventTypeId() == eventTypeId);
      evictedPerBooking.add(Math.max(0, before - cache.asMap().size()));
      return uid;
    }

    /** One call: retried on 429, every attempt holding a permit of the limiter. */
    private <T> T call(CheckedSupplier<T> request) throws Exception {
      CheckedSupplier<T> limited = () -> {
        acquire();
        return request.get();
      };
      try {
        return Retry.decorateCheckedSupplier(retry, limited).get();
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    /** resilience4j's acquirePermission on the scenario's clock: reserve, then wait in simulated time. */
    private void acquire() throws InterruptedException {
      long waitNanos = limiter.reservePermission();
      if (waitNanos < 0) {
        shortfalls.add(time.nowSeconds());
        throw RequestNotPermitted.createRequestNotPermitted(limiter);
      }
      if (waitNanos > 0) {
        shortfalls.add(time.nowSeconds());
        time.sleep(Duration.ofNanos(waitNanos));
      }
    }

    @Override
    public void close() {
      // the client owns its instances
    }
  }
}
