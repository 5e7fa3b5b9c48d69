package dev.calcomclient.redis.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.redis.CalcomRedis;
import dev.calcomclient.support.FakeWorkloads;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.FakeCalcom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several service instances against one {@link FakeCalcom} key and one Redis, each with its own
 * {@link CalcomRedis} (its own Lettuce client and connections, as separate JVMs would have) and its own
 * {@link CalcomClient}, all living in {@code time}'s simulated time.
 */
public final class FourInstances implements AutoCloseable {
  public final List<CalcomRedis> redis = new ArrayList<>();
  public final List<CalcomClient> clients = new ArrayList<>();

  public FourInstances(int count, String redisUri, FakeCalcom fake, ScaledTime time) {
    this(count, redisUri, fake, time, UnaryOperator.identity());
  }

  /** As above, with {@code redisSettings} applied to each instance's {@link CalcomRedis.Builder} before building. */
  public FourInstances(
      int count, String redisUri, FakeCalcom fake, ScaledTime time, UnaryOperator<CalcomRedis.Builder> redisSettings) {
    this(count, redisUri, fake, time, redisSettings, UnaryOperator.identity());
  }

  /** As above, with {@code clientSettings} applied to each instance's {@link CalcomClient.Builder} as well. */
  public FourInstances(
      int count,
      String redisUri,
      FakeCalcom fake,
      ScaledTime time,
      UnaryOperator<CalcomRedis.Builder> redisSettings,
      UnaryOperator<CalcomClient.Builder> clientSettings) {
    for (int i = 0; i < count; i++) {
      CalcomRedis r =
          redisSettings
              .apply(
                  CalcomRedis.builder()
                      .uri(redisUri)
                      .expectedInstances(count)
                      // Generous timeouts: a loaded CI machine must not look like a Redis outage here.
                      .commandTimeout(Duration.ofSeconds(1))
                      .rateLimiterTimeout(Duration.ofSeconds(1))
                      .clock(time.clock())
                      .scheduler(time.scheduler()))
              .build();
      redis.add(r);
      // One-day fetch blocks: these tests count each query's upstream calls and read each day's source (core's
      // FetchBlocksTest covers blocks with a shared tier).
      clients.add(clientSettings
          .apply(r.configure(scaledClient(fake, time).cache(CacheConfig.builder().fetchBlockDays(1).build())))
          .build());
    }
  }

  /**
   * A client of {@code fake} in {@code time}'s simulated time, built as core's tests build it
   * ({@link FakeWorkloads#scaledClient}).
   */
  public static CalcomClient.Builder scaledClient(FakeCalcom fake, ScaledTime time) {
    return FakeWorkloads.scaledClient(fake, time);
  }

  public CalcomClient client(int i) {
    return clients.get(i);
  }

  @Override
  public void close() {
    clients.forEach(CalcomClient::close);
    redis.forEach(CalcomRedis::close);
  }
}
