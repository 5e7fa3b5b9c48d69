package dev.calcomclient.examples.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.RemoteCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Lifetimes cross between the client's simulated time and the store's wall clock, both ways. */
class ScaledTtlRemoteCacheTest {

  /** Records the fills it is given and answers lookups with a fixed remaining time to live. */
  private static final class Recording implements RemoteCache {
    final List<Fill> fills = new ArrayList<>();
    final List<Collection<String>> invalidated = new ArrayList<>();

    @Override
    public CompletableFuture<List<Lookup>> getAll(List<KeyRef> keys) {
      return CompletableFuture.completedFuture(keys.stream()
          .map(k -> new Lookup(new byte[] {1}, 3, Duration.ofMillis(2_000))).toList());
    }

    @Override
    public CompletableFuture<Integer> putAll(List<Fill> f) {
      fills.addAll(f);
      return CompletableFuture.completedFuture(f.size());
    }

    @Override
    public CompletableFuture<Integer> invalidate(Collection<String> tags) {
      invalidated.add(tags);
      return CompletableFuture.completedFuture(0);
    }
  }

  @Test
  void aFillsTimeToLiveReachesTheStoreInWallTime() {
    Recording store = new Recording();
    ScaledTtlRemoteCache cache = new ScaledTtlRemoteCache(store, 60);

    cache.putAll(List.of(new RemoteCache.Fill("k", "t", new byte[] {1}, 7, Duration.ofSeconds(300)))).join();

    assertThat(store.fills).hasSize(1);
    assertThat(store.fills.get(0).ttl()).isEqualTo(Duration.ofSeconds(5)); // 300 simulated s at x60
    assertThat(store.fills.get(0).expectedGeneration()).isEqualTo(7);
  }

  @Test
  void aVeryShortTimeToLiveStaysPositive() {
    Recording store = new Recording();

    new ScaledTtlRemoteCache(store, 1000)
        .putAll(List.of(new RemoteCache.Fill("k", "t", new byte[] {1}, 0, Duration.ofMillis(10)))).join();

    assertThat(store.fills.get(0).ttl()).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aLookupsRemainingTimeToLiveComesBackInSimulatedTime() {
    ScaledTtlRemoteCache cache = new ScaledTtlRemoteCache(new Recording(), 60);

    RemoteCache.Lookup l = cache.getAll(List.of(new RemoteCache.KeyRef("k", "t"))).join().get(0);

    assertThat(l.remainingTtl()).isEqualTo(Duration.ofSeconds(120)); // 2 wall s at x60
    assertThat(l.generation()).isEqualTo(3);
    assertThat(l.isHit()).isTrue();
  }

  @Test
  void invalidationsPassThrough() {
    Recording store = new Recording();

    new ScaledTtlRemoteCache(store, 60).invalidate(List.of("a", "b")).join();

    assertThat(store.invalidated).containsExactly(List.of("a", "b"));
  }
}
