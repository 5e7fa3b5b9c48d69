package dev.calcomclient.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.NotFoundException;
import dev.calcomclient.ValidationException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.metrics.CacheTier;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotFormat;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-tier slot cache: slots of one event type, one set of {@link SlotDims} and one UTC day per entry, in L1
 * ({@link LocalSlotTier}) and optionally L2 (a {@link RemoteCache}). It answers {@link SlotQuery}s for any range and
 * time zone from day entries; the days missing from both tiers are fetched with <b>one</b> upstream call spanning
 * them, split by the UTC day of each slot's start, and stored.
 *
 * <p>It sits above the request pipeline: a hit makes no request at all (no rate-limit token, no breaker), and a
 * span fetch goes through coalescer, breaker, retry and limiter like any read.
 *
 * <p>Only what a query by {@code eventTypeId} returns is cached; slug selectors cannot be tagged by event type and
 * bypass this class (see {@code DefaultSlotsService}).
 *
 * <p>Freshness: an answer from cache leaves out slots that have started (or fall inside the event type's minimum
 * booking notice, when its metadata is known) by the client's clock, so it equals what Cal.com would answer now
 * unless something changed upstream that no invalidation reported (bounded by the {@link
 * dev.calcomclient.cache.TtlPolicy}). No stale fill: see {@link LocalSlotTier} and {@link RemoteCache}.
 */
public final class SlotCache implements InvalidationTarget, SlotDaySource {
  private static final Logger log = LoggerFactory.getLogger(SlotCache.class);
  private static final long METADATA_ENTRIES = 10_000;

  private final CacheConfig config;
  private final String prefix;
  private final SlotFetcher fetcher;
  private final Clock clock;
  private final Executor background;
  private final CalcomEventListener listener;
  private final LocalSlotTier l1;
  private final RemoteCache l2;
  private final Cache<Long, NotFoundException> notFound;
  private final Cache<Long, KnownEventType> knownEventTypes;
  private final Cache<Long, Boolean> metadataRequested;
  private final Set<SlotKey> refreshing = ConcurrentHashMap.newKeySet();
  private final List<Consumer<EventType>> eventTypeObservers = new CopyOnWriteArrayList<>();
  private volatile LongFunction<CompletableFuture<?>> eventTypeLoader;

  /**
   * Creates a slot cache.
   *
   * @param config an enabled configuration
   * @param fetcher the upstream span call
   * @param clock the client's clock (L1 time, TTLs, past-slot filtering)
   * @param background where refresh-ahead and metadata loads start (the client's scheduler)
   * @param listener receives cache hits and misses
   */
  public SlotCache(
      CacheConfig config, SlotFetcher fetcher, Clock clock, Executor background, CalcomEventListener listener) {
    if (!config.isEnabled()) {
      throw new IllegalArgumentException("a SlotCache needs an enabled CacheConfig");
    }
    this.config = config;
    this.prefix = config.keyPrefix();
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.background = Objects.requireNonNull(background, "background");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.l1 = new LocalSlotTier(config.l1MaximumEntries(), config.staleIfErrorMaxStaleness(), clock);
    this.l2 = config.remoteCache().orElse(null);
    this.notFound =
        Caffeine.newBuilder()
            .maximumSize(METADATA_ENTRIES)
            .expireAfterWrite(config.negativeTtl())
            .ticker(LocalSlotTier.ticker(clock))
            .executor(Runnable::run)
            .build();
    // Kept past the metadata TTL (minimum notice rarely changes); an older copy is reloaded when its slots are used.
    this.knownEventTypes = Caffeine.newBuilder().maximumSize(METADATA_ENTRIES).executor(Runnable::run).build();
    this.metadataRequested =
        Caffeine.newBuilder()
            .maximumSize(METADATA_ENTRIES)
            .expireAfterWrite(config.metadataTtl())
            .ticker(LocalSlotTier.ticker(clock))
            .executor(Runnable::run)
            .build();
  }

  /** The configuration. */
  public CacheConfig config() {
    return config;
  }

  /**
   * How the cache loads an event type's metadata in the background ({@code GET /v2/event-types/{id}} on the
   * background lane); the loaded type must reach {@link #eventTypeSeen}. Without a loader nothing is loaded.
   */
  public void setEventTypeLoader(LongFunction<CompletableFuture<?>> loader) {
    this.eventTypeLoader = loader;
  }

  /**
   * While invalidations from other instances may be missed (their bus is disconnected), L1 keeps what it stores for
   * at most this long: a booking made elsewhere in that time reaches this instance only when the entry expires.
   */
  static final Duration DISCONNECTED_L1_TTL = Duration.ofSeconds(5);

  private volatile BooleanSupplier peersReachable = () -> true;

  /**
   * Tells the cache whether invalidations from other instances currently reach it (the bus is connected). While they
   * do not, L1 stores new entries for at most {@link #DISCONNECTED_L1_TTL}.
   */
  public void setPeerConnectivity(BooleanSupplier peersReachable) {
    this.peersReachable = Objects.requireNonNull(peersReachable, "peersReachable");
  }

  private Duration l1Ttl(Duration ttl) {
    return peersReachable.getAsBoolean() || ttl.compareTo(DISCONNECTED_L1_TTL) <= 0 ? ttl : DISCONNECTED_L1_TTL;
  }

  /**
   * Registers {@code observer} for every event type this client decodes (get, list, team list), for example the
   * invalidator's dependency index. Observers must be fast and must not throw.
   */
  public void addEventTypeObserver(Consumer<EventType> observer) {
    eventTypeObservers.add(Objects.requireNonNull(observer, "observer"));
  }

  /** Records an event type decoded by the client and passes it to the observers. */
  public void eventTypeSeen(EventType eventType) {
    if (eventType == null) {
      return;
    }
    knownEventTypes.put(eventType.id(), new KnownEventType(eventType, clock.millis()));
    for (Consumer<EventType> o : eventTypeObservers) {
      try {
        o.accept(eventType);
      } catch (RuntimeException e) {
        log.warn("event type observer {} threw; ignored", o.getClass().getName(), e);
      }
    }
  }

  @Override
  public Optional<EventType> knownEventType(long eventTypeId) {
    return Optional.ofNullable(knownEventTypes.getIfPresent(eventTypeId)).map(KnownEventType::eventType);
  }

  // ---- queries ----

  /**
   * Answers {@code query} (which must select by {@code eventTypeId}) from cached days, fetching the missing ones.
   * The answer has Cal.com's shape for the query's time zone and format: days of that zone, offsets of that zone,
   * {@code end} only for {@link SlotFormat#RANGE}, slots in {@code [start, end]}.
   */
  public CompletableFuture<SlotsResult> find(SlotQuery query) {
    if (query.eventType().eventTypeId() == null) {
      throw new IllegalArgumentException("only queries by eventTypeId are cached");
    }
    long eventTypeId = query.eventType().eventTypeId();
    SlotDims dims = new SlotDims(query.duration(), query.bookingUidToReschedule());
    List<LocalDate> days = utcDays(query.start(), query.end());
    ZoneId zone = query.timeZone() == null ? ZoneOffset.UTC : query.timeZone();
    boolean withEnd = query.effectiveFormat() == SlotFormat.RANGE;
    return lookup(eventTypeId, dims, days, Priority.STANDARD)
        .thenApply(
            found -> {
              if (found.upstreamCalls() == 0) {
                listener.answeredFromCache(Operation.SLOTS_FIND); // counted as a call in stats()
              }
              Instant earliest = earliestBookable(eventTypeId);
              Map<LocalDate, List<Slot>> byLocalDay = new TreeMap<>();
              for (LookupDay day : found.days().values()) {
                for (CachedSlot s : day.value().slots()) {
                  Instant start = s.start();
                  if (start.isBefore(query.start()) || start.isAfter(query.end()) || start.isBefore(earliest)) {
                    continue;
                  }
                  Slot slot = s.toSlot(zone, withEnd);
                  byLocalDay.computeIfAbsent(slot.start().toLocalDate(), d -> new ArrayList<>()).add(slot);
                }
              }
              return new SlotsResult(byLocalDay, found.source());
            });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Besides slots in the past, slots inside the event type's minimum booking notice are left out when its
   * metadata is known. Slots carry their end (days are cached in range format).
   */
  @Override
  public CompletableFuture<DaySpan> days(
      long eventTypeId, Integer durationMinutes, LocalDate fromUtc, LocalDate toUtcInclusive, Priority priority) {
    Objects.requireNonNull(fromUtc, "fromUtc");
    Objects.requireNonNull(toUtcInclusive, "toUtcInclusive");
    if (toUtcInclusive.isBefore(fromUtc)) {
      throw new IllegalArgumentException("toUtcInclusive " + toUtcInclusive + " is before fromUtc " + fromUtc);
    }
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = fromUtc; !d.isAfter(toUtcInclusive); d = d.plusDays(1)) {
      days.add(d);
    }
    SlotDims dims = new SlotDims(durationMinutes, null);
    return lookup(eventTypeId, dims, days, priority == null ? Priority.STANDARD : priority)
        .thenApply(
            found -> {
              Instant earliest = earliestBookable(eventTypeId);
              Map<LocalDate, List<Slot>> byDay = new HashMap<>();
              found
                  .days()
                  .forEach(
                      (day, value) -> {
                        List<Slot> slots = new ArrayList<>();
                        for (CachedSlot s : value.value().slots()) {
                          if (!s.start().isBefore(earliest)) {
                            slots.add(s.toSlot(ZoneOffset.UTC, true));
                          }
                        }
                        byDay.put(day, List.copyOf(slots));
                      });
              return new DaySpan(byDay, found.upstreamCalls(), found.source() == SlotsSource.STALE);
            });
  }

  /** The UTC days from {@code start}'s to {@code end}'s, inclusive. */
  static List<LocalDate> utcDays(Instant start, Instant end) {
    List<LocalDate> days = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(end, ZoneOffset.UTC);
    for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC); !d.isAfter(last); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** Now plus the event type's minimum booking notice when known: Cal.com offers no slot before this. */
  private Instant earliestBookable(long eventTypeId) {
    Instant now = clock.instant();
    EventType et = knownEventType(eventTypeId).orElse(null);
    if (et != null && et.minimumBookingNotice() != null && et.minimumBookingNotice() > 0) {
      return now.plus(Duration.ofMinutes(et.minimumBookingNotice()));
    }
    return now;
  }

  // ---- the lookup: L1, then L2, then one upstream span ----

  private CompletableFuture<Lookup> lookup(long eventTypeId, SlotDims dims, List<LocalDate> days, Priority priority) {
    NotFoundException remembered = notFound.getIfPresent(eventTypeId);
    if (remembered != null) {
      return CompletableFuture.failedFuture(copy(remembered));
    }
    String renderedDims = dims.render();
    long now = clock.millis();
    Map<LocalDate, LookupDay> found = new TreeMap<>();
    List<Missing> missing = new ArrayList<>();
    List<SlotKey> refreshDue = new ArrayList<>();
    for (LocalDate day : days) {
      SlotKey key = new SlotKey(eventTypeId, renderedDims, day);
      long generation = l1.generation(key.tag());
      LocalSlotTier.Entry entry = l1.get(key);
      if (entry != null && entry.generation() == generation && entry.isFresh(now)) {
        listener.cacheHit(CacheTier.L1, key.render(prefix));
        found.put(day, new LookupDay(entry.value(), SlotsSource.L1));
        if (refreshDue(entry, now)) {
          refreshDue.add(key);
        }
      } else {
        listener.cacheMiss(CacheTier.L1, key.render(prefix));
        boolean usable = entry != null && entry.generation() == generation;
        missing.add(new Missing(key, generation, usable ? entry : null));
      }
    }
    if (!refreshDue.isEmpty()) {
      refreshAhead(eventTypeId, dims, refreshDue);
    }
    if (missing.size() < days.size()) {
      loadMetadataOnce(eventTypeId); // the type's slots are in use: keep its metadata from going out of date
    }
    if (missing.isEmpty()) {
      return CompletableFuture.completedFuture(new Lookup(found, 0));
    }
    return readRemote(missing, found)
        .thenCompose(
            remoteGenerations -> {
              List<Missing> stillMissing = new ArrayList<>();
              for (Missing m : missing) {
                if (!found.containsKey(m.key().day())) {
                  stillMissing.add(m);
                }
              }
              if (stillMissing.isEmpty()) {
                return CompletableFuture.completedFuture(new Lookup(found, 0));
              }
              return fetchAndStore(eventTypeId, dims, stillMissing, remoteGenerations, priority)
                  .handle(
                      (fetched, failure) -> {
                        if (failure == null) {
                          fetched.forEach((day, value) -> found.put(day, new LookupDay(value, SlotsSource.UPSTREAM)));
                          return new Lookup(found, 1);
                        }
                        Throwable cause = Futures.unwrap(failure);
                        if (!serveStale(stillMissing, cause, found)) {
                          throw cause instanceof CompletionException c ? c : new CompletionException(cause);
                        }
                        return new Lookup(found, 1);
                      });
            });
  }

  private boolean refreshDue(LocalSlotTier.Entry entry, long now) {
    double fraction = config.refreshAheadFraction();
    return fraction > 0 && entry.remainingMillis(now) < entry.nominalTtlMillis() * fraction;
  }

  /**
   * Reads the missing days from L2; hits go into {@code found} and are back-filled into L1 with their remaining time
   * to live. Completes with the L2 generations of the keys still missing (empty when L2 is absent or failed: then
   * nothing is written to L2 for them).
   */
  private CompletableFuture<Map<SlotKey, Long>> readRemote(List<Missing> missing, Map<LocalDate, LookupDay> found) {
    if (l2 == null) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return l2Lookups(missing).handle(
        (lookups, failure) -> {
          if (failure != null || lookups == null || lookups.size() != missing.size()) {
            log.debug("L2 read failed; treating {} keys as missing", missing.size(), failure);
            return Map.of();
          }
          Map<SlotKey, Long> generations = new HashMap<>();
          long now = clock.millis();
          for (int i = 0; i < missing.size(); i++) {
            Missing m = missing.get(i);
            RemoteCache.Lookup lookup = lookups.get(i);
            SlotDay value = lookup.isHit() ? decodeOrNull(m.key(), lookup.value()) : null;
            if (value != null && lookup.remainingTtl().toMillis() > 0) {
              listener.cacheHit(CacheTier.L2, m.key().render(prefix));
              found.put(m.key().day(), new LookupDay(value, SlotsSource.L2));
              Duration nominal = config.ttlPolicy().ttl(m.key().day(), value.size(), Instant.ofEpochMilli(now));
              Duration remaining = lookup.remainingTtl();
              Duration keep = l1Ttl(remaining);
              // A capped entry is not refreshed ahead: its short life is the point.
              l1.storeIfCurrent(
                  m.key(), value, m.l1Generation(), keep, keep.equals(remaining) ? max(nominal, remaining) : keep);
            } else {
              listener.cacheMiss(CacheTier.L2, m.key().render(prefix));
              generations.put(m.key(), lookup.generation());
            }
          }
          return generations;
        });
  }

  private static SlotDay decodeOrNull(SlotKey key, byte[] bytes) {
    try {
      return SlotDayCodec.decode(bytes);
    } catch (RuntimeException e) {
      log.warn("undecodable L2 value for {}; refetching", key, e);
      return null;
    }
  }

  /**
   * One upstream call over the span of {@code missing} (UTC midnight of the first day to UTC midnight after the
   * last), split by the UTC day of each slot's start; each missing day is stored in L1 (and L2 when its generation
   * is known) if its tag has not moved on since the generation was read. Completes with the missing days' values.
   */
  private CompletableFuture<Map<LocalDate, SlotDay>> fetchAndStore(
      long eventTypeId, SlotDims dims, List<Missing> missing, Map<SlotKey, Long> remoteGenerations, Priority priority) {
    LocalDate first = missing.get(0).key().day();
    LocalDate last = missing.get(missing.size() - 1).key().day();
    Instant from = first.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    CompletableFuture<List<Slot>> call;
    try {
      call = fetcher.fetch(eventTypeId, dims, from, to, priority);
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (slots, failure) -> {
          if (failure != null) {
            Throwable cause = Futures.unwrap(failure);
            if (cause instanceof NotFoundException nf) {
              notFound.put(eventTypeId, nf);
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
          List<RemoteCache.Fill> fills = new ArrayList<>();
          for (Missing m : missing) {
            List<CachedSlot> list = new ArrayList<>(byDay.getOrDefault(m.key().day(), List.of()));
            list.sort((a, b) -> a.start().compareTo(b.start()));
            SlotDay value = list.isEmpty() ? SlotDay.EMPTY : new SlotDay(list);
            values.put(m.key().day(), value);
            Duration ttl = config.ttlPolicy().ttl(m.key().day(), value.size(), now);
            Duration keep = l1Ttl(ttl);
            l1.storeIfCurrent(m.key(), value, m.l1Generation(), keep, keep);
            Long remoteGeneration = remoteGenerations.get(m.key());
            if (remoteGeneration != null) {
              fills.add(
                  new RemoteCache.Fill(
                      m.key().render(prefix),
                      m.key().tag().render(prefix),
                      SlotDayCodec.encode(value),
                      remoteGeneration,
                      ttl));
            }
          }
          writeRemote(fills);
          loadMetadataOnce(eventTypeId);
          return values;
        });
  }

  private void writeRemote(List<RemoteCache.Fill> fills) {
    if (l2 == null || fills.isEmpty()) {
      return;
    }
    try {
      l2.putAll(fills)
          .whenComplete(
              (stored, failure) -> {
                if (failure != null) {
                  log.debug("L2 fill of {} keys failed; L1 still holds them", fills.size(), failure);
                }
              });
    } catch (RuntimeException e) {
      log.debug("L2 fill of {} keys failed; L1 still holds them", fills.size(), e);
    }
  }

  /**
   * Serves the still-missing days from retained L1 entries when the failure is one Cal.com's unavailability
   * causes and every such day has an entry, still at its tag's current generation, less than the configured
   * staleness past its time to live.
   */
  private boolean serveStale(List<Missing> missing, Throwable cause, Map<LocalDate, LookupDay> found) {
    Duration maxStaleness = config.staleIfErrorMaxStaleness();
    if (maxStaleness.isZero() || !isUnavailability(cause)) {
      return false;
    }
    long now = clock.millis();
    Map<LocalDate, LookupDay> stale = new HashMap<>();
    for (Missing m : missing) {
      LocalSlotTier.Entry e = m.staleCandidate();
      if (e == null
          || e.generation() != l1.generation(m.key().tag())
          || now - e.freshUntilMillis() >= maxStaleness.toMillis()) {
        return false;
      }
      stale.put(m.key().day(), new LookupDay(e.value(), SlotsSource.STALE));
    }
    found.putAll(stale);
    return true;
  }

  /** Failures that say Cal.com could not be asked or could not answer: not a 4xx about the request itself. */
  static boolean isUnavailability(Throwable t) {
    if (!(t instanceof CalcomException) || t instanceof ValidationException) {
      return false;
    }
    if (t instanceof CalcomApiException api) {
      return api.status() >= 500 || api.status() == 429;
    }
    return true;
  }

  private static NotFoundException copy(NotFoundException e) {
    return new NotFoundException(e.status(), e.code(), e.serverMessage(), e.requestId(), e.details());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  // ---- refresh-ahead and metadata ----

  /**
   * Refreshes {@code keys} in the background with one upstream span call on the background lane; at most one
   * refresh per key is in flight. Never delays the caller: a rejected or failed refresh just leaves the entry to
   * expire.
   */
  private void refreshAhead(long eventTypeId, SlotDims dims, List<SlotKey> keys) {
    List<SlotKey> mine = new ArrayList<>();
    for (SlotKey k : keys) {
      if (refreshing.add(k)) {
        mine.add(k);
      }
    }
    if (mine.isEmpty()) {
      return;
    }
    try {
      background.execute(() -> refresh(eventTypeId, dims, mine));
    } catch (RejectedExecutionException e) {
      mine.forEach(refreshing::remove);
    }
  }

  private void refresh(long eventTypeId, SlotDims dims, List<SlotKey> keys) {
    try {
      List<Missing> missing = new ArrayList<>();
      for (SlotKey k : keys) {
        missing.add(new Missing(k, l1.generation(k.tag()), null));
      }
      remoteGenerations(missing)
          .thenCompose(gens -> fetchAndStore(eventTypeId, dims, missing, gens, Priority.BACKGROUND))
          .whenComplete(
              (v, failure) -> {
                keys.forEach(refreshing::remove);
                if (failure != null) {
                  log.debug("refresh-ahead of {} days failed", keys.size(), failure);
                }
              });
    } catch (RuntimeException e) {
      keys.forEach(refreshing::remove);
      log.debug("refresh-ahead of {} days failed", keys.size(), e);
    }
  }

  /** One L2 round trip for the values and tag generations of {@code missing}; a throwing L2 becomes a failed future. */
  private CompletableFuture<List<RemoteCache.Lookup>> l2Lookups(List<Missing> missing) {
    List<RemoteCache.KeyRef> refs = new ArrayList<>(missing.size());
    for (Missing m : missing) {
      refs.add(new RemoteCache.KeyRef(m.key().render(prefix), m.key().tag().render(prefix)));
    }
    try {
      return l2.getAll(refs);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** The L2 generations of {@code missing} (ignoring values), or empty when there is no L2 or it failed. */
  private CompletableFuture<Map<SlotKey, Long>> remoteGenerations(List<Missing> missing) {
    if (l2 == null) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return l2Lookups(missing).handle(
        (lookups, failure) -> {
          Map<SlotKey, Long> gens = new HashMap<>();
          if (failure == null && lookups != null && lookups.size() == missing.size()) {
            for (int i = 0; i < missing.size(); i++) {
              gens.put(missing.get(i).key(), lookups.get(i).generation());
            }
          }
          return gens;
        });
  }

  private boolean isCurrent(KnownEventType known) {
    return known != null && clock.millis() - known.seenAtMillis() < config.metadataTtl().toMillis();
  }

  /**
   * Loads the event type's metadata in the background unless it is known and younger than the metadata TTL, or a
   * load was started within the metadata TTL (a failed load is not retried sooner).
   */
  private void loadMetadataOnce(long eventTypeId) {
    LongFunction<CompletableFuture<?>> loader = eventTypeLoader;
    if (!config.loadEventTypeMetadata()
        || loader == null
        || isCurrent(knownEventTypes.getIfPresent(eventTypeId))
        || metadataRequested.asMap().putIfAbsent(eventTypeId, Boolean.TRUE) != null) {
      return;
    }
    try {
      background.execute(
          () -> {
            try {
              loader
                  .apply(eventTypeId)
                  .whenComplete(
                      (v, failure) -> {
                        if (failure != null) {
                          log.debug("background load of event type {} failed; ignored", eventTypeId, failure);
                        }
                      });
            } catch (RuntimeException e) {
              log.debug("background load of event type {} failed; ignored", eventTypeId, e);
            }
          });
    } catch (RejectedExecutionException e) {
      metadataRequested.invalidate(eventTypeId);
    }
  }

  // ---- invalidation ----

  @Override
  public int invalidateLocal(Collection<SlotTag> tags) {
    for (SlotTag t : tags) {
      notFound.invalidate(t.eventTypeId());
    }
    return l1.invalidate(tags);
  }

  @Override
  public CompletableFuture<Integer> invalidateRemote(Collection<SlotTag> tags) {
    if (l2 == null || tags.isEmpty()) {
      return CompletableFuture.completedFuture(0);
    }
    List<String> rendered = new ArrayList<>(tags.size());
    for (SlotTag t : tags) {
      rendered.add(t.render(prefix));
    }
    try {
      return l2.invalidate(rendered);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public void flushLocalSlots() {
    l1.flush();
    notFound.invalidateAll();
  }

  @Override
  public Set<Long> cachedEventTypeIds() {
    return l1.eventTypeIds();
  }

  @Override
  public String keyPrefix() {
    return prefix;
  }

  /** The number of L1 slot-day entries (expired ones included until dropped); for tests and stats. */
  public long localSize() {
    return l1.size();
  }

  /** Whether a refresh-ahead is in flight for {@code key}; for tests. */
  boolean isRefreshing(SlotKey key) {
    return refreshing.contains(key);
  }

  @Override
  public String toString() {
    return "SlotCache{prefix=" + prefix + ", l2=" + (l2 == null ? "none" : l2) + "}";
  }

  private record KnownEventType(EventType eventType, long seenAtMillis) {}

  private record Missing(SlotKey key, long l1Generation, LocalSlotTier.Entry staleCandidate) {}

  private record LookupDay(SlotDay value, SlotsSource source) {}

  private record Lookup(Map<LocalDate, LookupDay> days, int upstreamCalls) {
    /** The least fresh source of any day (see {@link SlotsSource}). */
    SlotsSource source() {
      SlotsSource least = SlotsSource.UPSTREAM;
      for (LookupDay d : days.values()) {
        if (staleness(d.source()) > staleness(least)) {
          least = d.source();
        }
      }
      return least;
    }

    private static int staleness(SlotsSource s) {
      return switch (s) {
        case UPSTREAM -> 0;
        case L2 -> 1;
        case L1 -> 2;
        case STALE -> 3;
      };
    }
  }
}
