package dev.calcomclient.bench;

import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The in-process rate limiter (a sliding log per credential) when a token is available: {@code acquire} alone, and
 * {@code acquire} plus {@code onResponse} with Cal.com's rate-limit headers (what every attempt costs).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RateLimiterBenchmark {
  private static final CalcomResponse ANSWER = new CalcomResponse(200, Map.of(
      "x-ratelimit-limit", List.of("2000000000"),
      "x-ratelimit-remaining", List.of("1999999999"),
      "x-ratelimit-reset", List.of("60")), new byte[0]);

  private ScheduledExecutorService scheduler;
  private RateLimiter limiter;
  private CalcomRequest request;

  @Setup(Level.Trial)
  public void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    limiter = RateLimiter.local(Bench.UNLIMITED, Bench.CLOCK, scheduler);
    request = CalcomRequest.builder(Operation.SLOTS_FIND, "/v2/slots")
        .query("eventTypeId", 101)
        .apiVersion("2024-09-04")
        .credentialId("0123456789abcdef")
        .priority(Priority.STANDARD)
        .deadline(Instant.parse("2030-01-01T00:00:00Z").plus(Duration.ofDays(365)))
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
  }

  @Benchmark
  public Duration acquire() {
    return limiter.acquire(request).join();
  }

  @Benchmark
  public Duration acquireAndLearnFromTheAnswer() {
    Duration waited = limiter.acquire(request).join();
    limiter.onResponse(request, ANSWER);
    return waited;
  }
}
