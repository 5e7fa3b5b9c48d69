package dev.calcomclient.examples.load;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Applies the per-attempt timeouts of calcom-client's defaults (slots 3 s, bookings 10 s, everything else 5 s, in
 * simulated time) as OkHttp read timeouts divided by the time scale, plus {@link #JITTER_GRACE} of wall time. The
 * client's own timeouts are wall-clock call timeouts and would last minutes of simulated time: without this a 10 s
 * timeout would hide every timeout the real latencies cause; without the grace, a scheduling hiccup of the JVM (tens
 * of milliseconds on 2 busy cores) would time out requests whose simulated latency was well inside the limit, and
 * trip calcom-client's breaker for no reason. Used by both clients, so that both wait as long.
 */
final class SimTimeouts implements Interceptor {
  static final Duration SLOTS = Duration.ofSeconds(3);
  /** {@code /v2/bookings*}: core's default since the load scenarios showed 5 s cutting off Cal.com's tail. */
  static final Duration BOOKINGS = Duration.ofSeconds(10);
  static final Duration OTHER = Duration.ofSeconds(5);
  /** Wall time added to every scaled timeout (0.9 s simulated at the default scale of 60). */
  static final Duration JITTER_GRACE = Duration.ofMillis(15);

  private final SimTime time;

  SimTimeouts(SimTime time) {
    this.time = time;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    String path = chain.request().url().encodedPath();
    Duration simulated = path.startsWith("/v2/slots") ? SLOTS : path.startsWith("/v2/bookings") ? BOOKINGS : OTHER;
    int wallMillis = (int) (time.toWall(simulated).toMillis() + JITTER_GRACE.toMillis());
    return chain.withReadTimeout(wallMillis, TimeUnit.MILLISECONDS).proceed(chain.request());
  }
}
