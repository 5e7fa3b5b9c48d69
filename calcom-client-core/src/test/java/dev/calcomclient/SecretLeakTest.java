package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.support.MockCalcom;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The credential never shows up in what a client produces: {@code toString()} of client, builder, request and
 * response, exception messages and stack traces, or any log line at DEBUG level, on success and on failure.
 */
class SecretLeakTest {
  private static final String OAUTH_ID = "oauth-client-id-123";
  private static final String OAUTH_SECRET = "oauth-SECRET-value-9876";

  private MockWebServer server;
  private ListAppender<ILoggingEvent> logs;
  private Logger root;
  private Level previousLevel;
  private final List<String> produced = new ArrayList<>();

  @BeforeEach
  void setUp() {
    server = MockCalcom.start();
    root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    previousLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void tearDown() {
    root.detachAppender(logs);
    root.setLevel(previousLevel);
    server.close();
  }

  @Test
  void apiKeyLeaksNowhere() {
    exercise(b -> b.apiKey(MockCalcom.API_KEY));

    assertNoSecret(MockCalcom.API_KEY);
    assertThat(MockCalcom.take(server).getHeaders().get("Authorization")).isEqualTo("Bearer " + MockCalcom.API_KEY);
  }

  @Test
  void oauthSecretLeaksNowhere() {
    exercise(b -> b.oauthClient(OAUTH_ID, OAUTH_SECRET));

    assertNoSecret(OAUTH_SECRET);
    assertThat(MockCalcom.take(server).getHeaders().get("x-cal-secret-key")).isEqualTo(OAUTH_SECRET);
  }

  private void exercise(Function<CalcomClient.Builder, CalcomClient.Builder> credential) {
    List<Object> seen = new ArrayList<>();
    CalcomClient.Builder builder =
        credential
            .apply(CalcomClient.builder())
            .baseUrl(server.url("/").toString())
            .cache(CacheConfig.disabled()) // both me() calls must reach the scripted server
            .addLayer(
                (request, chain) -> {
                  seen.add(request);
                  return chain.proceed(request).whenComplete((response, error) -> seen.add(response));
                });
    produced.add(builder.toString());
    // GET /v2/event-types accepts both credentials (an OAuth client cannot read /v2/me: see ApiCaller.BEARER_ONLY)
    server.enqueue(MockCalcom.success("[{\"id\":1,\"slug\":\"alice-intro\",\"title\":\"Intro\"}]"));
    server.enqueue(MockCalcom.json(401, MockCalcom.errorEnvelope("UnauthorizedException", "ApiAuthStrategy - invalid")));
    try (CalcomClient client = builder.build()) {
      produced.add(client.toString());
      produced.add(client.eventTypes().list("alice").toString());
      Throwable failure = catchThrowable(() -> client.eventTypes().list("alice"));
      assertThat(failure).isInstanceOf(UnauthorizedException.class);
      describe(failure);
    }
    // A connection failure on a closed port: the transport's error path.
    try (CalcomClient offline = credential.apply(CalcomClient.builder()).baseUrl("http://127.0.0.1:1/").build()) {
      Throwable failure = catchThrowable(() -> offline.eventTypes().list("alice"));
      assertThat(failure).isInstanceOf(CalcomException.class);
      describe(failure);
    }
    assertThat(seen).hasAtLeastOneElementOfType(CalcomRequest.class).hasAtLeastOneElementOfType(CalcomResponse.class);
    seen.forEach(o -> produced.add(String.valueOf(o)));
  }

  private void describe(Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    produced.add(t.toString());
    produced.add(trace.toString());
  }

  private void assertNoSecret(String secret) {
    for (ILoggingEvent event : logs.list) {
      produced.add(event.getFormattedMessage());
      for (IThrowableProxy p = event.getThrowableProxy(); p != null; p = p.getCause()) {
        produced.add(p.getClassName() + ": " + p.getMessage());
        for (StackTraceElementProxy frame : p.getStackTraceElementProxyArray()) {
          produced.add(frame.getSTEAsString());
        }
      }
    }
    assertThat(logs.list).as("DEBUG log lines captured").isNotEmpty();
    assertThat(produced).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(secret));
  }
}
