package dev.calcomclient.cache.internal;

import dev.calcomclient.NotFoundException;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.model.StaleReason;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slot store: slot days of one event type, one set of {@link SlotDims} and one UTC day per entry, in L1
 * ({@link LocalSlotTier}) and optionally L2 ({@link RemoteSlotTier}), with tag generations (no fill that started
 * before an invalidation is stored after it), negative caching of unknown event types and stale-if-error. A lookup
 * answers from L1, then L2, and fetches the days missing from both with <b>one</b> upstream call spanning them
 * (through the {@link SlotFetcher}: coalescer, breaker, retry, limiter), split by the UTC day of each slot's start.
 * That call covers, and stores, every day of the aligned blocks of {@link CacheConfig#fetchBlockDays()} days holding
 * a day of the lookup that is missing or due a refresh (from the current UTC day on); refresh-ahead refreshes whole
 * blocks too, so days fetched together expire together and one request renews a block.
 * Empty days get the {@link dev.calcomclient.cache.TtlPolicy#ttlOfDayOff day-off lifetime} when {@link DaysOff} says
 * nobody works then.
 * A fetch that starts after an invalidation of its days carries a {@linkplain FlightScopes flight scope}, so it never
 * joins an upstream flight that started before the invalidation (read-your-writes through the coalescer).
 *
 * <p>It is the {@link InvalidationTarget} of the invalidator and the bus receiver. Shaping answers for a query's
 * range and zone is {@link CachedSlotQueries}'s job; refreshing entries before they expire is {@link RefreshAhead}'s.
 *
 * <p>Module boundary: used by calcom-client-redis's tests (through the client's component graph); not an API.
 */
public final class SlotStore implements InvalidationTarget {
  /**
   * While invalidations from other instances may be missed (their bus is disconnected), L1 keeps what it stores for
   * at most this long: a booking made elsewhere in that time reaches this instance only when the entry expires.
   */
  static final Duration DISCONNECTED_L1_TTL = Duration.ofSeconds(5);

  /** Monday 1970-01-05, where the grid of fetch blocks starts (blocks of 7 days are ISO weeks, of 14 pairs of them). */
  private static final long GRID_ORIGIN_EPOCH_DAY = 4;

  private static final Logger log = LoggerFactory.getLogger(SlotStore.class);

  private final CacheConfig config;
  private final String prefix;
  private final SlotFetcher upstream;
  private final Clock clock;
  private final CalcomEventListener listener;
  private final PeerConnectivity peers;
  private final LocalSlotTier l1;
  private final RemoteSlotTier l2;
  private final NotFoundMemory notFound;
  private final FlightScopes flightScopes;
  private final StaleIfError staleIfError;
  private final DaysOff daysOff;
  /** Event types with an upstream fill in flight, counted: an invalidation must reach them before they land. */
  private final ConcurrentHashMap<Long, Integer> fillsInFlight = new ConcurrentHashMap<>();

  /**
   * Creates a store.
   *
   * @param config an enabled configuration
   * @param upstream the upstream span call
   * @param clock the client's clock (L1 time, TTLs)
   * @param listener receives cache hits and misses
   * @param peers whether other instances' invalidations reach this one (L1 entries are short-lived while not)
   */
  public SlotStore(
      CacheConfig config,
      SlotFetcher upstream,
      Clock clock,
      CalcomEventListener listener,
      PeerConnectivity peers) {
    if (!config.isEnabled()) {
      throw new IllegalArgumentException("a SlotStore needs an enabled CacheConfig");
    }
    this.config = config;
    this.prefix = config.keyPrefix();
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.peers = Objects.requireNonNull(peers, "peers");
    this.staleIfError =
        new StaleIfError(config.staleIfErrorMaxStaleness(), config.staleIfOverloadedMaxStaleness());
    this.l1 = new LocalSlotTier(config.l1MaximumEntries(), staleIfError.retention(), clock);
    this.l2 = new RemoteSlotTier(config.remoteCache().orElse(null), prefix, staleIfError.retention());
    this.flightScopes = new FlightScopes(clock);
    this.notFound = new NotFoundMemory(config.negativeTtl(), clock);
    this.daysOff = new DaysOff(config.l1MaximumEntries(), clock);
  }

  /**
   * The configuration.
   *
   * @return the cache configuration
   */
  public CacheConfig config() {
    return config;
  }

  private Duration l1Ttl(Duration ttl) {
    return peers.reachable() || ttl.compareTo(DISCONNECTED_L1_TTL) <= 0 ? ttl : DISCONNECTED_L1_TTL;
  }

  // ---- the lookup: L1, then L2, then one upstream span ----

  /**
   * What a lookup answers when the fetch of its missing days finds no rate-limit token in time ({@link
   * StaleReason#OVERLOADED}). Days invalidated since they were cached are never among the cached days.
   */
  enum WhenOverloaded {
    /** Fails with the limiter's refusal (the cache warmer: a stale answer would warm nothing). */
    REFUSE,
    /** Answers from cached days, stale ones included, only when every missing day has one; else fails. */
    EVERY_DAY_CACHED,
    /**
     * Answers from the cached days, stale ones included, leaving out the days without one ({@link
     * SlotLookup#leftOut()}), as long as at least one requested day is answered; else fails (the alternative finder).
     */
    CACHED_DAYS_ONLY
  }

  /** The days of one lookup, each with where it came from, the upstream calls made and the keys due a refresh. */
  CompletableFuture<SlotLookup> lookup(
      long eventTypeId, SlotDims dims, List<LocalDate> days, RequestOptions options,
      WhenOverloaded whenOverloaded) {
    NotFoundException remembered = notFound.get(eventTypeId);
    if (remembered != null) {
      return CompletableFuture.failedFuture(remembered);
    }
    String renderedDims = dims.render();
    long now = clock.millis();
    Map<LocalDate, SlotLookup.Day> found = new TreeMap<>();
    List<MissingDay> missing = new ArrayList<>();
    List<SlotKey> refreshDue = new ArrayList<>();
    NavigableMap<LocalDate, MissingDay> hits = new TreeMap<>();
    for (LocalDate day : days) {
      SlotKey key = new SlotKey(eventTypeId, renderedDims, day);
      long generation = l1.generation(key.tag());
      LocalSlotTier.Entry entry = l1.get(key);
      if (entry != null && entry.generation() == generation && entry.isFresh(now)) {
        listener.cacheHit(CacheTier.L1, key.render(prefix));
        found.put(day, new SlotLookup.Day(entry.value(), SlotsSource.L1));
        hits.put(day, new MissingDay(key, generation, null));
        if (refreshDue(key, entry, now)) {
          refreshDue.add(key);
        }
      } else {
        listener.cacheMiss(CacheTier.L1, key.render(prefix));
        boolean usable = entry != null && entry.generation() == generation;
        missing.add(new MissingDay(key, generation, usable ? entry : null));
      }
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(new SlotLookup(found, 0, refreshDue));
    }
    return readRemote(missing, found, hits)
        .thenCompose(
            remoteGenerations -> {
              List<MissingDay> stillMissing = new ArrayList<>();
              for (MissingDay m : missing) {
                if (!found.containsKey(m.key().day())) {
                  stillMissing.add(m);
                }
              }
              if (stillMissing.isEmpty()) {
                return CompletableFuture.completedFuture(new SlotLookup(found, 0, refreshDue));
              }
              List<MissingDay> span = spanOf(stillMissing, hits, refreshDue);
              Set<SlotKey> sharedOnly = sharedOnly(unasked(span, stillMissing, hits));
              return fetchSpan(eventTypeId, dims, stillMissing, span, found, refreshDue, remoteGenerations,
                  sharedOnly, options, whenOverloaded);
            });
  }

  /**
   * The answer of a lookup whose fetch of {@code missing} failed with {@code cause}: the days found plus the missing
   * days served stale, when the failure allows it and enough of them are cached (all of them, or for {@link
   * WhenOverloaded#CACHED_DAYS_ONLY} under overload at least one requested day); otherwise rethrows {@code cause}.
   */
  private SlotLookup answerStale(
      Map<LocalDate, SlotLookup.Day> found,
      List<MissingDay> missing,
      List<SlotKey> refreshDue,
      Throwable cause,
      WhenOverloaded whenOverloaded) {
    StaleReason reason = staleIfError.reasonFor(cause);
    if (reason == StaleReason.OVERLOADED && whenOverloaded == WhenOverloaded.REFUSE) {
      reason = null;
    }
    Map<LocalDate, SlotLookup.Day> stale =
        reason == null ? Map.of() : staleIfError.servable(missing, reason, l1, clock.millis());
    boolean partialAllowed = reason == StaleReason.OVERLOADED && whenOverloaded == WhenOverloaded.CACHED_DAYS_ONLY;
    boolean answers =
        stale.size() == missing.size() || (partialAllowed && !(found.isEmpty() && stale.isEmpty()));
    if (reason == null || !answers) {
      throw cause instanceof CompletionException c ? c : new CompletionException(cause);
    }
    List<LocalDate> leftOut = new ArrayList<>();
    for (MissingDay m : missing) {
      if (!stale.containsKey(m.key().day())) {
        leftOut.add(m.key().day());
      }
    }
    found.putAll(stale);
    return new SlotLookup(found, 1, refreshDue, stale.isEmpty() ? null : reason, List.copyOf(leftOut));
  }

  /**
   * The lookup's own upstream call over {@code span} ({@link #spanOf}); when it fails, the missing days served stale
   * where {@link #answerStale} allows it.
   */
  private CompletableFuture<SlotLookup> fetchSpan(
      long eventTypeId,
      SlotDims dims,
      List<MissingDay> stillMissing,
      List<MissingDay> span,
      Map<LocalDate, SlotLookup.Day> found,
      List<SlotKey> refreshDue,
      Map<SlotKey, Long> remoteGenerations,
      Set<SlotKey> sharedOnly,
      RequestOptions options,
      WhenOverloaded whenOverloaded) {
    List<SlotKey> stillDue = new ArrayList<>(refreshDue);
    span.forEach(m -> stillDue.remove(m.key()));
    Set<LocalDate> asked = new HashSet<>(found.keySet());
    stillMissing.forEach(m -> asked.add(m.key().day()));
    return withSpanGenerations(span, remoteGenerations)
        .thenCompose(generations -> fetchAndStore(eventTypeId, dims, span, generations, sharedOnly, options))
        .handle(
            (fetched, failure) -> {
              if (failure == null) {
                fetched.forEach(
                    (day, v) -> {
                      if (asked.contains(day)) { // the rest of the block is stored, not answered
                        found.put(day, new SlotLookup.Day(v, SlotsSource.UPSTREAM));
                      }
                    });
                return new SlotLookup(found, 1, stillDue);
              }
              return answerStale(found, stillMissing, stillDue, Futures.unwrap(failure), whenOverloaded);
            });
  }

  /**
   * {@code remoteGenerations} plus the L2 generations of the span's days that were L1 hits or that the lookup did
   * not ask for (the rest of their blocks), read now, before the call, so that their fill obeys the generation
   * contract: the call renews them, and without a generation they would be stored in L1 only (or, for a day nobody
   * here asked for, nowhere: {@link #sharedOnly}), leaving other instances nothing to answer them with, not even stale
   * (issue 18). No extra round trip when every day of the span has one, or when L2 is absent or its read failed.
   */
  private CompletableFuture<Map<SlotKey, Long>> withSpanGenerations(
      List<MissingDay> span, Map<SlotKey, Long> remoteGenerations) {
    List<SlotKey> without = new ArrayList<>();
    for (MissingDay m : span) {
      if (!remoteGenerations.containsKey(m.key())) {
        without.add(m.key());
      }
    }
    if (without.isEmpty() || remoteGenerations.isEmpty()) {
      return CompletableFuture.completedFuture(remoteGenerations);
    }
    return l2.generations(without).thenApply(read -> {
      Map<SlotKey, Long> all = new HashMap<>(remoteGenerations);
      all.putAll(read);
      return all;
    });
  }

  /**
   * The days one upstream call fetches for a lookup that must go upstream: every day of the {@linkplain #blockRange
   * blocks} holding a day of the lookup that is missing or due a refresh, L1 hits of the lookup included. Every day
   * the call covers is stored, with the generation its hit was read at (for a day of the block outside the lookup, its
   * current generation, read now, before the call), so that no day of the answer is fetched and thrown away, and no
   * day the call renews is fetched again right after by refresh-ahead (issue 17: days an alternatives span had just
   * fetched came back within seconds).
   */
  private List<MissingDay> spanOf(
      List<MissingDay> missing, NavigableMap<LocalDate, MissingDay> hits, List<SlotKey> refreshDue) {
    SlotKey any = missing.get(0).key();
    LocalDate first = any.day();
    LocalDate last = missing.get(missing.size() - 1).key().day();
    for (SlotKey k : refreshDue) {
      first = k.day().isBefore(first) ? k.day() : first;
      last = k.day().isAfter(last) ? k.day() : last;
    }
    Map<LocalDate, MissingDay> byDay = new HashMap<>();
    missing.forEach(m -> byDay.put(m.key().day(), m));
    List<MissingDay> span = new ArrayList<>();
    for (SlotKey key : blockRange(any, first, last)) {
      MissingDay m = byDay.get(key.day());
      if (m == null) {
        m = hits.get(key.day());
      }
      span.add(m != null ? m : new MissingDay(key, l1.generation(key.tag()), null));
    }
    return span;
  }

  /** The keys of {@code span} the lookup did not look up (the rest of their blocks). */
  private static Set<SlotKey> unasked(
      List<MissingDay> span, List<MissingDay> stillMissing, Map<LocalDate, MissingDay> hits) {
    Set<LocalDate> lookedUp = new HashSet<>(hits.keySet());
    stillMissing.forEach(m -> lookedUp.add(m.key().day()));
    Set<SlotKey> unasked = new HashSet<>();
    for (MissingDay m : span) {
      if (!lookedUp.contains(m.key().day())) {
        unasked.add(m.key());
      }
    }
    return unasked;
  }

  /**
   * Of {@code unasked}, the days a fetch stores in L2 only: all of them when there is an L2, none otherwise. With
   * several instances, an L1 entry is the one place where a booking made on another instance still shows until that
   * instance's bus message arrives (L2 is invalidated before the message is published), so L1 keeps only the days
   * this instance reads (an L2 hit back-fills them) and a fetch block does not widen that window to days nobody
   * here asked for; the other instances, and this one, read the rest of the block from L2 without a request.
   */
  private Set<SlotKey> sharedOnly(Set<SlotKey> unasked) {
    return l2.present() ? unasked : Set.of();
  }

  /**
   * The keys of {@code key}'s event type and dims for the aligned blocks of {@link CacheConfig#fetchBlockDays()} days
   * holding {@code first} to {@code last}, in order; never starting before the current UTC day unless {@code first}
   * is before it (then at {@code first}: a past day is fetched only when asked for). Blocks lie on a fixed grid from
   * Monday 1970-01-05, so every read and every instance cuts the same blocks (their calls coalesce) and blocks of 7
   * days are ISO weeks.
   */
  private List<SlotKey> blockRange(SlotKey key, LocalDate first, LocalDate last) {
    int n = config.fetchBlockDays();
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate from = blockStart(first, n);
    LocalDate floor = first.isBefore(today) ? first : today;
    from = from.isBefore(floor) ? floor : from;
    LocalDate to = blockStart(last, n).plusDays(n - 1L);
    List<SlotKey> keys = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      keys.add(new SlotKey(key.eventTypeId(), key.dims(), d));
    }
    return keys;
  }

  /** The first day of the block of {@code blockDays} days holding {@code day} (grid from Monday 1970-01-05). */
  static LocalDate blockStart(LocalDate day, int blockDays) {
    long epochDay = day.toEpochDay();
    return LocalDate.ofEpochDay(epochDay - Math.floorMod(epochDay - GRID_ORIGIN_EPOCH_DAY, blockDays));
  }

  /**
   * The keys a refresh of {@code keys} (one event type and dims, as one lookup's) fetches: their whole blocks, so
   * that one request renews every day of a block and days fetched together expire together.
   *
   * @return the keys of the blocks holding {@code keys}, in order (empty for no keys)
   */
  List<SlotKey> blocksOf(List<SlotKey> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    LocalDate first = keys.get(0).day();
    LocalDate last = first;
    for (SlotKey k : keys) {
      first = k.day().isBefore(first) ? k.day() : first;
      last = k.day().isAfter(last) ? k.day() : last;
    }
    return blockRange(keys.get(0), first, last);
  }

  private boolean refreshDue(SlotKey key, LocalSlotTier.Entry entry, long now) {
    if (entry.conservativelyPatched()
        && now - entry.patchedSinceMillis() >= config.conservativePatchRefreshAfter().toMillis()) {
      // a conservative patch may have hidden starts: fetch them back behind this hit, at most once per delay
      return true;
    }
    double fraction = config.refreshAheadFraction();
    return fraction > 0
        && entry.remainingMillis(now) < entry.nominalTtlMillis() * fraction
        // a day off only changes with a schedule: nothing to refresh ahead of its expiry
        && !(entry.value().isEmpty() && daysOff.isDayOff(key));
  }

  /**
   * Fetches {@code keys} again and stores them if their tags have not moved on meanwhile (refresh-ahead); with an L2,
   * those not in {@code asked} (the rest of the asked days' blocks) go to L2 only ({@link #sharedOnly}).
   *
   * @return completes when the values are stored (or the fetch failed)
   */
  CompletableFuture<?> refetch(
      long eventTypeId, SlotDims dims, List<SlotKey> keys, Set<SlotKey> asked, Priority priority) {
    List<MissingDay> missing = new ArrayList<>();
    List<SlotKey> inOrder = new ArrayList<>(keys);
    inOrder.sort(Comparator.comparing(SlotKey::day));
    Set<SlotKey> unasked = new HashSet<>();
    for (SlotKey k : inOrder) {
      missing.add(new MissingDay(k, l1.generation(k.tag()), null));
      if (!asked.contains(k)) {
        unasked.add(k);
      }
    }
    RequestOptions options = SlotFetcher.inLane(priority);
    return l2.generations(inOrder)
        .thenCompose(gens -> fetchAndStore(eventTypeId, dims, missing, gens, sharedOnly(unasked), options));
  }

  /**
   * Reads the missing days from L2; hits go into {@code found} (and {@code hits}) and are back-filled into L1 with
   * their remaining time to live. A value L2 only keeps past its time to live (for stale-if-error, see {@link
   * RemoteSlotTier}) is a miss, and becomes the missing day's stale candidate in {@code missing} when it is more
   * recent than L1's: another instance's fetch can then answer this one's refused or failed fetch. Completes with
   * the L2 generations of the keys still missing (empty when L2 is absent or failed: then nothing is written to L2
   * for them).
   */
  private CompletableFuture<Map<SlotKey, Long>> readRemote(
      List<MissingDay> missing, Map<LocalDate, SlotLookup.Day> found, Map<LocalDate, MissingDay> hits) {
    if (!l2.present()) {
      return CompletableFuture.completedFuture(Map.of());
    }
    List<SlotKey> keys = new ArrayList<>(missing.size());
    missing.forEach(m -> keys.add(m.key()));
    return l2.getAll(keys).handle(
        (lookups, failure) -> {
          if (failure != null || lookups == null || lookups.size() != missing.size()) {
            log.debug("L2 read failed; treating {} keys as missing", missing.size(), failure);
            return Map.of();
          }
          Map<SlotKey, Long> generations = new HashMap<>();
          long now = clock.millis();
          for (int i = 0; i < missing.size(); i++) {
            MissingDay m = missing.get(i);
            RemoteCache.Lookup lookup = lookups.get(i);
            RemoteSlotTier.Held held = RemoteSlotTier.held(m.key(), lookup);
            if (held != null && held.isFresh()) {
              SlotDay value = held.day();
              listener.cacheHit(CacheTier.L2, m.key().render(prefix));
              found.put(m.key().day(), new SlotLookup.Day(value, SlotsSource.L2));
              hits.put(m.key().day(), new MissingDay(m.key(), m.l1Generation(), null));
              daysOff.record(m.key(), value.isEmpty());
              Duration nominal =
                  held.ttl() != null ? held.ttl() : ttl(m.key(), value, Instant.ofEpochMilli(now));
              Duration remaining = held.remaining();
              Duration keep = l1Ttl(remaining);
              // How long ago Cal.com answered it: exact for a value that carries its TTL; for an earlier version's,
              // as far as the TTL policy tells (exact when it is unchanged).
              Duration age = nominal.compareTo(remaining) > 0 ? nominal.minus(remaining) : Duration.ZERO;
              // A capped entry is not refreshed ahead: its short life is the point.
              l1.storeIfCurrent(
                  m.key(),
                  value,
                  m.l1Generation(),
                  keep,
                  keep.equals(remaining) ? max(nominal, remaining) : keep,
                  age);
            } else {
              listener.cacheMiss(CacheTier.L2, m.key().render(prefix));
              generations.put(m.key(), lookup.generation());
              if (held != null && held.ttl() != null) {
                missing.set(i, withStaleCandidate(m, held.staleCandidate(m.l1Generation(), now)));
              }
            }
          }
          return generations;
        });
  }

  /**
   * {@code m} with the more recent of its own stale candidate (an L1 entry kept past its time to live) and {@code
   * fromL2} (a day L2 keeps past its time to live, possibly fetched by another instance). Never stored in L1: past
   * its time to live it is only an answer for {@link #answerStale}, at the generation {@code m} was looked up at.
   */
  private static MissingDay withStaleCandidate(MissingDay m, LocalSlotTier.Entry fromL2) {
    LocalSlotTier.Entry own = m.staleCandidate();
    return own != null && own.fetchedAtMillis() >= fromL2.fetchedAtMillis()
        ? m
        : new MissingDay(m.key(), m.l1Generation(), fromL2);
  }

  /**
   * One upstream call over the span of {@code missing} (UTC midnight of the first day to UTC midnight after the
   * last), split by the UTC day of each slot's start; each missing day is stored in L1 (unless in {@code
   * sharedOnly}) and in L2 when its generation is known, if its tag has not moved on since the generation was read;
   * in L1 also if it moved on only before the request was sent (the answer includes that change). Completes with the
   * missing days' values.
   */
  private CompletableFuture<Map<LocalDate, SlotDay>> fetchAndStore(
      long eventTypeId,
      SlotDims dims,
      List<MissingDay> missing,
      Map<SlotKey, Long> remoteGenerations,
      Set<SlotKey> sharedOnly,
      RequestOptions options) {
    LocalDate first = missing.get(0).key().day();
    LocalDate last = missing.get(missing.size() - 1).key().day();
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    List<SlotKey> keys = new ArrayList<>(missing.size());
    Map<SlotTag, Long> readGenerations = new HashMap<>();
    for (MissingDay m : missing) {
      keys.add(m.key());
      readGenerations.merge(m.key().tag(), m.l1Generation(), Math::max);
    }
    String scope = flightScopes.scopeOf(keys, readGenerations::get);
    Dispatch dispatch = new Dispatch(missing, remoteGenerations);
    CompletableFuture<List<Slot>> call;
    fillsInFlight.merge(eventTypeId, 1, Integer::sum);
    try {
      call = upstream.fetch(eventTypeId, dims, from, to, options, scope, dispatch::sent);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((v, e) -> fillsInFlight.computeIfPresent(eventTypeId, (id, n) -> n == 1 ? null : n - 1));
    return call.handle(
        (slots, failure) -> {
          if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof NotFoundException nf) {
              notFound.remember(eventTypeId, nf);
            }
            throw cause instanceof CompletionException c ? c : new CompletionException(cause);
          }
          Map<LocalDate, List<CachedSlot>> byDay = new HashMap<>();
          for (Slot s : slots == null ? List.<Slot>of() : slots) {
            LocalDate day = LocalDate.ofInstant(s.startInstant(), ZoneOffset.UTC);
            if (!day.isBefore(first) && !day.isAfter(last)) {
              byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(CachedSlot.of(s));
            }
          }
          Instant now = clock.instant();
          Map<LocalDate, SlotDay> values = new TreeMap<>();
          for (MissingDay m : missing) {
            List<CachedSlot> list = new ArrayList<>(byDay.getOrDefault(m.key().day(), List.of()));
            list.sort((a, b) -> a.start().compareTo(b.start()));
            SlotDay value = list.isEmpty() ? SlotDay.EMPTY : new SlotDay(list);
            values.put(m.key().day(), value);
            daysOff.record(m.key(), value.isEmpty()); // all days first: the others are evidence for each one
          }
          List<RemoteCache.Fill> fills = new ArrayList<>();
          for (MissingDay m : missing) {
            SlotDay value = values.get(m.key().day());
            Duration ttl = ttl(m.key(), value, now);
            Duration keep = l1Ttl(ttl);
            if (!sharedOnly.contains(m.key())) {
              l1.storeIfUnchangedSince(m.key(), value, m.l1Generation(), dispatch.sequence(), keep, keep);
            }
            Long remoteGeneration = dispatch.remoteGeneration(m.key());
            if (remoteGeneration != null) {
              fills.add(l2.fill(m.key(), value, remoteGeneration, ttl));
            }
          }
          l2.putAll(fills);
          return values;
        });
  }

  /**
   * When a fill's request was sent, as far as the store's generations go: the attempt that answers was handed to the
   * transport after every invalidation applied here before its hook ran, so its answer includes the changes they stand
   * for (an invalidation is applied after its change reached Cal.com: a booking answered, a bus message or webhook
   * received). The L1 generation sequence at that moment ({@link LocalSlotTier#storeIfUnchangedSince}) and the L2
   * generations of every day of the fill that has one, read again before the request leaves: an invalidation that
   * reached L2 before that read stands for a change Cal.com had made before the request left, so the fill is stored
   * under the generation it produced; one that reaches L2 after the read refuses the fill, as it must. Reading them
   * only when the L1 tag had moved (as before) missed the invalidations that reached L2 before this instance learnt of
   * them (another instance's booking whose bus message was still on its way, or this instance's own booking between
   * its L1 patch and its L2 invalidation): the fill, which included the booking, was refused by L2, and no instance had
   * the day to answer with when their fetches were refused a token (issue 18). One L2 round trip per request sent;
   * each attempt (a retry) stamps anew; a call that joined another flight is never stamped and keeps to the
   * generations it read.
   */
  private final class Dispatch {
    private final List<MissingDay> days;
    private final Map<SlotKey, Long> readRemote;
    private final AtomicLong sequence = new AtomicLong(LocalSlotTier.NOT_DISPATCHED);
    private volatile Map<SlotKey, Long> remoteAtDispatch = Map.of();

    Dispatch(List<MissingDay> days, Map<SlotKey, Long> readRemote) {
      this.days = days;
      this.readRemote = readRemote;
    }

    /** The hook of an attempt about to be sent: completes when the attempt may leave. */
    CompletableFuture<?> sent() {
      sequence.set(l1.sequenceNow());
      List<SlotKey> held = new ArrayList<>();
      for (MissingDay m : days) {
        if (readRemote.containsKey(m.key())) {
          held.add(m.key());
        }
      }
      remoteAtDispatch = Map.of();
      if (held.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      // a failed read leaves the generations read before the fetch: the fill is then refused rather than misfiled
      return l2.generations(held).thenAccept(read -> remoteAtDispatch = Map.copyOf(read));
    }

    /** The L1 generation sequence when the answering attempt was sent, or {@link LocalSlotTier#NOT_DISPATCHED}. */
    long sequence() {
      return sequence.get();
    }

    /** The L2 generation {@code key}'s fill is stored under: read at dispatch if it was, else before the fetch. */
    Long remoteGeneration(SlotKey key) {
      Long atDispatch = remoteAtDispatch.get(key);
      return atDispatch != null ? atDispatch : readRemote.get(key);
    }
  }

  /** The policy's time to live for {@code value}, its day-off one when it is an empty day nobody works. */
  private Duration ttl(SlotKey key, SlotDay value, Instant now) {
    return value.isEmpty() && daysOff.isDayOff(key)
        ? config.ttlPolicy().ttlOfDayOff(key.day(), now)
        : config.ttlPolicy().ttl(key.day(), value.size(), now);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ---- invalidation ----

  @Override
  public int invalidateLocal(Collection<SlotTag> tags) {
    for (SlotTag t : tags) {
      notFound.forget(t.eventTypeId());
    }
    int evicted = l1.invalidate(tags);
    flightScopes.invalidated(tags, l1::generation);
    return evicted;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An entry of a {@linkplain DayPatch#conservative() conservative} patch is marked with the time of its first
   * such patch, so that its first hit once {@link CacheConfig#conservativePatchRefreshAfter()} has passed refreshes
   * its block in the background ({@link RefreshAhead}, after the generation bump, so the fetch stores its answer
   * unless another change comes first): reads until then get the patched day, and one request brings back the starts
   * hidden by every booking of the block meanwhile. A refused or failed refresh leaves the patched day, marked, until
   * it expires.
   */
  @Override
  public int patchLocal(Map<SlotTag, DayPatch> patches) {
    int patched = l1.patch(patches);
    flightScopes.invalidated(patches.keySet(), l1::generation);
    return patched;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Answers from L1 at once when it holds a copy of the day. Otherwise reads L2's copy of the day at the default
   * query dimensions ({@link SlotDims#DEFAULT}), one round trip: an instance often holds no copy of a day a caller
   * was answered from elsewhere (another instance fetched it, or it came with a block this instance did not ask
   * for), and only L2 can tell whether that copy already leaves the refused start out. Copies at other dimensions
   * held only in L2 are not consulted: L2 cannot list a tag's keys, and reading every dimension ever asked for would
   * cost more than it saves. That is acceptable because keeping them is no worse than before the refusal: they learn
   * of the booking that took the time as any copy does, by its bus message, a webhook, or a refusal of their own.
   */
  @Override
  public CompletableFuture<Offer> offers(SlotTag tag, Instant start) {
    Offer local = l1.offers(tag, start);
    if (local != Offer.NOT_HELD) {
      return CompletableFuture.completedFuture(local);
    }
    return l2.offers(new SlotKey(tag.eventTypeId(), SlotDims.DEFAULT.render(), tag.day()), start);
  }

  @Override
  public CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags) {
    return l2.invalidate(tags);
  }

  @Override
  public void flushLocalSlots() {
    l1.flush();
    flightScopes.flushed();
    notFound.forgetAll();
  }

  @Override
  public Set<Long> cachedEventTypeIds() {
    // A type whose first fill is still in flight has no L1 entry yet, but its answer may land after a booking.
    Set<Long> ids = new HashSet<>(l1.eventTypeIds());
    ids.addAll(fillsInFlight.keySet());
    return ids;
  }

  @Override
  public String keyPrefix() {
    return prefix;
  }

  /**
   * The number of L1 slot-day entries (expired ones included until dropped); for tests and stats.
   *
   * @return the L1 size
   */
  public long localSize() {
    return l1.size();
  }

  @Override
  public String toString() {
    return "SlotStore{prefix=" + prefix + ", l2=" + l2 + "}";
  }
}
