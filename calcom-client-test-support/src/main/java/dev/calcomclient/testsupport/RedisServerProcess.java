package dev.calcomclient.testsupport;

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
 * A real {@code redis-server} process on a free loopback port, without persistence ({@code --save ""
 * --appendonly no}, its own temporary {@code --dir}): started by the caller and stopped by {@link #close()} (and at
 * JVM exit). The executable is {@link RedisBinary#resolve()}'s: {@code redis-server} from the {@code PATH}, else
 * the embedded binary. Extra server arguments are appended to the command line ({@code --cluster-enabled yes}, ...);
 * start several for a multi-node set-up. It can be killed (SIGKILL, as a crash) and started again on the same port,
 * empty, for outage tests. Construction fails with a message saying what to install when no binary works.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final int port;
  private final boolean cluster;
  private final List<String> extraArgs;
  private final RedisBinary binary;
  private final Path dir;
  private Process process;
  private volatile long answeredAtNanos;

  private RedisServerProcess(RedisBinary binary, boolean cluster, List<String> extraArgs) {
    this.cluster = cluster;
    this.extraArgs = List.copyOf(extraArgs);
    this.binary = binary;
    this.port = freePort();
    try {
      this.dir = Files.createTempDirectory("calcom-redis-test");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a working directory for redis-server", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::killQuietly, "redis-server-stop-" + port));
    restart();
  }

  /**
   * Starts a standalone server on a free port.
   *
   * @return the running server
   * @throws IllegalStateException when no {@code redis-server} can be started
   */
  public static RedisServerProcess launch() {
    return new RedisServerProcess(RedisBinary.resolve(), false, List.of());
  }

  /**
   * Starts a server on a free port with extra arguments appended to its command line.
   *
   * @param extraArgs server arguments, for example {@code "--cluster-enabled", "yes"}
   * @return the running server
   * @throws IllegalStateException when no {@code redis-server} can be started
   */
  public static RedisServerProcess launch(String... extraArgs) {
    return new RedisServerProcess(RedisBinary.resolve(), false, List.of(extraArgs));
  }

  /**
   * Starts {@code count} servers, each on its own free port and in its own directory, with the same extra
   * arguments (for example the nodes of a Redis Cluster). If one fails to start, those already started are stopped.
   *
   * @param count how many servers
   * @param extraArgs server arguments for each of them
   * @return the running servers, in start order
   * @throws IllegalStateException when no {@code redis-server} can be started
   */
  public static List<RedisServerProcess> launchAll(int count, String... extraArgs) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1: " + count);
    }
    List<RedisServerProcess> started = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        started.add(launch(extraArgs));
      }
      return List.copyOf(started);
    } catch (RuntimeException e) {
      started.forEach(RedisServerProcess::close);
      throw e;
    }
  }

  /**
   * Starts a one-node Redis Cluster (cluster mode on, every slot assigned to this node) on a free port.
   *
   * @return the running server
   * @throws IllegalStateException when no {@code redis-server} can be started or the cluster does not become ok
   */
  public static RedisServerProcess launchCluster() {
    return new RedisServerProcess(RedisBinary.resolve(), true, List.of("--cluster-enabled", "yes"));
  }

  /**
   * Starts a Redis Cluster of {@code masters} servers (cluster mode on, joined with {@code CLUSTER MEET}, the 16,384
   * slots split evenly with {@code CLUSTER ADDSLOTS}, which Redis 6.2 has) and waits until every node reports
   * {@code cluster_state:ok}: {@link #launchCluster(int, int, String...)} without replicas. Close each process to stop
   * the cluster.
   *
   * @param masters how many nodes, each a master
   * @return the nodes, in start order
   * @throws IllegalStateException when no {@code redis-server} can be started or the cluster does not become ok
   */
  public static List<RedisServerProcess> launchCluster(int masters) {
    return launchCluster(masters, 0);
  }

  /**
   * Starts a Redis Cluster of {@code masters} masters, each with {@code replicasPerMaster} replicas, as
   * {@code redis-cli --cluster create --cluster-replicas N} would make it, but wired over sockets so that it works
   * with every binary (the embedded 6.2 has no {@code redis-cli}): the nodes are joined with {@code CLUSTER MEET},
   * the 16,384 slots split evenly over the masters with {@code CLUSTER ADDSLOTS}, each replica attached with
   * {@code CLUSTER REPLICATE}. Returns once every node reports {@code cluster_state:ok}, every replica's link to its
   * master is up and every node sees every replica as one, so that a killed master can fail over at once. Close
   * each process to stop the cluster.
   *
   * @param masters how many masters
   * @param replicasPerMaster how many replicas each master gets (0 for none)
   * @param extraArgs server arguments for every node besides cluster mode, for example
   *     {@code "--cluster-node-timeout", "1000"} for a quick failover
   * @return the nodes: the masters in slot order (master {@code i} owns the {@code i}-th share of the slots), then
   *     the replicas, master 0's first; replica {@code j} of master {@code i} is at {@code masters + i *
   *     replicasPerMaster + j}
   * @throws IllegalStateException when no {@code redis-server} can be started or the cluster does not become ok
   */
  public static List<RedisServerProcess> launchCluster(int masters, int replicasPerMaster, String... extraArgs) {
    if (masters < 1 || replicasPerMaster < 0) {
      throw new IllegalArgumentException(
          "need at least one master and no negative replica count: " + masters + ", " + replicasPerMaster);
    }
    List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes"));
    if (replicasPerMaster > 0) {
      // A replica's first sync starts at once (Redis 7 otherwise waits 5 s for more replicas to sync together).
      args.addAll(List.of("--repl-diskless-sync-delay", "0"));
    }
    args.addAll(List.of(extraArgs));
    List<RedisServerProcess> nodes = launchAll(masters * (1 + replicasPerMaster), args.toArray(String[]::new));
    try {
      for (RedisServerProcess n : nodes.subList(1, nodes.size())) {
        nodes.get(0).command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(n.port));
      }
      int per = 16384 / masters;
      for (int i = 0; i < masters; i++) {
        int first = i * per;
        int last = i == masters - 1 ? 16383 : first + per - 1;
        String[] addSlots = new String[2 + last - first + 1];
        addSlots[0] = "CLUSTER";
        addSlots[1] = "ADDSLOTS";
        for (int slot = first; slot <= last; slot++) {
          addSlots[2 + slot - first] = Integer.toString(slot);
        }
        nodes.get(i).command(addSlots);
      }
      for (int i = 0; i < masters; i++) {
        String masterId = nodes.get(i).nodeId();
        for (int j = 0; j < replicasPerMaster; j++) {
          nodes.get(masters + i * replicasPerMaster + j).replicate(masterId);
        }
      }
      for (RedisServerProcess n : nodes) {
        n.awaitClusterOk();
      }
      if (replicasPerMaster > 0) {
        for (RedisServerProcess replica : nodes.subList(masters, nodes.size())) {
          replica.awaitUntil(
              "its replication link up", () -> replica.command("INFO", "replication").contains("master_link_status:up"));
          String replicaId = replica.nodeId();
          for (RedisServerProcess n : nodes) {
            n.awaitUntil("seeing " + replicaId + " as a replica", () -> n.seesAsReplica(replicaId));
          }
        }
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
    return "redis-cluster://" + String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.port).toList());
  }

  /**
   * Starts a standalone server from a given executable (for example the embedded one, whatever the {@code PATH}).
   *
   * @param binary the executable
   * @param extraArgs server arguments appended to the command line
   * @return the running server
   * @throws IllegalStateException when it does not start
   */
  public static RedisServerProcess launchWith(RedisBinary binary, String... extraArgs) {
    return new RedisServerProcess(binary, false, List.of(extraArgs));
  }

  /**
   * The server's port.
   *
   * @return the loopback port
   */
  public int port() {
    return port;
  }

  /**
   * A {@code redis://} URI of the server.
   *
   * @return the URI
   */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * The executable this runs and where it came from.
   *
   * @return the binary
   */
  public RedisBinary binary() {
    return binary;
  }

  /** Starts the server again on the same port after {@link #kill()}; it comes back empty. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.addAll(List.of(binary.executable().toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1"));
    cmd.addAll(List.of("--save", "", "--appendonly", "no")); // nothing survives a kill: a restart comes back empty
    cmd.addAll(List.of("--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(List.of("--cluster-config-file", "nodes.conf")); // only read in cluster mode; in this process's dir
    cmd.addAll(extraArgs);
    deleteQuietly(dir.resolve("nodes.conf")); // a restarted cluster node comes back empty too
    try {
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(new File(dir.toFile(), "stdout.log"))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start " + binary.executable() + " (" + binary.origin() + "): " + e.getMessage() + ". Install"
              + " Redis (apt-get install redis-server, brew install redis) so that `redis-server` is on the PATH.",
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
    if (cluster) {
      // One node owning every slot: Cluster semantics (cross-slot checks) on a single process. ADDSLOTS with every
      // slot rather than ADDSLOTSRANGE, which needs Redis 7 (the embedded binary is 6.2).
      String[] addSlots = new String[2 + 16384];
      addSlots[0] = "CLUSTER";
      addSlots[1] = "ADDSLOTS";
      for (int slot = 0; slot < 16384; slot++) {
        addSlots[2 + slot] = Integer.toString(slot);
      }
      command(addSlots);
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
   *
   * @return the nano time of the first answered {@code PING}
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

  /**
   * Whether the process is running.
   *
   * @return true while it runs
   */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /**
   * Sends one command over a fresh socket and returns its reply: a status or integer line as sent ({@code +OK},
   * {@code :1}), a bulk payload, or an array's elements one per line. For test set-up and inspection only.
   *
   * @param args the command and its arguments
   * @return the reply (null for a nil bulk reply)
   * @throws IllegalStateException when the server does not answer
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

  /**
   * The {@code calls} count of one command in {@code INFO commandstats} (0 when never called).
   *
   * @param command the command name
   * @return how often it was called since the last {@link #resetStats()}
   */
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

  /**
   * This node's cluster node id ({@code CLUSTER MYID}).
   *
   * @return the 40-character node id
   * @throws IllegalStateException when the server does not answer
   */
  public String nodeId() {
    return command("CLUSTER", "MYID");
  }

  /** Makes this node a replica of {@code masterId}, once it has heard of that node through the cluster bus. */
  private void replicate(String masterId) {
    awaitUntil("accepting CLUSTER REPLICATE " + masterId, () -> "+OK".equals(command("CLUSTER", "REPLICATE", masterId)));
  }

  private boolean seesAsReplica(String id) {
    for (String line : command("CLUSTER", "NODES").split("\n")) {
      String[] f = line.split(" ");
      if (f.length > 3 && f[0].equals(id)) {
        return (f[2].contains("slave") || f[2].contains("replica")) && !f[3].equals("-");
      }
    }
    return false;
  }

  private void awaitUntil(String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await()
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(2))
          .atMost(Duration.ofMillis(START_TIMEOUT_MILLIS))
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("the cluster node on port " + port + " did not end up " + what + "; log: "
          + log());
    }
  }

  private void awaitClusterOk() {
    awaitUntil("reporting cluster_state:ok", () -> command("CLUSTER", "INFO").contains("cluster_state:ok"));
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

  /** Kills the server and deletes its working directory. */
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
    return "RedisServerProcess{port=" + port + (cluster ? ", cluster" : "") + ", " + binary.origin() + "}";
  }
}
