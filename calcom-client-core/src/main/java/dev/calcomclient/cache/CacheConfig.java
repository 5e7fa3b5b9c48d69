package dev.calcomclient.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * How the client caches: slots per event type and UTC day in an in-process tier (L1) and optionally a shared
 * tier (L2, a {@link RemoteCache}); event types, schedules and {@code me} in L1 only. Immutable; build with
 * {@link #builder()}, which checks every setting at {@link Builder#build()}.
 *
 * <p>Defaults ({@link #defaults()}): enabled, L1 bounded at 10 000 day entries, {@link TtlPolicy#defaults()},
 * 404s of an event type's slots remembered for 10 s, metadata for 15 min, refresh-ahead when less than 20 % of an
 * entry's time to live is left, stale-if-error up to 5 min, stale-if-overloaded up to 5 min, key prefix
 * {@code calcom:v1}, no L2, upstream slot requests in aligned blocks of 14 UTC days (two ISO weeks), conservatively
 * patched days fetched again 30 s after their first patch.
 */
public final class CacheConfig {
  private static final CacheConfig DISABLED = new CacheConfig(new Builder(), false);

  private final boolean enabled;
  private final long l1MaximumEntries;
  private final TtlPolicy ttlPolicy;
  private final Duration negativeTtl;
  private final Duration metadataTtl;
  private final double refreshAheadFraction;
  private final Duration staleIfErrorMaxStaleness;
  private final Duration staleIfOverloadedMaxStaleness;
  private final String keyPrefix;
  private final RemoteCache remoteCache;
  private final boolean loadEventTypeMetadata;
  private final int fetchBlockDays;
  private final Duration conservativePatchRefreshAfter;

  private CacheConfig(Builder b, boolean enabled) {
    this.enabled = enabled;
    this.l1MaximumEntries = b.l1MaximumEntries;
    this.ttlPolicy = b.ttlPolicy;
    this.negativeTtl = b.negativeTtl;
    this.metadataTtl = b.metadataTtl;
    this.refreshAheadFraction = b.refreshAheadFraction;
    this.staleIfErrorMaxStaleness = b.staleIfErrorMaxStaleness;
    this.staleIfOverloadedMaxStaleness = b.staleIfOverloadedMaxStaleness;
    this.keyPrefix = b.keyPrefix;
    this.remoteCache = b.remoteCache;
    this.loadEventTypeMetadata = b.loadEventTypeMetadata;
    this.fetchBlockDays = b.fetchBlockDays;
    this.conservativePatchRefreshAfter = b.conservativePatchRefreshAfter;
  }

  /**
   * The defaults: everything on except L2 (see the class description).
   *
   * @return the defaults: everything on except L2 (see the class description)
   */
  public static CacheConfig defaults() {
    return builder().build();
  }

  /**
   * No caching: every read goes to Cal.com (through the rest of the pipeline).
   *
   * @return no caching: every read goes to Cal.com (through the rest of the pipeline)
   */
  public static CacheConfig disabled() {
    return DISABLED;
  }

  /**
   * Starts a configuration with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this configuration's values (for {@link #disabled()}, the defaults), to derive a variant such
   * as the same settings with a shared {@link RemoteCache}.
   *
   * @return this builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    if (!enabled) {
      return b;
    }
    b.l1MaximumEntries = l1MaximumEntries;
    b.ttlPolicy = ttlPolicy;
    b.negativeTtl = negativeTtl;
    b.metadataTtl = metadataTtl;
    b.refreshAheadFraction = refreshAheadFraction;
    b.staleIfErrorMaxStaleness = staleIfErrorMaxStaleness;
    b.staleIfOverloadedMaxStaleness = staleIfOverloadedMaxStaleness;
    b.keyPrefix = keyPrefix;
    b.remoteCache = remoteCache;
    b.loadEventTypeMetadata = loadEventTypeMetadata;
    b.fetchBlockDays = fetchBlockDays;
    b.conservativePatchRefreshAfter = conservativePatchRefreshAfter;
    return b;
  }

  /**
   * False for {@link #disabled()}.
   *
   * @return false for {@link #disabled()}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * The most slot-day entries L1 holds (least valuable ones are evicted beyond).
   *
   * @return the most slot-day entries L1 holds (least valuable ones are evicted beyond)
   */
  public long l1MaximumEntries() {
    return l1MaximumEntries;
  }

  /**
   * How long a fetched day of slots stays fresh.
   *
   * @return how long a fetched day of slots stays fresh
   */
  public TtlPolicy ttlPolicy() {
    return ttlPolicy;
  }

  /**
   * How long a 404 for an event type's slots is remembered and rethrown without asking Cal.com.
   *
   * @return how long a 404 for an event type's slots is remembered and rethrown without asking Cal.com
   */
  public Duration negativeTtl() {
    return negativeTtl;
  }

  /**
   * How long event types, schedules and {@code me} are kept.
   *
   * @return how long event types, schedules and {@code me} are kept
   */
  public Duration metadataTtl() {
    return metadataTtl;
  }

  /**
   * A day read with less than this fraction of its time to live left is refreshed in the background; 0 means
   * refresh-ahead is off.
   *
   * @return a day read with less than this fraction of its time to live left is refreshed in the background; 0 means
   *     refresh-ahead is off
   */
  public double refreshAheadFraction() {
    return refreshAheadFraction;
  }

  /**
   * How long past its time to live a cached day may still be served (marked stale) while Cal.com cannot be
   * asked; {@link Duration#ZERO} means stale-if-error is off.
   *
   * <p>L1 and the {@linkplain #remoteCache() shared tier} keep every day for the longer of this and {@link
   * #staleIfOverloadedMaxStaleness()} past its time to live, so that any instance can serve a day another instance
   * fetched: in Redis, slot keys live that much longer (more memory, never a fresher answer: a read past the time to
   * live is a miss).
   *
   * @return how long past its time to live a cached day may still be served (marked stale) while Cal.com cannot be
   *     asked; {@link Duration#ZERO} means stale-if-error is off
   */
  public Duration staleIfErrorMaxStaleness() {
    return staleIfErrorMaxStaleness;
  }

  /**
   * How long past its time to live a cached day may still be served (marked stale, with its age) when no
   * rate-limit token is available in time to fetch it: this client's budget is spent, or Cal.com answered 429. A
   * read is answered this way only when <em>every</em> day it needs is cached (never a partial answer), and never
   * from a day a booking invalidated since it was cached. {@link Duration#ZERO} means such reads are refused with
   * the rate limiter's {@code RateLimitedException}.
   *
   * @return the longest a day is served past its time to live under overload; {@link Duration#ZERO} when off
   */
  public Duration staleIfOverloadedMaxStaleness() {
    return staleIfOverloadedMaxStaleness;
  }

  /**
   * The prefix of every cache key and tag, such as {@code calcom:v1}.
   *
   * @return the prefix of every cache key and tag, such as {@code calcom:v1}
   */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * The shared tier (L2), if any; like {@code InvalidationConfig.bus()}.
   *
   * @return the L2, or empty for L1 only
   */
  public Optional<RemoteCache> remoteCache() {
    return Optional.ofNullable(remoteCache);
  }

  /**
   * Whether the client loads an event type's metadata ({@code GET /v2/event-types/{id}}, background lane) the
   * first time it caches that type's slots, so that minimum notice and hosts are known; it is reloaded when older
   * than the metadata TTL while the type's slots are in use. A refused or failed load is retried with backoff in
   * seconds. Off, the facts of an event type are still learnt from what the client decodes, and loaded when an
   * invalidation needs them (a booking or a received invalidation of an unknown event type).
   *
   * @return whether load event type metadata
   */
  public boolean loadEventTypeMetadata() {
    return loadEventTypeMetadata;
  }

  /**
   * How many UTC days one upstream slot request covers when a read must go to Cal.com: the days are cut into
   * aligned blocks of this many days, and the request covers every block holding a day the read misses (or that is
   * due a refresh), from the current UTC day on, storing every day it covers. Days fetched together expire and are
   * refreshed ahead together, so one request renews a whole block. Blocks lie on a fixed grid of UTC days that
   * starts on a Monday (1970-01-05), so that blocks of 7 days are ISO weeks (Monday to Sunday), blocks of 14 pairs
   * of them, and every instance and every read cuts the same blocks (their requests coalesce). Each day keeps its
   * own time to live. With a {@linkplain #remoteCache() shared tier}, the days of a block that no read of this
   * instance asked for are stored there only, not in this instance's L1. 1 fetches only the days a read needs.
   *
   * @return the block length in days, 1 to 31 (default 14)
   */
  public int fetchBlockDays() {
    return fetchBlockDays;
  }

  /**
   * How long a day patched conservatively after a booking (a round-robin type, whose start stays open while any
   * host is free: the patch may hide starts) is served as patched before a read of it fetches its block again in the
   * background. Bookings in that time only patch the day further; one request then brings back every hidden start
   * of the block. Zero refreshes on the first read after each booking.
   *
   * @return the delay before a conservatively patched day is fetched again (default 30 s)
   */
  public Duration conservativePatchRefreshAfter() {
    return conservativePatchRefreshAfter;
  }

  @Override
  public String toString() {
    if (!enabled) {
      return "CacheConfig.disabled()";
    }
    return "CacheConfig{l1MaximumEntries="
        + l1MaximumEntries
        + ", ttlPolicy="
        + ttlPolicy
        + ", negativeTtl="
        + negativeTtl
        + ", metadataTtl="
        + metadataTtl
        + ", refreshAheadFraction="
        + refreshAheadFraction
        + ", staleIfErrorMaxStaleness="
        + staleIfErrorMaxStaleness
        + ", staleIfOverloadedMaxStaleness="
        + staleIfOverloadedMaxStaleness
        + ", keyPrefix="
        + keyPrefix
        + ", remoteCache="
        + (remoteCache == null ? "none" : remoteCache.getClass().getSimpleName())
        + ", loadEventTypeMetadata="
        + loadEventTypeMetadata
        + ", fetchBlockDays="
        + fetchBlockDays
        + ", conservativePatchRefreshAfter="
        + conservativePatchRefreshAfter
        + '}';
  }

  /** Builds a {@link CacheConfig}; not thread-safe. */
  public static final class Builder {
    private long l1MaximumEntries = 10_000;
    private TtlPolicy ttlPolicy = TtlPolicy.defaults();
    private Duration negativeTtl = Duration.ofSeconds(10);
    private Duration metadataTtl = Duration.ofMinutes(15);
    private double refreshAheadFraction = 0.2;
    private Duration staleIfErrorMaxStaleness = Duration.ofMinutes(5);
    private Duration staleIfOverloadedMaxStaleness = Duration.ofMinutes(5);
    private String keyPrefix = SlotKey.DEFAULT_PREFIX;
    private RemoteCache remoteCache;
    private boolean loadEventTypeMetadata = true;
    private int fetchBlockDays = 14;
    private Duration conservativePatchRefreshAfter = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * How many UTC days one upstream slot request covers (default 14, two ISO weeks); see {@link
     * CacheConfig#fetchBlockDays()}. Larger blocks mean fewer requests for reads spread over many days, larger
     * answers, and a change made outside this client (not announced by a booking, webhook or bus) surfacing no later
     * than before: each day keeps its own time to live. 1 fetches only the days each read needs.
     *
     * @param days the block length, 1 to 31
     * @return this builder
     */
    public Builder fetchBlockDays(int days) {
      this.fetchBlockDays = days;
      return this;
    }

    /**
     * How long a conservatively patched day is served before a read of it fetches it again (default 30 s); see
     * {@link CacheConfig#conservativePatchRefreshAfter()}. Longer means fewer requests after bookings of round-robin
     * types and starts hidden for longer; zero fetches on the first read after each booking.
     *
     * @param delay zero or a positive duration, at most 10 minutes
     * @return this builder
     */
    public Builder conservativePatchRefreshAfter(Duration delay) {
      this.conservativePatchRefreshAfter = delay;
      return this;
    }

    /**
     * The most slot-day entries kept in L1 (default 10 000).
     *
     * @param maximum the maximum
     * @return this builder
     */
    public Builder l1MaximumEntries(long maximum) {
      this.l1MaximumEntries = maximum;
      return this;
    }

    /**
     * The time-to-live policy for slot days (default {@link TtlPolicy#defaults()}).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder ttlPolicy(TtlPolicy policy) {
      this.ttlPolicy = policy;
      return this;
    }

    /**
     * How long a 404 for an event type's slots is remembered (default 10 s).
     *
     * @param ttl the TTL
     * @return this builder
     */
    public Builder negativeTtl(Duration ttl) {
      this.negativeTtl = ttl;
      return this;
    }

    /**
     * How long event types, schedules and {@code me} are kept (default 15 min).
     *
     * @param ttl the TTL
     * @return this builder
     */
    public Builder metadataTtl(Duration ttl) {
      this.metadataTtl = ttl;
      return this;
    }

    /**
     * Refreshes a day in the background when it is read with less than {@code fraction} (0 to 1, exclusive) of
     * its time to live left (default 0.2).
     *
     * @param fraction the fraction
     * @return this builder
     */
    public Builder refreshAhead(double fraction) {
      this.refreshAheadFraction = fraction;
      return this;
    }

    /**
     * Turns refresh-ahead off.
     *
     * @return this builder
     */
    public Builder refreshAheadOff() {
      this.refreshAheadFraction = 0;
      return this;
    }

    /**
     * Serves cached days up to {@code maxStaleness} past their time to live while Cal.com fails (default 5 min).
     *
     * @param maxStaleness the max staleness
     * @return this builder
     */
    public Builder staleIfError(Duration maxStaleness) {
      this.staleIfErrorMaxStaleness = maxStaleness;
      return this;
    }

    /**
     * Turns stale-if-error off: a failed fetch fails the query.
     *
     * @return this builder
     */
    public Builder staleIfErrorOff() {
      this.staleIfErrorMaxStaleness = Duration.ZERO;
      return this;
    }

    /**
     * Serves cached days up to {@code maxStaleness} past their time to live, marked stale with their age, when no
     * rate-limit token is available in time to fetch them (default 5 min); see {@link
     * CacheConfig#staleIfOverloadedMaxStaleness()}.
     *
     * @param maxStaleness the longest past its time to live a day may be served under overload; zero turns it off
     * @return this builder
     */
    public Builder staleIfOverloaded(Duration maxStaleness) {
      this.staleIfOverloadedMaxStaleness = maxStaleness;
      return this;
    }

    /**
     * Turns stale-if-overloaded off: a read whose fetch the rate limiter refuses fails with that refusal.
     *
     * @return this builder
     */
    public Builder staleIfOverloadedOff() {
      this.staleIfOverloadedMaxStaleness = Duration.ZERO;
      return this;
    }

    /**
     * The prefix of keys and tags (default {@code calcom:v1}); change it to separate environments in one Redis.
     *
     * @param prefix the prefix
     * @return this builder
     */
    public Builder keyPrefix(String prefix) {
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * The shared tier, such as {@link RemoteCache#inMemory} or the Redis module's; default none.
     *
     * @param remoteCache the remote cache
     * @return this builder
     */
    public Builder remoteCache(RemoteCache remoteCache) {
      this.remoteCache = remoteCache;
      return this;
    }

    /**
     * Whether to load an event type's metadata in the background when its slots are first cached (default true).
     *
     * @param load the load
     * @return this builder
     */
    public Builder loadEventTypeMetadata(boolean load) {
      this.loadEventTypeMetadata = load;
      return this;
    }

    /**
     * Builds the configuration, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the cache config
     */
    public CacheConfig build() {
      if (l1MaximumEntries < 1) {
        throw new IllegalStateException("l1MaximumEntries must be at least 1, got: " + l1MaximumEntries);
      }
      if (ttlPolicy == null) {
        throw new IllegalStateException("ttlPolicy must not be null; use TtlPolicy.defaults()");
      }
      requirePositive(negativeTtl, "negativeTtl");
      requirePositive(metadataTtl, "metadataTtl");
      if (!(refreshAheadFraction >= 0 && refreshAheadFraction < 1)) {
        throw new IllegalStateException(
            "refreshAhead must be a fraction in [0, 1) (0 turns it off), got: " + refreshAheadFraction);
      }
      if (staleIfErrorMaxStaleness == null || staleIfErrorMaxStaleness.isNegative()) {
        throw new IllegalStateException(
            "staleIfError must be zero (off) or a positive duration, got: " + staleIfErrorMaxStaleness);
      }
      if (staleIfOverloadedMaxStaleness == null || staleIfOverloadedMaxStaleness.isNegative()) {
        throw new IllegalStateException(
            "staleIfOverloaded must be zero (off) or a positive duration, got: " + staleIfOverloadedMaxStaleness);
      }
      if (keyPrefix == null || !keyPrefix.matches("[A-Za-z0-9._-]+(:[A-Za-z0-9._-]+)*")) {
        throw new IllegalStateException(
            "keyPrefix must be colon-separated words of [A-Za-z0-9._-] (like calcom:v1), got: " + keyPrefix);
      }
      if (fetchBlockDays < 1 || fetchBlockDays > 31) {
        throw new IllegalStateException("fetchBlockDays must be between 1 and 31, got: " + fetchBlockDays);
      }
      if (conservativePatchRefreshAfter == null
          || conservativePatchRefreshAfter.isNegative()
          || conservativePatchRefreshAfter.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalStateException(
            "conservativePatchRefreshAfter must be between 0 and 10 minutes, got: " + conservativePatchRefreshAfter);
      }
      return new CacheConfig(this, true);
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be a positive duration, got: " + d);
      }
    }
  }
}
