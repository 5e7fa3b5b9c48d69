package dev.calcomclient.bench;

import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.breaker.internal.CircuitBreakerLayer;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.coalesce.internal.CoalescingLayer;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.RateLimitLayer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * What the coalescer, circuit breaker and rate limiter add to one call, measured on a transport that answers at
 * once. The limiter's budget is set so high that it never makes a call wait: this is the bookkeeping cost alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LayerOverheadBenchmark {
  private static final CalcomResponse OK = new CalcomResponse(200, Map.of(), new byte[0]);

  private ScheduledExecutorService scheduler;
  private Pipeline bare;
  private Pipeline layered;
  private CalcomRequest read;

  @Setup(Level.Trial)
  public void setUp() {
    Clock clock = Clock.systemUTC();
    scheduler = Executors.newSingleThreadScheduledExecutor();
    CalcomEventListener none = new CalcomEventListener() {};
    Layer noopTransport = (request, chain) -> CompletableFuture.completedFuture(OK);
    RateLimiterConfig unlimited =
        RateLimiterConfig.builder().limit(2_000_000_000).headroom(0).burstCapacity(1_000_000_000).build();
    bare = new Pipeline(List.of(noopTransport));
    layered =
        new Pipeline(
            List.of(
                new CoalescingLayer(Coalescer.local(), none),
                new CircuitBreakerLayer(CircuitBreakerConfig.defaults(), clock, none),
                new RateLimitLayer(RateLimiter.local(unlimited, clock, scheduler), none, clock, scheduler),
                noopTransport));
    read =
        CalcomRequest.builder(Operation.SLOTS_FIND, "/v2/slots")
            .query("eventTypeId", 42)
            .query("start", "2050-09-05")
            .query("end", "2050-09-06")
            .apiVersion("2024-09-04")
            .credentialId("0123456789abcdef")
            .priority(Priority.STANDARD)
            .deadline(Instant.now().plus(Duration.ofDays(365)))
            .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
  }

  @Benchmark
  public CalcomResponse transportOnly() {
    return bare.execute(read).join();
  }

  @Benchmark
  public CalcomResponse coalescerBreakerAndLimiter() {
    return layered.execute(read).join();
  }
}
