package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples keep working when the fake sends Cal.com's odd shapes ({@link FakeCalcom.Builder#withWireQuirks()}:
 * numbers as {@code {}}, unknown fields and enum values).
 */
@Timeout(60)
class ExamplesWithWireQuirksTest {
  private static final FakeClock CLOCK = FakeClock.at("2050-09-01T00:00:00Z");

  @Test
  void theQuickstartRunsToTheEndWithWireQuirks() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().withWireQuirks().build().start()) {
      Quickstart.run(
          CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          true);
      assertThat(fake.journal()).anyMatch(c -> c.path().equals("/v2/event-types"));
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Booking created").contains("Booking cancelled");
  }

  @Test
  void theVoiceAgentBooksAnAlternativeWithWireQuirks() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(CLOCK).withWireQuirks().build().start()) {
      VoiceAgentExample.runEmbedded(
          fake,
          ZonedDateTime.of(2050, 9, 5, 10, 0, 0, 0, ZoneId.of("Europe/Berlin")),
          new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(fake.bookings()).hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("alternatives proposed: 3")
        .contains("slot gone: 09:30 is no longer offered");
  }
}
