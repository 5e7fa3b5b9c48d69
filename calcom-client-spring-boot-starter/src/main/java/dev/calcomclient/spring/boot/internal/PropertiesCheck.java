package dev.calcomclient.spring.boot.internal;

import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.spring.boot.CalcomProperties;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks {@link CalcomProperties} before anything is built. Each problem is one message that starts with the
 * property's name. Messages never contain a secret: the API key, OAuth secret, webhook secrets and the Redis URL
 * (which may carry a password) are described, never quoted.
 */
public final class PropertiesCheck {
  private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern REDIS_SCHEME =
      Pattern.compile("(?i)(redis|rediss|redis-sentinel|rediss-sentinel|redis-socket|rediss?-cluster)://.+");

  private final CalcomProperties p;
  private final List<String> problems = new ArrayList<>();

  /**
   * @param properties the bound properties
   */
  public PropertiesCheck(CalcomProperties properties) {
    this.p = properties;
  }

  /**
   * @return the problems found, each naming its property; empty when the properties are fine
   */
  public List<String> problems() {
    problems.clear();
    credential();
    baseUrl();
    versions();
    timeouts();
    ClientSettings settings = new ClientSettings(p);
    if (p.getRateLimit().isEnabled()) {
      core("calcom.rate-limit", settings::rateLimiterConfig);
    }
    core("calcom.circuit-breaker", settings::circuitBreakerConfig);
    core("calcom.retry", settings::retryPolicy);
    core("calcom.cache", settings::cacheConfig);
    core("calcom.invalidation", settings::invalidationConfig);
    redis();
    webhooks();
    return List.copyOf(problems);
  }

  private void credential() {
    String key = p.getApiKey();
    String id = p.getOauth().getClientId();
    String secret = p.getOauth().getClientSecret();
    if (key != null && (id != null || secret != null)) {
      problems.add("calcom.api-key and calcom.oauth.* are both set: configure one credential");
      return;
    }
    if (key != null) {
      if (key.isBlank()) {
        problems.add("calcom.api-key is blank");
      } else if (key.chars().anyMatch(Character::isWhitespace)) {
        problems.add("calcom.api-key contains whitespace (the value is not shown)");
      }
    } else if (id != null || secret != null) {
      if (id == null || id.isBlank()) {
        problems.add("calcom.oauth.client-id must be set with calcom.oauth.client-secret");
      }
      if (secret == null || secret.isBlank()) {
        problems.add("calcom.oauth.client-secret must be set with calcom.oauth.client-id");
      }
    }
  }

  private void baseUrl() {
    String url = p.getBaseUrl();
    if (url == null) {
      return;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      problems.add("calcom.base-url is not a URL: " + url);
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      problems.add("calcom.base-url must be an absolute http(s) URL, got: " + url);
    } else if (uri.getUserInfo() != null) {
      problems.add("calcom.base-url must not carry credentials; use calcom.api-key");
    } else if (scheme.equals("http") && !p.isAllowInsecureHttp() && !isLoopback(uri.getHost())) {
      problems.add(
          "calcom.base-url uses plain http:// on a non-loopback host ("
              + uri.getHost()
              + "): the credential would travel unencrypted. Use https://, or set calcom.allow-insecure-http=true"
              + " behind a TLS-terminating proxy");
    }
  }

  private void versions() {
    for (Map.Entry<ApiResource, String> e : p.getApiVersions().entrySet()) {
      String name = ClientSettings.versionProperty(e.getKey());
      if (e.getKey() == ApiResource.UNVERSIONED) {
        problems.add(name + ": unversioned endpoints take no cal-api-version");
      } else if (e.getValue() == null || !VERSION.matcher(e.getValue()).matches()) {
        problems.add(name + " must look like 2024-08-13, got: " + e.getValue());
      }
    }
  }

  private void timeouts() {
    for (Map.Entry<EndpointGroup, Duration> e : p.getTimeouts().entrySet()) {
      positive(ClientSettings.timeoutProperty(e.getKey()), e.getValue());
    }
    for (Map.Entry<EndpointGroup, Duration> e : p.getCallTimeouts().entrySet()) {
      positive(ClientSettings.callTimeoutProperty(e.getKey()), e.getValue());
    }
    if (p.getConnectTimeout() != null) {
      positive("calcom.connect-timeout", p.getConnectTimeout());
    }
  }

  private void redis() {
    CalcomProperties.Redis r = p.getRedis();
    if (r.getUrl() == null) {
      return;
    }
    if (!REDIS_SCHEME.matcher(r.getUrl()).matches()) {
      problems.add(
          "calcom.redis.url must start with redis://, rediss://, redis-sentinel:// or redis-cluster:// (the value is"
              + " not shown: it may hold a password)");
    }
    if (r.getExpectedInstances() == null) {
      problems.add(
          "calcom.redis.expected-instances must be set with calcom.redis.url: how many instances share the key"
              + " (each may send its share of the budget while Redis is down)");
    } else if (r.getExpectedInstances() < 1) {
      problems.add("calcom.redis.expected-instances must be at least 1, got: " + r.getExpectedInstances());
    }
    if (r.getCommandTimeout() != null) {
      positive("calcom.redis.command-timeout", r.getCommandTimeout());
    }
    if (r.getConnectTimeout() != null) {
      positive("calcom.redis.connect-timeout", r.getConnectTimeout());
    }
  }

  private void webhooks() {
    CalcomProperties.Webhooks w = p.getWebhooks();
    if (!w.isEnabled()) {
      return;
    }
    if (w.getSecrets().isEmpty()) {
      problems.add(
          "calcom.webhooks.secrets must hold the webhook's secret when calcom.webhooks.enabled=true (unsigned"
              + " deliveries are refused)");
    }
    for (int i = 0; i < w.getSecrets().size(); i++) {
      String s = w.getSecrets().get(i);
      if (s == null || s.isBlank()) {
        problems.add("calcom.webhooks.secrets[" + i + "] is blank");
      }
    }
    if (w.getPath() == null || !w.getPath().startsWith("/") || w.getPath().contains("*")) {
      problems.add("calcom.webhooks.path must be a literal path starting with /, got: " + w.getPath());
    }
    if (w.getReplayWindow() != null) {
      positive("calcom.webhooks.replay-window", w.getReplayWindow());
    }
    if (w.getMaxDeliveryAge() != null) {
      positive("calcom.webhooks.max-delivery-age", w.getMaxDeliveryAge());
    }
    long max = w.getMaxBodySize() == null ? -1 : w.getMaxBodySize().toBytes();
    if (max < 1 || max > Integer.MAX_VALUE - 1) {
      problems.add("calcom.webhooks.max-body-size must be between 1B and 2GB, got: " + w.getMaxBodySize());
    }
  }

  private void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      problems.add(name + " must be a positive duration, got: " + d);
    }
  }

  /** Runs a core builder; its message names the builder setting, prefixed here with the property group. */
  private void core(String group, Supplier<?> build) {
    try {
      build.get();
    } catch (IllegalStateException | IllegalArgumentException | NullPointerException e) {
      problems.add(group + ".*: " + e.getMessage());
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }
}
