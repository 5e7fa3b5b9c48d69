package dev.calcomclient.internal;

import dev.calcomclient.CalcomConnectionException;
import dev.calcomclient.CalcomException;
import dev.calcomclient.CalcomTimeoutException;
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

  /**
   * Creates the transport.
   *
   * @param http the client to use; this transport adds an event listener to a derived client (sharing its pool)
   */
  public OkHttpTransport(
      OkHttpClient http,
      HttpUrl baseUrl,
      Credentials credentials,
      Map<EndpointGroup, Duration> timeouts,
      Clock clock,
      String userAgent) {
    // OkHttp's retryOnConnectionFailure (on by default) silently sends a request again on a new connection when
    // the first one fails, even a POST whose bytes were written: a booking create whose connection dropped after
    // Cal.com processed it would be posted twice, and any silent resend is an attempt no rate-limit token paid
    // for. The retry layer above decides every resend. The caller's own event listeners (of a client passed to the
    // builder) keep receiving every event: the send tracker is composed with them, never in their place.
    EventListener.Factory callers = http.eventListenerFactory();
    this.http =
        http.newBuilder()
            .retryOnConnectionFailure(false)
            .eventListenerFactory(call -> new SendTracker().plus(callers.create(call)))
            .build();
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
              byte[] bytes = body.bytes();
              CalcomResponse out =
                  new CalcomResponse(response.code(), response.headers().toMultimap(), bytes);
              if (log.isDebugEnabled()) {
                log.debug(
                    "{} {} -> {} in {} ms (X-Request-Id {})",
                    request.method(),
                    request.path(),
                    response.code(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    out.requestId());
              }
              result.complete(out);
            } catch (IOException e) {
              result.completeExceptionally(mapFailure(request, e, true, timeoutMillis));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }

          @Override
          public void onFailure(Call c, IOException e) {
            log.debug("{} {} failed: {}", request.method(), request.path(), e.toString());
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
