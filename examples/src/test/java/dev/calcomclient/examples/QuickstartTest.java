package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeCalcom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The quickstart books only when asked: read-only runs send no booking request at all. */
class QuickstartTest {

  @Test
  void withoutBookItListsAndFindsButSendsNoBookingRequest() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      String out = run(fake, false);

      assertThat(out).contains("event types:", "First free slot:", "Not booking it: read-only without --book")
          .doesNotContain("Booking created", "Booking cancelled");
      assertThat(fake.journal()).noneMatch(c -> c.path().startsWith("/v2/bookings"));
      assertThat(fake.bookings()).isEmpty();
    }
  }

  @Test
  void withBookItCreatesAndCancelsOneBooking() {
    try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      String out = run(fake, true);

      assertThat(out).contains("Booking created: uid=", "Booking cancelled: uid=");
      assertThat(fake.bookings()).hasSize(1);
      assertThat(fake.bookings().get(0).status()).isEqualTo(FakeBookingStatus.CANCELLED);
    }
  }

  private static String run(FakeCalcom fake, boolean book) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      Quickstart.run(CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()), o, book);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
