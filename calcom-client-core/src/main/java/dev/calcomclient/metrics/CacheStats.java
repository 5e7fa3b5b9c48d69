package dev.calcomclient.metrics;

import dev.calcomclient.model.StaleReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * Cache lookups per tier since the client was built. Every lookup starts in L1; only an L1 miss asks L2, so the
 * overall hit ratio is the hits of both tiers over the L1 lookups.
 *
 * <p>Stale answers: slot lookups and alternative searches answered with cached days past their time to live, by
 * why Cal.com could not be asked ({@link StaleReason#OVERLOADED}: no rate-limit token in time; {@link
 * StaleReason#UNAVAILABLE}: Cal.com failed), one per answer however many of its days were stale.
 *
 * @param hits lookups each tier answered
 * @param misses lookups each tier did not hold
 * @param staleAnswers answers served with stale days, by reason
 */
public record CacheStats(
    Map<CacheTier, Long> hits, Map<CacheTier, Long> misses, Map<StaleReason, Long> staleAnswers) {
  /** No lookups at all. */
  public static final CacheStats EMPTY = new CacheStats(Map.of(), Map.of());

  /**
   * Copies the maps; a missing tier or reason counts zero.
   *
   * @param hits the hits
   * @param misses the misses
   * @param staleAnswers the stale answers by reason
   */
  public CacheStats {
    hits = complete(hits, CacheTier.class);
    misses = complete(misses, CacheTier.class);
    staleAnswers = complete(staleAnswers, StaleReason.class);
  }

  /**
   * Lookups per tier, without stale answers.
   *
   * @param hits lookups each tier answered
   * @param misses lookups each tier did not hold
   */
  public CacheStats(Map<CacheTier, Long> hits, Map<CacheTier, Long> misses) {
    this(hits, misses, Map.of());
  }

  private static <K extends Enum<K>> Map<K, Long> complete(Map<K, Long> counts, Class<K> type) {
    Map<K, Long> all = new EnumMap<>(type);
    for (K k : type.getEnumConstants()) {
      Long n = counts == null ? null : counts.get(k);
      all.put(k, n == null ? 0L : n);
    }
    return Map.copyOf(all);
  }

  /**
   * Answers served with stale days for {@code reason}.
   *
   * @param reason why Cal.com could not be asked
   * @return how many answers were served stale for that reason
   */
  public long staleAnswers(StaleReason reason) {
    return staleAnswers.get(reason);
  }

  /**
   * Lookups {@code tier} answered.
   *
   * @param tier the tier
   * @return lookups {@code tier} answered
   */
  public long hits(CacheTier tier) {
    return hits.get(tier);
  }

  /**
   * Lookups {@code tier} did not hold.
   *
   * @param tier the tier
   * @return lookups {@code tier} did not hold
   */
  public long misses(CacheTier tier) {
    return misses.get(tier);
  }

  /**
   * Lookups in {@code tier}.
   *
   * @param tier the tier
   * @return lookups in {@code tier}
   */
  public long lookups(CacheTier tier) {
    return hits(tier) + misses(tier);
  }

  /**
   * The share of {@code tier}'s lookups it answered, in [0, 1]; {@code NaN} when it saw no lookup.
   *
   * @param tier the tier
   * @return the share of {@code tier}'s lookups it answered, in [0, 1]; {@code NaN} when it saw no lookup
   */
  public double hitRatio(CacheTier tier) {
    long lookups = lookups(tier);
    return lookups == 0 ? Double.NaN : (double) hits(tier) / lookups;
  }

  /**
   * The share of lookups answered by any tier, in [0, 1]: (L1 hits + L2 hits) / L1 lookups, or the L2 ratio when L1
   * saw none; {@code NaN} when there was no lookup at all.
   *
   * @return the share of lookups answered by any tier, in [0, 1]: (L1 hits + L2 hits) / L1 lookups, or the L2 ratio
   *     when L1 saw none; {@code NaN} when there was no lookup at all
   */
  public double hitRatio() {
    long l1 = lookups(CacheTier.L1);
    if (l1 == 0) {
      return hitRatio(CacheTier.L2);
    }
    return Math.min(1.0, (double) (hits(CacheTier.L1) + hits(CacheTier.L2)) / l1);
  }
}
