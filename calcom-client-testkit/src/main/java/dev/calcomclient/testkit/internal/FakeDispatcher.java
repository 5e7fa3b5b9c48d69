package dev.calcomclient.testkit.internal;

import dev.calcomclient.testkit.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.HttpUrl;

/** Adapts MockWebServer to the fake's {@link Pipeline}; adds {@code X-Request-Id} and the JSON content type. */
public final class FakeDispatcher extends Dispatcher {
  private final Pipeline pipeline;
  private final Clock clock;
  private final LatencySampler latency;
  private final Runnable afterEachRequest;

  /**
   * @param afterEachRequest run after each request is dispatched (the fake drops MockWebServer's recorded copies)
   */
  public FakeDispatcher(Pipeline pipeline, Clock clock, LatencySampler latency, Runnable afterEachRequest) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.latency = latency;
    this.afterEachRequest = afterEachRequest;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    HttpUrl url = request.getUrl();
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (String name : url.queryParameterNames()) {
      query.put(name, url.queryParameterValues(name).stream().map(v -> v == null ? "" : v).toList());
    }
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    FakeExchange exchange = new FakeExchange(clock.instant(), UUID.randomUUID().toString(), request.getMethod(),
        url.encodedPath(), url.encodedQuery(), query, request.getHeaders().toMultimap(), body);
    FakeResponse response = pipeline.execute(exchange);
    afterEachRequest.run();
    MockResponse.Builder builder = new MockResponse.Builder()
        .code(response.status())
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("X-Request-Id", exchange.requestId());
    response.headers().forEach(builder::setHeader);
    exchange.rateLimitHeaders().forEach(builder::setHeader);
    Route route = exchange.route();
    Duration delay = route == null ? Duration.ZERO : latency.delay(exchange.method(), route.pattern(), route.group());
    return withFault(builder, exchange.fault(), response.body(), delay).build();
  }

  /**
   * Applies the latency (MockWebServer waits on the connection's own thread before writing the headers, so no
   * lock is held meanwhile) and the transport part of a fault.
   */
  private static MockResponse.Builder withFault(MockResponse.Builder builder, Fault fault, String body,
      Duration delay) {
    if (fault instanceof Fault.ConnectionReset) {
      return builder.body(body).onResponseStart(closeSocket());
    }
    if (fault instanceof Fault.SlowResponse slow) {
      delay = delay.plus(slow.delay());
    }
    if (!delay.isZero()) {
      builder.headersDelay(delay.toNanos(), TimeUnit.NANOSECONDS);
    }
    if (fault instanceof Fault.ConnectionDroppedAfterProcessing) {
      return builder.body(body).onResponseStart(closeSocket());
    }
    if (fault instanceof Fault.MalformedJson) {
      return builder.body(body.isEmpty() ? "{,}" : body.substring(0, body.length() - 1) + ",,}");
    }
    if (fault instanceof Fault.TruncatedBody) {
      // the full Content-Length is announced; the socket closes after the first half of the body
      return builder.body(body).throttleBody(Math.max(1, body.length() / 2), 0, TimeUnit.MILLISECONDS)
          .onResponseBody(closeSocket());
    }
    return builder.body(body);
  }

  private static SocketEffect closeSocket() {
    return new SocketEffect.CloseSocket(true, false, false);
  }
}
