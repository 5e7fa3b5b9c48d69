package dev.calcomclient.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A {@link Dispatcher} that answers every request with the static example of the matching operation of an OpenAPI
 * document (its first 2xx response's first example envelope, assembled by {@link OpenApiExamples}), like a mock
 * server in static mode. A literal path wins over a templated one ({@code /v2/schedules/default} over
 * {@code /v2/schedules/{scheduleId}}). A request no operation matches gets Cal.com's 404 error envelope.
 *
 * <pre>{@code
 * MockWebServer server = new MockWebServer();
 * server.setDispatcher(OpenApiExampleDispatcher.of(Path.of("openapi-v2.json")));
 * }</pre>
 */
public final class OpenApiExampleDispatcher extends Dispatcher {
  private final List<Route> routes = new ArrayList<>();
  private final List<String> answered = new CopyOnWriteArrayList<>();

  /** One operation of the document with its answer. */
  private record Route(String method, String template, Pattern pattern, int literalSegments, int status, String body) {}

  private OpenApiExampleDispatcher(JsonNode spec) {
    OpenApiExamples examples = new OpenApiExamples(spec);
    Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        Iterator<Map.Entry<String, JsonNode>> responses = method.getValue().path("responses").fields();
        while (responses.hasNext()) {
          Map.Entry<String, JsonNode> response = responses.next();
          JsonNode schema = response.getValue().path("content").path("application/json").path("schema");
          if (!response.getKey().startsWith("2") || schema.isMissingNode()) {
            continue;
          }
          List<JsonNode> envelopes;
          try {
            envelopes = examples.envelopes(schema);
          } catch (RuntimeException e) {
            envelopes = List.of();
          }
          if (!envelopes.isEmpty() && envelopes.get(0) != null) {
            routes.add(route(method.getKey(), path.getKey(), Integer.parseInt(response.getKey()), envelopes.get(0)));
          }
          break;
        }
      }
    }
    routes.sort((a, b) -> Integer.compare(b.literalSegments(), a.literalSegments()));
  }

  /**
   * A dispatcher over the document at {@code document}.
   *
   * @param document the OpenAPI document (JSON)
   * @return the dispatcher
   * @throws UncheckedIOException when the document cannot be read
   */
  public static OpenApiExampleDispatcher of(Path document) {
    try {
      return new OpenApiExampleDispatcher(new ObjectMapper().readTree(document.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Route route(String method, String template, int status, JsonNode body) {
    StringBuilder regex = new StringBuilder();
    int literal = 0;
    for (String segment : template.substring(1).split("/")) {
      regex.append('/');
      if (segment.startsWith("{")) {
        regex.append("[^/]+");
      } else {
        regex.append(Pattern.quote(segment));
        literal++;
      }
    }
    return new Route(
        method.toUpperCase(Locale.ROOT), template, Pattern.compile(regex.toString()), literal, status, body.toString());
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    for (Route r : routes) {
      if (r.method().equals(request.getMethod()) && r.pattern().matcher(path).matches()) {
        answered.add(r.method() + " " + r.template());
        return new MockResponse.Builder()
            .code(r.status())
            .addHeader("Content-Type", "application/json")
            .body(r.body())
            .build();
      }
    }
    answered.add(request.getMethod() + " " + path + " (no operation)");
    return new MockResponse.Builder()
        .code(404)
        .addHeader("Content-Type", "application/json")
        .body("{\"status\":\"error\",\"error\":{\"code\":\"NotFoundException\",\"message\":\"no such operation\"}}")
        .build();
  }

  /**
   * The operations answered so far, in order, as {@code "GET /v2/me"} (the document's path templates).
   *
   * @return the answered operations
   */
  public List<String> answered() {
    return List.copyOf(answered);
  }
}
