package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.RateLimitPolicy.CredentialKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The identity Cal.com's throttler counts a request against ({@code CustomThrottlerGuard.getTracker}): a hashed API
 * key, access token or OAuth client id, else the client address. The raw credential is never kept.
 *
 * @param id   e.g. {@code api_key_9f86d0...}
 * @param kind which default limit applies
 */
public record Tracker(String id, CredentialKind kind) {

  /** Identifies a request by its headers (names lower-case) and the client's socket address. */
  public static Tracker of(Map<String, List<String>> headers, String remoteAddress) {
    String authorization = first(headers, "authorization");
    if (authorization != null) {
      String token = authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : authorization.trim();
      if (!token.isEmpty()) {
        return bearer(token);
      }
    }
    String clientId = first(headers, "x-cal-client-id");
    if (clientId != null && !clientId.isBlank()) {
      return oauthClient(clientId.trim());
    }
    String ip = first(headers, "cf-connecting-ip");
    return anonymous(ip != null && !ip.isBlank() ? ip.trim() : remoteAddress);
  }

  /** A bearer token: an API key when it has Cal.com's default prefix {@code cal_}, else an access token. */
  public static Tracker bearer(String token) {
    return token.startsWith("cal_")
        ? new Tracker("api_key_" + sha256(token), CredentialKind.API_KEY)
        : new Tracker("access_token_" + sha256(token), CredentialKind.ACCESS_TOKEN);
  }

  public static Tracker oauthClient(String clientId) {
    return new Tracker("oauth_client_" + sha256(clientId), CredentialKind.OAUTH_CLIENT);
  }

  public static Tracker anonymous(String address) {
    return new Tracker("ip_" + (address == null ? "unknown" : address), CredentialKind.ANONYMOUS);
  }

  /** The trackers a raw credential could be counted under (a bearer token, or an OAuth client id). */
  public static List<Tracker> candidates(String credential) {
    return List.of(bearer(credential), oauthClient(credential));
  }

  static String sha256(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
