package dev.calcomclient.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.calcomclient.BadRequestException;
import dev.calcomclient.CalcomApiException;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.RateLimitedException;
import dev.calcomclient.RedirectRefusedException;
import dev.calcomclient.ResponseTooLargeException;
import dev.calcomclient.ServerErrorException;
import dev.calcomclient.breaker.CircuitBreakerConfig;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.ClientStats;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.ratelimit.RateLimiterConfig;
import dev.calcomclient.retry.RetryPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A raw MockWebServer playing a misbehaving Cal.com, proxy or captive portal against the public API only: redirects,
 * echoed credentials, absurd rate-limit headers, oversized, slow and garbage bodies. Each answer must become a typed
 * {@link CalcomException}, no credential may leave the configured host or appear in any message, detail, cause or log
 * line, and no header may stop the client for longer than its configured maximum pause.
 */
class HostileServerTest {
  private static final String API_KEY = "cal_live_0123456789abcdef0123456789abcdef";
  private static final String OAUTH_ID = "oauth-client-id-77";
  private static final String OAUTH_SECRET = "oauth-SECRET-4242-value";
  private static final String FOREIGN_KEY = "cal_live_ffffeeeeddddccccbbbbaaaa99998888";
  private static final String ME = "{\"status\":\"success\",\"data\":{\"id\":1,\"username\":\"ada\",\"email\":\"ada@example.com\"}}";

  private MockWebServer server;
  private MockWebServer elsewhere;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;
  private Level previousLevel;
  private final List<CalcomClient> clients = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    server = new MockWebServer();
    server.start();
    elsewhere = new MockWebServer();
    elsewhere.start();
    root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previousLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    clients.forEach(CalcomClient::close);
    root.detachAppender(logs);
    root.setLevel(previousLevel);
    server.close();
    elsewhere.close();
  }

  private CalcomClient client(UnaryOperator<CalcomClient.Builder> extra) {
    CalcomClient c =
        extra
            .apply(
                CalcomClient.builder()
                    .baseUrl(server.url("/").toString())
                    .retryPolicy(RetryPolicy.disabled())
                    .circuitBreakerConfig(CircuitBreakerConfig.disabled())
                    .cache(CacheConfig.disabled()))
            .build();
    clients.add(c);
    return c;
  }

  private CalcomClient apiKeyClient() {
    return client(b -> b.apiKey(API_KEY));
  }

  private CalcomClient oauthClient() {
    return client(b -> b.oauthClient(OAUTH_ID, OAUTH_SECRET));
  }

  private static MockResponse redirectTo(int code, String location) {
    return new MockResponse.Builder().code(code).addHeader("Location", location).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body).build();
  }

  // ---- redirects (defect 1) ------------------------------------------------------------------------------------

  @Test
  void oauthSecretFollowedARedirectToAnotherHost() {
    server.enqueue(redirectTo(302, elsewhere.url("/v2/me").toString()));
    elsewhere.enqueue(json(200, ME));

    // an operation an OAuth client may call (me() is refused locally in that mode: OAuthClientModeTest)
    Throwable failure = catchThrowable(() -> oauthClient().eventTypes().list("ada"));

    assertThat(failure).isInstanceOf(RedirectRefusedException.class);
    assertThat(((RedirectRefusedException) failure).location()).contains(elsewhere.url("/").host());
    assertThat(((RedirectRefusedException) failure).status()).isEqualTo(302);
    assertThat(elsewhere.getRequestCount()).as("requests that reached the other host").isZero();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aUserSuppliedOkHttpClientThatFollowsRedirectsStillDoesNotCarryTheCredentialAway() {
    OkHttpClient shared = new OkHttpClient.Builder().followRedirects(true).followSslRedirects(true).build();
    try {
      for (int code : new int[] {301, 302, 303, 307, 308}) {
        server.enqueue(redirectTo(code, elsewhere.url("/v2/me").toString()));
        elsewhere.enqueue(json(200, ME));
        CalcomClient c = client(b -> b.oauthClient(OAUTH_ID, OAUTH_SECRET).okHttpClient(shared));

        Throwable failure = catchThrowable(() -> c.eventTypes().list("ada"));

        assertThat(failure).as("HTTP %s", code).isInstanceOf(RedirectRefusedException.class);
      }
      assertThat(elsewhere.getRequestCount()).isZero();
      assertThat(shared.followRedirects()).as("the caller's client is left as it was").isTrue();
    } finally {
      shared.dispatcher().executorService().shutdown();
      shared.connectionPool().evictAll();
    }
  }

  @Test
  void aRedirectWithoutLocationOrToPlainHttpIsATypedErrorToo() {
    server.enqueue(new MockResponse.Builder().code(307).build());
    server.enqueue(redirectTo(301, "http://downgrade.invalid/v2/me?apiKey=" + API_KEY));
    CalcomClient c = apiKeyClient();

    Throwable noLocation = catchThrowable(() -> c.me().get());
    Throwable downgrade = catchThrowable(() -> c.me().get());

    assertThat(noLocation).isInstanceOf(RedirectRefusedException.class);
    assertThat(((RedirectRefusedException) noLocation).location()).isNull();
    assertThat(downgrade).isInstanceOf(RedirectRefusedException.class);
    assertThat(((RedirectRefusedException) downgrade).location()).doesNotContain(API_KEY).contains("[redacted]");
    assertNoSecretAnywhere(List.of(noLocation, downgrade), API_KEY);
  }

  // ---- echoes (defect 2) ---------------------------------------------------------------------------------------

  @Test
  void credentialsEchoedByAServerEndedUpInExceptionMessages() {
    String echo = "bad key " + API_KEY + " / " + OAUTH_SECRET + " / " + FOREIGN_KEY;
    String envelope =
        "{\"status\":\"error\",\"error\":{\"code\":\"" + API_KEY + "\",\"message\":\"" + echo
            + "\",\"details\":{\"headers\":{\"authorization\":\"Bearer " + API_KEY + "\",\"x-cal-secret-key\":\""
            + OAUTH_SECRET + "\"}}}}";
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-Request-Id", "rid-" + API_KEY)
            .body(envelope)
            .build());
    server.enqueue(json(400, envelope));

    Throwable apiKeyFailure = catchThrowable(() -> apiKeyClient().me().get());
    Throwable oauthFailure = catchThrowable(() -> oauthClient().eventTypes().list("ada"));

    // Each client knows its own secret; anything shaped like a Cal.com key is masked by both.
    assertClean(apiKeyFailure, API_KEY, FOREIGN_KEY);
    assertClean(oauthFailure, OAUTH_SECRET, API_KEY, FOREIGN_KEY);
    assertNoSecretAnywhere(List.of(apiKeyFailure), API_KEY, FOREIGN_KEY);
    assertNoSecretAnywhere(List.of(oauthFailure), OAUTH_SECRET, API_KEY, FOREIGN_KEY);
  }

  @Test
  void aProxyPageOrAnUndecodableAnswerThatEchoesTheKeyStaysOutOfMessagesAndCauses() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body("<html><body>Bad gateway for Authorization: Bearer " + API_KEY + "</body></html>")
            .build());
    // Not JSON: the parser's message quotes the token it could not read.
    server.enqueue(json(200, FOREIGN_KEY + " " + API_KEY));
    server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"id\":\"" + FOREIGN_KEY + "\"}}"));
    CalcomClient c = apiKeyClient();

    Throwable proxy = catchThrowable(() -> c.me().get());
    Throwable garbage = catchThrowable(() -> c.me().get());
    Throwable wrongType = catchThrowable(() -> c.me().get());

    assertThat(proxy).isInstanceOf(ServerErrorException.class);
    assertThat(garbage).isInstanceOf(CalcomDecodingException.class);
    assertThat(wrongType).isInstanceOf(CalcomDecodingException.class);
    assertNoSecretAnywhere(List.of(proxy, garbage, wrongType), API_KEY, FOREIGN_KEY);
  }

  // ---- absurd rate-limit headers (defect 4) --------------------------------------------------------------------

  @Test
  void aRetryAfterOfLongMaxValueThrewAnUntypedArithmeticException() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", Long.toString(Long.MAX_VALUE)).build());
    CalcomClient c = apiKeyClient();

    Throwable failure = catchThrowable(() -> c.me().get());

    assertThat(failure).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) failure).retryAfter()).isEqualTo(RateLimiterConfig.DEFAULT_MAX_PAUSE);
  }

  @Test
  void aTenYearRetryAfterPausedTheCredentialForYears() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "315360000").build());
    CalcomClient c = apiKeyClient();
    Instant before = Instant.now();

    Throwable failure = catchThrowable(() -> c.me().get());
    ClientStats stats = c.stats();

    assertThat(failure).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) failure).retryAfter()).isLessThanOrEqualTo(Duration.ofMinutes(5));
    assertThat(stats.rateLimitPausedUntil()).as("the pause is visible in stats()").isPresent();
    assertThat(stats.rateLimitPausedUntil().get())
        .isAfter(before)
        .isBeforeOrEqualTo(Instant.now().plus(RateLimiterConfig.DEFAULT_MAX_PAUSE));
    assertThat(stats.toReport()).contains("PAUSED until");
  }

  @Test
  void aConfiguredMaximumPauseBoundsHugeResetsAndNegativeRemainingCounts() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("X-RateLimit-Limit-Default", "120")
            .addHeader("X-RateLimit-Remaining-Default", "-7")
            .addHeader("X-RateLimit-Reset-Default", Long.toString(Long.MAX_VALUE))
            .body(ME)
            .build());
    CalcomClient c =
        client(b -> b.apiKey(API_KEY).rateLimiterConfig(RateLimiterConfig.builder().maxPause(Duration.ofSeconds(90)).build()));
    Instant before = Instant.now();

    c.me().get();
    ClientStats stats = c.stats();
    Throwable next = catchThrowable(() -> c.me().get());

    assertThat(stats.rateLimitPausedUntil()).as("remaining -7 reads as 0: the window is spent").isPresent();
    assertThat(stats.rateLimitPausedUntil().get()).isBeforeOrEqualTo(Instant.now().plusSeconds(90));
    assertThat(stats.rateLimitPausedUntil().get()).isAfter(before.plusSeconds(60));
    assertThat(next).isInstanceOf(RateLimitedException.class);
    RateLimitedException local = (RateLimitedException) next;
    assertThat(local.isLocal()).isTrue();
    assertThat(local.retryAfter()).isLessThanOrEqualTo(Duration.ofSeconds(90));
    assertThat(server.getRequestCount()).as("the refused call was not sent").isEqualTo(1);
  }

  @Test
  void unreadableRateLimitHeadersAreIgnoredWithOneWarning() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .addHeader("X-RateLimit-Remaining-Default", "lots")
              .addHeader("X-RateLimit-Reset-Default", "99999999999999999999999")
              .addHeader("X-RateLimit-Limit-Default", "1e9")
              .body(ME)
              .build());
    }
    CalcomClient c = apiKeyClient();

    for (int i = 0; i < 3; i++) {
      assertThat(c.me().get().username()).isEqualTo("ada");
    }

    long warnings =
        logs.list.stream()
            .filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().contains("rate-limit header"))
            .count();
    assertThat(warnings).isEqualTo(1);
    assertThat(c.stats().rateLimitPausedUntil()).isEmpty();
  }

  // ---- bodies (defect 6) ---------------------------------------------------------------------------------------

  @Test
  void aHugeAnswerWasReadIntoMemory() {
    int limit = 256 * 1024;
    Buffer big = new Buffer();
    big.writeUtf8("{\"status\":\"success\",\"data\":{\"username\":\"");
    byte[] filler = new byte[4 * limit];
    java.util.Arrays.fill(filler, (byte) 'a');
    big.write(filler);
    big.writeUtf8("\"}}");
    Buffer chunked = big.copy();
    server.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(big).build());
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .chunkedBody(chunked, 8192)
            .build());
    CalcomClient c = client(b -> b.apiKey(API_KEY).maxResponseBodyBytes(limit));

    Throwable declared = catchThrowable(() -> c.me().get());
    Throwable undeclared = catchThrowable(() -> c.me().get());

    for (Throwable t : List.of(declared, undeclared)) {
      assertThat(t).isInstanceOf(ResponseTooLargeException.class).isInstanceOf(CalcomDecodingException.class);
      assertThat(((ResponseTooLargeException) t).limitBytes()).isEqualTo(limit);
    }
  }

  @Test
  void aSlowDripStillTimesOut() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(ME)
            .throttleBody(1, 500, TimeUnit.MILLISECONDS)
            .build());
    CalcomClient c = client(b -> b.apiKey(API_KEY).timeout(EndpointGroup.OTHER, Duration.ofMillis(400)));

    Throwable failure = catchThrowable(() -> c.me().get());

    assertThat(failure).isInstanceOf(CalcomTimeoutException.class);
  }

  @Test
  void garbageBodiesAndStatusesAreTypedErrors() {
    Random random = new Random(14);
    int[] statuses = {200, 201, 204, 299, 400, 401, 403, 404, 409, 418, 422, 429, 498, 500, 502, 503, 599};
    List<Throwable> failures = new ArrayList<>();
    for (int status : statuses) {
      CalcomClient c = apiKeyClient(); // a fresh one: a 429 pauses the credential, as it should
      byte[] junk = new byte[random.nextInt(2048)];
      random.nextBytes(junk);
      server.enqueue(new MockResponse.Builder().code(status).body(new Buffer().write(junk)).build());
      Throwable t = catchThrowable(() -> c.me().get());
      failures.add(t);
      assertThat(t).as("HTTP %s with garbage", status).isInstanceOf(CalcomException.class);
      if (status >= 400) {
        assertThat(t).isInstanceOf(CalcomApiException.class);
        assertThat(((CalcomApiException) t).status()).isEqualTo(status);
      } else if (status != 204) {
        assertThat(t).isInstanceOf(CalcomDecodingException.class);
      } // a 204 with a body is a protocol violation OkHttp refuses: a CalcomConnectionException
    }
    assertNoSecretAnywhere(failures, API_KEY);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  private static void assertClean(Throwable t, String... secrets) {
    assertThat(t).isInstanceOf(BadRequestException.class);
    CalcomApiException e = (CalcomApiException) t;
    for (String secret : secrets) {
      assertThat(e.getMessage()).doesNotContain(secret);
      assertThat(e.serverMessage()).doesNotContain(secret);
      assertThat(e.details()).doesNotContain(secret);
      assertThat(String.valueOf(e.code())).doesNotContain(secret);
      assertThat(String.valueOf(e.requestId())).doesNotContain(secret);
    }
    assertThat(e.serverMessage()).contains("[redacted]");
  }

  /** No secret in any message, cause chain, stack trace text, or log line (DEBUG included) of this test. */
  private void assertNoSecretAnywhere(List<Throwable> failures, String... secrets) {
    List<String> produced = new ArrayList<>();
    for (Throwable t : failures) {
      StringWriter w = new StringWriter();
      t.printStackTrace(new PrintWriter(w));
      produced.add(w.toString());
      produced.add(String.valueOf(t));
    }
    for (ILoggingEvent e : logs.list) {
      produced.add(e.getFormattedMessage());
      if (e.getThrowableProxy() != null) {
        produced.add(e.getThrowableProxy().getMessage());
      }
    }
    for (String text : produced) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }
}
