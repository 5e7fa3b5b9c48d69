package dev.calcomclient.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.RequestOptions;
import dev.calcomclient.ValidationException;
import dev.calcomclient.internal.decode.DecodeIssueSink;
import dev.calcomclient.internal.decode.Decoder;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What every resource service uses: creates requests pre-filled with version, credential id and deadline, runs
 * them through the pipeline, and decodes the answer (success envelope to a model, error to a typed exception).
 */
public final class ApiCaller {
  /**
   * The default call timeout (the overall deadline) is this many attempt timeouts, leaving room for retries and
   * rate-limit waits.
   */
  public static final int DEADLINE_ATTEMPTS = 3;

  private static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

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


  private final Pipeline pipeline;
  private final Credentials credentials;
  private final Map<ApiResource, String> versions;
  private final Map<EndpointGroup, Duration> timeouts;
  private final Map<EndpointGroup, Duration> callTimeouts;
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
   * Creates a caller whose 429 errors read their wait with {@code rateLimitHeaders}, which refuses starts more
   * than {@code clockSkewTolerance} in the past, and whose call timeouts are {@link #DEADLINE_ATTEMPTS} attempt
   * timeouts; its decode issues are only logged.
   */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      RateLimitHeaders rateLimitHeaders,
      Duration clockSkewTolerance) {
    this(pipeline, credentials, versions, timeouts, defaultCallTimeouts(timeouts), clock, rateLimitHeaders,
        clockSkewTolerance, null);
  }

  /**
   * Creates a caller.
   *
   * @param timeouts the per-attempt timeout of each endpoint group
   * @param callTimeouts the overall time of a call of each endpoint group (its deadline), unless the call's
   *     {@link RequestOptions} say otherwise
   * @param rateLimitHeaders how 429 errors read their wait
   * @param clockSkewTolerance how far in the past a start may be
   * @param decodeIssues receives what in Cal.com's answers did not decode as expected, or {@code null}
   */
  public ApiCaller(
      Pipeline pipeline,
      Credentials credentials,
      Map<ApiResource, String> versions,
      Map<EndpointGroup, Duration> timeouts,
      Map<EndpointGroup, Duration> callTimeouts,
      Clock clock,
      RateLimitHeaders rateLimitHeaders,
      Duration clockSkewTolerance,
      DecodeIssueSink decodeIssues) {
    this.callTimeouts = Map.copyOf(callTimeouts);
    this.decoder = new Decoder(decodeIssues);
    this.rateLimitHeaders = rateLimitHeaders;
    this.clockSkewTolerance = clockSkewTolerance;
    this.pipeline = pipeline;
    this.credentials = credentials;
    this.versions = Map.copyOf(versions);
    this.timeouts = Map.copyOf(timeouts);
    this.clock = clock;
    Duration longest = Duration.ZERO;
    for (EndpointGroup g : EndpointGroup.values()) {
      Duration t = callTimeout(g);
      longest = t.compareTo(longest) > 0 ? t : longest;
    }
    this.blockingWait = longest.multipliedBy(BLOCKING_WAIT_DEADLINES);
  }

  /** A request builder for {@code operation} with version, credential id, the standard lane and the deadline set. */
  public CalcomRequest.Builder request(Operation operation, String path) {
    return request(operation, path, RequestOptions.defaults(), Priority.STANDARD);
  }

  /**
   * A request builder for {@code operation} with version and credential id set, and the lane, token wait and
   * deadline of {@code options}, else the defaults: {@code defaultLane}, the lane's wait, the client's call timeout
   * of the endpoint group. A {@link Priority#BATCH} call without its own wait waits until one attempt timeout before
   * its deadline, so that the request it finally sends still has time to be answered.
   *
   * @param options the caller's per-call options
   * @param defaultLane the operation's lane when the options name none
   * @return the builder
   */
  public CalcomRequest.Builder request(
      Operation operation, String path, RequestOptions options, Priority defaultLane) {
    Priority lane = options.lane().orElse(defaultLane);
    Duration attemptTimeout = attemptTimeout(operation.group());
    Duration callTimeout = options.callTimeout().orElseGet(() -> callTimeout(operation.group()));
    Duration maxWait = options.maxWait().orElse(null);
    if (maxWait == null && lane == Priority.BATCH) {
      Duration untilLastAttempt = callTimeout.minus(attemptTimeout);
      maxWait = untilLastAttempt.isNegative() ? Duration.ZERO : untilLastAttempt;
    }
    return CalcomRequest.builder(operation, path)
        .apiVersion(versions.get(operation.resource()))
        .credentialId(credentials.id())
        .priority(lane)
        .maxWait(maxWait)
        .deadline(clock.instant().plus(callTimeout));
  }

  /**
   * The overall time a call of {@code group} may take unless its options say otherwise.
   *
   * @param group the endpoint group
   * @return the call timeout
   */
  public Duration callTimeout(EndpointGroup group) {
    Duration d = callTimeouts.get(group);
    return d != null ? d : attemptTimeout(group).multipliedBy(DEADLINE_ATTEMPTS);
  }

  /**
   * The default call timeouts: {@link #DEADLINE_ATTEMPTS} times each group's attempt timeout.
   *
   * @param timeouts the attempt timeouts
   * @return the call timeouts of every group
   */
  public static Map<EndpointGroup, Duration> defaultCallTimeouts(Map<EndpointGroup, Duration> timeouts) {
    Map<EndpointGroup, Duration> out = new EnumMap<>(EndpointGroup.class);
    for (EndpointGroup g : EndpointGroup.values()) {
      out.put(g, timeouts.getOrDefault(g, DEFAULT_ATTEMPT_TIMEOUT).multipliedBy(DEADLINE_ATTEMPTS));
    }
    return out;
  }

  private Duration attemptTimeout(EndpointGroup group) {
    return timeouts.getOrDefault(group, DEFAULT_ATTEMPT_TIMEOUT);
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
   * Waits for a call's future in a blocking method whose caller passed {@code options}: at most {@link
   * #blockingWait()}, or {@value #BLOCKING_WAIT_DEADLINES} times the call's own timeout when that is longer.
   *
   * @param future the call's future
   * @param options the call's options
   * @param <T> the call's value
   * @return the value
   * @throws dev.calcomclient.CalcomException the call's own failure, or a {@link dev.calcomclient.CalcomTimeoutException}
   *     when no outcome arrived within the bound
   */
  public <T> T await(java.util.concurrent.CompletableFuture<T> future, RequestOptions options) {
    return Futures.join(future, blockingWait(options));
  }

  /**
   * How long a blocking call whose caller passed {@code options} waits at most, in real time: {@link
   * #blockingWait()}, or {@value #BLOCKING_WAIT_DEADLINES} times the call's own timeout when that is longer.
   *
   * @param options the call's options
   * @return the bound
   */
  public Duration blockingWait(RequestOptions options) {
    Duration own = options.callTimeout().map(t -> t.multipliedBy(BLOCKING_WAIT_DEADLINES)).orElse(Duration.ZERO);
    return own.compareTo(blockingWait) > 0 ? own : blockingWait;
  }

  /**
   * How long a blocking call waits at most, in real time: {@value #BLOCKING_WAIT_DEADLINES} times the longest call
   * timeout of the endpoint groups (2 minutes with the defaults).
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
