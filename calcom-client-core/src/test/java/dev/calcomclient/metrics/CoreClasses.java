package dev.calcomclient.metrics;

import dev.calcomclient.CalcomClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The compiled main classes of the core module (its {@code target/classes} directory). */
final class CoreClasses {
  /** The package that alone may use Micrometer. */
  static final String MICROMETER_PACKAGE = "dev/calcomclient/metrics/micrometer/";

  private CoreClasses() {}

  static Path root() {
    try {
      Path root = Path.of(CalcomClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isDirectory(root)) {
        throw new IllegalStateException("expected the core's classes directory, found " + root);
      }
      return root;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every {@code .class} file, as a path relative to {@link #root()} with {@code /} separators. */
  static List<String> classFiles() {
    Path root = root();
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".class"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String className(String classFile) {
    return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
  }
}
