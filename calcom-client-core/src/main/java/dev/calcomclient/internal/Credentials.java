package dev.calcomclient.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import okhttp3.Request;

/**
 * The credential a client authenticates with. Holds the secret, applies it to outgoing requests, and exposes
 * only a hash ({@link #id()}) to everything else. {@link #toString()} never reveals the secret.
 *
 * <p>Module boundary: used by calcom-client-redis's tests; not an API.
 */
public final class Credentials {
  private final String apiKey;
  private final String clientId;
  private final String clientSecret;
  private final String id;
  private final Redactor redactor;

  private Credentials(String apiKey, String clientId, String clientSecret, String idSource) {
    this.apiKey = apiKey;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.id = hash(idSource);
    this.redactor = Redactor.of(java.util.Arrays.asList(apiKey, clientSecret));
  }

  /** An API key sent as {@code Authorization: Bearer}. */
  public static Credentials apiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    return new Credentials(apiKey, null, null, "api_key:" + apiKey);
  }

  /** A platform OAuth client sent as {@code x-cal-client-id} and {@code x-cal-secret-key}. */
  public static Credentials oauthClient(String clientId, String clientSecret) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    return new Credentials(null, clientId, clientSecret, "oauth_client:" + clientId);
  }

  /** A stable non-secret identifier: the first 16 hex digits of SHA-256 over the credential. */
  public String id() {
    return id;
  }

  /** Whether this is an API key (as opposed to an OAuth client). */
  public boolean isApiKey() {
    return apiKey != null;
  }

  /** Adds the authentication headers to {@code builder}. */
  public void apply(Request.Builder builder) {
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    } else {
      builder.header("x-cal-client-id", clientId);
      builder.header("x-cal-secret-key", clientSecret);
    }
  }

  /**
   * Removes every occurrence of the secret, and anything shaped like a Cal.com key, from {@code text} (defence in
   * depth for messages).
   */
  public String redact(String text) {
    return redactor.redact(text);
  }

  /** The redactor that knows this credential's secret. */
  public Redactor redactor() {
    return redactor;
  }

  /** The scheme, host and port requests of this credential may go to; other origins never see it. */
  public static boolean sameOrigin(okhttp3.HttpUrl a, okhttp3.HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return apiKey != null ? "Credentials{apiKey, id=" + id + "}" : "Credentials{oauthClient, id=" + id + "}";
  }
}
