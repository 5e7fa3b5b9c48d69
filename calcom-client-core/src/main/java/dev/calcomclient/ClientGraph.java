package dev.calcomclient;

import dev.calcomclient.alternatives.AlternativesService;
import dev.calcomclient.alternatives.CacheWarmer;
import dev.calcomclient.alternatives.internal.DefaultAlternativesService;
import dev.calcomclient.alternatives.internal.DefaultCacheWarmer;
import dev.calcomclient.breaker.internal.CircuitBreakerLayer;
import dev.calcomclient.cache.internal.CachedSlotQueries;
import dev.calcomclient.cache.internal.MetadataCache;
import dev.calcomclient.cache.internal.PeerConnectivity;
import dev.calcomclient.cache.internal.RefreshAhead;
import dev.calcomclient.cache.internal.SlotFetcher;
import dev.calcomclient.cache.internal.SlotQueries;
import dev.calcomclient.cache.internal.SlotStore;
import dev.calcomclient.cache.internal.UncachedSlotQueries;
import dev.calcomclient.catalog.internal.EventTypeCatalog;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.coalesce.internal.CoalescingLayer;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.OkHttpTransport;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.internal.RateLimitHeaders;
import dev.calcomclient.internal.decode.DecodeReporting;
import dev.calcomclient.internal.resource.DefaultBookingsService;
import dev.calcomclient.internal.resource.DefaultEventTypesService;
import dev.calcomclient.internal.resource.DefaultMeService;
import dev.calcomclient.internal.resource.DefaultSchedulesService;
import dev.calcomclient.internal.resource.DefaultSlotsService;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.invalidate.internal.DependencyIndex;
import dev.calcomclient.invalidate.internal.NoopInvalidator;
import dev.calcomclient.invalidate.internal.SmartInvalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.internal.ListenerFanout;
import dev.calcomclient.metrics.internal.ObserverLayer;
import dev.calcomclient.metrics.internal.StatsRecorder;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.ratelimit.internal.DisabledRateLimiter;
import dev.calcomclient.ratelimit.internal.LocalRateLimiter;
import dev.calcomclient.ratelimit.internal.RateLimitLayer;
import dev.calcomclient.retry.internal.RetryLayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The components of one {@link CalcomClient}, built by {@link CalcomClient.Builder#build()} in dependency order,
 * each from the ones before it (no setter after construction, no cycle):
 *
 * <pre>
 * pipeline (listener, limiter, breaker, retry, coalescer, transport) -> API caller
 * -> event-type catalog -> slot upstream -> slot store (L1/L2, generations, stale-if-error)
 * -> refresh-ahead -> slot queries (range shaping, regrouping by zone)
 * -> invalidator (with its bus receiver; holds the store directly) -> services, alternatives, warmer
 * </pre>
 *
 * A disabled cache assembles null objects instead ({@link UncachedSlotQueries}, {@link NoopInvalidator}), so the
 * services never ask whether there is a cache. Tests reach the components through this graph.
 */
final class ClientGraph {
  final OkHttpClient ownedHttp;
  final ScheduledExecutorService ownedScheduler;
  final StatsRecorder statsRecorder;
  final CalcomEventListener listener;
  final CircuitBreakerLayer breakerLayer;
  final RateLimiter rateLimiter;
  final ApiCaller caller;
  final EventTypeCatalog catalog;
  final Optional<SlotStore> store;
  final SlotQueries queries;
  final Invalidator invalidator;
  final boolean cacheEnabled;
  final SlotsService slots;
  final BookingsService bookings;
  final EventTypesService eventTypes;
  final SchedulesService schedules;
  final MeService me;
  final CacheWarmer warmer;
  final AlternativesService alternatives;

  ClientGraph(CalcomClient.Builder b, Credentials credentials, HttpUrl baseUrl) {
    OkHttpClient http = b.okHttpClient;
    this.ownedHttp = http == null ? newHttpClient(b.connectTimeout) : null;
    if (http == null) {
      http = ownedHttp;
    }
    this.ownedScheduler = b.scheduler == null ? newScheduler() : null;
    ScheduledExecutorService scheduler = b.scheduler == null ? ownedScheduler : b.scheduler;

    // The request pipeline: coalescer -> circuit breaker -> retry -> rate limiter -> custom layers -> transport.
    this.statsRecorder = new StatsRecorder(b.clock);
    List<CalcomEventListener> allListeners = new ArrayList<>();
    allListeners.add(statsRecorder);
    allListeners.addAll(b.listeners);
    this.listener = new ListenerFanout(allListeners);
    this.rateLimiter = resolveRateLimiter(b, scheduler);
    this.breakerLayer =
        b.circuitBreakerConfig.isEnabled() ? new CircuitBreakerLayer(b.circuitBreakerConfig, b.clock, listener) : null;
    List<Layer> layers = new ArrayList<>();
    layers.add(ObserverLayer.requests(listener, b.clock));
    if (b.coalescer != Coalescer.disabled()) {
      layers.add(new CoalescingLayer(b.coalescer == null ? Coalescer.local() : b.coalescer, listener));
    }
    if (breakerLayer != null) {
      layers.add(breakerLayer);
    }
    if (b.retryPolicy.isEnabled()) {
      layers.add(new RetryLayer(b.retryPolicy, listener, b.clock, scheduler));
    }
    if (rateLimiter != null) {
      layers.add(new RateLimitLayer(rateLimiter, listener, b.clock, scheduler));
    }
    layers.add(ObserverLayer.attempts(listener, b.clock));
    layers.addAll(b.layers);
    Map<EndpointGroup, Duration> timeouts = new EnumMap<>(b.timeouts);
    layers.add(
        new OkHttpTransport(
            http, baseUrl, credentials, timeouts, b.clock, CalcomClient.userAgent(), b.maxResponseBodyBytes));
    RateLimitHeaders rateLimitHeaders =
        rateLimiter == null
            ? RateLimitHeaders.defaults()
            : rateLimiter.config().map(RateLimitHeaders::of).orElse(RateLimitHeaders.defaults());
    this.caller =
        new ApiCaller(
            new Pipeline(layers),
            credentials,
            versions(b),
            timeouts,
            callTimeouts(b, timeouts),
            b.clock,
            rateLimitHeaders,
            b.clockSkewTolerance,
            new DecodeReporting(listener));

    // Event-type facts: loaded in the background lane, observed by the invalidator and the slot queries.
    this.catalog =
        new EventTypeCatalog(
            DefaultEventTypesService.backgroundLoader(caller), b.cacheConfig.metadataTtl(), b.clock, scheduler);
    SlotFetcher upstream = DefaultSlotsService.spanFetcher(caller);
    this.cacheEnabled = b.cacheConfig.isEnabled();
    MetadataCache metadata =
        cacheEnabled ? MetadataCache.inProcess(b.cacheConfig, b.clock, listener) : MetadataCache.disabled();
    if (cacheEnabled) {
      // The cache sits above the pipeline: a hit makes no request; a miss is one request through every layer.
      PeerConnectivity peers = new PeerConnectivity();
      SlotStore slotStore = new SlotStore(b.cacheConfig, upstream, b.clock, listener, peers);
      RefreshAhead refreshAhead = new RefreshAhead(slotStore, scheduler);
      this.store = Optional.of(slotStore);
      this.queries = new CachedSlotQueries(slotStore, refreshAhead, catalog, b.clock, listener);
      // The invalidator subscribes to its bus before the cache serves a read, so no invalidation is missed.
      DependencyIndex index = new DependencyIndex();
      catalog.subscribe(index);
      this.invalidator =
          new SmartInvalidator(
              slotStore, index, catalog, b.invalidationConfig, b.clock, scheduler, listener, peers);
    } else {
      this.store = Optional.empty();
      this.queries = new UncachedSlotQueries(upstream, DefaultSlotsService.directFinder(caller), b.clock);
      this.invalidator = NoopInvalidator.INSTANCE;
    }

    // The services, over the caller, the queries and the invalidator.
    int seenBookings = cacheEnabled ? b.invalidationConfig.seenBookingsCapacity() : 0;
    this.bookings = new DefaultBookingsService(caller, listener, invalidator, seenBookings);
    this.slots = new DefaultSlotsService(caller, queries, invalidator);
    this.eventTypes = new DefaultEventTypesService(caller, metadata, catalog::record);
    this.schedules = new DefaultSchedulesService(caller, metadata);
    this.me = new DefaultMeService(caller, metadata);
    // Every alternative search is answered from one span of day entries: at most one upstream call.
    this.warmer = new DefaultCacheWarmer(queries, b.clock, scheduler);
    this.alternatives = new DefaultAlternativesService(
            queries, b.clock, warmer::recordInterest, caller::blockingWait);
  }

  /** The call timeouts set on the builder, else the default multiple of the group's attempt timeout. */
  private static Map<EndpointGroup, Duration> callTimeouts(
      CalcomClient.Builder b, Map<EndpointGroup, Duration> timeouts) {
    Map<EndpointGroup, Duration> out = new EnumMap<>(ApiCaller.defaultCallTimeouts(timeouts));
    out.putAll(b.callTimeouts);
    return out;
  }

  private static Map<ApiResource, String> versions(CalcomClient.Builder b) {
    Map<ApiResource, String> versions = new EnumMap<>(ApiResource.class);
    for (ApiResource r : ApiResource.values()) {
      String v = b.versions.containsKey(r) ? b.versions.get(r) : r.defaultVersion();
      if (v != null) {
        versions.put(r, v);
      }
    }
    return versions;
  }

  private static OkHttpClient newHttpClient(Duration connectTimeout) {
    Dispatcher dispatcher = new Dispatcher();
    // OkHttp's default of 5 concurrent calls per host would serialise a busy service behind one key.
    dispatcher.setMaxRequests(128);
    dispatcher.setMaxRequestsPerHost(128);
    return new OkHttpClient.Builder()
        .dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
        .connectTimeout(connectTimeout)
        .readTimeout(Duration.ZERO)
        .writeTimeout(Duration.ZERO)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  private static RateLimiter resolveRateLimiter(CalcomClient.Builder b, ScheduledExecutorService scheduler) {
    if (b.rateLimiter instanceof DisabledRateLimiter) {
      return null;
    }
    if (b.rateLimiter != null) {
      return b.rateLimiter;
    }
    RateLimiterConfig config = b.rateLimiterConfig == null ? RateLimiterConfig.defaults() : b.rateLimiterConfig;
    return new LocalRateLimiter(config, b.clock, scheduler);
  }

  private static ScheduledExecutorService newScheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread t = new Thread(r, "calcom-client-scheduler");
          t.setDaemon(true);
          return t;
        });
  }

  /** Closes what the graph created, services first, then the invalidator, the scheduler and the HTTP client. */
  void close() {
    warmer.close();
    invalidator.close();
    if (ownedScheduler != null) {
      ownedScheduler.shutdown();
    }
    if (ownedHttp != null) {
      ownedHttp.dispatcher().executorService().shutdown();
      ownedHttp.connectionPool().evictAll();
    }
  }
}
