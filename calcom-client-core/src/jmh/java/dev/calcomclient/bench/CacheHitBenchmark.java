package dev.calcomclient.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
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
 * An availability read answered from L1 through the facade ({@code client.slots().find(q)}: key per UTC day,
 * generation check, freshness, past-slot filter, regrouping in the query's zone) against a bare Caffeine
 * {@code getIfPresent} of a ready answer: what the client adds on top of the cache library on a hit.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheHitBenchmark {
  private BenchServer server;
  private CalcomClient client;
  private SlotQuery query;
  private Cache<String, SlotsResult> caffeine;
  private String key;

  @Setup(Level.Trial)
  public void setUp() {
    server = new BenchServer();
    client = Bench.client(server, CacheConfig.builder().loadEventTypeMetadata(false).build());
    query = Bench.day(BenchServer.DAY);
    SlotsResult first = client.slots().find(query);
    SlotsResult second = client.slots().find(query);
    if (first.size() != 16 || second.source() != SlotsSource.L1) {
      throw new IllegalStateException("the query is not answered from L1: " + second.source() + ", "
          + second.size() + " slots");
    }
    caffeine = Caffeine.newBuilder().maximumSize(10_000).build();
    key = "calcom:v1:slots:et:101:d:" + BenchServer.DAY;
    caffeine.put(key, second);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    server.close();
  }

  @Benchmark
  public SlotsResult facadeL1Hit() {
    return client.slots().find(query);
  }

  @Benchmark
  public SlotsResult rawCaffeineGetIfPresent() {
    return caffeine.getIfPresent(key);
  }
}
