package dev.calcomclient.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.ratelimit.RateLimiter;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RecordedCall;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for tests against {@link FakeCalcom}. */
public final class FakeCalcomClients {
  /** A Monday in the fake's future: every test books and searches around it. */
  public static final String MONDAY = "2050-09-05";
  /** The fake's clock starts here (the Thursday before). */
  public static final String NOW = "2050-09-01T00:00:00Z";

  private FakeCalcomClients() {}

  /** A client for {@code fake}, authenticated with its API key. */
  public static CalcomClient client(FakeCalcom fake) {
    return CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).build();
  }

  /**
   * A client builder for {@code fake} on {@code clock}, with {@code cache} and without client-side rate limiting: a
   * test's fake clock stands still, so a bucket would never refill (the fake's own limit still applies).
   */
  public static CalcomClient.Builder onClock(FakeCalcom fake, Clock clock, CacheConfig cache) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(clock)
        .rateLimiter(RateLimiter.disabled())
        .cache(cache);
  }

  /** The only request the fake received since its journal was last cleared. */
  public static RecordedCall onlyCall(FakeCalcom fake) {
    List<RecordedCall> journal = fake.journal();
    assertThat(journal).hasSize(1);
    return journal.get(0);
  }

  /** The decoded query parameters of {@code call}, in order. */
  public static Map<String, String> query(RecordedCall call) {
    Map<String, String> out = new LinkedHashMap<>();
    if (call.query() == null || call.query().isEmpty()) {
      return out;
    }
    for (String pair : call.query().split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(name, value);
    }
    return out;
  }

  /**
   * Asserts that {@code call} authenticated with the fake's API key as a Bearer token (the journal redacts the
   * secret itself and identifies the caller by its hash).
   */
  public static void assertSentApiKey(RecordedCall call, FakeCalcom fake) {
    assertThat(call.header("Authorization")).isEqualTo("Bearer " + RecordedCall.REDACTED);
    assertThat(call.sentCredential(fake.apiKey())).as("sent the fake's API key").isTrue();
  }

  /** Asserts the headers every call of an API-key client carries. */
  public static void assertApiKeyHeaders(RecordedCall call, FakeCalcom fake, String expectedVersion) {
    assertSentApiKey(call, fake);
    assertThat(call.header("cal-api-version")).isEqualTo(expectedVersion);
    assertThat(call.header("User-Agent")).startsWith("calcom-client-java/");
    assertThat(call.header("Accept")).isEqualTo("application/json");
  }
}
