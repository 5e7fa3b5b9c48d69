package dev.calcomclient.cache.internal;

import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The patch of one cached day in L1 (issue 17): a day of 32 half-hour slots every 15 minutes, and a 30 min booking
 * with buffers that takes five of them; the patch bumps the tag's generation, applies Cal.com's rule to every slot
 * and stores the patched entry. Each invocation first stores the full day again ({@code storeOneDay} alone measures
 * that), so {@code storeAndPatchOneDay} is an upper bound of the patch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PatchBenchmark {
  private static final LocalDate DAY = LocalDate.parse("2050-09-07");
  private static final Duration TTL = Duration.ofMinutes(10);

  private LocalSlotTier tier;
  private SlotKey key;
  private SlotTag tag;
  private SlotDay full;
  private Map<SlotTag, DayPatch> patch;

  @Setup(Level.Trial)
  public void setUp() {
    tier = new LocalSlotTier(10_000, Duration.ZERO, Clock.fixed(Instant.parse("2050-09-01T00:00:00Z"),
        ZoneOffset.UTC));
    key = new SlotKey(101, "default", DAY);
    tag = key.tag();
    List<CachedSlot> slots = new ArrayList<>();
    Instant first = DAY.atTime(8, 0).toInstant(ZoneOffset.UTC);
    for (int i = 0; i < 32; i++) {
      Instant s = first.plus(Duration.ofMinutes(15L * i));
      slots.add(new CachedSlot(s, s.plus(Duration.ofMinutes(30)), null, null, null, null));
    }
    full = new SlotDay(slots);
    Instant start = DAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    patch = Map.of(tag, new DayPatch(start.minus(Duration.ofMinutes(5)), start.plus(Duration.ofMinutes(40)),
        Duration.ofMinutes(5), Duration.ofMinutes(10)));
    storeOneDay();
    if (tier.patch(patch) != 1 || tier.get(key).value().size() != 32 - 5) {
      throw new IllegalStateException("the patch does not take the expected slots: " + tier.get(key));
    }
  }

  @Benchmark
  public boolean storeOneDay() {
    return tier.storeIfCurrent(key, full, tier.generation(tag), TTL, TTL);
  }

  @Benchmark
  public int storeAndPatchOneDay() {
    tier.storeIfCurrent(key, full, tier.generation(tag), TTL, TTL);
    return tier.patch(patch);
  }
}
