package dev.calcomclient.support;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.testing.ScaledTime;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.RecordedCall;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Load shapes and data for the acceptance tests that run the client against {@link FakeCalcom}. */
public final class FakeWorkloads {
  /** Event types of the default dataset that slot queries rotate through. */
  private static final long[] SLOT_EVENT_TYPES = {
    DefaultDataset.INTRO_CALL_ID,
    DefaultDataset.CONSULTATION_ID,
    DefaultDataset.PRODUCT_DEMO_ID,
    DefaultDataset.MENTORING_ID,
    DefaultDataset.SALES_CALL_ID
  };

  /**
   * Alice's "intro-call" (30 min, Mon-Fri 09:00-17:00 Europe/Berlin): 16 starts a day. Alice owns the fake's API
   * key, so her bookings are the ones the key can list (the client's lookup after an ambiguous create lists them).
   */
  public static final int INTRO_CALL_SLOTS_PER_DAY = 16;

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  private static final LocalDate FIRST_DAY = LocalDate.parse(FakeCalcomClients.MONDAY);

  private FakeWorkloads() {}

  /**
   * The {@code i}-th of a series of pairwise different slot queries (one day each, a different day for every
   * {@code i}, rotating over five event types), so no two of them share a coalescing key.
   */
  public static SlotQuery distinctSlotQuery(int i) {
    Instant start = FIRST_DAY.plusDays(i).atStartOfDay(ZoneOffset.UTC).toInstant();
    return SlotQuery.forEventType(SLOT_EVENT_TYPES[Math.floorMod(i, SLOT_EVENT_TYPES.length)])
        .between(start, start.plus(Duration.ofDays(1)))
        .build();
  }

  /** The {@code i}-th bookable start of "intro-call" from {@link FakeCalcomClients#MONDAY}, weekdays only. */
  public static Instant introCallSlot(int i) {
    int day = i / INTRO_CALL_SLOTS_PER_DAY;
    LocalDate date = FIRST_DAY;
    for (int d = 0; d < day; d++) {
      date = date.plusDays(1);
      while (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY) {
        date = date.plusDays(1);
      }
    }
    return date.atTime(9, 0)
        .atZone(BERLIN)
        .plusMinutes(30L * (i % INTRO_CALL_SLOTS_PER_DAY))
        .toInstant();
  }

  /** A distinct attendee per {@code i}. */
  public static Attendee guest(String prefix, int i) {
    return Attendee.withEmail("Guest " + prefix + " " + i, prefix + "-guest-" + i + "@example.com", "Europe/London");
  }

  /** A booking of "intro-call" at its {@code slot}-th start for guest {@code guest}. */
  public static CreateBookingRequest introCallBooking(String prefix, int slot, int guest) {
    return CreateBookingRequest.builder()
        .eventTypeId(DefaultDataset.INTRO_CALL_ID)
        .start(introCallSlot(slot))
        .attendee(guest(prefix, guest))
        .build();
  }

  /**
   * A client of {@code fake} that lives in {@code time}'s simulated time: its clock and scheduler are scaled, and
   * its timeouts are the defaults (slots 3 s, bookings and other 5 s) converted with
   * {@link ScaledTime#timeoutFor}, because the client measures its overall deadline ({@code 3 x timeout}) on its
   * clock, which runs {@code scale} times faster than real time: an unscaled 3 s slots timeout would give a call
   * 9 simulated seconds, i.e. 0.45 real seconds at scale 20, less than one rate-limit wait.
   */
  public static CalcomClient.Builder scaledClient(FakeCalcom fake, ScaledTime time) {
    return CalcomClient.builder()
        .apiKey(fake.apiKey())
        .baseUrl(fake.baseUrl())
        .clock(time.clock())
        .scheduler(time.scheduler())
        .timeout(EndpointGroup.SLOTS, time.timeoutFor(Duration.ofSeconds(3)))
        .timeout(EndpointGroup.BOOKINGS, time.timeoutFor(Duration.ofSeconds(5)))
        .timeout(EndpointGroup.OTHER, time.timeoutFor(Duration.ofSeconds(5)));
  }

  /** Calls the fake answered with 429. */
  public static long throttled(FakeCalcom fake) {
    return fake.journal().stream().filter(c -> c.responseStatus() == 429).count();
  }

  /** Calls to one endpoint ({@code "GET /v2/slots"}) in the fake's journal. */
  public static List<RecordedCall> callsTo(FakeCalcom fake, String endpoint) {
    return fake.journal().stream().filter(c -> endpoint.equals(c.endpoint())).toList();
  }

  /**
   * What the callers of a {@link DrivenHammer} run saw on the client side.
   *
   * @param succeeded calls answered
   * @param localRefusals calls refused by the client's own limiter
   * @param upstream429 calls Cal.com answered with 429
   * @param otherFailures calls that failed otherwise
   * @param unexpected those other failures
   */
  public record HammerResult(
      long succeeded, long localRefusals, long upstream429, long otherFailures, List<Throwable> unexpected) {}
}
