package dev.calcomclient.redis.internal;

import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.testing.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;

/** Core's in-memory L2 against the shared contract: the reference semantics the Redis cache must match. */
class InProcessL2ContractTest extends RemoteCacheContract {
  private ManualScheduler time;
  private RemoteCache cache;

  @BeforeEach
  void setUp() {
    time = new ManualScheduler();
    cache = RemoteCache.inMemory(time.clock());
  }

  @Override
  RemoteCache cache() {
    return cache;
  }

  @Override
  void passTime(Duration d) {
    time.advance(d);
  }

  @Override
  Duration shortTtl() {
    return Duration.ofSeconds(30);
  }
}
