package dev.calcomclient.examples;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Redis the examples share between instances (the multi-instance example, the 4-instance load scenarios):
 * {@code REDIS_URL} when it is set (left running), otherwise a
 * {@code redis-server} from the PATH on a free loopback port, without persistence ({@code --save ""
 * --appendonly no}), stopped by {@link #close()} (and at JVM exit).
 */
public final class RedisServer implements AutoCloseable {
  /** The environment variable naming an existing Redis. */
  public static final String REDIS_URL = "REDIS_URL";
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final String uri;
  private final Process process;
  private final Path dir;
  private final int port;

  private RedisServer(String uri, Process process, Path dir, int port) {
    this.uri = uri;
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Why no Redis can be had (no {@code REDIS_URL} and no {@code redis-server} on the PATH), or empty. */
  public static Optional<String> unavailable() {
    String url = System.getenv(REDIS_URL);
    if (url != null && !url.isBlank()) {
      return Optional.empty();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
          return Optional.empty();
        }
      }
    }
    return Optional.of("redis-server is not on the PATH and REDIS_URL is not set; install Redis (apt-get install"
        + " redis-server, brew install redis) or set REDIS_URL=redis://host:port (the load scenarios can also run"
        + " their 4-instance variants with --multi-instance in-process)");
  }

  /** {@code REDIS_URL} if set, else a started {@code redis-server}; throws {@link IllegalStateException} if neither. */
  public static RedisServer fromEnvironmentOrStart() {
    String url = System.getenv(REDIS_URL);
    if (url != null && !url.isBlank()) {
      return new RedisServer(url.strip(), null, null, -1);
    }
    return start();
  }

  /** Starts a {@code redis-server} from the PATH on a free port and waits until it answers {@code PING}. */
  public static RedisServer start() {
    int port = freePort();
    Path dir;
    try {
      dir = Files.createTempDirectory("calcom-example-redis");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a working directory for redis-server: " + e.getMessage(), e);
    }
    List<String> cmd = List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString());
    Process process;
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(new File(dir.toFile(), "redis.log")).start();
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new IllegalStateException(unavailable().orElse("redis-server could not be started") + " ("
          + e.getMessage() + ")", e);
    }
    RedisServer server = new RedisServer("redis://127.0.0.1:" + port, process, dir, port);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "example-redis-stop"));
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
    while (!answersPing(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = server.log();
        server.close();
        throw new IllegalStateException("redis-server did not start on port " + port + " within "
            + START_TIMEOUT_MILLIS + " ms; its log: " + log);
      }
      try {
        Thread.sleep(20); // waiting for a process to start listening
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
    return server;
  }

  /** The Redis URI to connect to. */
  public String uri() {
    return uri;
  }

  /** The loopback port of a server this started, or -1 for {@code REDIS_URL}. */
  public int port() {
    return port;
  }

  /** Whether this started the server (rather than using {@code REDIS_URL}). */
  public boolean started() {
    return process != null;
  }

  private static boolean answersPing(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      s.setSoTimeout(1000);
      OutputStream o = s.getOutputStream();
      o.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      o.flush();
      InputStream in = s.getInputStream();
      return "+PONG\r\n".equals(new String(in.readNBytes(7), StandardCharsets.US_ASCII));
    } catch (IOException notYet) {
      return false;
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for redis-server", e);
    }
  }

  /** Stops the server this started and deletes its working directory; leaves a {@code REDIS_URL} Redis alone. */
  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory left behind
    }
  }

  @Override
  public String toString() {
    return started() ? "redis-server at " + uri : "REDIS_URL";
  }
}
