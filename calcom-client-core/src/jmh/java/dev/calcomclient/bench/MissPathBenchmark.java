package dev.calcomclient.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.SlotsResult;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
 * A slots read that goes to the server (a local MockWebServer answering 16 slots), through the whole client:
 * with the cache disabled (request observer, coalescer, breaker, retry, limiter, transport, JSON decoding into
 * models), and with the cache on but a day never asked before (the same plus the L1 miss, the span fetch, splitting
 * and storing the day); against a raw OkHttp call to the same URL (reading the body's bytes, and reading it into a
 * Jackson tree).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MissPathBenchmark {
  private BenchServer server;
  private CalcomClient uncached;
  private CalcomClient cached;
  private OkHttpClient http;
  private Request raw;
  private final ObjectMapper mapper = new ObjectMapper();
  private long nextDay;

  @Setup(Level.Trial)
  public void setUp() {
    server = new BenchServer();
    uncached = Bench.client(server, CacheConfig.disabled());
    // One day per request: with the default blocks of 14 days, 13 of every 14 new days would be L1 hits.
    cached = Bench.client(server, CacheConfig.builder().loadEventTypeMetadata(false).fetchBlockDays(1).build());
    http = new OkHttpClient();
    raw = new Request.Builder()
        .url(HttpUrl.get(server.baseUrl()).newBuilder().addPathSegments("v2/slots")
            .addQueryParameter("eventTypeId", "101")
            .addQueryParameter("start", BenchServer.DAY + "T00:00:00Z")
            .addQueryParameter("end", BenchServer.DAY.plusDays(1) + "T00:00:00Z")
            .addQueryParameter("timeZone", "UTC")
            .build())
        .header("Authorization", "Bearer " + BenchServer.API_KEY)
        .header("cal-api-version", "2024-09-04")
        .get()
        .build();
    if (uncached.slots().find(Bench.day(BenchServer.DAY)).size() != 16) {
      throw new IllegalStateException("the server's slots did not come through");
    }
  }

  @TearDown(Level.Iteration)
  public void drain() {
    server.drain();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    uncached.close();
    cached.close();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.close();
  }

  @Benchmark
  public SlotsResult clientCacheDisabled() {
    return uncached.slots().find(Bench.day(BenchServer.DAY));
  }

  @Benchmark
  public SlotsResult clientCacheMissNewDay() {
    // a day never asked before each time: always an L1 miss and one upstream call
    return cached.slots().find(Bench.day(BenchServer.DAY.plusDays(++nextDay)));
  }

  @Benchmark
  public byte[] rawOkHttp() throws IOException {
    try (Response response = http.newCall(raw).execute()) {
      return response.body().bytes();
    }
  }

  @Benchmark
  public JsonNode rawOkHttpAndJackson() throws IOException {
    try (Response response = http.newCall(raw).execute()) {
      return mapper.readTree(response.body().bytes());
    }
  }
}
