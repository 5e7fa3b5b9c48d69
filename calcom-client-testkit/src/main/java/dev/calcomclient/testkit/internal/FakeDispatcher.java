package dev.calcomclient.testkit.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/** Adapts MockWebServer to the fake's {@link Pipeline}; adds {@code X-Request-Id} and the JSON content type. */
public final class FakeDispatcher extends Dispatcher {
  private final Pipeline pipeline;
  private final Clock clock;

  public FakeDispatcher(Pipeline pipeline, Clock clock) {
    this.pipeline = pipeline;
    this.clock = clock;
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
    MockResponse.Builder builder = new MockResponse.Builder()
        .code(response.status())
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .setHeader("X-Request-Id", exchange.requestId());
    response.headers().forEach(builder::setHeader);
    return builder.body(response.body()).build();
  }
}
