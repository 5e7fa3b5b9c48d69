package dev.calcomclient.cache.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.RemoteCache.Fill;
import dev.calcomclient.cache.RemoteCache.KeyRef;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessL2Test {
  private static final String PREFIX = SlotKey.DEFAULT_PREFIX;
  private static final LocalDate MON = LocalDate.parse("2050-09-05");
  private static final Duration TTL = Duration.ofMinutes(5);

  private final FakeClock clock = FakeClock.at("2050-09-05T08:00:00Z");
  private final InProcessL2 cache = new InProcessL2(clock);

  private static KeyRef ref(SlotKey k) {
    return new KeyRef(k.render(PREFIX), k.tag().render(PREFIX));
  }

  private long generation(SlotKey k) {
    return cache.getAll(List.of(ref(k))).join().get(0).generation();
  }

  private int put(SlotKey k, long generation) {
    return cache.putAll(List.of(new Fill(k.render(PREFIX), k.tag().render(PREFIX), "v".getBytes(UTF_8), generation,
        TTL))).join();
  }

  @Test
  void pastDaysAreForgottenButAFillReadBeforeTheirLastInvalidationIsStillRefused() {
    SlotKey monday = new SlotKey(101, "default", MON);
    long readBefore = generation(monday);
    cache.invalidate(List.of(monday.tag().render(PREFIX))).join();
    assertThat(put(new SlotKey(101, "d60", MON), generation(monday))).isEqualTo(1);
    assertThat(cache.tagCount()).isEqualTo(1);

    clock.advance(Duration.ofDays(3));
    SlotKey later = new SlotKey(101, "default", MON.plusDays(5));
    cache.invalidate(List.of(later.tag().render(PREFIX))).join();

    assertThat(cache.tagCount()).as("Monday forgotten, the later day kept").isEqualTo(1);
    assertThat(cache.size()).as("Monday's value went with its tag").isZero();
    assertThat(put(monday, readBefore)).as("a fill read before Monday's invalidation").isZero();
    assertThat(put(monday, generation(monday))).isEqualTo(1);
  }

  @Test
  void expiredValuesAreSweptWithoutBeingRead() {
    for (int i = 0; i < 20; i++) {
      SlotKey k = new SlotKey(101, "d" + i, MON.plusDays(30));
      put(k, generation(k));
    }
    assertThat(cache.size()).isEqualTo(20);
    clock.advance(TTL.plusMinutes(1));
    cache.invalidate(List.of()).join();
    assertThat(cache.size()).isZero();
    assertThat(cache.tagCount()).isZero();
  }
}
