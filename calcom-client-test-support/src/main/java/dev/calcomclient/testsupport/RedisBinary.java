package dev.calcomclient.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/**
 * Which {@code redis-server} executable to start: the one on the {@code PATH} when there is one, otherwise the
 * binary shipped inside {@code com.github.codemonstur:embedded-redis} (Redis 6.2 for Linux and macOS on amd64 and
 * arm64), extracted once per JVM.
 *
 * @param executable the executable to run
 * @param origin where it came from
 */
public record RedisBinary(Path executable, Origin origin) {
  /** Where a {@code redis-server} executable came from. */
  public enum Origin {
    /** A {@code redis-server} found on the {@code PATH}. */
    PATH,
    /** The binary shipped inside the embedded-redis dependency. */
    EMBEDDED
  }

  /** A provider of the embedded binary, or empty when there is none for this platform (with the reason). */
  @FunctionalInterface
  public interface EmbeddedSource {
    /**
     * The extracted embedded executable.
     *
     * @return the executable
     * @throws IOException when there is none for this platform or it cannot be extracted
     */
    Path extract() throws IOException;
  }

  /** The embedded-redis jar's binary for this OS and architecture. */
  public static final EmbeddedSource EMBEDDED_REDIS = () -> {
    File f = ExecutableProvider.newJarResourceProvider().get();
    if (!f.canExecute() && !f.setExecutable(true)) {
      throw new IOException(f + " is not executable");
    }
    return f.toPath();
  };

  private static volatile RedisBinary cached;

  /**
   * Validates the record.
   *
   * @param executable the executable to run
   * @param origin where it came from
   */
  public RedisBinary {
    Objects.requireNonNull(executable, "executable");
    Objects.requireNonNull(origin, "origin");
  }

  /**
   * The binary for this JVM: {@code redis-server} from the {@code PATH}, else the embedded one (resolved once).
   *
   * @return the binary to start
   * @throws IllegalStateException when neither is available, saying what to install
   */
  public static RedisBinary resolve() {
    RedisBinary b = cached;
    if (b == null) {
      synchronized (RedisBinary.class) {
        b = cached;
        if (b == null) {
          b = resolve(System.getenv("PATH"), EMBEDDED_REDIS);
          cached = b;
        }
      }
    }
    return b;
  }

  /**
   * The binary for a given {@code PATH} value and embedded source (for tests of the fallback).
   *
   * @param pathEnv the {@code PATH} to search, may be null or empty
   * @param embedded the embedded binary's source
   * @return the binary to start
   * @throws IllegalStateException when neither is available, saying what to install
   */
  public static RedisBinary resolve(String pathEnv, EmbeddedSource embedded) {
    Optional<Path> onPath = findOnPath(pathEnv);
    if (onPath.isPresent()) {
      return new RedisBinary(onPath.get(), Origin.PATH);
    }
    try {
      return new RedisBinary(embedded.extract(), Origin.EMBEDDED);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("no redis-server to start: none on the PATH, and the embedded binary of"
          + " com.github.codemonstur:embedded-redis cannot be used on " + System.getProperty("os.name") + "/"
          + System.getProperty("os.arch") + " (" + e.getMessage() + "). Install Redis (apt-get install"
          + " redis-server, brew install redis) or set REDIS_URL=redis://host:port where a test accepts an"
          + " existing Redis.", e);
    }
  }

  /**
   * The first executable {@code redis-server} in a {@code PATH} value.
   *
   * @param pathEnv the {@code PATH} to search, may be null or empty
   * @return the executable, or empty
   */
  public static Optional<Path> findOnPath(String pathEnv) {
    if (pathEnv == null) {
      return Optional.empty();
    }
    for (String dir : pathEnv.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path p = Path.of(dir, "redis-server");
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
