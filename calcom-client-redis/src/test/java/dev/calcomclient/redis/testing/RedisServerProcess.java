package dev.calcomclient.redis.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code redis-server} from the {@code PATH}, on a free loopback port, without persistence: started by the
 * test and stopped by it (and at JVM exit). It can be killed (SIGKILL, as a crash) and started again on the same
 * port, empty, for the outage tests. Construction fails with a message saying what to install when the binary is
 * missing or does not start.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final int port;
  private final boolean cluster;
  private final boolean ownsEverySlot;
  private final Path dir;
  private Process process;
  private volatile long answeredAtNanos;

  private RedisServerProcess(boolean cluster) {
    this(cluster, cluster);
  }

  private RedisServerProcess(boolean cluster, boolean ownsEverySlot) {
    this.cluster = cluster;
    this.ownsEverySlot = ownsEverySlot;
    this.port = freePort();
    try {
      this.dir = Files.createTempDirectory("calcom-redis-test");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a working directory for redis-server", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::killQuietly, "redis-server-stop-" + port));
    restart();
  }

  /** Starts a standalone server on a free port. */
  public static RedisServerProcess launch() {
    return new RedisServerProcess(false);
  }

  /** Starts a one-node Redis Cluster (cluster mode on, every slot assigned to this node) on a free port. */
  public static RedisServerProcess launchCluster() {
    return new RedisServerProcess(true);
  }

  /**
   * Starts a Redis Cluster of {@code masters} {@code redis-server} processes (cluster mode on, joined with
   * {@code CLUSTER MEET}, the 16,384 slots split evenly), and waits until every node reports
   * {@code cluster_state:ok}. Close each process to stop the cluster.
   *
   * @param masters how many nodes, each a master
   * @return the nodes
   */
  public static List<RedisServerProcess> launchCluster(int masters) {
    List<RedisServerProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < masters; i++) {
        nodes.add(new RedisServerProcess(true, false));
      }
      for (RedisServerProcess n : nodes.subList(1, nodes.size())) {
        nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(n.port));
      }
      int per = 16384 / masters;
      for (int i = 0; i < masters; i++) {
        int first = i * per;
        int last = i == masters - 1 ? 16383 : first + per - 1;
        nodes.get(i).command("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first), Integer.toString(last));
      }
      for (RedisServerProcess n : nodes) {
        n.awaitClusterOk();
      }
      return nodes;
    } catch (RuntimeException e) {
      nodes.forEach(RedisServerProcess::close);
      throw e;
    }
  }

  /**
   * A {@code redis-cluster://} URI naming every node of {@code nodes}.
   *
   * @param nodes the cluster's nodes
   * @return the URI
   */
  public static String clusterUri(List<RedisServerProcess> nodes) {
    return "redis-cluster://"
        + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port).toList());
  }

  /** The server's port. */
  public int port() {
    return port;
  }

  /** A {@code redis://} URI of the server. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server again on the same port after {@link #kill()}; it comes back empty. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1"));
    cmd.addAll(List.of("--save", "", "--appendonly", "no")); // nothing survives a kill: a restart comes back empty
    cmd.addAll(List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    if (cluster) {
      cmd.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf"));
      deleteQuietly(dir.resolve("nodes-" + port + ".conf"));
    }
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(new File(dir.toFile(), "stdout.log"))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start redis-server from the PATH (" + e.getMessage() + "). The Redis module's tests need a real"
              + " Redis: install it (apt-get install redis-server, brew install redis) so that `redis-server` is on"
              + " the PATH.",
          e);
    }
    try {
      // Polls the external process every 2 ms: the moment it answers is measured by some tests.
      await()
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(2))
          .atMost(Duration.ofMillis(START_TIMEOUT_MILLIS))
          .until(() -> !process.isAlive() || answersPing());
    } catch (ConditionTimeoutException e) {
      killQuietly();
      throw new IllegalStateException(
          "redis-server did not answer PING on port " + port + " within " + START_TIMEOUT_MILLIS + " ms; log: "
              + log());
    }
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "redis-server exited at start with code " + process.exitValue() + "; its log: " + log());
    }
    answeredAtNanos = System.nanoTime();
    if (ownsEverySlot) {
      // One node owning every slot: Cluster semantics (cross-slot checks) on a single process.
      command("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
      awaitClusterOk();
    }
  }

  private boolean answersPing() {
    try {
      return "+PONG".equals(send("PING"));
    } catch (IOException notYet) {
      return false; // not listening yet
    }
  }

  /**
   * The {@link System#nanoTime()} at which the last (re)start's first {@code PING} was answered: when the server
   * became reachable, to within the 2 ms polling interval and one loopback round trip.
   */
  public long answeredAtNanos() {
    return answeredAtNanos;
  }

  /** Kills the server with SIGKILL, as a crash would, and waits until it is gone. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not die within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing redis-server", e);
    }
  }

  /** Whether the process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Sends one command over a fresh socket and returns its reply: a status or integer line as sent ({@code +OK},
   * {@code :1}), a bulk payload, or an array's elements one per line. For test set-up and inspection only.
   */
  public String command(String... args) {
    try {
      return send(args);
    } catch (IOException e) {
      throw new IllegalStateException("redis-server on port " + port + " did not answer " + String.join(" ", args), e);
    }
  }

  private String send(String... args) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] b = a.getBytes(StandardCharsets.UTF_8);
        req.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
      }
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      return readReply(s.getInputStream());
    }
  }

  /** A bulk reply's payload, an array's elements joined by newlines, or the reply line itself. */
  private static String readReply(InputStream in) throws IOException {
    String first = readLine(in);
    if (first.startsWith("$")) {
      int len = Integer.parseInt(first.substring(1));
      if (len < 0) {
        return null;
      }
      byte[] payload = in.readNBytes(len + 2);
      return new String(payload, 0, len, StandardCharsets.UTF_8);
    }
    if (first.startsWith("*")) {
      int n = Integer.parseInt(first.substring(1));
      List<String> items = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        items.add(readReply(in));
      }
      return String.join("\n", items);
    }
    return first;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read(); // '\n'
        return sb.toString();
      }
      sb.append((char) c);
    }
    throw new IOException("connection closed before a reply");
  }

  /** The {@code calls} count of one command in {@code INFO commandstats} (0 when never called). */
  public long commandCalls(String command) {
    String info = command("INFO", "commandstats");
    String prefix = "cmdstat_" + command.toLowerCase() + ":calls=";
    for (String line : info.split("\r\n")) {
      if (line.startsWith(prefix)) {
        int end = line.indexOf(',', prefix.length());
        return Long.parseLong(line.substring(prefix.length(), end));
      }
    }
    return 0;
  }

  /** Resets {@code INFO commandstats}. */
  public void resetStats() {
    command("CONFIG", "RESETSTAT");
  }

  private void awaitClusterOk() {
    try {
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(2))
          .atMost(Duration.ofMillis(START_TIMEOUT_MILLIS))
          .until(() -> command("CLUSTER", "INFO").contains("cluster_state:ok"));
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("the cluster node on port " + port + " did not reach cluster_state:ok; log: "
          + log());
    }
  }


  private String log() {
    try {
      return Files.readString(dir.resolve("redis.log")) + Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }


  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for redis-server", e);
    }
  }

  private synchronized void killQuietly() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a stale cluster config only matters when it exists
    }
  }

  @Override
  public void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(RedisServerProcess::deleteQuietly);
    } catch (IOException ignored) {
      // temp files only
    }
  }

  @Override
  public String toString() {
    return "RedisServerProcess{port=" + port + (cluster ? ", cluster" : "") + "}";
  }
}
