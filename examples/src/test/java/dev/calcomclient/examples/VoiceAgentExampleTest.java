package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeBookingStatus;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link VoiceAgentExample}'s flow against a {@link FakeCalcom} without latency and a fixed clock (Thursday
 * 2050-09-01), and checks its output and, independently, the fake's bookings and request journal.
 */
@Timeout(60)
class VoiceAgentExampleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final FakeClock CLOCK = FakeClock.at("2050-09-01T00:00:00Z");
  /** Next Monday 10:00 in Berlin (CEST) is 08:00 UTC. */
  private static final ZonedDateTime DESIRED = ZonedDateTime.of(2050, 9, 5, 10, 0, 0, 0, BERLIN);

  private static final Pattern COST = Pattern.compile("^    -> \\d+ ms, (.*)$", Pattern.MULTILINE);

  private final FakeCalcom fake = FakeCalcom.builder().withDefaultData().clock(CLOCK).build().start();

  @AfterEach
  void closeFake() {
    fake.close();
  }

  @Test
  void theDefaultDesiredTimeIsNextMonday10InBerlinAndNothingIsBookedWithoutTheFlag() {
    VoiceAgentExample.Options options = VoiceAgentExample.Options.parse();

    assertThat(options.desired(CLOCK)).isEqualTo(DESIRED);
    assertThat(options.book).as("a real account is only booked with --book").isFalse();
    assertThat(VoiceAgentExample.Options.parse("--book").book).isTrue();
    assertThat(VoiceAgentExample.Options.parse("--at", "2050-09-06T14:30", "--zone", "America/New_York").desired(CLOCK))
        .isEqualTo(ZonedDateTime.of(2050, 9, 6, 14, 30, 0, 0, ZoneId.of("America/New_York")));
  }

  @Test
  void badArgumentsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> VoiceAgentExample.Options.parse("--bok")).hasMessageContaining("--bok");
    assertThatThrownBy(() -> VoiceAgentExample.Options.parse("--at", "monday")).hasMessageContaining("--at");
    assertThatThrownBy(() -> VoiceAgentExample.Options.parse("--zone", "Mars/Olympus")).hasMessageContaining("--zone");
    assertThatThrownBy(() -> VoiceAgentExample.Options.parse("--at")).hasMessageContaining("--at needs a value");
    assertThatThrownBy(() -> VoiceAgentExample.Options.parse("--at", "2050-08-31T10:00").desired(CLOCK))
        .hasMessageContaining("future");
  }

  @Test
  void aTakenTimeGetsAlternativesTheFirstIsBookedAndThenNoLongerOffered() {
    String out = capture(o -> VoiceAgentExample.runEmbedded(fake, DESIRED, o));

    assertThat(out)
        .contains("Mon 2050-09-05 08:00-18:00: 15 slots (source UPSTREAM): 09:00 09:30 10:30")
        .contains("10:00 is taken")
        .contains("1. Mon 2050-09-05 09:30 Europe/Berlin  30 min earlier  (SAME_DAY_EARLIER)")
        .contains("2. Mon 2050-09-05 10:30 Europe/Berlin  30 min later  (SAME_DAY_LATER)")
        .contains("alternatives proposed: 3 (the search reports 1 upstream call)")
        .contains("booked: uid=")
        .contains("Mon 2050-09-05 08:00-18:00: 14 slots (source L1): 09:00 10:30")
        .contains("slot gone: 09:30 is no longer offered - the client removed it from its cached day")
        .contains("Cal.com client stats at", "Invalidations: 1,");
    assertThat(costs(out))
        .as("the upstream calls of each step, counted from the fake's journal")
        .containsExactly(
            "1 upstream call (GET /v2/event-types/101)",
            "1 upstream call (GET /v2/slots)",
            "1 upstream call (GET /v2/slots)",
            "1 upstream call (POST /v2/bookings)",
            "0 upstream calls");

    FakeBooking ours = callersBooking();
    assertThat(ours.start()).isEqualTo(Instant.parse("2050-09-05T07:30:00Z"));
    assertThat(ours.eventTypeId()).isEqualTo(DefaultDataset.INTRO_CALL_ID);
    assertThat(ours.status()).isEqualTo(FakeBookingStatus.ACCEPTED);
    assertThat(fake.requests().count("GET /v2/slots")).isEqualTo(2);
    assertThat(fake.requests().count("POST /v2/bookings")).isEqualTo(1);
    assertThat(fake.requestCount()).isEqualTo(4);
  }

  @Test
  void aFreeTimeIsBookedWithoutAskingForAlternatives() {
    String out =
        capture(
            o ->
                VoiceAgentExample.run(
                    VoiceAgentExample.clientBuilder(fake.apiKey(), fake.baseUrl(), CLOCK),
                    DefaultDataset.INTRO_CALL_ID,
                    DESIRED,
                    true,
                    fake,
                    o));

    assertThat(out).contains("10:00 is free").doesNotContain("alternatives proposed");
    assertThat(out).contains("slot gone: 10:00 is no longer offered");
    assertThat(callersBooking().start()).isEqualTo(DESIRED.toInstant());
  }

  @Test
  void withoutBookItOnlyReadsAndCreatesNoBooking() {
    String out =
        capture(
            o ->
                VoiceAgentExample.run(
                    VoiceAgentExample.clientBuilder(fake.apiKey(), fake.baseUrl(), CLOCK),
                    DefaultDataset.INTRO_CALL_ID,
                    DESIRED,
                    false,
                    fake,
                    o));

    assertThat(out).contains("not booked: read-only run").contains("10:00 is still offered");
    assertThat(fake.bookings()).isEmpty();
    assertThat(fake.requests().count("POST /v2/bookings")).isZero();
    assertThat(costs(out)).last().as("asking again is answered from the cache").isEqualTo("0 upstream calls");
  }

  @Test
  void withoutTheFakesJournalUpstreamCallsAreCountedFromTheClientsStats() {
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, DESIRED.toInstant(), "Another Caller", "other@example.com");

    // As against a real account: no journal to read, so the counts come from client.stats().
    String out =
        capture(
            o ->
                VoiceAgentExample.run(
                    VoiceAgentExample.clientBuilder(fake.apiKey(), fake.baseUrl(), CLOCK),
                    DefaultDataset.INTRO_CALL_ID,
                    DESIRED,
                    false,
                    null,
                    o));

    assertThat(costs(out))
        .containsExactly("1 upstream call", "1 upstream call", "1 upstream call", "0 upstream calls");
    assertThat(out).contains("alternatives proposed: 3", "not booked: read-only run", "09:30 is still offered");
    assertThat(fake.requestCount()).isEqualTo(3);
    assertThat(fake.bookings()).hasSize(1);
  }

  private FakeBooking callersBooking() {
    List<FakeBooking> ours =
        fake.bookings().stream().filter(b -> "caller@example.com".equals(b.attendeeEmail())).toList();
    assertThat(ours).hasSize(1);
    return ours.get(0);
  }

  private static List<String> costs(String out) {
    Matcher m = COST.matcher(out);
    List<String> costs = new ArrayList<>();
    while (m.find()) {
      costs.add(m.group(1));
    }
    return costs;
  }

  static String capture(Consumer<PrintStream> run) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      run.accept(out);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
