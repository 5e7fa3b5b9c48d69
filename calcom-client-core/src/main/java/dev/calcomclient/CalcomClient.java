package dev.calcomclient;

import dev.calcomclient.alternatives.AlternativesService;
import dev.calcomclient.alternatives.CacheWarmer;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.coalesce.Coalescer;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.OkHttpTransport;
import dev.calcomclient.invalidate.InvalidationConfig;
import dev.calcomclient.invalidate.Invalidator;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * A client for the Cal.com API v2. Build one per credential and share it: it is thread-safe, holds one HTTP
 * connection pool, and every call flows through the same pipeline of layers.
 *
 * <pre>{@code
 * try (CalcomClient cal = CalcomClient.builder().apiKey(System.getenv("CALCOM_API_KEY")).build()) {
 *   SlotsResult slots = cal.slots().find(SlotQuery.forEventType(42).between(start, end).build());
 * }
 * }</pre>
 *
 * <p>Every resource method has a blocking form and a {@code ...Async} form returning a
 * {@link java.util.concurrent.CompletableFuture}. Failures are {@link CalcomException}s. A blocking call waits at
 * most four times the longest deadline (three per-attempt timeouts; 2 minutes with the default timeouts) of real
 * time, then fails with a {@link CalcomTimeoutException}: it cannot hang when a scheduled task it depends on never
 * runs.
 */
public final class CalcomClient implements AutoCloseable {
  /** Cal.com's production API. */
  public static final String DEFAULT_BASE_URL = "https://api.cal.com";

  /** The per-attempt timeout of each endpoint group unless {@link Builder#timeout} overrides it. */
  static final Map<EndpointGroup, Duration> DEFAULT_TIMEOUTS = Map.of(
      EndpointGroup.SLOTS, Duration.ofSeconds(3),
      EndpointGroup.BOOKINGS, Duration.ofSeconds(10),
      EndpointGroup.OTHER, Duration.ofSeconds(5));

  /**
   * The default {@link Builder#callTimeout call timeout} of an endpoint group is this many times its per-attempt
   * {@link Builder#timeout timeout} (slots 9 s, bookings 30 s, other 15 s), leaving room for retries and rate-limit
   * waits.
   */
  public static final int DEFAULT_CALL_TIMEOUT_ATTEMPTS = ApiCaller.DEADLINE_ATTEMPTS;

  /** The TCP/TLS connect timeout unless {@link Builder#connectTimeout} overrides it. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** The default {@link Builder#maxResponseBodyBytes}: 16 MiB, far above any Cal.com answer. */
  public static final long DEFAULT_MAX_RESPONSE_BODY_BYTES = OkHttpTransport.DEFAULT_MAX_BODY_BYTES;
  /** The default {@link Builder#clockSkewTolerance}: 60 s. */
  public static final Duration DEFAULT_CLOCK_SKEW_TOLERANCE = Duration.ofSeconds(60);

  private final ClientGraph graph;
  private final HttpUrl baseUrl;
  private final String credentialId;

  private CalcomClient(Builder b, Credentials credentials, HttpUrl baseUrl) {
    this.baseUrl = baseUrl;
    this.credentialId = credentials.id();
    this.graph = new ClientGraph(b, credentials, baseUrl);
  }

  /** The components of this client; for tests (see {@code ClientInternals}). */
  ClientGraph graph() {
    return graph;
  }

  /**
   * Starts configuring a client.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Slots: availability search and slot reservations.
   *
   * @return slots: availability search and slot reservations
   */
  public SlotsService slots() {
    return graph.slots;
  }

  /**
   * Bookings: create, read, list, cancel, reschedule.
   *
   * @return bookings: create, read, list, cancel, reschedule
   */
  public BookingsService bookings() {
    return graph.bookings;
  }

  /**
   * Event types, personal and team.
   *
   * @return event types, personal and team
   */
  public EventTypesService eventTypes() {
    return graph.eventTypes;
  }

  /**
   * The authenticated user's schedules.
   *
   * @return the authenticated user's schedules
   */
  public SchedulesService schedules() {
    return graph.schedules;
  }

  /**
   * The authenticated user's profile.
   *
   * @return the authenticated user's profile
   */
  public MeService me() {
    return graph.me;
  }

  /**
   * The smart invalidator of this client's cache: feed it bookings made elsewhere (for example from verified
   * webhooks, see {@code dev.calcomclient.webhook.CalcomWebhooks}). Bookings made through this client are applied
   * automatically.
   *
   * @return the smart invalidator of this client's cache: feed it bookings made elsewhere (for example from verified
   *     webhooks, see {@code dev.calcomclient.webhook.CalcomWebhooks})
   * @throws IllegalStateException when the cache is disabled (there is nothing to invalidate)
   */
  public Invalidator invalidator() {
    if (!graph.cacheEnabled) {
      throw new IllegalStateException("the cache is disabled (CacheConfig.disabled()); there is no invalidator");
    }
    return graph.invalidator;
  }

  /**
   * Alternative slots near a desired time (same day earlier/later, next workday, next week, next available), all
   * answered from one span of cached days: at most one upstream call per search, none when warm.
   *
   * @return alternative slots near a desired time (same day earlier/later, next workday, next week, next available),
   *     all answered from one span of cached days: at most one upstream call per search, none when warm
   */
  public AlternativesService alternatives() {
    return graph.alternatives;
  }

  /**
   * Keeps the next days of chosen or recently searched event types cached, one upstream call per event type on
   * the background lane. Without a cache it only fetches; it is most useful with the cache on (the default).
   *
   * @return keeps the next days of chosen or recently searched event types cached, one upstream call per event type on
   *     the background lane
   */
  public CacheWarmer warmer() {
    return graph.warmer;
  }

  /**
   * A webhook receiver builder already connected to this client: verified booking deliveries feed
   * {@link #invalidator()} (so a booking made on Cal.com's own pages drops the slot from this client's cache), and
   * verified/rejected deliveries reach this client's listeners and {@link #stats()}; the optional replay guard and
   * maximum age read this client's clock. Add the secret(s) and build:
   *
   * <pre>{@code
   * CalcomWebhooks hooks = client.webhookReceiver().secret(System.getenv("CALCOM_WEBHOOK_SECRET")).build();
   * WebhookResult r = hooks.handle(rawBody, headers); // reply r.httpStatus()
   * }</pre>
   *
   * @return this builder
   */
  public dev.calcomclient.webhook.CalcomWebhooks.Builder webhookReceiver() {
    dev.calcomclient.webhook.CalcomWebhooks.Builder b =
        dev.calcomclient.webhook.CalcomWebhooks.builder().addListener(graph.listener).clock(graph.caller.clock());
    b.onBookingChange(graph.invalidator::apply);
    return b;
  }

  /**
   * The base URL this client talks to.
   *
   * @return the base URL this client talks to
   */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * A non-secret, stable identifier of this client's credential (hash prefix).
   *
   * @return a non-secret, stable identifier of this client's credential (hash prefix)
   */
  public String credentialId() {
    return credentialId;
  }

  /**
   * An immutable snapshot of this client's activity: calls and latency percentiles per operation, upstream
   * requests in the last 60 s against the rate limit, breaker states, coalescing savings.
   *
   * @return an immutable snapshot of this client's activity: calls and latency percentiles per operation, upstream
   *     requests in the last 60 s against the rate limit, breaker states, coalescing savings
   */
  public ClientStats stats() {
    return graph.statsRecorder.snapshot(
        graph.breakerLayer == null ? Map.of() : graph.breakerLayer.states(),
        graph.rateLimiter == null ? Optional.empty() : graph.rateLimiter.config(),
        graph.rateLimiter == null ? OptionalLong.empty() : graph.rateLimiter.availableTokens(credentialId),
        graph.rateLimiter == null ? Optional.empty() : graph.rateLimiter.pauseEnd(credentialId));
  }

  /**
   * Releases what this client created: its HTTP connection pool, dispatcher threads and scheduler (already
   * scheduled waits still complete). An OkHttp client or scheduler passed to the builder is left to its owner.
   */
  @Override
  public void close() {
    graph.close();
  }

  @Override
  public String toString() {
    return "CalcomClient{baseUrl=" + baseUrl + ", credentialId=" + credentialId + "}";
  }

  static String userAgent() {
    return "calcom-client-java/" + version() + " (Java " + System.getProperty("java.version") + ")";
  }

  static String version() {
    try (InputStream in = CalcomClient.class.getResourceAsStream("/calcom-client.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "dev");
      }
    } catch (IOException ignored) {
      // The version is informational only.
    }
    return "dev";
  }

  /**
   * Configures a {@link CalcomClient}. Every setting is checked at {@link #build()}, which says what to change.
   * The builder is not thread-safe; the client it builds is.
   */
  public static final class Builder {
    String apiKey;
    String oauthClientId;
    String oauthClientSecret;
    String baseUrl = DEFAULT_BASE_URL;
    boolean allowInsecureHttp;
    final Map<ApiResource, String> versions = new EnumMap<>(ApiResource.class);
    final Map<EndpointGroup, Duration> timeouts = new EnumMap<>(EndpointGroup.class);
    final Map<EndpointGroup, Duration> callTimeouts = new EnumMap<>(EndpointGroup.class);
    Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    OkHttpClient okHttpClient;
    Clock clock = Clock.systemUTC();
    final List<Layer> layers = new ArrayList<>();
    RateLimiter rateLimiter;
    RateLimiterConfig rateLimiterConfig;
    CircuitBreakerConfig circuitBreakerConfig = CircuitBreakerConfig.defaults();
    RetryPolicy retryPolicy = RetryPolicy.defaults();
    Coalescer coalescer;
    final List<CalcomEventListener> listeners = new ArrayList<>();
    ScheduledExecutorService scheduler;
    CacheConfig cacheConfig = CacheConfig.defaults();
    InvalidationConfig invalidationConfig = InvalidationConfig.defaults();
    long maxResponseBodyBytes = DEFAULT_MAX_RESPONSE_BODY_BYTES;
    Duration clockSkewTolerance = DEFAULT_CLOCK_SKEW_TOLERANCE;

    private Builder() {
      timeouts.putAll(DEFAULT_TIMEOUTS);
    }

    /**
     * Authenticates with an API key ({@code cal_live_...} or {@code cal_...}) as a Bearer token.
     *
     * @param apiKey the API key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Authenticates as a platform OAuth client ({@code x-cal-client-id} and {@code x-cal-secret-key}).
     *
     * @param clientId the client ID
     * @param clientSecret the client secret
     * @return this builder
     */
    public Builder oauthClient(String clientId, String clientSecret) {
      this.oauthClientId = clientId;
      this.oauthClientSecret = clientSecret;
      return this;
    }

    /**
     * The API's base URL without {@code /v2}; default {@value CalcomClient#DEFAULT_BASE_URL}.
     *
     * @param baseUrl the base URL
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Allows a plain {@code http://} base URL on a non-loopback host. Off by default: the API key would travel in
     * clear text.
     *
     * @param allow the allow
     * @return this builder
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /**
     * Overrides the {@code cal-api-version} sent for {@code resource} (for example bookings {@code 2026-02-25}).
     * Only set a version the server knows: an unknown value silently selects Cal.com's legacy controllers.
     *
     * @param resource the resource
     * @param version the version
     * @return this builder
     */
    public Builder apiVersion(ApiResource resource, String version) {
      Objects.requireNonNull(resource, "resource");
      versions.put(resource, version);
      return this;
    }

    /**
     * The per-attempt timeout for an endpoint group (defaults: slots 3 s, bookings 10 s, other 5 s). Bookings get
     * 10 s because Cal.com's create latency reaches 5 s: a tighter timeout turns slow creates into lookups and,
     * when the lookup cannot tell, {@link BookingOutcomeUnknownException}.
     *
     * @param group the group
     * @param timeout the timeout
     * @return this builder
     */
    public Builder timeout(EndpointGroup group, Duration timeout) {
      Objects.requireNonNull(group, "group");
      timeouts.put(group, timeout);
      return this;
    }

    /**
     * The overall time a call of an endpoint group may take, from the moment it is made: rate-limit waits, every
     * attempt, retries and their backoff included; its end is the call's deadline. Default: {@link
     * CalcomClient#DEFAULT_CALL_TIMEOUT_ATTEMPTS} times the group's per-attempt {@link #timeout} (slots 9 s, bookings
     * 30 s, other 15 s), following a changed per-attempt timeout. One call can set its own with {@link
     * RequestOptions.Builder#callTimeout}.
     *
     * @param group the group
     * @param callTimeout positive, at most {@link RequestOptions#MAX_DURATION}; {@code null} restores the default
     * @return this builder
     */
    public Builder callTimeout(EndpointGroup group, Duration callTimeout) {
      Objects.requireNonNull(group, "group");
      if (callTimeout == null) {
        callTimeouts.remove(group);
      } else {
        callTimeouts.put(group, callTimeout);
      }
      return this;
    }

    /**
     * The TCP/TLS connect timeout (default 5 s); ignored when an OkHttp client is supplied.
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Shares an existing OkHttp client (its connection pool and dispatcher). The client is not closed by
     * {@link CalcomClient#close()}. This client derives its own from it with redirects off (whatever the shared
     * client's setting): a redirect fails with {@link RedirectRefusedException} and the credential is never sent to
     * a host other than the base URL's.
     *
     * @param client the client
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient client) {
      this.okHttpClient = client;
      return this;
    }

    /**
     * The clock every component reads time from (default {@link Clock#systemUTC()}); tests inject their own.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Adds a custom layer just before the transport (after the built-in layers).
     *
     * @param layer the layer
     * @return this builder
     */
    public Builder addLayer(Layer layer) {
      layers.add(Objects.requireNonNull(layer, "layer"));
      return this;
    }

    /**
     * Uses {@code limiter} instead of the in-process one (for example the Redis module's, shared by every
     * instance), or {@link RateLimiter#disabled()} to send without client-side limiting. Set this or
     * {@link #rateLimiterConfig}, not both ({@link #build()} refuses both).
     *
     * @param limiter the limiter
     * @return this builder
     */
    public Builder rateLimiter(RateLimiter limiter) {
      this.rateLimiter = Objects.requireNonNull(limiter, "limiter");
      return this;
    }

    /**
     * Shapes the in-process rate limiter (default {@link RateLimiterConfig#defaults()}: 120/min, headroom 10). Set
     * this or {@link #rateLimiter}, not both ({@link #build()} refuses both).
     *
     * @param config the config
     * @return this builder
     */
    public Builder rateLimiterConfig(RateLimiterConfig config) {
      this.rateLimiterConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * Circuit breaker thresholds per endpoint group, or {@link CircuitBreakerConfig#disabled()}.
     *
     * @param config the config
     * @return this builder
     */
    public Builder circuitBreakerConfig(CircuitBreakerConfig config) {
      this.circuitBreakerConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * When failed attempts are retried (default {@link RetryPolicy#defaults()}), or {@link RetryPolicy#disabled()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * How identical in-flight reads are shared (default {@link Coalescer#local()}), or {@link Coalescer#disabled()}.
     *
     * @param coalescer the coalescer
     * @return this builder
     */
    public Builder coalescer(Coalescer coalescer) {
      this.coalescer = Objects.requireNonNull(coalescer, "coalescer");
      return this;
    }

    /**
     * Adds a listener for every stage of every call; listeners are called in the order added.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addListener(CalcomEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The scheduler that completes rate-limit waits, retry backoffs and pauses (no thread is parked per waiting
     * call). Default: one daemon thread owned and shut down by the client; a scheduler passed here is not. It must
     * run what the client schedules, on time: while it does not, calls waiting for a retry or a token do not
     * complete (a blocking call then fails after its real-time bound, see {@link CalcomClient}).
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * How slots and metadata are cached (default {@link CacheConfig#defaults()}: in-process, no shared tier), or
     * {@link CacheConfig#disabled()}. A shared {@link dev.calcomclient.cache.RemoteCache} set here is left to its
     * owner to close.
     *
     * @param config the config
     * @return this builder
     */
    public Builder cache(CacheConfig config) {
      this.cacheConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * How invalidations after bookings reach the shared tier and other instances (default
     * {@link InvalidationConfig#defaults()}: no bus). Set an {@link dev.calcomclient.invalidate.InvalidationBus} here
     * when several instances share a key.
     *
     * @param config the config
     * @return this builder
     */
    public Builder invalidation(InvalidationConfig config) {
      this.invalidationConfig = Objects.requireNonNull(config, "config");
      return this;
    }

    /**
     * The cache configuration set so far, for modules that add to it (the Redis module's {@code configure}).
     *
     * @return what {@link #cache} set, else {@link CacheConfig#defaults()}
     */
    public CacheConfig cacheConfig() {
      return cacheConfig;
    }

    /**
     * The invalidation configuration set so far, for modules that add to it (the Redis module's {@code configure}).
     *
     * @return what {@link #invalidation} set, else {@link InvalidationConfig#defaults()}
     */
    public InvalidationConfig invalidationConfig() {
      return invalidationConfig;
    }

    /**
     * The largest response body this client reads (default 16 MiB, {@link #DEFAULT_MAX_RESPONSE_BODY_BYTES}). A
     * larger answer fails with {@link ResponseTooLargeException} after reading at most this many bytes, so a
     * misbehaving server or proxy cannot fill memory.
     *
     * @param bytes at least 64 KiB
     * @return this builder
     */
    public Builder maxResponseBodyBytes(long bytes) {
      this.maxResponseBodyBytes = bytes;
      return this;
    }

    /**
     * How far in the past a booking, reschedule or reservation start may be before it is refused locally with a
     * {@link ValidationException} (default 60 s): Cal.com refuses a start in the past, and this client's clock and
     * Cal.com's may differ a little. Read from {@link #clock(Clock)}.
     *
     * @param tolerance zero or positive
     * @return this builder
     */
    public Builder clockSkewTolerance(Duration tolerance) {
      this.clockSkewTolerance = tolerance;
      return this;
    }

    /**
     * Builds the client, or throws {@link IllegalStateException} naming the setting to change.
     *
     * @return the calcom client
     */
    public CalcomClient build() {
      Credentials credentials = credentials();
      HttpUrl url = HttpUrl.parse(baseUrl == null ? "" : baseUrl);
      if (url == null) {
        throw new IllegalStateException("baseUrl must be an absolute http(s) URL, got: " + baseUrl);
      }
      if (!url.isHttps() && !allowInsecureHttp && !isLoopback(url.host())) {
        throw new IllegalStateException(
            "baseUrl uses plain http:// on a non-loopback host ("
                + url.host()
                + "); the credential would travel unencrypted. Use https://, or call allowInsecureHttp(true)"
                + " if a TLS-terminating proxy sits in between.");
      }
      if (clock == null) {
        throw new IllegalStateException("clock must not be null");
      }
      for (Map.Entry<EndpointGroup, Duration> e : timeouts.entrySet()) {
        requirePositive(e.getValue(), "timeout(" + e.getKey() + ")");
      }
      for (Map.Entry<EndpointGroup, Duration> e : callTimeouts.entrySet()) {
        requirePositive(e.getValue(), "callTimeout(" + e.getKey() + ")");
        if (e.getValue().compareTo(RequestOptions.MAX_DURATION) > 0) {
          throw new IllegalStateException(
              "callTimeout(" + e.getKey() + ") must be at most " + RequestOptions.MAX_DURATION + ", got: "
                  + e.getValue());
        }
      }
      requirePositive(connectTimeout, "connectTimeout");
      if (maxResponseBodyBytes < 64 * 1024) {
        throw new IllegalStateException(
            "maxResponseBodyBytes must be at least 65536 (64 KiB), got: " + maxResponseBodyBytes);
      }
      if (clockSkewTolerance == null || clockSkewTolerance.isNegative()) {
        throw new IllegalStateException("clockSkewTolerance must be zero or positive, got: " + clockSkewTolerance);
      }
      if (rateLimiter != null && rateLimiterConfig != null) {
        throw new IllegalStateException(
            "set either rateLimiter(...) or rateLimiterConfig(...), not both: a config only shapes the in-process"
                + " limiter");
      }
      for (Map.Entry<ApiResource, String> e : versions.entrySet()) {
        if (e.getKey() == ApiResource.UNVERSIONED && e.getValue() != null) {
          throw new IllegalStateException("UNVERSIONED endpoints take no cal-api-version");
        }
        if (e.getValue() != null && !e.getValue().matches("\\d{4}-\\d{2}-\\d{2}")) {
          throw new IllegalStateException(
              "apiVersion(" + e.getKey() + ") must look like 2024-08-13, got: " + e.getValue());
        }
      }
      return new CalcomClient(this, credentials, url);
    }

    private Credentials credentials() {
      boolean hasKey = apiKey != null;
      boolean hasOauth = oauthClientId != null || oauthClientSecret != null;
      if (hasKey && hasOauth) {
        throw new IllegalStateException("set either apiKey(...) or oauthClient(...), not both");
      }
      if (hasKey) {
        if (apiKey.isBlank()) {
          throw new IllegalStateException("apiKey must not be blank");
        }
        if (!apiKey.strip().equals(apiKey) || apiKey.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalStateException("apiKey must not contain whitespace");
        }
        return Credentials.apiKey(apiKey);
      }
      if (hasOauth) {
        if (oauthClientId == null || oauthClientId.isBlank()) {
          throw new IllegalStateException("oauthClient: clientId must not be blank");
        }
        if (oauthClientSecret == null || oauthClientSecret.isBlank()) {
          throw new IllegalStateException("oauthClient: clientSecret must not be blank");
        }
        return Credentials.oauthClient(oauthClientId, oauthClientSecret);
      }
      throw new IllegalStateException(
          "no credential: call apiKey(...) (for example from CALCOM_API_KEY) or oauthClient(id, secret)");
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalStateException(name + " must be a positive duration, got: " + d);
      }
    }

    private static boolean isLoopback(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.equals("localhost") || h.endsWith(".localhost")) {
        return true;
      }
      if (!h.matches("[0-9.]+") && !h.contains(":")) {
        return false; // never resolve names here: build() must not do network I/O
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }

    @Override
    public String toString() {
      return "CalcomClient.Builder{baseUrl=" + baseUrl + ", auth=" + (apiKey != null ? "apiKey" : "oauth") + "}";
    }
  }
}
