package dev.calcomclient.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.coalesce.Coalescer.Flight;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testsupport.RedisServerProcess;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Four "instances" of {@link RedisCoalescer} (four Lettuce clients) on one real Redis: who calls upstream, who
 * waits, what is shared, and the bounds on waiting. Timers run on a manual scheduler; upstream answers are
 * completed by the test.
 */
class RedisCoalescerTest {
  private static final String KEY = "GET /v2/slots?eventTypeId=101&start=2050-09-05 v=2024-09-04 c=0123abcd";
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final Duration POLL = Duration.ofMillis(250);

  private static RedisServerProcess server;
  private final ManualScheduler time = new ManualScheduler();
  private final List<RedisConnector> connectors = new ArrayList<>();
  private final List<RedisCoalescer> instances = new ArrayList<>();
  private final AtomicInteger upstreamCalls = new AtomicInteger();
  private final CompletableFuture<CalcomResponse> leaderAnswer = new CompletableFuture<>();

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.launch();
  }

  @AfterAll
  static void stopRedis() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    server.command("FLUSHALL");
    for (int i = 0; i < 4; i++) {
      RedisConnector c = RedisConnector.connect(RedisConnector.Settings.of(server.uri()));
      connectors.add(c);
      instances.add(
          new RedisCoalescer(c.commands(), c.newPubSub(), "calcom:v1", BOUND, POLL, Duration.ofSeconds(10), time,
              Runnable::run));
    }
  }

  @AfterEach
  void tearDown() {
    instances.forEach(RedisCoalescer::close);
    connectors.forEach(RedisConnector::close);
  }

  private static CalcomResponse response(int status, String body) {
    return new CalcomResponse(
        status, Map.of("Content-Type", List.of("application/json"), "X-Request-Id", List.of("req-1")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** The first upstream call gets the answer the test completes; later ones answer at once with "own". */
  private final Supplier<CompletableFuture<CalcomResponse>> upstream =
      () -> upstreamCalls.incrementAndGet() == 1
          ? leaderAnswer
          : CompletableFuture.completedFuture(response(200, "{\"own\":true}"));

  /** Every instance joins {@code perInstance} times; returns the flights once one leads and the others follow. */
  private List<Flight> joinEverywhere(int perInstance) {
    List<Flight> flights = new ArrayList<>();
    for (RedisCoalescer c : instances) {
      for (int i = 0; i < perInstance; i++) {
        flights.add(c.join(KEY, upstream));
      }
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> upstreamCalls.get() == 1 && instances.stream().mapToInt(RedisCoalescer::following).sum() == 3);
    return flights;
  }

  private static CalcomResponse answer(Flight f) throws Exception {
    return f.response().get(30, TimeUnit.SECONDS);
  }

  @Test
  void twentyCallersOnFourInstancesShareOneUpstreamCall() throws Exception {
    List<Flight> flights = joinEverywhere(5);
    assertThat(flights).allSatisfy(f -> assertThat(f.response()).isNotDone());

    leaderAnswer.complete(response(200, "{\"slots\":{\"2050-09-05\":[]}}"));

    for (Flight f : flights) {
      CalcomResponse r = answer(f);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bodyAsString()).isEqualTo("{\"slots\":{\"2050-09-05\":[]}}");
      assertThat(r.header("x-request-id")).isEqualTo("req-1");
    }
    assertThat(upstreamCalls.get()).isEqualTo(1);
    RedisCoalescer.Stats total = total();
    assertThat(total.leaderCalls()).isEqualTo(1);
    assertThat(total.remoteJoins()).isEqualTo(3);
    assertThat(total.localJoins()).isEqualTo(16);
    assertThat(total.ownCalls()).isZero();
    assertThat(flights.stream().filter(Flight::joined).count()).isEqualTo(16);
  }

  @Test
  void aNotFoundAnswerIsSharedToo() throws Exception {
    List<Flight> flights = joinEverywhere(1);
    leaderAnswer.complete(response(404, "{\"status\":\"error\"}"));
    for (Flight f : flights) {
      assertThat(answer(f).status()).isEqualTo(404);
    }
    assertThat(upstreamCalls.get()).isEqualTo(1);
  }

  @Test
  void anAnswerThatIsNotSharedSendsTheWaitingInstancesUpstreamAtOnce() throws Exception {
    List<Flight> flights = joinEverywhere(1);
    leaderAnswer.complete(response(503, "{\"status\":\"error\"}"));

    List<Integer> statuses = new ArrayList<>();
    for (Flight f : flights) {
      statuses.add(answer(f).status());
    }
    assertThat(statuses).containsExactlyInAnyOrder(503, 200, 200, 200);
    assertThat(upstreamCalls.get()).isEqualTo(4);
    assertThat(total().ownCalls()).isEqualTo(3);
  }

  @Test
  void aFailedUpstreamCallFailsOnlyItsOwnInstancesCallers() throws Exception {
    List<Flight> flights = joinEverywhere(2);
    leaderAnswer.completeExceptionally(new IllegalStateException("connection reset"));

    long failed = 0;
    for (Flight f : flights) {
      CompletableFuture<CalcomResponse> r = f.response();
      try {
        r.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessage("connection reset");
        failed++;
      }
    }
    assertThat(failed).as("the leader's two callers").isEqualTo(2);
    assertThat(upstreamCalls.get()).isEqualTo(4);
  }

  @Test
  void aLeaderThatNeverAnswersIsWaitedForAtMostTheBound() throws Exception {
    List<Flight> flights = joinEverywhere(1);
    time.advance(BOUND.minusMillis(1)); // polls find nothing; the leader is still busy
    assertThat(flights).allSatisfy(f -> assertThat(f.response()).isNotDone());
    assertThat(upstreamCalls.get()).isEqualTo(1);

    time.advance(Duration.ofMillis(2));

    await().atMost(Duration.ofSeconds(30)).until(() -> flights.stream().filter(f -> f.response().isDone()).count() == 3);
    assertThat(upstreamCalls.get()).isEqualTo(4);
    assertThat(total().ownCalls()).isEqualTo(3);
  }

  @Test
  void aLostNoticeIsMadeUpForByPollingTheResult() throws Exception {
    List<Flight> flights = joinEverywhere(1);
    int leader = -1;
    for (int i = 0; i < 4; i++) {
      if (instances.get(i).following() == 0) {
        leader = i;
      }
    }
    int deaf = (leader + 1) % 4;
    instances.get(deaf).close(); // this instance hears no notice any more
    Flight deafFlight = flights.get(deaf);

    leaderAnswer.complete(response(200, "{\"a\":1}"));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> flights.stream().filter(f -> f.response().isDone()).count() == 3);
    assertThat(deafFlight.response()).isNotDone();

    time.advance(POLL);

    assertThat(answer(deafFlight).bodyAsString()).isEqualTo("{\"a\":1}");
    assertThat(upstreamCalls.get()).isEqualTo(1);
  }

  @Test
  void aFlightThatStartsAfterAnotherEndedCallsUpstreamAgain() throws Exception {
    List<Flight> flights = joinEverywhere(1);
    leaderAnswer.complete(response(200, "{\"first\":true}"));
    for (Flight f : flights) {
      answer(f);
    }

    // The result of the finished flight is not a cache: a new read goes upstream (the cache layers decide freshness).
    Flight later = instances.get(2).join(KEY, upstream);
    assertThat(answer(later).bodyAsString()).isEqualTo("{\"own\":true}");
    assertThat(upstreamCalls.get()).isEqualTo(2);
  }

  @Test
  void redisKeysCarryAHashOfTheRequestNotTheRequest() {
    joinEverywhere(1);
    String keys = server.command("KEYS", "*");
    assertThat(keys).startsWith("calcom:v1:co:{" + RedisCoalescer.hash(KEY) + "}:lock");
    assertThat(keys).doesNotContain("slots", "0123abcd");
    leaderAnswer.complete(response(200, "{}"));
  }

  private RedisCoalescer.Stats total() {
    long local = 0;
    long leader = 0;
    long remote = 0;
    long own = 0;
    for (RedisCoalescer c : instances) {
      RedisCoalescer.Stats s = c.stats();
      local += s.localJoins();
      leader += s.leaderCalls();
      remote += s.remoteJoins();
      own += s.ownCalls();
    }
    return new RedisCoalescer.Stats(local, leader, remote, own);
  }
}
