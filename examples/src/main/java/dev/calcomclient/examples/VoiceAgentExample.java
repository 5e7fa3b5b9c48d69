package dev.calcomclient.examples;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.alternatives.Alternative;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.Alternatives;
import dev.calcomclient.examples.Steps.Timed;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.LatencyProfile;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A voice agent on the phone: the caller asks for a time, the agent checks availability, proposes alternatives
 * when the time is taken, books the one the caller picks, and checks again (the booked slot is gone at once:
 * read-your-writes). Each step prints its latency and the upstream calls it used; the end prints
 * {@code client.stats().toReport()}.
 *
 * <p>With no environment it starts an embedded {@link FakeCalcom} with Cal.com-like latency (slots 300-800 ms,
 * bookings 1.5-5 s), books the desired time "elsewhere" first so that it is taken, and counts upstream calls from
 * the fake's request journal. With {@code CALCOM_API_KEY} and {@code CALCOM_EVENT_TYPE_ID} (optionally
 * {@code CALCOM_BASE_URL}) it runs against that account, counting from {@code client.stats()}, and is read-only
 * unless {@code --book} is given (then it books the chosen slot and cancels it again at the end).
 *
 * <p>Arguments: {@code --at 2030-03-04T10:00} (the desired local time; default next Monday 10:00), {@code --zone
 * Europe/Berlin} (the caller's zone; default Europe/Berlin), {@code --book}.
 */
public final class VoiceAgentExample {
  /** The caller's zone unless {@code --zone} says otherwise. */
  static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Berlin");

  /** The caller's desired local time (next Monday) unless {@code --at} says otherwise. */
  static final LocalTime DEFAULT_TIME = LocalTime.of(10, 0);

  /** How many alternatives the agent reads out. */
  static final int ALTERNATIVES = 3;

  private static final String CALLER_NAME = "Phone Caller";
  private static final String CALLER_EMAIL = "caller@example.com";

  private VoiceAgentExample() {}

  /** Runs the example; exits 2 on bad arguments or a missing {@code CALCOM_EVENT_TYPE_ID}. */
  public static void main(String[] args) {
    PrintStream out = System.out;
    Options options;
    ZonedDateTime desired;
    try {
      options = Options.parse(args);
      desired = options.desired(Clock.systemUTC());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    String apiKey = System.getenv("CALCOM_API_KEY");
    if (apiKey == null || apiKey.isBlank()) {
      try (FakeCalcom fake =
          FakeCalcom.builder().withDefaultData().latency(LatencyProfile.calcomLike()).build().start()) {
        out.println(
            "No CALCOM_API_KEY set: running against an embedded FakeCalcom at "
                + fake.baseUrl()
                + " with Cal.com-like latency (slots 300-800 ms, bookings 1.5-5 s)");
        runEmbedded(fake, desired, out);
      }
      return;
    }
    String eventType = System.getenv("CALCOM_EVENT_TYPE_ID");
    long eventTypeId;
    try {
      eventTypeId = Long.parseLong(eventType == null ? "" : eventType.strip());
    } catch (NumberFormatException e) {
      System.err.println(
          "CALCOM_API_KEY is set: also set CALCOM_EVENT_TYPE_ID to the numeric id of the event type to check"
              + " (got: " + (eventType == null ? "nothing" : "'" + eventType + "'") + ")");
      System.exit(2);
      return;
    }
    String baseUrl = Optional.ofNullable(System.getenv("CALCOM_BASE_URL")).orElse(CalcomClient.DEFAULT_BASE_URL);
    out.println(
        "Running against "
            + baseUrl
            + (options.book
                ? " (--book: a real booking will be created, then cancelled at the end)"
                : " (read-only: nothing is booked; add --book to book the chosen slot)"));
    run(clientBuilder(apiKey, baseUrl, Clock.systemUTC()), eventTypeId, desired, options.book, null, out);
  }

  /**
   * Runs the flow against {@code fake} (default data: event type 101, Alice's intro call): first books
   * {@code desired} directly on the fake, as someone else would on Cal.com's booking page, so that it is taken.
   * The client uses the fake's clock.
   */
  static void runEmbedded(FakeCalcom fake, ZonedDateTime desired, PrintStream out) {
    FakeBooking elsewhere =
        fake.seedBooking(DefaultDataset.INTRO_CALL_ID, desired.toInstant(), "Another Caller", "other@example.com");
    out.println(
        "Setup: " + ExampleTimes.dayAndTime(desired) + " was just booked by someone else (booking "
            + elsewhere.uid() + ", made directly on the fake)");
    run(clientBuilder(fake.apiKey(), fake.baseUrl(), fake.clock()), DefaultDataset.INTRO_CALL_ID, desired, true,
        fake, out);
  }

  static CalcomClient.Builder clientBuilder(String apiKey, String baseUrl, Clock clock) {
    return CalcomClient.builder()
        .apiKey(apiKey)
        .baseUrl(baseUrl)
        .clock(clock)
        // Cal.com takes 1.5-5 s to create a booking; give an attempt room beyond that before the client looks the
        // booking up instead (it never posts a booking twice).
        .timeout(EndpointGroup.BOOKINGS, Duration.ofSeconds(10));
  }

  /**
   * The flow. Upstream calls are counted from {@code fake}'s journal when it is given, else from the client's stats.
   *
   * @param book whether to book (when false, the booking step is only described)
   */
  static void run(
      CalcomClient.Builder builder, long eventTypeId, ZonedDateTime desired, boolean book, FakeCalcom fake,
      PrintStream out) {
    ZoneId zone = desired.getZone();
    String desiredTime = ExampleTimes.time(desired.toInstant(), zone);
    try (CalcomClient cal = builder.build()) {
      Steps steps = new Steps(out, fake != null ? UpstreamCalls.fromJournal(fake) : UpstreamCalls.fromStats(cal));

      steps.begin("Agent starts: loads event type #" + eventTypeId + " once (name, length, minimum notice)");
      Timed<EventType> loaded =
          steps.measure(
              () ->
                  cal.eventTypes()
                      .get(eventTypeId)
                      .orElseThrow(() -> new IllegalStateException("event type " + eventTypeId + " not found")));
      EventType eventType = loaded.value();
      steps.detail(
          "%s (%s), %s min, minimum notice %s min",
          eventType.title(), eventType.slug(), eventType.lengthInMinutes(), orZero(eventType.minimumBookingNotice()));
      steps.cost(loaded);

      steps.begin(
          "Caller: \"Can I have " + ExampleTimes.dayAndTime(desired) + "?\" - the agent checks availability");
      Timed<SlotsResult> first =
          steps.measure(() -> cal.slots().find(ExampleTimes.dayQuery(eventTypeId, desired.toLocalDate(), zone)));
      printDay(steps, desired.toLocalDate(), first.value(), zone);
      boolean desiredFree = ExampleTimes.offers(first.value(), desired.toInstant());
      steps.detail("%s is %s", desiredTime, desiredFree ? "free" : "taken");
      steps.cost(first);

      ZonedDateTime chosen;
      if (desiredFree) {
        chosen = desired;
      } else {
        steps.begin("Agent: \"" + desiredTime + " is taken, but I can offer...\" - alternatives near the desired time");
        AlternativeOptions options = AlternativeOptions.builder().timeZone(zone).count(ALTERNATIVES).build();
        Timed<Alternatives> alternatives =
            steps.measure(() -> cal.alternatives().find(eventTypeId, desired.toInstant(), options));
        int i = 0;
        for (Alternative a : alternatives.value().alternatives()) {
          steps.detail(
              "%d. %s  %s  (%s)",
              ++i,
              ExampleTimes.dayAndTime(a.slot().start().atZoneSameInstant(zone)),
              distance(a.distance()),
              a.strategy());
        }
        steps.detail(
            "alternatives proposed: %d (the search reports %s)",
            alternatives.value().alternatives().size(),
            UpstreamCalls.plural(alternatives.value().upstreamCalls(), "upstream call"));
        steps.cost(alternatives);
        if (alternatives.value().isEmpty()) {
          out.println("\nNo alternative within the horizon: the agent offers a call-back. Done.");
          out.println();
          out.println(cal.stats().toReport());
          return;
        }
        chosen = alternatives.value().best().orElseThrow().slot().start().atZoneSameInstant(zone);
      }
      String chosenTime = ExampleTimes.time(chosen.toInstant(), zone);

      Booking booking = null;
      steps.begin("Caller: \"" + chosenTime + " is fine.\" - the agent books " + ExampleTimes.dayAndTime(chosen));
      if (book) {
        ZonedDateTime start = chosen;
        Timed<Booking> created =
            steps.measure(
                () ->
                    cal.bookings()
                        .create(
                            CreateBookingRequest.builder()
                                .eventTypeId(eventTypeId)
                                .start(start.toInstant())
                                .attendee(Attendee.withEmail(CALLER_NAME, CALLER_EMAIL, zone))
                                .metadata("source", "calcom-client voice agent example")
                                .build()));
        booking = created.value();
        steps.detail(
            "booked: uid=%s, %s, %s min, status %s",
            booking.uid(),
            ExampleTimes.dayAndTime(booking.start().atZone(zone)),
            booking.duration(),
            booking.status());
        steps.cost(created);
      } else {
        steps.detail("not booked: read-only run against a real account (add --book to book it)");
      }

      steps.begin("Caller: \"Is " + chosenTime + " really mine?\" - the agent asks again");
      Timed<SlotsResult> again =
          steps.measure(() -> cal.slots().find(ExampleTimes.dayQuery(eventTypeId, chosen.toLocalDate(), zone)));
      printDay(steps, chosen.toLocalDate(), again.value(), zone);
      boolean stillOffered = ExampleTimes.offers(again.value(), chosen.toInstant());
      if (booking != null) {
        if (stillOffered) {
          throw new IllegalStateException(
              "read-your-writes broken: " + chosenTime + " is still offered after booking it");
        }
        steps.detail(
            "slot gone: %s is no longer offered - the client removed it from its cached day when it booked"
                + " (read-your-writes, source %s)",
            chosenTime, again.value().source());
      } else {
        steps.detail(
            "%s %s offered (nothing was booked; answer from %s)",
            chosenTime, stillOffered ? "is still" : "is no longer", again.value().source());
      }
      steps.cost(again);

      if (booking != null && fake == null) {
        Booking cancelled =
            cal.bookings().cancel(booking.uid(), CancelBookingRequest.withReason("calcom-client voice agent example"));
        out.printf("%nCleanup: cancelled the real booking %s (status %s)%n", cancelled.uid(), cancelled.status());
      }

      out.printf("%nThe caller's requests took %s in all.%n%n", Steps.millis(steps.total()));
      out.println(cal.stats().toReport());
    }
  }

  private static void printDay(Steps steps, LocalDate date, SlotsResult result, ZoneId zone) {
    steps.detail(
        "%s %s-%s: %d slots (source %s): %s",
        ExampleTimes.day(date),
        ExampleTimes.DAY_FROM,
        ExampleTimes.DAY_TO,
        result.size(),
        result.source(),
        ExampleTimes.times(result.all(), zone, 8));
  }

  private static String distance(Duration d) {
    Duration abs = d.abs();
    String amount =
        abs.toHours() >= 24
            ? UpstreamCalls.plural(abs.toDays(), "day") + (abs.toHoursPart() == 0 ? "" : " " + abs.toHoursPart() + " h")
            : abs.toMinutes() >= 60 && abs.toMinutesPart() != 0
                ? abs.toHours() + " h " + abs.toMinutesPart() + " min"
                : abs.toMinutes() >= 60 ? abs.toHours() + " h" : abs.toMinutes() + " min";
    return amount + (d.isNegative() ? " earlier" : " later");
  }

  private static int orZero(Integer n) {
    return n == null ? 0 : n;
  }

  /** The command line. */
  static final class Options {
    static final String USAGE =
        "usage: VoiceAgentExample [--at 2030-03-04T10:00] [--zone Europe/Berlin] [--book]\n"
            + "  --at    the desired local time (default: next Monday 10:00)\n"
            + "  --zone  the caller's time zone (default: Europe/Berlin)\n"
            + "  --book  with CALCOM_API_KEY: really book the chosen slot (and cancel it at the end)";

    final LocalDateTime at;
    final ZoneId zone;
    final boolean book;

    private Options(LocalDateTime at, ZoneId zone, boolean book) {
      this.at = at;
      this.zone = zone;
      this.book = book;
    }

    static Options parse(String... args) {
      LocalDateTime at = null;
      ZoneId zone = DEFAULT_ZONE;
      boolean book = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--book" -> book = true;
          case "--at" -> {
            String v = value(args, ++i, "--at");
            try {
              at = LocalDateTime.parse(v);
            } catch (DateTimeParseException e) {
              throw new IllegalArgumentException("--at must be a local date-time such as 2030-03-04T10:00, got: " + v);
            }
          }
          case "--zone" -> {
            String v = value(args, ++i, "--zone");
            try {
              zone = ZoneId.of(v);
            } catch (RuntimeException e) {
              throw new IllegalArgumentException("--zone must be an IANA time zone such as Europe/Berlin, got: " + v);
            }
          }
          default -> throw new IllegalArgumentException("unknown argument: " + args[i]);
        }
      }
      return new Options(at, zone, book);
    }

    private static String value(String[] args, int i, String name) {
      if (i >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      return args[i];
    }

    /** The desired start: {@code --at} in the zone, else next Monday 10:00; must lie in the future. */
    ZonedDateTime desired(Clock clock) {
      ZonedDateTime desired =
          at != null ? at.atZone(zone) : ExampleTimes.next(DayOfWeek.MONDAY, DEFAULT_TIME, zone, clock);
      if (!desired.toInstant().isAfter(Instant.now(clock))) {
        throw new IllegalArgumentException("--at must lie in the future, got: " + desired);
      }
      return desired;
    }
  }
}
