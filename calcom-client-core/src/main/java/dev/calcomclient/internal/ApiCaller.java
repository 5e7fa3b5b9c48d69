package dev.calcomclient.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What every resource service uses: creates requests pre-filled with version, credential id and deadline, runs
 * them through the pipeline, and decodes the answer (success envelope to a model, error to a typed exception).
 */
public final class ApiCaller {
  /** The overall deadline is this many attempt timeouts, leaving room for retries and rate-limit waits. */
  static final int DEADLINE_ATTEMPTS = 3;

  private final Pipeline pipeline;
  private final Credentials credentials;
  private final Map<ApiResource, String> versions;
  private final Map<EndpointGroup, Duration> timeouts;
  private final Clock clock;
  private final RateLimitHeaders rateLimitHeaders;
  private final Duration clockSkewTolerance;

  /** Creates a caller. */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock) {
    this(pipeline, credentials, versions, timeouts, clock, RateLimitHeaders.defaults(), Duration.ofSeconds(60));
  }

  /**
   * Creates a caller whose 429 errors read their wait with {@code rateLimitHeaders}, and which refuses starts more
   * than {@code clockSkewTolerance} in the past.
   */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      RateLimitHeaders rateLimitHeaders,
      Duration clockSkewTolerance) {
    this.rateLimitHeaders = rateLimitHeaders;
    this.clockSkewTolerance = clockSkewTolerance;
    this.pipeline = pipeline;
    this.credentials = credentials;
    this.versions = Map.copyOf(versions);
    this.timeouts = Map.copyOf(timeouts);
    this.clock = clock;
  }

  /** A request builder for {@code operation} with version, credential id, default priority and deadline set. */
  public CalcomRequest.Builder request(Operation operation, String path) {
    Duration timeout = timeouts.getOrDefault(operation.group(), Duration.ofSeconds(5));
    return CalcomRequest.builder(operation, path)
        .apiVersion(versions.get(operation.resource()))
        .credentialId(credentials.id())
        .deadline(clock.instant().plus(timeout.multipliedBy(DEADLINE_ATTEMPTS)));
  }

  /** Sends {@code request}; the future completes with the raw successful response or a typed exception. */
  public CompletableFuture<CalcomResponse> send(CalcomRequest request) {
    return pipeline
        .execute(request)
        .thenApply(
            response -> {
              if (!response.isSuccessful()) {
                throw ErrorDecoder.toException(response, credentials.redactor(), rateLimitHeaders);
              }
              return response;
            });
  }

  /** Sends {@code request} and decodes the envelope's {@code data} into {@code type}. */
  public <T> CompletableFuture<T> call(CalcomRequest request, JavaType type) {
    return send(request).thenApply(response -> Json.decodeData(response, type));
  }

  /** Sends {@code request} and returns the whole success envelope (for {@code pagination}). */
  public CompletableFuture<JsonNode> callEnvelope(CalcomRequest request) {
    return send(request).thenApply(Json::readSuccessEnvelope);
  }

  /**
   * Refuses a start that lies in the past by more than the configured clock skew, on this caller's clock (Cal.com
   * refuses a booking in the past with 400: it fails here instead, and nothing is sent).
   *
   * @throws dev.calcomclient.ValidationException naming {@code field}
   */
  public void requireNotPast(String field, java.time.Instant start) {
    java.time.Instant now = clock.instant();
    if (start != null && start.isBefore(now.minus(clockSkewTolerance))) {
      throw new dev.calcomclient.ValidationException(
          field,
          "must not be in the past (got " + start + ", now " + now + " by this client's clock, tolerance "
              + clockSkewTolerance.toSeconds() + " s)");
    }
  }

  /** The clock every service reads time from. */
  public Clock clock() {
    return clock;
  }
}
