package dev.calcomclient.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: no compiled class of the core outside
 * {@code dev.calcomclient.metrics.micrometer} refers to a Micrometer type (its constant pool would name
 * {@code io/micrometer/...}). {@link CoreWithoutMicrometerTest} then runs a client without Micrometer.
 */
class MicrometerIsolationTest {

  @Test
  void onlyTheBinderPackageReferencesMicrometer() throws IOException {
    List<String> classes = CoreClasses.classFiles();
    List<String> offenders = new ArrayList<>();
    List<String> binderClasses = new ArrayList<>();
    for (String file : classes) {
      String bytes = new String(Files.readAllBytes(CoreClasses.root().resolve(file)), StandardCharsets.ISO_8859_1);
      boolean usesMicrometer = bytes.contains("io/micrometer/");
      if (file.startsWith(CoreClasses.MICROMETER_PACKAGE)) {
        if (usesMicrometer) {
          binderClasses.add(file);
        }
      } else if (usesMicrometer) {
        offenders.add(file);
      }
    }

    assertThat(classes).as("the scan sees the core's classes").hasSizeGreaterThan(100);
    assertThat(binderClasses).as("the scan recognises a Micrometer reference").isNotEmpty();
    assertThat(offenders).isEmpty();
  }
}
