package dev.calcomclient.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.TtlPolicy;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 across instances on a real Redis: instance A fetches a day; once its time to live has passed (by Redis's
 * own clock), instance B, whose rate budget is spent, answers the day stale from Redis, with its age, instead of
 * refusing; after A's booking on that day, B refuses (the pre-booking copy is gone from Redis). Each instance has its
 * own Lettuce connections ({@link CalcomRedis}) and its own L1 and rate limiter; both run on the wall clock, because
 * Redis counts lifetimes on it, with a one-second time to live.
 */
class StaleFromRedisAcrossInstancesTest {
  private static final long INTRO_CALL = DefaultDataset.INTRO_CALL_ID;
  private static final Duration TTL = Duration.ofSeconds(1);
  private static final Duration KEPT = Duration.ofMinutes(1);

  private RedisServerProcess server;
  private FakeCalcom fake;
  private CalcomRedis redisA;
  private CalcomRedis redisB;
  private CalcomClient a;
  private CalcomClient b;
  private int farDays;

  @BeforeEach
  void setUp() {
    server = RedisServerProcess.launch();
    fake = FakeCalcom.builder().withDefaultData().build().start();
    redisA = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).commandTimeout(Duration.ofSeconds(1)).build();
    redisB = CalcomRedis.builder().uri(server.uri()).expectedInstances(2).commandTimeout(Duration.ofSeconds(1)).build();
    a = client(redisA).build();
    // B's own small budget (24 a minute, no headroom), so that the test can spend it.
    b = client(redisB).rateLimiterConfig(RateLimiterConfig.builder().limit(24).headroom(0).build()).build();
  }

  @AfterEach
  void tearDown() {
    b.close();
    a.close();
    redisB.close();
    redisA.close();
    fake.close();
    server.close();
  }

  /** A client whose only shared layer is {@code redis}'s L2 (its limiter is its own). */
  private CalcomClient.Builder client(CalcomRedis redis) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .retryPolicy(RetryPolicy.disabled())
        .cache(CacheConfig.builder()
            .ttlPolicy(TtlPolicy.fixed(TTL))
            .staleIfErrorOff()
            .staleIfOverloaded(KEPT)
            .refreshAheadOff()
            .loadEventTypeMetadata(false)
            .remoteCache(redis.remoteCache())
            .build());
  }

  private static SlotQuery utcDay(LocalDate day) {
    return SlotQuery.forEventType(INTRO_CALL)
        .between(day.atStartOfDay(ZoneOffset.UTC).toInstant(),
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1))
        .timeZone(ZoneOffset.UTC)
        .build();
  }

  private String key(LocalDate day) {
    return new SlotKey(INTRO_CALL, SlotKey.DEFAULT_DIMS, day).render(SlotKey.DEFAULT_PREFIX);
  }

  private long pttl(LocalDate day) {
    return Long.parseLong(server.command("PTTL", key(day)).substring(1).trim());
  }

  /** Looks up far days on B, one upstream call each, until B's limiter has no token left. */
  private void spendBsBudget(LocalDate from) {
    for (int i = 0; i < 500 && b.stats().rateLimitAvailableTokens().orElseThrow() > 0; i++) {
      LocalDate far = from.plusDays(60 + farDays++);
      b.slots().find(utcDay(far));
    }
    assertThat(b.stats().rateLimitAvailableTokens().orElseThrow()).as("B's budget spent").isZero();
  }

  @Test
  void aDayInstanceAFetchedIsServedStaleFromRedisByInstanceBWhenBHasNoTokenUntilABookingDropsIt() {
    LocalDate monday = LocalDate.now(ZoneOffset.UTC).plusDays(7).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
    Instant fetchedBefore = Instant.now();
    SlotsResult fetchedByA = a.slots().find(utcDay(monday));
    Instant fetchedAfter = Instant.now();
    assertThat(fetchedByA.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(fetchedByA.all()).as("a working day of the default data").isNotEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> server.command("EXISTS", key(monday)).equals(":1"));
    assertThat(pttl(monday)).as("kept for the stale window past the time to live")
        .isGreaterThan(KEPT.toMillis()).isLessThanOrEqualTo(TTL.plus(KEPT).toMillis());
    // Past its time to live, by Redis's clock: what is left is only the stale window.
    await().atMost(Duration.ofSeconds(10)).until(() -> pttl(monday) < KEPT.toMillis() - 200);
    spendBsBudget(monday);
    long slotCalls = fake.requests().count("GET /v2/slots");

    Instant asked = Instant.now();
    SlotsResult stale = b.slots().find(utcDay(monday));
    Instant answered = Instant.now();
    assertThat(stale).as("A's answer").isEqualTo(fetchedByA);
    assertThat(stale.source()).isEqualTo(SlotsSource.STALE);
    assertThat(stale.staleAge()).hasValueSatisfying(age -> assertThat(age)
        .as("the time since A's fetch, by Redis's clock (ms rounding aside)")
        .isBetween(Duration.between(fetchedAfter, asked).minusMillis(50),
            Duration.between(fetchedBefore, answered).plusMillis(50)));
    assertThat(b.stats().cache().staleAnswers(StaleReason.OVERLOADED)).isEqualTo(1);
    assertThat(fake.requests().count("GET /v2/slots")).as("nothing reached Cal.com").isEqualTo(slotCalls);

    a.bookings().create(CreateBookingRequest.builder()
        .eventTypeId(INTRO_CALL)
        .start(fetchedByA.all().get(0).startInstant())
        .attendee(Attendee.withEmail("Ada", "ada@example.com", "Europe/London"))
        .build());
    await("A's booking deletes the day in Redis").atMost(Duration.ofSeconds(10))
        .until(() -> server.command("EXISTS", key(monday)).equals(":0"));
    assertThatThrownBy(() -> b.slots().find(utcDay(monday)))
        .as("the pre-booking copy is not served")
        .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.isLocal()).isTrue());
  }
}
