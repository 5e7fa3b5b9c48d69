package dev.calcomclient.internal;

import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.ResponseTooLargeException;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last layer: sends a {@link CalcomRequest} with OkHttp and returns the raw response for every HTTP status.
 * Adds auth, {@code cal-api-version}, {@code User-Agent} and JSON headers; applies the per-attempt timeout capped
 * by the request's deadline; and records whether any byte of the request was written, so that a failed mutation
 * can tell the caller whether it may have reached Cal.com. OkHttp's own silent retry is switched off: one
 * {@code intercept} is at most one request on the wire.
 */
public final class OkHttpTransport implements Layer {
  private static final Logger log = LoggerFactory.getLogger(OkHttpTransport.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final Credentials credentials;
  private final Map<EndpointGroup, Duration> timeouts;
  private final Clock clock;
  private final String userAgent;
  private final long maxBodyBytes;

  /** Creates the transport with the default body limit. */
  public OkHttpTransport(
      OkHttpClient http,
      HttpUrl baseUrl,
      Credentials credentials,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      String userAgent) {
    this(http, baseUrl, credentials, timeouts, clock, userAgent, DEFAULT_MAX_BODY_BYTES);
  }

  /** The default limit on a response body: 16 MiB, far above any Cal.com answer (a year of slots is a few MiB). */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L << 20;

  /**
   * Creates the transport.
   *
   * @param http the client to use; this transport derives a client from it (sharing its pool) with an event
   *     listener, redirects off and a guard that refuses to send the credential anywhere but {@code baseUrl}
   * @param maxBodyBytes the largest response body read; a larger one fails with {@link ResponseTooLargeException}
   */
  public OkHttpTransport(
      OkHttpClient http,
      HttpUrl baseUrl,
      Credentials credentials,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      String userAgent,
      long maxBodyBytes) {
    // OkHttp's retryOnConnectionFailure (on by default) silently sends a request again on a new connection when
    // the first one fails, even a POST whose bytes were written: a booking create whose connection dropped after
    // Cal.com processed it would be posted twice, and any silent resend is an attempt no rate-limit token paid
    // for. The retry layer above decides every resend. The caller's own event listeners (of a client passed to the
    // builder) keep receiving every event: the send tracker is composed with them, never in their place.
    // Cal.com's API does not redirect API calls. OkHttp follows redirects by default and strips only Authorization
    // on a cross-host hop, so x-cal-secret-key would travel to whatever host a proxy names; a redirect is an error.
    EventListener.Factory callers = http.eventListenerFactory();
    this.http =
        http.newBuilder()
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .followSslRedirects(false)
            .addNetworkInterceptor(new SameOriginGuard(baseUrl))
            .eventListenerFactory(call -> new SendTracker().plus(callers.create(call)))
            .build();
    this.maxBodyBytes = maxBodyBytes;
    this.baseUrl = baseUrl;
    this.credentials = credentials;
    this.timeouts = Map.copyOf(timeouts);
    this.clock = clock;
    this.userAgent = userAgent;
  }

  @Override
  public CompletableFuture<CalcomResponse> intercept(CalcomRequest request, Chain ignoredLast) {
    CompletableFuture<CalcomResponse> result = new CompletableFuture<>();
    Request okRequest;
    Attempt attempt = new Attempt();
    try {
      okRequest = toOkHttp(request, attempt);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    Call call = http.newCall(okRequest);
    long timeoutMillis = attemptTimeout(request).toMillis();
    call.timeout().timeout(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            try (ResponseBody body = response.body()) {
              byte[] bytes = readBounded(body, response);
              Redactor redactor = credentials.redactor();
              CalcomResponse out =
                  new CalcomResponse(response.code(), scrub(response.headers().toMultimap(), redactor),
                      redactor.scrub(bytes));
              if (log.isDebugEnabled()) {
                log.debug(
                    "{} {} -> {} in {} ms (X-Request-Id {})",
                    request.method(),
                    request.path(),
                    response.code(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    redactor.redact(out.requestId()));
              }
              result.complete(out);
            } catch (ResponseTooLargeException e) {
              log.debug("{} {} -> {}: {}", request.method(), request.path(), response.code(), e.getMessage());
              result.completeExceptionally(e);
            } catch (IOException e) {
              result.completeExceptionally(mapFailure(request, e, true, timeoutMillis));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            log.debug("{} {} failed: {}", request.method(), request.path(), credentials.redact(e.toString()));
            result.completeExceptionally(mapFailure(request, e, attempt.sent, timeoutMillis));
          }
        });
    result.whenComplete(
        (r, t) -> {
          if (t instanceof java.util.concurrent.CancellationException) {
            call.cancel();
          }
        });
    return result;
  }

  /** Reads the body, refusing (before reading it all) one larger than {@link #maxBodyBytes}. */
  private byte[] readBounded(ResponseBody body, Response response) throws IOException {
    String rid = credentials.redact(response.header("X-Request-Id"));
    if (body.contentLength() > maxBodyBytes) {
      throw new ResponseTooLargeException(maxBodyBytes, response.code(), rid);
    }
    okio.BufferedSource source = body.source();
    // request(n) returns true only once n bytes are buffered: at most the limit plus one byte is ever held.
    if (source.request(maxBodyBytes + 1)) {
      throw new ResponseTooLargeException(maxBodyBytes, response.code(), rid);
    }
    return source.readByteArray();
  }

  /** The headers with every configured secret masked (a proxy may echo the request's headers back). */
  private static Map<String, List<String>> scrub(Map<String, List<String>> headers, Redactor redactor) {
    Map<String, List<String>> out = new java.util.LinkedHashMap<>();
    headers.forEach(
        (name, values) -> {
          List<String> clean = new java.util.ArrayList<>(values.size());
          for (String v : values) {
            clean.add(new String(redactor.scrub(v.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                java.nio.charset.StandardCharsets.UTF_8));
          }
          out.put(name, clean);
        });
    return out;
  }

  private Duration attemptTimeout(CalcomRequest request) {
    Duration configured = timeouts.getOrDefault(request.operation().group(), Duration.ofSeconds(5));
    Duration left = Duration.between(clock.instant(), request.deadline());
    if (left.isNegative() || left.isZero()) {
      return Duration.ofMillis(1);
    }
    return left.compareTo(configured) < 0 ? left : configured;
  }

  private CalcomException mapFailure(CalcomRequest request, IOException e, boolean sent, long timeoutMillis) {
    String what = request.method() + " " + request.path();
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return new CalcomTimeoutException(
          what + " timed out after " + timeoutMillis + " ms", sent, e);
    }
    if (e.getMessage() != null && e.getMessage().equals("Canceled")) {
      return new CalcomException(what + " was canceled", e);
    }
    return new CalcomConnectionException(
        what + " failed: " + credentials.redact(e.getClass().getSimpleName() + ": " + e.getMessage()), sent, e);
  }

  private Request toOkHttp(CalcomRequest request, Attempt attempt) {
    HttpUrl.Builder url = baseUrl.newBuilder();
    String basePath = baseUrl.encodedPath();
    if (basePath.endsWith("/")) {
      basePath = basePath.substring(0, basePath.length() - 1);
    }
    url.encodedPath(basePath + request.path());
    for (Map.Entry<String, List<String>> e : request.query().entrySet()) {
      for (String v : e.getValue()) {
        url.addQueryParameter(e.getKey(), v);
      }
    }
    Request.Builder b = new Request.Builder().url(url.build()).tag(Attempt.class, attempt);
    credentials.apply(b);
    b.header("User-Agent", userAgent);
    b.header("Accept", "application/json");
    if (request.apiVersion() != null) {
      b.header("cal-api-version", request.apiVersion());
    }
    byte[] body = request.body();
    RequestBody rb = body == null ? null : RequestBody.create(body, JSON);
    switch (request.method()) {
      case GET:
        b.get();
        break;
      case POST:
        b.post(rb == null ? RequestBody.create(new byte[0], JSON) : rb);
        break;
      case PATCH:
        b.patch(rb == null ? RequestBody.create(new byte[0], JSON) : rb);
        break;
      case DELETE:
        if (rb == null) {
          b.delete();
        } else {
          b.delete(rb);
        }
        break;
      default:
        throw new IllegalStateException("unsupported method " + request.method());
    }
    return b.build();
  }

  /**
   * The last check before bytes leave: a request carrying the credential goes only to the configured base URL's
   * scheme, host and port. With redirects off nothing should ever trip it; it stops a user-supplied client whose
   * own interceptors rewrite the URL from sending the credential elsewhere.
   */
  private static final class SameOriginGuard implements okhttp3.Interceptor {
    private final HttpUrl origin;

    SameOriginGuard(HttpUrl origin) {
      this.origin = origin;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      HttpUrl target = chain.request().url();
      if (!Credentials.sameOrigin(origin, target)) {
        throw new IOException(
            "refused to send the credential to " + target.scheme() + "://" + target.host() + ":" + target.port()
                + ", which is not the configured base URL");
      }
      return chain.proceed(chain.request());
    }
  }

  /** Per-call state: whether the request's first byte was handed to the socket. */
  private static final class Attempt {
    volatile boolean sent;
  }

  private static final class SendTracker extends EventListener {
    @Override
    public void requestHeadersStart(Call call) {
      Attempt a = call.request().tag(Attempt.class);
      if (a != null) {
        a.sent = true;
      }
    }
  }
}
