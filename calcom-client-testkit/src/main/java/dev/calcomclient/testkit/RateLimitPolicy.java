package dev.calcomclient.testkit;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link FakeCalcom} throttles, emulating Cal.com's {@code CustomThrottlerGuard} ({@code @nestjs/throttler} 6
 * with Redis storage): each credential has a fixed window of {@link #window()} (60 s) that starts at its first
 * request; every request counts; the request that exceeds the limit is answered 429 ({@code ThrottlerException})
 * and blocks the credential for {@link #blockDuration()} (60 s), during which every request is answered 429 even
 * after the window has ended. When the block ends, a new window starts.
 *
 * <p>Credentials are tracked as Cal.com tracks them: an API key ({@code Bearer cal_...}) as {@code api_key_<sha256>},
 * another bearer token as {@code access_token_<sha256>}, an OAuth client ({@code x-cal-client-id}) as
 * {@code oauth_client_<sha256>}, anything else by client address as {@code ip_<address>}. Limits per kind default
 * to Cal.com's (API key 120, OAuth client 500, access token 500, anonymous 120 per window); a single credential can
 * be given its own limit with {@link #withLimit(String, int)} (Cal.com's per-key {@code RateLimit} rows).
 *
 * <p>Durations are in simulated time: with {@code FakeCalcom.Builder.timeScale(60)} a 60 s window lasts 1 s of
 * clock time, while the {@code X-RateLimit-Reset-Default} header still counts simulated seconds.
 *
 * <p>Instances are immutable; {@code with...} methods return copies.
 */
public final class RateLimitPolicy {

  /** The kind of credential a request is tracked by. */
  public enum CredentialKind {
    /** {@code Authorization: Bearer cal_...} (the key prefix Cal.com uses by default). */
    API_KEY,
    /** Any other bearer token (managed-user or OAuth access token). */
    ACCESS_TOKEN,
    /** {@code x-cal-client-id} without a bearer token. */
    OAUTH_CLIENT,
    /** No credential: tracked by client address ({@code cf-connecting-ip}, else the socket's address). */
    ANONYMOUS
  }

  private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

  private final boolean enabled;
  private final Map<CredentialKind, Integer> kindLimits;
  private final Map<String, Integer> credentialLimits;
  private final Duration window;
  private final Duration blockDuration;

  private RateLimitPolicy(boolean enabled, Map<CredentialKind, Integer> kindLimits,
      Map<String, Integer> credentialLimits, Duration window, Duration blockDuration) {
    this.enabled = enabled;
    this.kindLimits = kindLimits;
    this.credentialLimits = credentialLimits;
    this.window = window;
    this.blockDuration = blockDuration;
  }

  /**
   * Cal.com's defaults: 120 per 60 s for API keys and anonymous callers, 500 for OAuth clients and tokens.
   *
   * @return Cal.com's defaults: 120 per 60 s for API keys and anonymous callers, 500 for OAuth clients and tokens
   */
  public static RateLimitPolicy calcomDefaults() {
    Map<CredentialKind, Integer> limits = new EnumMap<>(CredentialKind.class);
    limits.put(CredentialKind.API_KEY, 120);
    limits.put(CredentialKind.ACCESS_TOKEN, 500);
    limits.put(CredentialKind.OAUTH_CLIENT, 500);
    limits.put(CredentialKind.ANONYMOUS, 120);
    return new RateLimitPolicy(true, limits, Map.of(), DEFAULT_WINDOW, DEFAULT_WINDOW);
  }

  /**
   * No throttling and no rate-limit headers (requests are still counted for {@link RateLimitUsage}).
   *
   * @return no throttling and no rate-limit headers (requests are still counted for {@link RateLimitUsage})
   */
  public static RateLimitPolicy disabled() {
    RateLimitPolicy d = calcomDefaults();
    return new RateLimitPolicy(false, d.kindLimits, d.credentialLimits, d.window, d.blockDuration);
  }

  /**
   * A copy with the default limit per window for one kind of credential.
   *
   * @param kind the kind
   * @param limit the limit
   * @return a copy with the default limit per window for one kind of credential
   */
  public RateLimitPolicy withDefaultLimit(CredentialKind kind, int limit) {
    Objects.requireNonNull(kind, "kind");
    requirePositive(limit, "limit");
    Map<CredentialKind, Integer> limits = new EnumMap<>(kindLimits);
    limits.put(kind, limit);
    return new RateLimitPolicy(enabled, limits, credentialLimits, window, blockDuration);
  }

  /**
   * A copy where one credential has its own limit per window. {@code credential} is the raw API key or access
   * token (without {@code Bearer }) or the OAuth client id; the fake keeps only its hash.
   *
   * @param credential the credential
   * @param limit the limit
   * @return a copy where one credential has its own limit per window
   */
  public RateLimitPolicy withLimit(String credential, int limit) {
    if (credential == null || credential.isBlank()) {
      throw new IllegalArgumentException("credential must be an API key, access token or OAuth client id");
    }
    requirePositive(limit, "limit");
    Map<String, Integer> limits = new LinkedHashMap<>(credentialLimits);
    limits.put(credential, limit);
    return new RateLimitPolicy(enabled, kindLimits, Map.copyOf(limits), window, blockDuration);
  }

  /**
   * A copy with another window length (Cal.com: 60 s), in simulated time.
   *
   * @param window the window
   * @return a copy with another window length (Cal.com: 60 s), in simulated time
   */
  public RateLimitPolicy withWindow(Duration window) {
    requirePositive(window, "window");
    return new RateLimitPolicy(enabled, kindLimits, credentialLimits, window, blockDuration);
  }

  /**
   * A copy with another block duration after a violation (Cal.com: 60 s), in simulated time.
   *
   * @param blockDuration the block duration
   * @return a copy with another block duration after a violation (Cal.com: 60 s), in simulated time
   */
  public RateLimitPolicy withBlockDuration(Duration blockDuration) {
    requirePositive(blockDuration, "blockDuration");
    return new RateLimitPolicy(enabled, kindLimits, credentialLimits, window, blockDuration);
  }

  /**
   * Whether requests are throttled at all.
   *
   * @return whether requests are throttled at all
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * The default limit per window for a kind of credential.
   *
   * @param kind the kind
   * @return the default limit per window for a kind of credential
   */
  public int defaultLimit(CredentialKind kind) {
    return kindLimits.get(kind);
  }

  /**
   * Raw credential → its own limit.
   *
   * @return raw credential → its own limit
   */
  public Map<String, Integer> credentialLimits() {
    return credentialLimits;
  }

  /**
   * The counting window.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * How long a credential stays blocked after exceeding its limit.
   *
   * @return the block duration
   */
  public Duration blockDuration() {
    return blockDuration;
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
  }

  @Override
  public String toString() {
    return "RateLimitPolicy{enabled=" + enabled + ", limits=" + kindLimits + ", perCredential="
        + credentialLimits.size() + ", window=" + window + ", block=" + blockDuration + "}";
  }
}
