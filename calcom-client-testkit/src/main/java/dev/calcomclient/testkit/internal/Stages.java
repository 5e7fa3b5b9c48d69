package dev.calcomclient.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Clock;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.calcomclient.testkit.Fault;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The standard stages of the fake's pipeline. */
public final class Stages {
  private static final Logger LOG = LoggerFactory.getLogger("dev.calcomclient.testkit.FakeCalcom");

  private Stages() {}

  /** Records every request with its final status (including ones answered with an error); secrets redacted. */
  public static Stage journal(Journal journal) {
    return (exchange, chain) -> {
      FakeResponse response = chain.proceed(exchange);
      journal.add(new RecordedCall(exchange.receivedAt(), exchange.method(), exchange.path(), exchange.rawQuery(),
          redact(exchange.headers()), exchange.body(), response.status(), exchange.requestId(), exchange.endpoint(),
          exchange.tracker(), exchange.fault()));
      return response;
    };
  }

  private static final Set<String> SECRET_HEADERS = Set.of("authorization", "x-cal-secret-key", "cookie");

  static Map<String, List<String>> redact(Map<String, List<String>> headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    headers.forEach((name, values) -> out.put(name, SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
        ? values.stream().map(v -> v.startsWith("Bearer ") ? "Bearer " + RecordedCall.REDACTED
            : RecordedCall.REDACTED).toList()
        : values));
    return out;
  }

  /**
   * Cal.com's global {@code CustomThrottlerGuard}: counts the request against its tracker, sets the three
   * {@code X-RateLimit-*-Default} headers for whatever response follows, and answers 429 when the tracker is over
   * its limit or blocked.
   */
  public static Stage throttle(Throttler throttler) {
    return (exchange, chain) -> {
      Tracker tracker = Tracker.of(exchange.headers(), "127.0.0.1");
      exchange.tracker(tracker.id());
      Throttler.Decision decision = throttler.hit(tracker);
      if (throttler.policy().enabled()) {
        exchange.rateLimitHeaders().putAll(decision.headers());
      }
      if (!decision.allowed()) {
        throw tooManyRequests();
      }
      return chain.proceed(exchange);
    };
  }

  static final String THROTTLED = "CustomThrottlerGuard - Too many requests. Please try again later.";

  /** {@code 429 ThrottlerException}; {@code details} repeats the message, as Cal.com's filter renders it. */
  static ApiError tooManyRequests() {
    return new ApiError(429, "ThrottlerException", THROTTLED, TextNode.valueOf(THROTTLED));
  }

  /**
   * Injects the fault the plan picks for this request. Faults that answer instead of the handler (5xx, 429,
   * connection reset) stop here; the others let the request be processed and are applied to the response by the
   * dispatcher (delay, dropped connection, malformed or truncated body).
   */
  public static Stage faults(FaultInjector faults, long blockSeconds) {
    return (exchange, chain) -> {
      Route route = exchange.route();
      Fault fault = faults.select(exchange.method(), route.pattern(), route.group());
      if (fault == null) {
        return chain.proceed(exchange);
      }
      exchange.fault(fault);
      if (fault instanceof Fault.ServerError e) {
        throw serverError(e.status());
      }
      if (fault instanceof Fault.TooManyRequests) {
        exchange.rateLimitHeaders().put(Throttler.Decision.REMAINING_HEADER, "0");
        exchange.rateLimitHeaders().put(Throttler.Decision.RESET_HEADER, Long.toString(blockSeconds));
        throw tooManyRequests();
      }
      if (fault instanceof Fault.ConnectionReset) {
        return new FakeResponse(0, "");
      }
      if (fault instanceof Fault.ServerErrorAfterProcessing e) {
        chain.proceed(exchange); // the effect happens; its answer is lost
        throw serverError(e.status());
      }
      return chain.proceed(exchange);
    };
  }

  private static ApiError serverError(int status) {
    return switch (status) {
      case 502 -> ApiError.nest(502, "BadGatewayException", "Bad Gateway", "Bad Gateway");
      case 503 -> ApiError.nest(503, "ServiceUnavailableException", "Service Unavailable", "Service Unavailable");
      case 504 -> ApiError.nest(504, "GatewayTimeoutException", "Gateway Timeout", "Gateway Timeout");
      default -> ApiError.nest(status, "InternalServerErrorException", "Internal Server Error",
          "Internal server error");
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
