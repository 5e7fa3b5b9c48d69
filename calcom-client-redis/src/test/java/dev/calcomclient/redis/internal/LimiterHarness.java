package dev.calcomclient.redis.internal;

import dev.calcomclient.RateLimitedException;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.testing.ManualScheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Several "instances" of {@link RedisRateLimiter} (each with its own Lettuce client, as separate JVMs would have)
 * on one real Redis and one manual clock: tests move time with {@link ManualScheduler#advance}, and only wait
 * (boundedly) for Redis's answers.
 */
final class LimiterHarness implements AutoCloseable {
  /** The credential's id as the client derives it: a hash, never the key. */
  static final String SECRET = "cal_live_do_not_leak_0123456789";
  static final String CREDENTIAL = Credentials.apiKey(SECRET).id();

  final ManualScheduler time = new ManualScheduler(Instant.parse("2050-09-01T08:00:00Z"));
  final List<RedisConnector> connectors = new ArrayList<>();
  final List<RedisRateLimiter> limiters = new ArrayList<>();

  LimiterHarness(String uri, int instances, RateLimiterConfig config, Duration requestTimeout) {
    this(uri, instances, instances, config, requestTimeout);
  }

  /** {@code expectedInstances} sizes the leases: 11 or more with the default budget makes every lease one token. */
  LimiterHarness(
      String uri, int instances, int expectedInstances, RateLimiterConfig config, Duration requestTimeout) {
    for (int i = 0; i < instances; i++) {
      RedisConnector c = RedisConnector.connect(RedisConnector.Settings.of(uri));
      connectors.add(c);
      limiters.add(
          new RedisRateLimiter(
              config,
              c.commands(),
              "calcom:v1",
              expectedInstances,
              requestTimeout,
              Duration.ofSeconds(1),
              time.clock(),
              time,
              Runnable::run));
    }
  }

  RedisRateLimiter limiter(int i) {
    return limiters.get(i);
  }

  static CalcomRequest request(Priority lane, Instant deadline) {
    return CalcomRequest.builder(Operation.SLOTS_FIND, "/v2/slots")
        .credentialId(CREDENTIAL)
        .priority(lane)
        .deadline(deadline)
        .build();
  }

  /** A standard call that may not wait at all: granted now or refused now. */
  CalcomRequest noWait() {
    return request(Priority.STANDARD, time.now());
  }

  /** Whether {@code limiter} grants an immediate call (waits for Redis's answer, at most 5 s). */
  boolean grantsNow(RedisRateLimiter limiter) {
    return outcome(limiter.acquire(noWait())) == null;
  }

  /** How many immediate calls {@code limiter} grants in a row, up to {@code max}. */
  int drain(RedisRateLimiter limiter, int max) {
    int n = 0;
    while (n < max && grantsNow(limiter)) {
      n++;
    }
    return n;
  }

  /** The refusal of a completed acquire, or null when it was granted. */
  static RateLimitedException outcome(CompletableFuture<Duration> f) {
    try {
      f.get(30, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable t = Futures.unwrap(e);
      if (t instanceof RateLimitedException r) {
        return r;
      }
      throw new AssertionError("unexpected failure", t);
    } catch (Exception e) {
      throw new AssertionError("acquire did not complete within 5 s", e);
    }
  }

  static CalcomResponse response(int status, Map<String, String> headers) {
    Map<String, List<String>> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k, List.of(v)));
    return new CalcomResponse(status, h, "{}".getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    connectors.forEach(RedisConnector::close);
  }
}
