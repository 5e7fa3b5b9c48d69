package dev.calcomclient.pipeline;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One Cal.com API call as it flows through the layers: immutable, fully resolved (path, query, JSON body,
 * {@code cal-api-version}), with the priority and deadline that limiter and retry layers honour. Layers that
 * change a request (for example a retry that bumps {@link #attempt()}) create a copy with {@link #toBuilder()}.
 *
 * <p>The credential is identified only by {@link #credentialId()}, a non-reversible hash: the secret itself
 * never travels through the layers and never appears in {@link #toString()}.
 */
public final class CalcomRequest {
  private final Operation operation;
  private final String path;
  private final Map<String, List<String>> query;
  private final byte[] body;
  private final String apiVersion;
  private final Priority priority;
  private final Instant deadline;
  private final Duration maxWait;
  private final String credentialId;
  private final int attempt;
  private final String flightScope;
  private final Supplier<? extends CompletionStage<?>> onDispatch;

  private CalcomRequest(Builder b) {
    this.operation = Objects.requireNonNull(b.operation, "operation");
    this.path = Objects.requireNonNull(b.path, "path");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    Map<String, List<String>> q = new LinkedHashMap<>();
    b.query.forEach((k, v) -> q.put(k, List.copyOf(v)));
    this.query = Collections.unmodifiableMap(q);
    this.body = b.body == null ? null : b.body.clone();
    this.apiVersion = b.apiVersion;
    this.priority = b.priority == null ? Priority.STANDARD : b.priority;
    this.deadline = Objects.requireNonNull(b.deadline, "deadline");
    if (b.maxWait != null && b.maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must not be negative: " + b.maxWait);
    }
    this.maxWait = b.maxWait;
    this.credentialId = Objects.requireNonNull(b.credentialId, "credentialId");
    this.attempt = b.attempt;
    this.flightScope = b.flightScope;
    this.onDispatch = b.onDispatch;
  }

  /**
   * Starts a request for {@code operation} on {@code path} (for example {@code /v2/slots}).
   *
   * @param operation the operation
   * @param path the path
   * @return a new builder
   */
  public static Builder builder(Operation operation, String path) {
    return new Builder(operation, path);
  }

  /**
   * What this call does.
   *
   * @return what this call does
   */
  public Operation operation() {
    return operation;
  }

  /**
   * The HTTP method, from the operation.
   *
   * @return the HTTP method, from the operation
   */
  public HttpMethod method() {
    return operation.method();
  }

  /**
   * The URL path including {@code /v2}, already percent-encoded where needed.
   *
   * @return the URL path including {@code /v2}, already percent-encoded where needed
   */
  public String path() {
    return path;
  }

  /**
   * Query parameters in the order they were added; values unencoded.
   *
   * @return query parameters in the order they were added; values unencoded
   */
  public Map<String, List<String>> query() {
    return query;
  }

  /**
   * The first value of a query parameter, or {@code null}.
   *
   * @param name the name
   * @return the first value of a query parameter, or {@code null}
   */
  public String queryParameter(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The JSON request body (a copy), or {@code null} for none.
   *
   * @return the JSON request body (a copy), or {@code null} for none
   */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /**
   * The JSON request body as text, or {@code null}.
   *
   * @return the JSON request body as text, or {@code null}
   */
  public String bodyAsString() {
    return body == null ? null : new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The {@code cal-api-version} header value, or {@code null} when none is sent.
   *
   * @return the {@code cal-api-version} header value, or {@code null} when none is sent
   */
  public String apiVersion() {
    return apiVersion;
  }

  /**
   * The rate-limit lane.
   *
   * @return the rate-limit lane
   */
  public Priority priority() {
    return priority;
  }

  /**
   * The instant by which the whole call, retries and waits included, must complete.
   *
   * @return the instant by which the whole call, retries and waits included, must complete
   */
  public Instant deadline() {
    return deadline;
  }

  /**
   * The longest this call waits for a rate-limit token (never past its {@link #deadline()}), when the caller chose
   * one ({@link dev.calcomclient.RequestOptions#maxWait()}); otherwise its lane's default applies.
   *
   * @return the wait, or empty for the lane's default
   */
  public Optional<Duration> maxWait() {
    return Optional.ofNullable(maxWait);
  }

  /**
   * A stable, non-secret identifier of the credential (a truncated SHA-256 hash).
   *
   * @return a stable, non-secret identifier of the credential (a truncated SHA-256 hash)
   */
  public String credentialId() {
    return credentialId;
  }

  /**
   * 1 for the first attempt, 2 for the first retry, and so on.
   *
   * @return 1 for the first attempt, 2 for the first retry, and so on
   */
  public int attempt() {
    return attempt;
  }

  /**
   * A key that is equal for requests that must produce the same answer: method, path, sorted query, version
   * and credential. Used by the coalescer; never contains a secret. A {@link Priority#BATCH} read has a key of its
   * own, so that a caller in another lane never joins (and waits on) a batch job's flight, which may wait long for
   * its token.
   *
   * @return a key that is equal for requests that must produce the same answer: method, path, sorted query, version and
   *     credential
   */
  public String canonicalKey() {
    StringBuilder sb = new StringBuilder(96);
    sb.append(method()).append(' ').append(path);
    Map<String, List<String>> sorted = new TreeMap<>(query);
    char sep = '?';
    for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
      List<String> values = new ArrayList<>(e.getValue());
      Collections.sort(values);
      for (String v : values) {
        sb.append(sep).append(e.getKey()).append('=').append(v);
        sep = '&';
      }
    }
    sb.append(" v=").append(apiVersion).append(" c=").append(credentialId);
    if (flightScope != null) {
      sb.append(" s=").append(flightScope);
    }
    if (priority == Priority.BATCH) {
      sb.append(" lane=batch");
    }
    if (body != null) {
      sb.append(" b=").append(Arrays.hashCode(body));
    }
    return sb.toString();
  }

  /**
   * What separates this read from identical ones for coalescing, never sent: a slot fetch that starts after an
   * invalidation carries one, so it does not join a flight that started before the invalidation.
   *
   * @return the scope, or {@code null} for none
   */
  public String flightScope() {
    return flightScope;
  }

  /**
   * Tells the request's issuer that this attempt is about to be handed to the transport, after every layer before it
   * (the rate limiter's token included) let it through, and lets it finish what must precede the sending (the slot
   * cache reads the generations its answer will be stored under): anything the issuer applied before the hook ran
   * was applied before Cal.com can have received the attempt. The pipeline calls it once per attempt that reaches
   * the transport and sends the attempt when the returned stage completes; an attempt answered without being sent (a
   * coalesced call that joined another flight, a refusal) never calls it.
   *
   * @return a stage that completes, normally, when the issuer's hook has finished (at once without a hook; a hook
   *     that throws or fails does not fail the attempt)
   */
  public CompletableFuture<Void> dispatched() {
    Supplier<? extends CompletionStage<?>> hook = onDispatch;
    if (hook == null) {
      return CompletableFuture.completedFuture(null);
    }
    try {
      CompletionStage<?> stage = hook.get();
      return stage == null
          ? CompletableFuture.completedFuture(null)
          : stage.handle((v, e) -> (Void) null).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(null); // the issuer's bookkeeping must not fail the call
    }
  }

  /**
   * A builder initialised with this request's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder(operation, path);
    query.forEach((k, v) -> b.query.put(k, new ArrayList<>(v)));
    b.body = body;
    b.apiVersion = apiVersion;
    b.priority = priority;
    b.deadline = deadline;
    b.maxWait = maxWait;
    b.flightScope = flightScope;
    b.onDispatch = onDispatch;
    b.credentialId = credentialId;
    b.attempt = attempt;
    return b;
  }

  @Override
  public String toString() {
    return "CalcomRequest{"
        + operation
        + ' '
        + method()
        + ' '
        + path
        + (query.isEmpty() ? "" : " " + query)
        + ", version="
        + apiVersion
        + ", priority="
        + priority
        + ", attempt="
        + attempt
        + '}';
  }

  /** Builds a {@link CalcomRequest}. */
  public static final class Builder {
    private final Operation operation;
    private final String path;
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private byte[] body;
    private String apiVersion;
    private Priority priority;
    private Instant deadline;
    private Duration maxWait;
    private String credentialId;
    private int attempt = 1;
    private String flightScope;
    private Supplier<? extends CompletionStage<?>> onDispatch;

    private Builder(Operation operation, String path) {
      this.operation = operation;
      this.path = path;
    }

    /**
     * Adds a query parameter; {@code null} values are skipped.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder query(String name, Object value) {
      if (value != null) {
        query.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
      }
      return this;
    }

    /**
     * Sets the JSON body.
     *
     * @param json the JSON
     * @return this builder
     */
    public Builder body(byte[] json) {
      this.body = json == null ? null : json.clone();
      return this;
    }

    /**
     * Sets the {@code cal-api-version} header value ({@code null}: none).
     *
     * @param apiVersion the API version
     * @return this builder
     */
    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Sets the rate-limit lane.
     *
     * @param priority the priority
     * @return this builder
     */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /**
     * Sets the overall deadline.
     *
     * @param deadline the deadline
     * @return this builder
     */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /**
     * Sets the longest wait for a rate-limit token ({@code null}: the lane's default).
     *
     * @param maxWait zero or positive, or {@code null}
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Sets the credential's hashed id.
     *
     * @param credentialId the credential ID
     * @return this builder
     */
    public Builder credentialId(String credentialId) {
      this.credentialId = credentialId;
      return this;
    }

    /**
     * Sets the attempt number (1-based).
     *
     * @param attempt the attempt
     * @return this builder
     */
    public Builder attempt(int attempt) {
      if (attempt < 1) {
        throw new IllegalArgumentException("attempt must be >= 1");
      }
      this.attempt = attempt;
      return this;
    }

    /**
     * Sets the coalescing scope (see {@link CalcomRequest#flightScope()}); part of {@link
     * CalcomRequest#canonicalKey()}, never sent.
     *
     * @param scope the scope, or {@code null} for none
     * @return this builder
     */
    public Builder flightScope(String scope) {
      this.flightScope = scope;
      return this;
    }

    /**
     * Sets what {@link CalcomRequest#dispatched()} runs each time an attempt of the request is about to be handed to
     * the transport; the attempt is sent when the stage it returns completes. Kept by {@link
     * CalcomRequest#toBuilder()}, never part of {@link CalcomRequest#canonicalKey()}, never sent. It runs on the
     * thread sending the attempt and must not block; its stage should complete promptly (it delays the sending).
     *
     * @param hook what to run, or {@code null} for nothing
     * @return this builder
     */
    public Builder onDispatch(Supplier<? extends CompletionStage<?>> hook) {
      this.onDispatch = hook;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the calcom request
     */
    public CalcomRequest build() {
      return new CalcomRequest(this);
    }
  }
}
