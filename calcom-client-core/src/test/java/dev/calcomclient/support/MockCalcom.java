package dev.calcomclient.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.testkit.internal.NoDelayServerSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Helpers for tests that script Cal.com's answers on a {@link MockWebServer}. */
public final class MockCalcom {
  /** A test API key; tests assert it never leaks. */
  public static final String API_KEY = "cal_test_0123456789abcdefSECRET";
  /** The request id every scripted response carries. */
  public static final String REQUEST_ID = "req-7f3c2a";

  private MockCalcom() {}

  /** A client for {@code server} authenticated with {@link #API_KEY}. */
  public static CalcomClient client(MockWebServer server) {
    return CalcomClient.builder().apiKey(API_KEY).baseUrl(server.url("/").toString()).build();
  }

  /** A JSON response with {@code X-Request-Id}. */
  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("X-Request-Id", REQUEST_ID)
        .body(body)
        .build();
  }

  /** A 200 success envelope around {@code dataJson}. */
  public static MockResponse success(String dataJson) {
    return json(200, envelope(dataJson));
  }

  /** {@code {"status":"success","data":dataJson}}. */
  public static String envelope(String dataJson) {
    return "{\"status\":\"success\",\"data\":" + dataJson + "}";
  }

  /** Cal.com's error envelope. */
  public static String errorEnvelope(String code, String message) {
    return "{\"status\":\"error\",\"timestamp\":\"2025-10-07T12:00:00.000Z\",\"path\":\"/v2/x\","
        + "\"error\":{\"code\":\""
        + code
        + "\",\"message\":\""
        + message
        + "\",\"details\":{\"message\":\""
        + message
        + "\"}}}";
  }

  /** The next recorded request, failing the test if none arrives within 30 s (a bound, not a timing). */
  public static RecordedRequest take(MockWebServer server) {
    try {
      RecordedRequest r = server.takeRequest(30, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("the server received no request");
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The request body as UTF-8 text, or empty. */
  public static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }

  /** Starts a server, wrapping the checked exception. */
  public static MockWebServer start() {
    MockWebServer server = new MockWebServer();
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /**
   * A started server without Nagle's delay (as FakeCalcom's) that answers every request with whatever
   * {@code answer} holds, as JSON with {@code status}: for tests that send thousands of scripted answers.
   */
  public static MockWebServer answering(
      Supplier<Integer> status, Supplier<String> answer) {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayServerSockets());
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(status.get(), answer.get());
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }
}
