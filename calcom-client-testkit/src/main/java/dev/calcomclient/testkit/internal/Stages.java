package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standard stages of the fake's pipeline. */
public final class Stages {
  private static final Logger LOG = LoggerFactory.getLogger("dev.calcomclient.testkit.FakeCalcom");

  private Stages() {}

  /** Records every request with its final status (including ones answered with an error). */
  public static Stage journal(Journal journal) {
    return (exchange, chain) -> {
      FakeResponse response = chain.proceed(exchange);
      journal.add(new RecordedCall(exchange.receivedAt(), exchange.method(), exchange.path(), exchange.rawQuery(),
          exchange.headers(), exchange.body(), response.status(), exchange.requestId()));
      return response;
    };
  }

  /** Renders {@link ApiError} (and unexpected failures, as 500) into Cal.com's error envelope. */
  public static Stage errorEnvelope(Supplier<Clock> clock) {
    return (exchange, chain) -> {
      try {
        return chain.proceed(exchange);
      } catch (ApiError e) {
        return render(e, exchange, clock.get());
      } catch (RuntimeException e) {
        LOG.warn("FakeCalcom failed on {} {}", exchange.method(), exchange.path(), e);
        return render(ApiError.nest(500, "InternalServerErrorException", "Internal Server Error",
            "Internal server error"), exchange, clock.get());
      }
    };
  }

  static FakeResponse render(ApiError e, FakeExchange exchange, Clock clock) {
    ObjectNode envelope = Json.object();
    envelope.put("status", "error");
    envelope.put("timestamp", Times.utc(clock.instant()));
    envelope.put("path", exchange.pathWithQuery());
    ObjectNode error = envelope.putObject("error");
    error.put("code", e.code());
    error.put("message", e.getMessage());
    error.set("details", e.details());
    return FakeResponse.json(e.status(), envelope);
  }

  /** Finds the route; an unknown path or method gets Nest's 404 {@code Cannot GET /v2/...}. */
  public static Stage routing(List<Route> routes) {
    return (exchange, chain) -> {
      String version = exchange.header("cal-api-version");
      Route pathMatchWrongVersion = null;
      Map<String, String> pathMatchParams = null;
      for (Route route : routes) {
        if (!route.method().equals(exchange.method())) {
          continue;
        }
        Map<String, String> params = route.match(exchange.path());
        if (params == null) {
          continue;
        }
        if (route.versions().accepts(version)) {
          exchange.route(route, params);
          return chain.proceed(exchange);
        }
        if (pathMatchWrongVersion == null) {
          pathMatchWrongVersion = route;
          pathMatchParams = params;
        }
      }
      if (pathMatchWrongVersion != null) {
        exchange.route(pathMatchWrongVersion, pathMatchParams);
        return chain.proceed(exchange); // the version stage answers
      }
      throw cannot(exchange);
    };
  }

  static ApiError cannot(FakeExchange exchange) {
    return ApiError.notFound("Cannot " + exchange.method() + " " + exchange.pathWithQuery());
  }

  /** Answers a {@code cal-api-version} that does not select the emulated controller. */
  public static Stage version() {
    return (exchange, chain) -> {
      Route route = exchange.route();
      String version = exchange.header("cal-api-version");
      if (route.versions().accepts(version)) {
        return chain.proceed(exchange);
      }
      if (route.versions().whenMissing() == Route.Mismatch.NOT_FOUND) {
        throw cannot(exchange);
      }
      String accepted = String.join(" or ", route.versions().accepted().stream().sorted().toList());
      throw ApiError.badRequest("FakeCalcom only emulates the " + route.versions().resource()
          + " controller of cal-api-version " + accepted + ", but the request sent "
          + (version == null ? "no cal-api-version header" : "cal-api-version '" + version + "'")
          + ". The real Cal.com server would not fail here: it would silently route the request to the legacy "
          + "2024-04-15 controller, which expects and returns different shapes. Send 'cal-api-version: "
          + route.versions().accepted().stream().sorted().findFirst().orElse("") + "'.");
    };
  }

  /** Authenticates per the route's {@link Route.AuthMode}. */
  public static Stage auth(Authenticator authenticator) {
    return (exchange, chain) -> {
      authenticator.authenticate(exchange);
      return chain.proceed(exchange);
    };
  }

  /** Runs the route's handler under the state lock (MockWebServer serves connections concurrently). */
  public static Stage handler(Lock lock) {
    return (exchange, chain) -> {
      lock.lock();
      try {
        return exchange.route().handler().handle(exchange);
      } finally {
        lock.unlock();
      }
    };
  }
}
