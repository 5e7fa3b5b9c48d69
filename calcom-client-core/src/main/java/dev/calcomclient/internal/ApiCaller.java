package dev.calcomclient.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.decode.DecodeIssueSink;
import dev.calcomclient.internal.decode.Decoder;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What every resource service uses: creates requests pre-filled with version, credential id and deadline, runs
 * them through the pipeline, and decodes the answer (success envelope to a model, error to a typed exception).
 */
public final class ApiCaller {
  /** The overall deadline is this many attempt timeouts, leaving room for retries and rate-limit waits. */
  static final int DEADLINE_ATTEMPTS = 3;

  /**
   * A blocking call gives up after this many of the longest deadline, in real time ({@link #await}): far past any
   * deadline, so it only ends a wait whose outcome depends on a task that never runs.
   */
  static final int BLOCKING_WAIT_DEADLINES = 4;

  /**
   * Operations whose answer is about the authenticated user ("my" profile, schedules, bookings, event type by id):
   * Cal.com's document requires {@code Authorization} for them and lists no OAuth-client headers, and Cal.com's
   * {@code ApiAuthGuard} would authenticate OAuth-client headers as the platform owner, not as a user. An OAuth
   * client cannot make them; the client says so instead of sending a request that ends in a 401 or answers about
   * the wrong user (docs/CALCOM-WIRE-NOTES.md).
   */
  static final Set<Operation> BEARER_ONLY =
      EnumSet.of(
          Operation.ME_GET,
          Operation.EVENT_TYPE_GET,
          Operation.TEAM_EVENT_TYPE_GET,
          Operation.SCHEDULES_LIST,
          Operation.SCHEDULE_GET,
          Operation.SCHEDULE_DEFAULT_GET,
          Operation.BOOKING_LIST);

  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Pipeline pipeline;
  private final Credentials credentials;
  private final Map<ApiResource, String> versions;
  private final Map<EndpointGroup, Duration> timeouts;
  private final Clock clock;
  private final Decoder decoder;
  private final RateLimitHeaders rateLimitHeaders;
  private final Duration clockSkewTolerance;
  private final Duration blockingWait;

  /** Creates a caller whose decode issues are only logged. */
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
   * than {@code clockSkewTolerance} in the past; its decode issues are only logged.
   */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      RateLimitHeaders rateLimitHeaders,
      Duration clockSkewTolerance) {
    this(pipeline, credentials, versions, timeouts, clock, rateLimitHeaders, clockSkewTolerance, null);
  }

  /**
   * Creates a caller.
   *
   * @param rateLimitHeaders how 429 errors read their wait
   * @param clockSkewTolerance how far in the past a start may be
   * @param decodeIssues receives what in Cal.com's answers did not decode as expected, or {@code null}
   */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      RateLimitHeaders rateLimitHeaders,
      Duration clockSkewTolerance,
      DecodeIssueSink decodeIssues) {
    this.decoder = new Decoder(decodeIssues);
    this.rateLimitHeaders = rateLimitHeaders;
    this.clockSkewTolerance = clockSkewTolerance;
    this.pipeline = pipeline;
    this.credentials = credentials;
    this.versions = Map.copyOf(versions);
    this.timeouts = Map.copyOf(timeouts);
    this.clock = clock;
    // a group without a configured timeout gets the default one
    Duration longest = this.timeouts.size() < EndpointGroup.values().length ? DEFAULT_TIMEOUT : Duration.ZERO;
    for (Duration t : this.timeouts.values()) {
      longest = t.compareTo(longest) > 0 ? t : longest;
    }
    this.blockingWait = longest.multipliedBy((long) DEADLINE_ATTEMPTS * BLOCKING_WAIT_DEADLINES);
  }

  /** A request builder for {@code operation} with version, credential id, default priority and deadline set. */
  public CalcomRequest.Builder request(Operation operation, String path) {
    Duration timeout = timeouts.getOrDefault(operation.group(), DEFAULT_TIMEOUT);
    return CalcomRequest.builder(operation, path)
        .apiVersion(versions.get(operation.resource()))
        .credentialId(credentials.id())
        .deadline(clock.instant().plus(timeout.multipliedBy(DEADLINE_ATTEMPTS)));
  }

  /** Sends {@code request}; the future completes with the raw successful response or a typed exception. */
  public CompletableFuture<CalcomResponse> send(CalcomRequest request) {
    if (!credentials.isApiKey() && BEARER_ONLY.contains(request.operation())) {
      return CompletableFuture.failedFuture(
          new ValidationException(
              "credential",
              request.operation()
                  + " needs an API key or access token (Authorization: Bearer); Cal.com does not accept the"
                  + " OAuth client headers (x-cal-client-id, x-cal-secret-key) for it. Nothing was sent."));
    }
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

  /** The tolerant decoder of answers' {@code data}, reporting to this caller's sink. */
  public Decoder decoder() {
    return decoder;
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

  /**
   * Waits for a call's future in a blocking method, at most {@link #blockingWait()} of real time.
   *
   * @param future the call's future
   * @param <T> the call's value
   * @return the value
   * @throws dev.calcomclient.CalcomException the call's own failure, or a {@link dev.calcomclient.CalcomTimeoutException}
   *     when no outcome arrived within the bound
   */
  public <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    return Futures.join(future, blockingWait);
  }

  /**
   * How long a blocking call waits at most, in real time: {@value #BLOCKING_WAIT_DEADLINES} times the longest
   * deadline (the longest per-attempt timeout times {@value #DEADLINE_ATTEMPTS}; 2 minutes with the defaults).
   *
   * @return the bound
   */
  public Duration blockingWait() {
    return blockingWait;
  }

  /** The clock every service reads time from. */
  public Clock clock() {
    return clock;
  }
}
