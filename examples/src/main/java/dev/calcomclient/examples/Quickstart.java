package dev.calcomclient.examples;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.Me;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.testkit.FakeCalcom;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The quickstart: lists event types, finds tomorrow's slots for the first one, books the first slot, prints the
 * booking, cancels it and prints the result.
 *
 * <p>With no environment it starts an embedded {@link FakeCalcom} and runs against it (no API key, no network
 * beyond loopback), booking and cancelling on the fake. With {@code CALCOM_API_KEY} (and optionally
 * {@code CALCOM_BASE_URL}) it runs against that account instead and is <b>read-only</b>: it lists event types and
 * finds a slot, and creates and cancels a real booking only when {@code --book} is given.
 */
public final class Quickstart {
  private static final int DAYS_TO_SEARCH = 7;
  /** The IANA name of UTC (the client refuses fixed offsets such as {@code Z}). */
  private static final ZoneId UTC = ZoneId.of("UTC");

  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @param args {@code --book} to create and cancel a booking on a real account (the embedded fake always books)
   */
  public static void main(String[] args) {
    boolean bookFlag = List.of(args).contains("--book");
    String apiKey = System.getenv("CALCOM_API_KEY");
    PrintStream out = System.out;
    if (apiKey == null || apiKey.isBlank()) {
      try (FakeCalcom fake = FakeCalcom.builder().withDefaultData().build().start()) {
        out.println("No CALCOM_API_KEY set: running against an embedded FakeCalcom at " + fake.baseUrl());
        run(CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()), out, true);
      }
    } else {
      String baseUrl = Optional.ofNullable(System.getenv("CALCOM_BASE_URL")).orElse(CalcomClient.DEFAULT_BASE_URL);
      out.println("Running against " + baseUrl + (bookFlag
          ? " with --book: a real booking will be created and cancelled"
          : " read-only: nothing is booked (add --book to create and cancel a real booking)"));
      run(CalcomClient.builder().apiKey(apiKey).baseUrl(baseUrl), out, bookFlag);
    }
  }

  /**
   * Lists event types, finds the first free slot from tomorrow and, when {@code book} is true, books and cancels it.
   *
   * @param builder a client builder with credentials and base URL
   * @param out where to print
   * @param book whether to create and cancel a booking
   */
  static void run(CalcomClient.Builder builder, PrintStream out, boolean book) {
    try (CalcomClient cal = builder.build()) {
      Me me = cal.me().get();
      out.printf("Signed in as %s (%s)%n", me.username(), me.timeZone());

      List<EventType> eventTypes = cal.eventTypes().list(me.username());
      out.printf("%d event types:%n", eventTypes.size());
      for (EventType et : eventTypes) {
        out.printf("  #%d %-20s %d min%n", et.id(), et.slug(), et.lengthInMinutes());
      }
      if (eventTypes.isEmpty()) {
        throw new IllegalStateException("this account has no event types to book");
      }
      EventType eventType = eventTypes.get(0);
      ZoneId zone = zoneOf(me);

      Slot slot = firstSlotFromTomorrow(cal, eventType, zone, out);
      if (!book) {
        out.printf("First free slot: %s. Not booking it: read-only without --book%n", slot.start());
        return;
      }
      Booking booking =
          cal.bookings()
              .create(
                  CreateBookingRequest.builder()
                      .eventTypeId(eventType.id())
                      .start(slot.start().toInstant())
                      .attendee(Attendee.withEmail("Quickstart Demo", "quickstart@example.com", zone))
                      .metadata("source", "calcom-client quickstart")
                      .build());
      out.printf(
          "Booking created: uid=%s, %s at %s (%d min), status=%s%n",
          booking.uid(), booking.title(), booking.start(), booking.duration(), booking.status());

      Booking cancelled =
          cal.bookings().cancel(booking.uid(), CancelBookingRequest.withReason("quickstart cleanup"));
      out.printf("Booking cancelled: uid=%s, status=%s%n", cancelled.uid(), cancelled.status());
    }
  }

  private static Slot firstSlotFromTomorrow(CalcomClient cal, EventType eventType, ZoneId zone, PrintStream out) {
    LocalDate tomorrow = LocalDate.now(zone).plusDays(1);
    for (int i = 0; i < DAYS_TO_SEARCH; i++) {
      LocalDate day = tomorrow.plusDays(i);
      Instant start = day.atStartOfDay(zone).toInstant();
      Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
      SlotsResult slots =
          cal.slots().find(SlotQuery.forEventType(eventType.id()).between(start, end).timeZone(zone).build());
      out.printf("%s slots for %s on %s: %d%n", i == 0 ? "Tomorrow's" : "Later", eventType.slug(), day, slots.size());
      Optional<Slot> first = slots.first();
      if (first.isPresent()) {
        return first.get();
      }
    }
    throw new IllegalStateException("no free slot in the next " + DAYS_TO_SEARCH + " days for " + eventType.slug());
  }

  /** The profile's time zone when it is an IANA name (Cal.com's document allows any string), else UTC. */
  private static ZoneId zoneOf(Me me) {
    return me.zone().filter(z -> ZoneId.getAvailableZoneIds().contains(z.getId())).orElse(UTC);
  }
}
