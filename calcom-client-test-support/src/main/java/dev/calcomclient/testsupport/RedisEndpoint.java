package dev.calcomclient.testsupport;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A Redis to connect to, for code that needs <em>a</em> Redis but not control of its process (the multi-instance
 * example, the 4-instance load scenarios and their tests): {@code REDIS_URL} when it is set (left running), else a
 * {@link RedisServerProcess} started for it ({@code redis-server} from the {@code PATH}, else the embedded binary)
 * and stopped by {@link #close()}.
 */
public final class RedisEndpoint implements AutoCloseable {
  /** The environment variable naming an existing Redis. */
  public static final String REDIS_URL = "REDIS_URL";

  private final String uri;
  private final RedisServerProcess process;

  private RedisEndpoint(String uri, RedisServerProcess process) {
    this.uri = uri;
    this.process = process;
  }

  /**
   * {@code REDIS_URL} if set, else a started server.
   *
   * @return the endpoint; close it to stop a server it started
   * @throws IllegalStateException when {@code REDIS_URL} is unset and no {@code redis-server} can be started
   */
  public static RedisEndpoint fromEnvironmentOrStart() {
    return fromEnvironmentOrStart(System.getenv(), RedisServerProcess::launch);
  }

  /**
   * {@code REDIS_URL} from {@code env} if set, else a server from {@code launcher}.
   *
   * @param env the environment to read {@code REDIS_URL} from
   * @param launcher starts a server when {@code REDIS_URL} is unset
   * @return the endpoint
   */
  static RedisEndpoint fromEnvironmentOrStart(Map<String, String> env, Supplier<RedisServerProcess> launcher) {
    String url = env.get(REDIS_URL);
    if (url != null && !url.isBlank()) {
      return new RedisEndpoint(url.strip(), null);
    }
    RedisServerProcess p = Objects.requireNonNull(launcher.get(), "launcher");
    return new RedisEndpoint(p.uri(), p);
  }

  /**
   * Why no Redis can be had (no {@code REDIS_URL}, no {@code redis-server} on the {@code PATH} and no embedded
   * binary for this platform), or empty when one can.
   *
   * @return the reason, or empty
   */
  public static Optional<String> unavailable() {
    String url = System.getenv(REDIS_URL);
    if (url != null && !url.isBlank()) {
      return Optional.empty();
    }
    try {
      RedisBinary.resolve();
      return Optional.empty();
    } catch (IllegalStateException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * The Redis URI to connect to.
   *
   * @return the URI
   */
  public String uri() {
    return uri;
  }

  /**
   * Whether this started the server (rather than using {@code REDIS_URL}).
   *
   * @return true for a server this started
   */
  public boolean started() {
    return process != null;
  }

  /**
   * The loopback port of a server this started.
   *
   * @return the port, or -1 for {@code REDIS_URL}
   */
  public int port() {
    return process == null ? -1 : process.port();
  }

  /**
   * The server this started.
   *
   * @return the process, or empty for {@code REDIS_URL}
   */
  public Optional<RedisServerProcess> process() {
    return Optional.ofNullable(process);
  }

  /** Stops a server this started and deletes its directory; leaves a {@code REDIS_URL} Redis alone. */
  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }

  @Override
  public String toString() {
    return started() ? "redis-server at " + uri + " (" + process.binary().origin() + ")" : "REDIS_URL";
  }
}
