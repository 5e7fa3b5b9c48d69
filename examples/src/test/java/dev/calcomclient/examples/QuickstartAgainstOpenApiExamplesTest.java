package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.testkit.OpenApiExampleDispatcher;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The Quickstart runs to the end against a mock server that answers every operation with the static example of
 * Cal.com's OpenAPI document (kept in the repository), as a mock server generated from the document would.
 */
class QuickstartAgainstOpenApiExamplesTest {
  private static final Path DOCUMENT =
      Path.of("../calcom-client-testkit/src/test/resources/calcom-openapi/openapi-v2.json");

  @Test
  void quickstartRunsToTheEndAgainstTheDocumentsStaticExamples() throws IOException {
    OpenApiExampleDispatcher dispatcher = OpenApiExampleDispatcher.of(DOCUMENT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(dispatcher);
      server.start();
      // Without the slot cache: the examples' slots are on fixed days, not "tomorrow".
      Quickstart.run(
          CalcomClient.builder()
              .apiKey("cal_test_quickstart")
              .baseUrl(server.url("/").toString())
              .cache(CacheConfig.disabled()),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          true);
    }

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("Signed in as").contains("Booking created: uid=").contains("Booking cancelled: uid=");
    assertThat(dispatcher.answered())
        .containsSubsequence(
            "GET /v2/me",
            "GET /v2/event-types",
            "GET /v2/slots",
            "POST /v2/bookings",
            "POST /v2/bookings/{bookingUid}/cancel")
        .noneMatch(a -> a.contains("(no operation)"));
  }
}
