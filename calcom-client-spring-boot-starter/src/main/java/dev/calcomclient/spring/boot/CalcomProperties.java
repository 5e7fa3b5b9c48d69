package dev.calcomclient.spring.boot;

import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The calcom.* properties. Settings left unset keep the core's defaults (named in each description), so the
 * core stays the one place that decides them. Checked when the context starts ({@link #validate}): a wrong value
 * stops start-up with a message that names the property and never repeats a secret.
 */
@ConfigurationProperties(prefix = CalcomProperties.PREFIX)
public class CalcomProperties implements Validator {
  /** The prefix of every property. */
  public static final String PREFIX = "calcom";

  /** The Cal.com API key (cal_live_...); set this or calcom.oauth.*. Never logged. */
  private String apiKey;

  /** The API's base URL without /v2 (default https://api.cal.com). */
  private String baseUrl;

  /** Allows a plain http:// base URL on a non-loopback host (default false: the key would travel in clear). */
  private boolean allowInsecureHttp;

  /** The cal-api-version per resource (slots, bookings, event-types, schedules); unset keeps the core's. */
  private final Map<ApiResource, String> apiVersions = new EnumMap<>(ApiResource.class);

  /** The per-attempt timeout per endpoint group (slots 3s, bookings 10s, other 5s). */
  private final Map<EndpointGroup, Duration> timeouts = new EnumMap<>(EndpointGroup.class);

  /**
   * The overall time a call may take per endpoint group, token waits and retries included (default 3 times the
   * per-attempt timeout: slots 9s, bookings 30s, other 15s); one call can set its own with RequestOptions.
   */
  private final Map<EndpointGroup, Duration> callTimeouts = new EnumMap<>(EndpointGroup.class);

  /** The TCP/TLS connect timeout (default 5s). */
  private Duration connectTimeout;

  private final OAuth oauth = new OAuth();
  private final RateLimit rateLimit = new RateLimit();
  private final CircuitBreaker circuitBreaker = new CircuitBreaker();
  private final Retry retry = new Retry();
  private final Cache cache = new Cache();
  private final Invalidation invalidation = new Invalidation();
  private final Redis redis = new Redis();
  private final Webhooks webhooks = new Webhooks();

  /** @return the API key, or null */
  public String getApiKey() {
    return apiKey;
  }

  /** @param apiKey the API key */
  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  /** @return the base URL, or null for the core's default */
  public String getBaseUrl() {
    return baseUrl;
  }

  /** @param baseUrl the base URL */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** @return whether plain http is allowed on any host */
  public boolean isAllowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** @param allowInsecureHttp whether plain http is allowed on any host */
  public void setAllowInsecureHttp(boolean allowInsecureHttp) {
    this.allowInsecureHttp = allowInsecureHttp;
  }

  /** @return the API versions set, by resource */
  public Map<ApiResource, String> getApiVersions() {
    return apiVersions;
  }

  /** @return the timeouts set, by endpoint group */
  public Map<EndpointGroup, Duration> getTimeouts() {
    return timeouts;
  }

  /** @return the call timeouts set, by endpoint group */
  public Map<EndpointGroup, Duration> getCallTimeouts() {
    return callTimeouts;
  }

  /** @return the connect timeout, or null */
  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  /** @param connectTimeout the connect timeout */
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  /** @return the OAuth client settings */
  public OAuth getOauth() {
    return oauth;
  }

  /** @return the rate limiter settings */
  public RateLimit getRateLimit() {
    return rateLimit;
  }

  /** @return the circuit breaker settings */
  public CircuitBreaker getCircuitBreaker() {
    return circuitBreaker;
  }

  /** @return the retry settings */
  public Retry getRetry() {
    return retry;
  }

  /** @return the cache settings */
  public Cache getCache() {
    return cache;
  }

  /** @return the invalidation settings */
  public Invalidation getInvalidation() {
    return invalidation;
  }

  /** @return the Redis settings */
  public Redis getRedis() {
    return redis;
  }

  /** @return the webhook endpoint settings */
  public Webhooks getWebhooks() {
    return webhooks;
  }

  /** Whether a credential (API key or OAuth client) is configured at all. */
  boolean hasCredential() {
    return apiKey != null || oauth.clientId != null || oauth.clientSecret != null;
  }

  @Override
  public boolean supports(Class<?> type) {
    return CalcomProperties.class.isAssignableFrom(type);
  }

  /**
   * Checks the properties (run by Boot when it binds them). Errors are global errors whose message names the
   * property: Boot's failure report then prints no rejected value, so no secret reaches the console.
   *
   * @param target this object
   * @param errors where the problems go
   */
  @Override
  public void validate(Object target, Errors errors) {
    new dev.calcomclient.spring.boot.internal.PropertiesCheck((CalcomProperties) target)
        .problems()
        .forEach(message -> errors.reject("calcom.invalid", message));
  }

  /** calcom.oauth.*: a platform OAuth client instead of an API key. */
  public static class OAuth {
    /** The OAuth client id (x-cal-client-id). */
    private String clientId;

    /** The OAuth client secret (x-cal-secret-key). Never logged. */
    private String clientSecret;

    /** @return the client id, or null */
    public String getClientId() {
      return clientId;
    }

    /** @param clientId the client id */
    public void setClientId(String clientId) {
      this.clientId = clientId;
    }

    /** @return the client secret, or null */
    public String getClientSecret() {
      return clientSecret;
    }

    /** @param clientSecret the client secret */
    public void setClientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
    }
  }

  /** calcom.rate-limit.*: the client-side limiter (shared through Redis when calcom.redis.url is set). */
  public static class RateLimit {
    /** Whether the client limits its own rate (default true); false sends without waiting. */
    private boolean enabled = true;

    /** Cal.com's limit per window (default 120). */
    private Integer limit;

    /** The window of the limit (default 60s). */
    private Duration window;

    /** Requests per window kept unused as a safety margin (default 10). */
    private Integer headroom;

    /**
     * The base of the background reserve and pace (default 20; RateLimiterConfig.burstCapacity): background work
     * leaves {@code burst x background-reserve} tokens to callers and sends at most {@code burst - reserve} at once.
     * Callers are not bound by it: the whole budget may go at once after a quiet minute.
     */
    private Integer burst;

    /** The fraction of {@code burst} kept for interactive and standard calls (default 0.5: 10 tokens). */
    private Double backgroundReserve;

    /**
     * The longest a call waits for a token, per lane (interactive 2s, standard 1s, batch until the call's deadline;
     * background never waits).
     */
    private final Map<Priority, Duration> laneWaits = new EnumMap<>(Priority.class);

    /** @return whether the limiter is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the limiter is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the limit, or null */
    public Integer getLimit() {
      return limit;
    }

    /** @param limit the limit */
    public void setLimit(Integer limit) {
      this.limit = limit;
    }

    /** @return the window, or null */
    public Duration getWindow() {
      return window;
    }

    /** @param window the window */
    public void setWindow(Duration window) {
      this.window = window;
    }

    /** @return the headroom, or null */
    public Integer getHeadroom() {
      return headroom;
    }

    /** @param headroom the headroom */
    public void setHeadroom(Integer headroom) {
      this.headroom = headroom;
    }

    /** @return the burst capacity, or null */
    public Integer getBurst() {
      return burst;
    }

    /** @param burst the burst capacity */
    public void setBurst(Integer burst) {
      this.burst = burst;
    }

    /** @return the background reserve, or null */
    public Double getBackgroundReserve() {
      return backgroundReserve;
    }

    /** @param backgroundReserve the background reserve */
    public void setBackgroundReserve(Double backgroundReserve) {
      this.backgroundReserve = backgroundReserve;
    }

    /** @return the lane waits set */
    public Map<Priority, Duration> getLaneWaits() {
      return laneWaits;
    }
  }

  /** calcom.circuit-breaker.*: one breaker per endpoint group. */
  public static class CircuitBreaker {
    /** Whether breakers are on (default true). */
    private boolean enabled = true;

    /** Consecutive failures that open a breaker (default 5). */
    private Integer failureThreshold;

    /** How long a breaker stays open before a trial call (default 60s). */
    private Duration openDuration;

    /** Successful trial calls that close it again (default 2). */
    private Integer successThreshold;

    /** @return whether breakers are on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether breakers are on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the failure threshold, or null */
    public Integer getFailureThreshold() {
      return failureThreshold;
    }

    /** @param failureThreshold the failure threshold */
    public void setFailureThreshold(Integer failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    /** @return the open duration, or null */
    public Duration getOpenDuration() {
      return openDuration;
    }

    /** @param openDuration the open duration */
    public void setOpenDuration(Duration openDuration) {
      this.openDuration = openDuration;
    }

    /** @return the success threshold, or null */
    public Integer getSuccessThreshold() {
      return successThreshold;
    }

    /** @param successThreshold the success threshold */
    public void setSuccessThreshold(Integer successThreshold) {
      this.successThreshold = successThreshold;
    }
  }

  /** calcom.retry.*: safe retries (GETs; mutations only when nothing was sent). */
  public static class Retry {
    /** Whether failed attempts are retried (default true). */
    private boolean enabled = true;

    /** Retries after the first attempt (default 2). */
    private Integer maxRetries;

    /** The first backoff before full jitter (default 200ms). */
    private Duration baseBackoff;

    /** The longest backoff (default 2s). */
    private Duration maxBackoff;

    /** @return whether retries are on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether retries are on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the retries, or null */
    public Integer getMaxRetries() {
      return maxRetries;
    }

    /** @param maxRetries the retries */
    public void setMaxRetries(Integer maxRetries) {
      this.maxRetries = maxRetries;
    }

    /** @return the base backoff, or null */
    public Duration getBaseBackoff() {
      return baseBackoff;
    }

    /** @param baseBackoff the base backoff */
    public void setBaseBackoff(Duration baseBackoff) {
      this.baseBackoff = baseBackoff;
    }

    /** @return the longest backoff, or null */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /** @param maxBackoff the longest backoff */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }
  }

  /** calcom.cache.*: the slot cache (L1 in process; L2 in Redis when calcom.redis.url is set). */
  public static class Cache {
    /** Whether slots and metadata are cached (default true). */
    private boolean enabled = true;

    /** The most (event type, day) entries in L1 (default 10000). */
    private Long l1MaxEntries;

    /** How long a 404 is remembered (default 10s). */
    private Duration negativeTtl;

    /** How long event types, schedules and me are cached (default 15m). */
    private Duration metadataTtl;

    /** How long past its TTL a day may be served while Cal.com fails (default 5m); 0 switches it off. */
    private Duration staleIfError;

    /**
     * How long past its TTL a day may be served when no rate-limit token comes in time (default 5m); 0 switches it
     * off.
     */
    private Duration staleIfOverloaded;

    /**
     * How many UTC days one upstream slot request covers, in blocks aligned to ISO weeks (default 14, 1 to 31); 1
     * fetches only the days a read needs.
     */
    private Integer fetchBlockDays;

    /**
     * How long a round-robin day patched conservatively after a booking is served as patched before a read fetches
     * it again (default 30s); 0 fetches it on the first read after each booking.
     */
    private Duration conservativePatchRefreshAfter;

    /** The prefix of cache keys (default calcom:v1). */
    private String keyPrefix;

    private final Ttl ttl = new Ttl();

    /** @return whether caching is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether caching is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the L1 maximum, or null */
    public Long getL1MaxEntries() {
      return l1MaxEntries;
    }

    /** @param l1MaxEntries the L1 maximum */
    public void setL1MaxEntries(Long l1MaxEntries) {
      this.l1MaxEntries = l1MaxEntries;
    }

    /** @return the negative TTL, or null */
    public Duration getNegativeTtl() {
      return negativeTtl;
    }

    /** @param negativeTtl the negative TTL */
    public void setNegativeTtl(Duration negativeTtl) {
      this.negativeTtl = negativeTtl;
    }

    /** @return the metadata TTL, or null */
    public Duration getMetadataTtl() {
      return metadataTtl;
    }

    /** @param metadataTtl the metadata TTL */
    public void setMetadataTtl(Duration metadataTtl) {
      this.metadataTtl = metadataTtl;
    }

    /** @return the stale-if-error limit, or null */
    public Duration getStaleIfError() {
      return staleIfError;
    }

    /** @param staleIfError the stale-if-error limit */
    public void setStaleIfError(Duration staleIfError) {
      this.staleIfError = staleIfError;
    }

    /** @return the stale-if-overloaded limit, or null */
    public Duration getStaleIfOverloaded() {
      return staleIfOverloaded;
    }

    /** @param staleIfOverloaded the stale-if-overloaded limit */
    public void setStaleIfOverloaded(Duration staleIfOverloaded) {
      this.staleIfOverloaded = staleIfOverloaded;
    }

    /** @return the fetch block length in days, or null */
    public Integer getFetchBlockDays() {
      return fetchBlockDays;
    }

    /** @param fetchBlockDays the fetch block length in days */
    public void setFetchBlockDays(Integer fetchBlockDays) {
      this.fetchBlockDays = fetchBlockDays;
    }

    /** @return the delay before a conservatively patched day is fetched again, or null */
    public Duration getConservativePatchRefreshAfter() {
      return conservativePatchRefreshAfter;
    }

    /** @param conservativePatchRefreshAfter the delay before a conservatively patched day is fetched again */
    public void setConservativePatchRefreshAfter(Duration conservativePatchRefreshAfter) {
      this.conservativePatchRefreshAfter = conservativePatchRefreshAfter;
    }

    /** @return the key prefix, or null */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /** @param keyPrefix the key prefix */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** @return the TTLs of slot days */
    public Ttl getTtl() {
      return ttl;
    }
  }

  /** calcom.cache.ttl.*: the adaptive TTL of one event type's slots on one day. */
  public static class Ttl {
    /** Days in the past (default 1h). */
    private Duration pastDay;

    /** Days without a free slot (default 120s). */
    private Duration emptyDay;

    /** Other days (default 300s). */
    private Duration standard;

    /** @return the past-day TTL, or null */
    public Duration getPastDay() {
      return pastDay;
    }

    /** @param pastDay the past-day TTL */
    public void setPastDay(Duration pastDay) {
      this.pastDay = pastDay;
    }

    /** @return the empty-day TTL, or null */
    public Duration getEmptyDay() {
      return emptyDay;
    }

    /** @param emptyDay the empty-day TTL */
    public void setEmptyDay(Duration emptyDay) {
      this.emptyDay = emptyDay;
    }

    /** @return the standard TTL, or null */
    public Duration getStandard() {
      return standard;
    }

    /** @param standard the standard TTL */
    public void setStandard(Duration standard) {
      this.standard = standard;
    }
  }

  /** calcom.invalidation.*: how invalidations after bookings reach L2 and other instances. */
  public static class Invalidation {
    /** Distinct tags that may wait for delivery before the excess is dropped and peers flush (default 10000). */
    private Integer queueCapacity;

    /** The first retry backoff of a failed delivery (default 10ms). */
    private Duration retryMin;

    /** The longest retry backoff (default 1s). */
    private Duration retryMax;

    /** How many days ahead an event-type invalidation reaches (default 92). */
    private Integer horizonDays;

    /** @return the queue capacity, or null */
    public Integer getQueueCapacity() {
      return queueCapacity;
    }

    /** @param queueCapacity the queue capacity */
    public void setQueueCapacity(Integer queueCapacity) {
      this.queueCapacity = queueCapacity;
    }

    /** @return the first retry backoff, or null */
    public Duration getRetryMin() {
      return retryMin;
    }

    /** @param retryMin the first retry backoff */
    public void setRetryMin(Duration retryMin) {
      this.retryMin = retryMin;
    }

    /** @return the longest retry backoff, or null */
    public Duration getRetryMax() {
      return retryMax;
    }

    /** @param retryMax the longest retry backoff */
    public void setRetryMax(Duration retryMax) {
      this.retryMax = retryMax;
    }

    /** @return the horizon in days, or null */
    public Integer getHorizonDays() {
      return horizonDays;
    }

    /** @param horizonDays the horizon in days */
    public void setHorizonDays(Integer horizonDays) {
      this.horizonDays = horizonDays;
    }
  }

  /** calcom.redis.*: one rate budget, L2, invalidation bus and coalescing across instances. */
  public static class Redis {
    /**
     * The Redis URI: redis://, rediss://, redis-sentinel://host:port,host:port/#master or
     * redis-cluster://host:port,host:port. Unset: no Redis. A password in it is never logged.
     */
    private String url;

    /** The prefix of Redis keys and channels (default calcom). */
    private String keyPrefix;

    /**
     * How many instances share the key (required with calcom.redis.url): while Redis is down each may send its
     * share, budget / instances.
     */
    private Integer expectedInstances;

    /** How long a Redis command may take (default 500ms). */
    private Duration commandTimeout;

    /** How long a (re)connection may take (default 2s). */
    private Duration connectTimeout;

    /** @return the URI, or null */
    public String getUrl() {
      return url;
    }

    /** @param url the URI */
    public void setUrl(String url) {
      this.url = url;
    }

    /** @return the key prefix, or null */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /** @param keyPrefix the key prefix */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /** @return the expected instances, or null */
    public Integer getExpectedInstances() {
      return expectedInstances;
    }

    /** @param expectedInstances the expected instances */
    public void setExpectedInstances(Integer expectedInstances) {
      this.expectedInstances = expectedInstances;
    }

    /** @return the command timeout, or null */
    public Duration getCommandTimeout() {
      return commandTimeout;
    }

    /** @param commandTimeout the command timeout */
    public void setCommandTimeout(Duration commandTimeout) {
      this.commandTimeout = commandTimeout;
    }

    /** @return the connect timeout, or null */
    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }
  }

  /** calcom.webhooks.*: the webhook endpoint. */
  public static class Webhooks {
    /** Whether the endpoint is served (default false). */
    private boolean enabled;

    /** Where it is served. */
    private String path = "/calcom/webhooks";

    /** The webhook secrets (several during a rotation). Never logged. */
    private List<String> secrets = new ArrayList<>();

    /** The largest body accepted; larger ones are answered 413 without being read whole. */
    private DataSize maxBodySize = DataSize.ofMegabytes(1);

    /**
     * Replay guard: how long an accepted delivery is remembered; the same delivery again within it is answered 200
     * and acts on nothing (no invalidation, no event). Unset: off.
     */
    private Duration replayWindow;

    /**
     * Refuses (400) deliveries whose createdAt is further than this from now: a captured delivery replayed later.
     * Leave minutes for Cal.com's delivery delays and clock differences. Unset: off.
     */
    private Duration maxDeliveryAge;

    /** @return whether the endpoint is on */
    public boolean isEnabled() {
      return enabled;
    }

    /** @param enabled whether the endpoint is on */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** @return the path */
    public String getPath() {
      return path;
    }

    /** @param path the path */
    public void setPath(String path) {
      this.path = path;
    }

    /** @return the secrets */
    public List<String> getSecrets() {
      return secrets;
    }

    /** @param secrets the secrets */
    public void setSecrets(List<String> secrets) {
      this.secrets = secrets;
    }

    /** @return the body limit */
    public DataSize getMaxBodySize() {
      return maxBodySize;
    }

    /** @param maxBodySize the body limit */
    public void setMaxBodySize(DataSize maxBodySize) {
      this.maxBodySize = maxBodySize;
    }

    /** @return the replay guard's window, or null when off */
    public Duration getReplayWindow() {
      return replayWindow;
    }

    /** @param replayWindow the replay guard's window */
    public void setReplayWindow(Duration replayWindow) {
      this.replayWindow = replayWindow;
    }

    /** @return the oldest delivery accepted, or null when off */
    public Duration getMaxDeliveryAge() {
      return maxDeliveryAge;
    }

    /** @param maxDeliveryAge the oldest delivery accepted */
    public void setMaxDeliveryAge(Duration maxDeliveryAge) {
      this.maxDeliveryAge = maxDeliveryAge;
    }
  }
}
