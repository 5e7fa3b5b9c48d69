package dev.calcomclient.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testsupport.RedisEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs {@link MultiInstanceExample} with {@code REDIS_URL}, else a {@code redis-server} from the {@code PATH}, else
 * the embedded one (the same launcher as the example's) against an embedded {@link FakeCalcom}, and checks its output and, independently, the fake's bookings
 * and request journal.
 */
@Timeout(60)
class MultiInstanceExampleTest {
  private static final Pattern SENT =
      Pattern.compile("FakeCalcom received (\\d+) slot requests for the 140 lookups; (\\d+) answered 429; busiest 60 s"
          + " window: (\\d+) requests \\(limit 120\\)");
  private static final Pattern OUTCOME = Pattern.compile("    ([AB]): (\\d+) answered, (\\d+) refused by the shared");

  @Test
  void twoInstancesShareOneBudgetAndABookingOnOneDropsTheSlotFromTheOther() {
    try (RedisEndpoint redis = RedisEndpoint.fromEnvironmentOrStart();
        FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
      String out = capture(o -> MultiInstanceExample.run(redis.uri(), fake, o));

      ZonedDateTime ten =
          ExampleTimes.next(DayOfWeek.MONDAY, LocalTime.of(10, 0), MultiInstanceExample.ZONE, fake.clock());
      String day = ExampleTimes.day(ten.toLocalDate());
      // [1] Both cache the day; B serves it from its L1; A books 10:00; B drops it and no longer offers 10:00.
      assertThat(out)
          .contains("[1] Cross-instance invalidation: " + day)
          .containsPattern("    A: 16 slots \\(source UPSTREAM\\): 09:00 09:30 10:00")
          .containsPattern("    B: 16 slots \\(source L1\\): 09:00 09:30 10:00")
          .contains("    A books " + ExampleTimes.dayAndTime(ten))
          .containsPattern("B heard A's invalidation (\\d+\\.\\d ms after|even before) A's create returned")
          .containsPattern("    B: 15 slots \\(source (L2|UPSTREAM)\\): 09:00 09:30 10:30")
          .contains("10:00 is no longer offered by B")
          .doesNotContain("STALE");
      List<FakeBooking> bookings = fake.bookings();
      assertThat(bookings).hasSize(1);
      assertThat(bookings.get(0).eventTypeId()).isEqualTo(DefaultDataset.INTRO_CALL_ID);
      assertThat(bookings.get(0).start()).isEqualTo(ten.toInstant());

      // [2] One budget (110 in any window) for both instances, nothing throttled by "Cal.com".
      Matcher sent = SENT.matcher(out);
      assertThat(sent.find()).as("the budget line in:%n%s", out).isTrue();
      int requests = Integer.parseInt(sent.group(1));
      Matcher outcome = OUTCOME.matcher(out);
      int answered = 0;
      int refused = 0;
      while (outcome.find()) {
        answered += Integer.parseInt(outcome.group(2));
        refused += Integer.parseInt(outcome.group(3));
      }
      assertThat(answered + refused).as("every lookup answered or refused by the limiter").isEqualTo(140);
      assertThat(requests).as("each answered lookup was one request").isEqualTo(answered);
      assertThat(requests).as("at most the one budget of 110 for both instances (part [1] spent a few)")
          .isBetween(100, 110);
      assertThat(refused).as("140 lookups exceed the one budget").isPositive();
      assertThat(Integer.parseInt(sent.group(2))).as("429s").isZero();
      assertThat(fake.journal().stream().filter(c -> c.responseStatus() == 429)).isEmpty();
      assertThat(Integer.parseInt(sent.group(3))).isLessThanOrEqualTo(120);
      assertThat(fake.rateLimitUsage(fake.apiKey()).violations()).isZero();
    }
  }

  private static String capture(java.util.function.Consumer<PrintStream> run) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      run.accept(o);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
