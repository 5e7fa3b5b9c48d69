package dev.calcomclient.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.ValidationException;
import dev.calcomclient.alternatives.AlternativeOptions;
import dev.calcomclient.alternatives.AlternativeStrategy;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingLocation;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventTypeQuery;
import dev.calcomclient.model.EventTypeSelector;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded fuzzer over every public request builder and the service calls that take raw values: each generated input
 * breaks exactly one rule (the other fields are valid and random), and every one must fail with a
 * {@link ValidationException} that names a field, before anything is sent. Counts: inputs tried per builder, untyped
 * exceptions (anything else thrown, or nothing thrown), requests that reached the fake. Seed and size:
 * {@code -Dcalcom.fuzz.seed=14 -Dcalcom.fuzz.perBuilder=120}.
 */
class InputFuzzTest {
  private static final Logger FIGURES = LoggerFactory.getLogger("calcom.figures");
  private static final long SEED = Long.getLong("calcom.fuzz.seed", 14L);
  private static final int PER_BUILDER = Integer.getInteger("calcom.fuzz.perBuilder", 120);
  private static final Instant NOW = Instant.parse(FakeCalcomClients.NOW);
  private static final Instant START = Instant.parse("2050-09-05T07:00:00Z");

  // One fake per test: a background load of an earlier test's client cannot reach this test's fake.
  @RegisterExtension final FakeCalcomExtension fakeExtension = FakeCalcomExtension.withDefaultData();

  private FakeCalcom fake;
  private CalcomClient client;
  private Random random;

  @BeforeEach
  void setUp() {
    fake = fakeExtension.get();
    // The client's own clock says 2050-09-01: a start before it (beyond the skew) is in the past for validation.
    client = FakeCalcomClients.onClock(fake, FakeClock.at(NOW), CacheConfig.defaults()).build();
    random = new Random(SEED);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  /** One generated invalid input: what it is (for the failure message) and the call that must refuse it. */
  private record Case(String description, Runnable call) {}

  @Test
  void everyInvalidInputIsAValidationExceptionNamingAFieldAndNothingIsSent() {
    Map<String, Function<Random, Case>> builders = new TreeMap<>();
    builders.put("SlotQuery", this::slotQuery);
    builders.put("CreateBookingRequest", this::createBooking);
    builders.put("Attendee", this::attendee);
    builders.put("RescheduleBookingRequest", this::reschedule);
    builders.put("ReserveSlotRequest", this::reserve);
    builders.put("CancelBookingRequest", this::cancel);
    builders.put("EventTypeSelector", this::selector);
    builders.put("EventTypeQuery", this::eventTypeQuery);
    builders.put("BookingListQuery", this::bookingListQuery);
    builders.put("BookingLocation", this::location);
    builders.put("AlternativeOptions", this::alternativeOptions);
    builders.put("service calls", this::serviceCall);

    Map<String, Integer> tried = new LinkedHashMap<>();
    List<String> untyped = new ArrayList<>();
    int total = 0;
    for (Map.Entry<String, Function<Random, Case>> builder : builders.entrySet()) {
      for (int i = 0; i < PER_BUILDER; i++) {
        Case c = builder.getValue().apply(random);
        total++;
        tried.merge(builder.getKey(), 1, Integer::sum);
        try {
          c.call.run();
          untyped.add(builder.getKey() + ": accepted " + c.description);
        } catch (ValidationException e) {
          if (e.field() == null || e.field().isBlank()) {
            untyped.add(builder.getKey() + ": no field for " + c.description + ": " + e);
          }
          if (e.getMessage().length() > 400) {
            untyped.add(builder.getKey() + ": a " + e.getMessage().length() + "-character message for " + c.description);
          }
        } catch (Throwable t) {
          untyped.add(builder.getKey() + ": " + t + " for " + c.description);
        }
      }
    }
    int sent = fake.requestCount();
    FIGURES.info(
        "input fuzz (seed {}): {} invalid inputs, by builder {}; untyped exceptions {}; requests sent {}",
        SEED,
        total,
        tried,
        untyped.size(),
        sent);

    assertThat(total).isGreaterThanOrEqualTo(1_000);
    assertThat(untyped).as("inputs not refused with a ValidationException naming a field").isEmpty();
    assertThat(sent).as("requests that reached Cal.com").isZero();
  }

  // ---- invalid values ------------------------------------------------------------------------------------------

  private static final Instant[] BAD_INSTANTS = {
    Instant.MIN, Instant.MAX, Instant.EPOCH.minusSeconds(1), Instant.parse("+10000-01-01T00:00:00Z"),
    Instant.ofEpochSecond(-62_135_596_800L), null
  };
  private static final String[] BAD_TEXT_INSTANTS = {
    "", " ", "tomorrow", "2050-09-05", "2050-13-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "\u0000", "x".repeat(5000),
    null
  };
  private static final String[] BAD_EMAILS = {
    "a@b..co", "a\u0000@b.co", "@b.co", "a@", "a@b", "a b@c.de", ".a@b.co", "a..b@c.de", "a.@b.co", "a@-b.co",
    "a@b-.co", "a@b.c", "a@@b.co", "x".repeat(65) + "@b.co", "a@" + "b".repeat(250) + ".co", "a@b.co\n", "", " ",
    null, "ada@exa mple.com", "ada@example.com\u0007", "<ada@example.com>"
  };
  private static final String[] BAD_NAMES = {
    null, "", "   ", "\t", "a\u0000b", "line\nbreak", "bell\u0007", "x".repeat(256), "\u001b[31mred", "del\u007f"
  };
  private static final String[] BAD_TEXTS = {"", "  ", "nul\u0000", "esc\u001b", "x".repeat(5001), "bs\b"};
  private static final ZoneId[] BAD_ZONES = {
    ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHoursMinutes(-9, -30), ZoneOffset.MAX, ZoneOffset.MIN,
    ZoneOffset.ofHours(15), ZoneOffset.ofHours(-13), ZoneId.of("GMT+05:45"), ZoneId.of("UTC-03:30"), null
  };
  private static final String[] BAD_ZONE_NAMES = {
    null, "", " ", "Mars/Olympus_Mons", "+05:30", "Europe/Berlin\u0000", "europe/berlin", "GMT+5:30", "x".repeat(300),
    "Europe/../etc/passwd"
  };
  private static final int[] BAD_MINUTES = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 10_081, 1_000_000};
  private static final long[] BAD_IDS = {0, -1, Long.MIN_VALUE};

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }

  private static int pick(Random r, int[] values) {
    return values[r.nextInt(values.length)];
  }

  private static long pick(Random r, long[] values) {
    return values[r.nextInt(values.length)];
  }

  private static String show(Object o) {
    String s = o instanceof ZoneId z ? "zone " + z.getId() : String.valueOf(o);
    return s.length() > 60 ? s.substring(0, 60) + "...(" + s.length() + ")" : s.replace("\u0000", "\\0");
  }

  // ---- valid values --------------------------------------------------------------------------------------------

  private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC", "Etc/GMT-2"};

  private static Instant validStart(Random r) {
    return START.plus(Duration.ofMinutes(30L * r.nextInt(2000)));
  }

  private static Attendee validAttendee(Random r) {
    return Attendee.withEmail("Ada " + r.nextInt(1000), "ada" + r.nextInt(1000) + "@example.com", pick(r, ZONES));
  }

  // ---- builders ------------------------------------------------------------------------------------------------

  private Case slotQuery(Random r) {
    Instant start = validStart(r);
    Instant end = start.plus(Duration.ofHours(1 + r.nextInt(200)));
    int rule = r.nextInt(9);
    switch (rule) {
      case 0: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("start " + show(bad), () -> SlotQuery.forEventType(101).between(bad, end).build());
      }
      case 1: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("end " + show(bad), () -> SlotQuery.forEventType(101).between(start, bad).build());
      }
      case 2: {
        long days = 367 + (long) r.nextInt(740_000);
        return new Case(
            "range of " + days + " days",
            () -> SlotQuery.forEventType(101).between(start, start.plus(Duration.ofDays(days))).build());
      }
      case 3:
        return new Case("end before start", () -> SlotQuery.forEventType(101).between(end, start).build());
      case 4: {
        ZoneId bad = pick(r, Arrays.copyOf(BAD_ZONES, BAD_ZONES.length - 1)); // null is allowed here: UTC
        return new Case(show(bad), () -> SlotQuery.forEventType(101).between(start, end).timeZone(bad).build());
      }
      case 5: {
        String bad = pick(r, BAD_ZONE_NAMES);
        return new Case("zone name " + show(bad), () -> SlotQuery.forEventType(101).between(start, end).timeZone(bad).build());
      }
      case 6: {
        int bad = pick(r, BAD_MINUTES);
        return new Case("duration " + bad, () -> SlotQuery.forEventType(101).between(start, end).duration(bad).build());
      }
      case 7: {
        String bad = pick(r, BAD_NAMES);
        return new Case(
            "bookingUidToReschedule " + show(bad),
            () -> SlotQuery.forEventType(101).between(start, end).bookingUidToReschedule(bad == null ? "" : bad).build());
      }
      default: {
        String bad = pick(r, BAD_NAMES);
        boolean badSlug = r.nextBoolean();
        return new Case(
            (badSlug ? "slug " : "username ") + show(bad),
            () -> SlotQuery.forUserEventType(badSlug ? bad : "intro", badSlug ? "ada" : bad).between(start, end).build());
      }
    }
  }

  private Case createBooking(Random r) {
    Instant start = validStart(r);
    Attendee attendee = validAttendee(r);
    int rule = r.nextInt(11);
    CreateBookingRequest.Builder base = CreateBookingRequest.builder().eventTypeId(101).start(start).attendee(attendee);
    switch (rule) {
      case 0: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("start " + show(bad), () -> base.start(bad).build());
      }
      case 1: {
        String bad = pick(r, BAD_TEXT_INSTANTS);
        return new Case("start text " + show(bad), () -> base.start(bad).build());
      }
      case 2: {
        String bad = pick(r, BAD_EMAILS);
        return new Case("guest " + show(bad), () -> base.guest(bad).build());
      }
      case 3:
        return new Case("guests(null)", () -> base.guests(null).build());
      case 4:
        return new Case("metadata(null)", () -> base.metadata(null).build());
      case 5: {
        Map<String, String> bad = new HashMap<>();
        int kind = r.nextInt(4);
        if (kind == 0) {
          bad.put(null, "v");
        } else if (kind == 1) {
          bad.put("k".repeat(41), "v");
        } else if (kind == 2) {
          bad.put("k", "v".repeat(501));
        } else {
          for (int i = 0; i < 51; i++) {
            bad.put("k" + i, "v");
          }
        }
        return new Case("metadata " + show(bad.keySet()), () -> base.metadata(bad).build());
      }
      case 6:
        return new Case("bookingFieldsResponses(null)", () -> base.bookingFieldsResponses(null).build());
      case 7: {
        int kind = r.nextInt(5);
        Map<String, Object> bad = new HashMap<>();
        if (kind == 0) {
          bad.put(null, "v");
        } else if (kind == 1) {
          bad.put("self", bad);
        } else if (kind == 2) {
          List<Object> list = new ArrayList<>();
          list.add(list);
          bad.put("loop", list);
        } else if (kind == 3) {
          Object deep = "leaf";
          for (int i = 0; i < 20; i++) {
            deep = Map.of("n", deep);
          }
          bad.put("deep", deep);
        } else {
          bad.put("odd", new Object());
        }
        return new Case("bookingFieldsResponses kind " + kind, () -> base.bookingFieldsResponses(bad).build());
      }
      case 8: {
        int bad = pick(r, BAD_MINUTES);
        return new Case("lengthInMinutes " + bad, () -> base.lengthInMinutes(bad).build());
      }
      case 9:
        return new Case("no attendee", () -> CreateBookingRequest.builder().eventTypeId(101).start(start).build());
      default: {
        long bad = pick(r, BAD_IDS);
        return new Case("eventTypeId " + bad, () -> base.eventTypeId(bad).build());
      }
    }
  }

  private Case attendee(Random r) {
    String name = "Ada " + r.nextInt(100);
    String email = "ada" + r.nextInt(100) + "@example.com";
    String zone = pick(r, ZONES);
    switch (r.nextInt(6)) {
      case 0: {
        String bad = pick(r, BAD_NAMES);
        return new Case("name " + show(bad), () -> Attendee.withEmail(bad, email, zone));
      }
      case 1: {
        String bad = pick(r, BAD_EMAILS);
        return new Case("email " + show(bad), () -> Attendee.withEmail(name, bad == null ? "" : bad, zone));
      }
      case 2: {
        ZoneId bad = pick(r, BAD_ZONES);
        return new Case(show(bad), () -> Attendee.withEmail(name, email, bad));
      }
      case 3: {
        String bad = pick(r, BAD_ZONE_NAMES);
        return new Case("zone name " + show(bad), () -> Attendee.withEmail(name, email, bad == null ? "" : bad));
      }
      case 4: {
        String bad = pick(r, new String[] {"", "0800", "+0", "+1 415 555", "phone", "+14155550123\u0000", "+" + "1".repeat(16)});
        return new Case("phone " + show(bad), () -> Attendee.withPhone(name, bad, ZoneId.of(zone)));
      }
      default: {
        String bad = pick(r, new String[] {"", "english", "EN", "e", "de_DE", "pt-BR\n", "x".repeat(300)});
        return new Case("language " + show(bad), () -> Attendee.withEmail(name, email, zone).withLanguage(bad));
      }
    }
  }

  private Case reschedule(Random r) {
    Instant start = validStart(r);
    switch (r.nextInt(3)) {
      case 0: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("start " + show(bad), () -> RescheduleBookingRequest.to(bad));
      }
      case 1: {
        String bad = pick(r, BAD_EMAILS);
        return new Case("by " + show(bad), () -> RescheduleBookingRequest.to(start).by(bad == null ? "" : bad));
      }
      default: {
        String bad = pick(r, BAD_TEXTS);
        return new Case("because " + show(bad), () -> RescheduleBookingRequest.to(start).because(bad));
      }
    }
  }

  private Case reserve(Random r) {
    Instant start = validStart(r);
    switch (r.nextInt(4)) {
      case 0: {
        long bad = pick(r, BAD_IDS);
        return new Case("eventTypeId " + bad, () -> ReserveSlotRequest.of(bad, start));
      }
      case 1: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("slotStart " + show(bad), () -> ReserveSlotRequest.of(101, bad));
      }
      case 2: {
        int bad = pick(r, BAD_MINUTES);
        return new Case("slotDuration " + bad, () -> ReserveSlotRequest.of(101, start).withSlotDuration(bad));
      }
      default: {
        int bad = pick(r, BAD_MINUTES);
        return new Case("reservationDuration " + bad, () -> ReserveSlotRequest.of(101, start).withReservationDuration(bad));
      }
    }
  }

  private Case cancel(Random r) {
    String bad = pick(r, BAD_TEXTS);
    return r.nextBoolean()
        ? new Case("reason " + show(bad), () -> CancelBookingRequest.withReason(bad))
        : new Case("reason " + show(bad), () -> CancelBookingRequest.withReason(bad).andSubsequentBookings());
  }

  private Case selector(Random r) {
    String bad = pick(r, BAD_NAMES);
    switch (r.nextInt(5)) {
      case 0:
        return new Case("byUser slug " + show(bad), () -> EventTypeSelector.byUser(bad, "ada"));
      case 1:
        return new Case("byUser username " + show(bad), () -> EventTypeSelector.byUser("intro", bad));
      case 2:
        return new Case("byTeam " + show(bad), () -> EventTypeSelector.byTeam("intro", bad));
      case 3:
        return new Case("org " + show(bad), () -> EventTypeSelector.byUser("intro", "ada").inOrganization(bad));
      default: {
        long id = pick(r, BAD_IDS);
        return new Case("byId " + id, () -> EventTypeSelector.byId(id));
      }
    }
  }

  private Case eventTypeQuery(Random r) {
    String bad = pick(r, BAD_NAMES);
    switch (r.nextInt(4)) {
      case 0:
        return new Case("ofUser " + show(bad), () -> EventTypeQuery.ofUser(bad));
      case 1:
        return new Case("ofUserBySlug " + show(bad), () -> EventTypeQuery.ofUserBySlug("ada", bad));
      case 2:
        return new Case("ofUsers " + show(bad), () -> EventTypeQuery.ofUsers(Arrays.asList("ada", bad)));
      default:
        return new Case("org " + show(bad), () -> EventTypeQuery.ofUser("ada").inOrganization(bad));
    }
  }

  private Case bookingListQuery(Random r) {
    BookingListQuery.Builder b = BookingListQuery.builder().take(1 + r.nextInt(250));
    switch (r.nextInt(7)) {
      case 0: {
        String bad = pick(r, BAD_NAMES);
        return new Case("bookingUid " + show(bad), () -> b.bookingUid(bad == null ? "" : bad).build());
      }
      case 1: {
        String bad = pick(r, BAD_NAMES);
        return new Case("attendeeName " + show(bad), () -> b.attendeeName(bad == null ? "" : bad).build());
      }
      case 2: {
        int bad = pick(r, new int[] {0, -1, 251, Integer.MAX_VALUE, Integer.MIN_VALUE});
        return new Case("take " + bad, () -> b.take(bad).build());
      }
      case 3: {
        int bad = -1 - r.nextInt(Integer.MAX_VALUE);
        return new Case("skip " + bad, () -> b.skip(bad).build());
      }
      case 4: {
        Instant bad = pick(r, Arrays.copyOf(BAD_INSTANTS, BAD_INSTANTS.length - 1));
        return new Case("afterStart " + show(bad), () -> b.afterStart(bad).build());
      }
      case 5: {
        long bad = pick(r, BAD_IDS);
        return new Case("eventTypeId " + bad, () -> b.eventTypeId(bad).build());
      }
      default:
        return new Case(
            "beforeEnd before afterStart", () -> b.afterStart(START).beforeEnd(START.minusSeconds(1)).build());
    }
  }

  private Case location(Random r) {
    switch (r.nextInt(4)) {
      case 0: {
        String bad = pick(r, BAD_TEXTS);
        return new Case("attendeeAddress " + show(bad), () -> BookingLocation.attendeeAddress(bad));
      }
      case 1: {
        String bad = pick(r, BAD_TEXTS);
        return new Case("attendeeDefined " + show(bad), () -> BookingLocation.attendeeDefined(bad));
      }
      case 2: {
        String bad = pick(r, BAD_NAMES);
        return new Case("integration " + show(bad), () -> BookingLocation.integration(bad));
      }
      default: {
        String bad = pick(r, new String[] {"", "phone", "0800", "+1\u0000"});
        return new Case("attendeePhone " + show(bad), () -> BookingLocation.attendeePhone(bad));
      }
    }
  }

  private Case alternativeOptions(Random r) {
    AlternativeOptions.Builder b = AlternativeOptions.builder().count(1 + r.nextInt(50));
    switch (r.nextInt(8)) {
      case 0: {
        ZoneId bad = pick(r, BAD_ZONES);
        return new Case(show(bad), () -> b.timeZone(bad).build());
      }
      case 1: {
        int bad = pick(r, new int[] {0, -1, 51, Integer.MAX_VALUE});
        return new Case("count " + bad, () -> b.count(bad).build());
      }
      case 2: {
        Duration bad = pick(r, new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofDays(61), null});
        return new Case("horizon " + bad, () -> b.horizon(bad).build());
      }
      case 3:
        return new Case("workdays null", () -> b.workdays(DayOfWeek.MONDAY, (DayOfWeek[]) null).build());
      case 4:
        return new Case("strategies with null", () -> b.strategies(AlternativeStrategy.NEXT_AVAILABLE, (AlternativeStrategy) null).build());
      case 5: {
        Duration bad = pick(r, new Duration[] {Duration.ofSeconds(-1), Duration.ofDays(400), Duration.ofSeconds(Long.MAX_VALUE)});
        return new Case("minimumNotice " + bad, () -> b.minimumNotice(bad).build());
      }
      case 6: {
        int bad = pick(r, BAD_MINUTES);
        return new Case("durationMinutes " + bad, () -> b.durationMinutes(bad).build());
      }
      default:
        return new Case("priority null", () -> b.priority(null).build());
    }
  }

  /** Raw values given to service methods, and starts in the past on the client's (fake) clock. */
  private Case serviceCall(Random r) {
    switch (r.nextInt(7)) {
      case 0: {
        String bad = pick(r, BAD_NAMES);
        return new Case("get " + show(bad), () -> client.bookings().get(bad));
      }
      case 1: {
        String bad = pick(r, BAD_NAMES);
        return new Case("cancel " + show(bad), () -> client.bookings().cancel(bad, CancelBookingRequest.withoutReason()));
      }
      case 2: {
        Instant past = NOW.minus(Duration.ofMinutes(2 + r.nextInt(100_000)));
        return new Case(
            "create at " + past,
            () -> client.bookings().create(
                CreateBookingRequest.builder().eventTypeId(101).start(past).attendee(validAttendee(r)).build()));
      }
      case 3: {
        Instant past = NOW.minus(Duration.ofMinutes(2 + r.nextInt(100_000)));
        return new Case("reschedule to " + past, () -> client.bookings().reschedule("uid-1", RescheduleBookingRequest.to(past)));
      }
      case 4: {
        Instant past = NOW.minus(Duration.ofMinutes(2 + r.nextInt(100_000)));
        return new Case("reserve at " + past, () -> client.slots().reserve(ReserveSlotRequest.of(101, past)));
      }
      case 5: {
        Instant bad = pick(r, BAD_INSTANTS);
        return new Case("alternatives at " + show(bad), () -> client.alternatives().find(101, bad));
      }
      default: {
        String bad = pick(r, BAD_NAMES);
        return new Case("getReservation " + show(bad), () -> client.slots().getReservation(bad));
      }
    }
  }
}
