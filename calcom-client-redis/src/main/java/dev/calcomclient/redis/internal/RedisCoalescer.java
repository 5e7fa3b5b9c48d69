package dev.calcomclient.redis.internal;

import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.coalesce.internal.LocalCoalescer;
import dev.calcomclient.pipeline.CalcomResponse;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Coalescer} across JVMs. Identical reads in this JVM share one flight: core's in-process
 * {@link LocalCoalescer} is composed here, so the flight map (and its "removed before its callers are completed"
 * rule) is the one of the in-process coalescer. The flight then competes for a Redis lock ({@code SET NX PX}, keyed by a hash of the canonical
 * request, never the request itself): the instance that wins calls upstream, stores the raw response under a
 * result key named after its flight, releases the lock and publishes a notice, all in one script; instances that
 * lose wait for the notice (polling the result key as well, in case the notice is lost) for at most
 * {@code waitBound}, then call upstream themselves. Only 2xx and 404 answers are shared across JVMs; for any other
 * answer or a failure the winner leaves a marker instead, and the waiting instances call upstream themselves at
 * once. A waiting instance only ever takes the result of the flight that held the lock when it asked, which
 * started before it: the same semantics as joining a flight in one JVM. When Redis is unreachable every flight
 * calls upstream itself.
 */
public final class RedisCoalescer implements Coalescer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisCoalescer.class);
  private static final byte[] NOT_SHARED = {0};

  // KEYS[1]: lock. ARGV[1]: flight id, ARGV[2]: lock TTL ms. Returns the id of the flight holding the lock.
  private static final LuaScript LOCK =
      new LuaScript(
          """
          if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
            return ARGV[1]
          end
          return redis.call('GET', KEYS[1])
          """);

  // KEYS[1]: result, KEYS[2]: lock. ARGV: result bytes, result TTL ms, flight id, channel, notice.
  private static final LuaScript FINISH =
      new LuaScript(
          """
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          if redis.call('GET', KEYS[2]) == ARGV[3] then
            redis.call('DEL', KEYS[2])
          end
          redis.call('PUBLISH', ARGV[4], ARGV[5])
          return 1
          """);

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final StatefulRedisPubSubConnection<String, byte[]> pubSub;
  private final String keyPrefix;
  private final String channel;
  private final Duration waitBound;
  private final Duration pollInterval;
  private final Duration resultTtl;
  private final ScheduledExecutorService scheduler;
  private final Executor completions;
  private final LocalCoalescer local = new LocalCoalescer();
  private final ConcurrentHashMap<String, List<Follower>> followers = new ConcurrentHashMap<>();
  private final LongAdder localJoins = new LongAdder();
  private final LongAdder leaderCalls = new LongAdder();
  private final LongAdder remoteJoins = new LongAdder();
  private final LongAdder ownCalls = new LongAdder();

  /**
   * Creates a coalescer and subscribes to its notice channel.
   *
   * @param redis the shared command connection
   * @param pubSub a pub/sub connection owned by the coalescer from now on
   * @param keyPrefix the prefix of its keys and channel, for example {@code calcom:v1}
   * @param waitBound how long an instance waits for another instance's flight before calling upstream itself
   * @param pollInterval how often a waiting instance looks for the result, should the notice be lost
   * @param resultTtl how long a shared result stays readable for waiting instances
   * @param scheduler runs the waits' timers; not shut down by the coalescer
   * @param completions where callers' futures are completed (off Redis's I/O threads)
   */
  public RedisCoalescer(
      RedisClusterAsyncCommands<String, byte[]> redis,
      StatefulRedisPubSubConnection<String, byte[]> pubSub,
      String keyPrefix,
      Duration waitBound,
      Duration pollInterval,
      Duration resultTtl,
      ScheduledExecutorService scheduler,
      Executor completions) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.pubSub = Objects.requireNonNull(pubSub, "pubSub");
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.channel = keyPrefix + ":co:filled";
    this.waitBound = Objects.requireNonNull(waitBound, "waitBound");
    this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
    this.resultTtl = Objects.requireNonNull(resultTtl, "resultTtl");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.completions = Objects.requireNonNull(completions, "completions");
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String ch, byte[] message) {
            if (channel.equals(ch)) {
              onNotice(new String(message, StandardCharsets.UTF_8));
            }
          }
        });
    try {
      pubSub.async().subscribe(channel).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot subscribe to the coalescing channel " + channel, e);
    }
  }

  @Override
  public Flight join(String key, Supplier<CompletableFuture<CalcomResponse>> upstream) {
    Flight flight = local.join(key, () -> new CrossJvmFlight(key, upstream).start());
    if (flight.joined()) {
      localJoins.increment();
    }
    return flight;
  }

  /** What this coalescer has done so far. */
  public Stats stats() {
    return new Stats(localJoins.sum(), leaderCalls.sum(), remoteJoins.sum(), ownCalls.sum());
  }

  /**
   * Counts of a coalescer's decisions.
   *
   * @param localJoins callers that joined a flight of this JVM
   * @param leaderCalls flights that won the lock and called upstream for every instance
   * @param remoteJoins flights answered by another instance's call
   * @param ownCalls flights that called upstream alone (no answer in time, not shareable, or Redis unreachable)
   */
  public record Stats(long localJoins, long leaderCalls, long remoteJoins, long ownCalls) {}

  /** How many flights of this JVM are waiting for another instance's call now. */
  int following() {
    return followers.values().stream().mapToInt(List::size).sum();
  }

  /** How many distinct calls of this JVM are in flight now. */
  public int inFlight() {
    return local.inFlight();
  }

  static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the JDK", e);
    }
  }

  String lockKey(String hash) {
    return keyPrefix + ":co:{" + hash + "}:lock";
  }

  String resultKey(String hash, String flightId) {
    return keyPrefix + ":co:{" + hash + "}:r:" + flightId;
  }

  private void onNotice(String notice) {
    String[] parts = notice.split("\\|");
    if (parts.length != 3) {
      return;
    }
    List<Follower> list = followers.get(parts[0]);
    if (list != null) {
      for (Follower f : list) {
        f.noticed(parts[1], "1".equals(parts[2]));
      }
    }
  }

  private void complete(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run();
    }
  }

  @Override
  public String toString() {
    return "RedisCoalescer{inFlight=" + local.inFlight() + ", " + stats() + "}";
  }

  /** This JVM's flight of one key, once it won the in-process flight map: lead, follow or call alone. */
  private final class CrossJvmFlight {
    final String hash;
    final String flightId = UUID.randomUUID().toString().replace("-", "");
    final Supplier<CompletableFuture<CalcomResponse>> upstream;
    final CompletableFuture<CalcomResponse> outcome = new CompletableFuture<>();

    CrossJvmFlight(String key, Supplier<CompletableFuture<CalcomResponse>> upstream) {
      this.hash = hash(key);
      this.upstream = upstream;
    }

    /** Starts the flight; the returned future completes (on the completions executor) with its outcome. */
    CompletableFuture<CalcomResponse> start() {
      // Registered before asking for the lock, so that a notice sent in between is not missed.
      Follower follower = new Follower(this);
      followers.compute(
          hash,
          (h, list) -> {
            List<Follower> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(follower);
            return l;
          });
      CompletableFuture<byte[]> lock;
      try {
        lock =
            LOCK.run(
                redis,
                ScriptOutputType.VALUE,
                new String[] {lockKey(hash)},
                LuaScript.arg(flightId),
                LuaScript.arg(Math.max(1, waitBound.toMillis())));
      } catch (RuntimeException e) {
        lock = CompletableFuture.failedFuture(e);
      }
      lock.whenComplete(
          (holder, failure) -> {
            if (failure != null) {
              follower.stop();
              log.debug("coalescing lock unavailable ({}); calling upstream alone", failure.toString());
              callAlone();
              return;
            }
            String leader = holder == null ? null : new String(holder, StandardCharsets.UTF_8);
            if (flightId.equals(leader)) {
              follower.stop();
              lead();
            } else if (leader == null) {
              follower.stop(); // the lock expired between SET and GET: too rare to wait for
              callAlone();
            } else {
              follower.follow(leader);
            }
          });
      return outcome;
    }

    void lead() {
      leaderCalls.increment();
      call()
          .whenComplete(
              (response, failure) -> {
                finish(response, failure);
                boolean shared = failure == null && (response.isSuccessful() || response.status() == 404);
                byte[] result = shared ? ResponseCodec.encode(response) : NOT_SHARED;
                String notice = hash + "|" + flightId + "|" + (shared ? "1" : "0");
                try {
                  FINISH.<Long>run(
                          redis,
                          ScriptOutputType.INTEGER,
                          new String[] {resultKey(hash, flightId), lockKey(hash)},
                          result,
                          LuaScript.arg(Math.max(1, resultTtl.toMillis())),
                          LuaScript.arg(flightId),
                          LuaScript.arg(channel),
                          LuaScript.arg(notice))
                      .whenComplete(
                          (ok, e) -> {
                            if (e != null) {
                              log.debug("could not share a coalesced result ({})", e.toString());
                            }
                          });
                } catch (RuntimeException e) {
                  log.debug("could not share a coalesced result ({})", e.toString());
                }
              });
    }

    void callAlone() {
      ownCalls.increment();
      call().whenComplete(this::finish);
    }

    void answered(CalcomResponse response) {
      remoteJoins.increment();
      finish(response, null);
    }

    CompletableFuture<CalcomResponse> call() {
      try {
        return upstream.get();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }

    /** Completes the outcome off Redis's I/O threads; the in-process flight map then answers its callers. */
    void finish(CalcomResponse response, Throwable failure) {
      complete(
          () -> {
            if (failure != null) {
              outcome.completeExceptionally(failure);
            } else {
              outcome.complete(response);
            }
          });
    }
  }

  /** A flight waiting for another instance's: notice, poll or give up, whichever comes first. */
  private final class Follower {
    final CrossJvmFlight flight;
    final AtomicBoolean done = new AtomicBoolean();
    final ConcurrentHashMap<String, Boolean> noticesSeen = new ConcurrentHashMap<>();
    volatile String leader;
    volatile ScheduledFuture<?> giveUp;
    volatile ScheduledFuture<?> poll;

    Follower(CrossJvmFlight flight) {
      this.flight = flight;
    }

    void follow(String leaderFlight) {
      leader = leaderFlight;
      try {
        giveUp =
            scheduler.schedule(
                () -> resolveAlone("no answer within " + waitBound.toMillis() + " ms"),
                waitBound.toNanos(),
                TimeUnit.NANOSECONDS);
        poll = scheduler.schedule(this::poll, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        resolveAlone("scheduler shut down");
        return;
      }
      Boolean seen = noticesSeen.get(leaderFlight);
      if (seen != null) {
        noticed(leaderFlight, seen);
      }
    }

    void noticed(String flightId, boolean shared) {
      noticesSeen.put(flightId, shared); // kept in case it arrived before the lock answer named the leader
      if (!flightId.equals(leader) || done.get()) {
        return;
      }
      if (!shared) {
        resolveAlone("the other instance's answer is not shared");
        return;
      }
      fetchResult();
    }

    void poll() {
      if (done.get()) {
        return;
      }
      fetchResult();
    }

    void fetchResult() {
      CompletableFuture<byte[]> get;
      try {
        get = redis.get(resultKey(flight.hash, leader)).toCompletableFuture();
      } catch (RuntimeException e) {
        get = CompletableFuture.failedFuture(e);
      }
      get.whenComplete(
          (bytes, failure) -> {
            if (done.get()) {
              return;
            }
            if (failure != null) {
              resolveAlone("Redis unreachable");
            } else if (bytes == null) {
              reschedulePoll();
            } else if (bytes.length == 1 && bytes[0] == NOT_SHARED[0]) {
              resolveAlone("the other instance's answer is not shared");
            } else {
              CalcomResponse response;
              try {
                response = ResponseCodec.decode(bytes);
              } catch (IllegalArgumentException e) {
                resolveAlone("unreadable shared answer");
                return;
              }
              if (stop()) {
                flight.answered(response);
              }
            }
          });
    }

    void reschedulePoll() {
      if (done.get()) {
        return;
      }
      try {
        poll = scheduler.schedule(this::poll, pollInterval.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        resolveAlone("scheduler shut down");
      }
    }

    void resolveAlone(String why) {
      if (stop()) {
        log.debug("coalesced flight calls upstream itself: {}", why);
        flight.callAlone();
      }
    }

    /** Ends following; true for the one caller that ended it. */
    boolean stop() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      followers.computeIfPresent(flight.hash, (h, list) -> {
        list.remove(this);
        return list.isEmpty() ? null : list;
      });
      ScheduledFuture<?> g = giveUp;
      if (g != null) {
        g.cancel(false);
      }
      ScheduledFuture<?> p = poll;
      if (p != null) {
        p.cancel(false);
      }
      return true;
    }
  }

  /** Stops listening for notices (closes the coalescer's pub/sub connection). */
  @Override
  public void close() {
    pubSub.close();
  }
}
