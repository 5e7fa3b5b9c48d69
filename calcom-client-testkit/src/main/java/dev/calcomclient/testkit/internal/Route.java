package dev.calcomclient.testkit.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One endpoint of the fake: method, path pattern ({@code /v2/bookings/{uid}}), the {@code cal-api-version}
 * values its controller accepts, its auth mode and its handler. {@code group} names the endpoint for journals,
 * rate limits and fault rules (e.g. {@code slots}, {@code bookings}).
 */
record Route(String method, String pattern, String group, VersionRule versions, AuthMode auth, Handler handler) {

  /** How a route treats credentials. */
  public enum AuthMode {
    /** No auth guard: credentials are ignored (GET /v2/slots). */
    NONE,
    /** Optional guard: anonymous calls pass, invalid credentials get 401. */
    OPTIONAL,
    /** Auth guard: anonymous calls get 401. */
    REQUIRED
  }

  /** Handles a routed, authenticated exchange; runs under the fake's state lock. */
  @FunctionalInterface
  public interface Handler {
    FakeResponse handle(FakeExchange exchange);
  }

  /**
   * The {@code cal-api-version} values a controller accepts and what happens otherwise.
   *
   * @param accepted      accepted values; empty means any (version-neutral controllers)
   * @param resource      resource name for messages
   * @param whenMissing   how a missing or other value is answered
   */
  public record VersionRule(Set<String> accepted, String resource, Mismatch whenMissing) {
    public static final VersionRule ANY = new VersionRule(Set.of(), "", Mismatch.NOT_FOUND);

    /** Whether {@code version} (possibly {@code null}) selects this controller. */
    public boolean accepts(String version) {
      return accepted.isEmpty() || (version != null && accepted.contains(version));
    }
  }

  /** The answer to a version that does not select the emulated controller. */
  public enum Mismatch {
    /** The legacy controller has no such route: Nest's 404 {@code Cannot GET /v2/slots?...}. */
    NOT_FOUND,
    /**
     * The real server would silently use a legacy controller with other shapes; the fake refuses with 400
     * so the mistake is visible in tests.
     */
    LEGACY_NOT_EMULATED
  }

  /** Matches {@code path} against the pattern; returns the path parameters or {@code null}. */
  public Map<String, String> match(String path) {
    String[] want = pattern.split("/");
    String[] got = path.split("/");
    if (want.length != got.length) {
      return null;
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{") && want[i].endsWith("}")) {
        if (got[i].isEmpty()) {
          return null;
        }
        params.put(want[i].substring(1, want[i].length() - 1), got[i]);
      } else if (!want[i].equals(got[i])) {
        return null;
      }
    }
    return params;
  }
}
