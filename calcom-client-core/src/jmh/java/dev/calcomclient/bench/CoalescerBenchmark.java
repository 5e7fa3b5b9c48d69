package dev.calcomclient.bench;

import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.pipeline.CalcomResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The in-process coalescer: a read that finds nothing in flight (it leads, its call answers at once, the flight is
 * removed), and reads that join a flight in flight (one leader, fifteen joiners, then the answer reaches all of
 * them; reported per read).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CoalescerBenchmark {
  private static final CalcomResponse OK = new CalcomResponse(200, Map.of(), new byte[0]);
  private static final CompletableFuture<CalcomResponse> ANSWERED = CompletableFuture.completedFuture(OK);
  private static final String KEY =
      "GET /v2/slots?eventTypeId=101&start=2030-01-07T00:00:00Z&end=2030-01-08T00:00:00Z";
  private static final int READS = 16;

  private final Coalescer coalescer = Coalescer.local();

  @Benchmark
  public CalcomResponse leadAnsweredAtOnce() {
    return coalescer.join(KEY, () -> ANSWERED).response().join();
  }

  @Benchmark
  @OperationsPerInvocation(READS)
  public CalcomResponse joinInFlight() {
    CompletableFuture<CalcomResponse> upstream = new CompletableFuture<>();
    Coalescer.Flight leader = coalescer.join(KEY, () -> upstream);
    Coalescer.Flight last = leader;
    for (int i = 1; i < READS; i++) {
      last = coalescer.join(KEY, () -> {
        throw new IllegalStateException("a joiner must not call upstream");
      });
    }
    upstream.complete(OK);
    if (!last.joined()) {
      throw new IllegalStateException("the last read did not join the flight");
    }
    return last.response().join();
  }
}
