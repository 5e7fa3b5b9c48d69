package dev.calcomclient;

import dev.calcomclient.testkit.BookingLimitPeriod;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeEventType;
import dev.calcomclient.testkit.Fault;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** The fixed world the truth oracle's schedules pick from: event types, days, zones, faults, time. */
final class OracleUniverse {
  static final Instant NOW = Instant.parse("2050-09-01T00:00:00Z");
  static final Duration TTL = Duration.ofMinutes(10);
  /** How long past the TTL an overloaded lookup may serve a cached day. */
  static final Duration STALE_IF_OVERLOADED = Duration.ofMinutes(5);
  static final String SECRET = "oracle-webhook-secret";
  /** The instances on one bus and L2: A (0) receives webhooks; B (1) learns of A's changes through the bus. */
  static final int INSTANCES = 2;

  /** Carla's event type limited to {@link #WEEKLY_LIMIT} bookings per (Monday-based) week; added to the fake. */
  static final long WEEKLY_LIMITED_ID = 106;
  static final int WEEKLY_LIMIT = 2;

  /** Alice's individual type with both buffers, 45 min every 15: patched days whose own buffers matter. */
  static final long BUFFERED_ID = 107;
  /** Bob's individual type with Alice as a fixed extra host, both buffers: shares a host with every other type. */
  static final long PAIR_ID = 108;

  /**
   * Alice hosts the first three and both team types (round robin 201 with Bob, collective 202 with Bob); 103 has a
   * daily limit of 4; Bob hosts 104; Carla hosts 106 (weekly limit); Alice hosts 107 (buffers 10 before, 20 after);
   * Bob and Alice host 108 (buffers 5 before, 15 after). A booking of an individual type without a limit patches the
   * cached days of its hosts' individual types on the instance that learns of it first.
   */
  static final long[] EVENT_TYPES = {
    DefaultDataset.INTRO_CALL_ID,
    DefaultDataset.CONSULTATION_ID,
    DefaultDataset.QUICK_CHAT_ID,
    DefaultDataset.SALES_CALL_ID,
    DefaultDataset.SALES_PANEL_ID,
    DefaultDataset.PRODUCT_DEMO_ID,
    WEEKLY_LIMITED_ID,
    BUFFERED_ID,
    PAIR_ID
  };
  static final LocalDate[] DAYS = {
    LocalDate.parse("2050-09-05"), LocalDate.parse("2050-09-06"), LocalDate.parse("2050-09-07"),
    LocalDate.parse("2050-10-02"), LocalDate.parse("2050-10-30")
  };
  static final ZoneId[] ZONES = {
    ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"), ZoneId.of("Asia/Kolkata"), ZoneId.of("America/New_York"),
    ZoneId.of("Australia/Adelaide")
  };
  static final Fault[] CREATE_FAULTS = {
    Fault.serverError(500),
    Fault.serverErrorAfterProcessing(500),
    Fault.serverError(503),
    Fault.malformedJson(),
    Fault.truncatedBody(),
    Fault.connectionDroppedAfterProcessing(),
    Fault.connectionReset(),
    // stored, then answered after the client's attempt timeout (BOOKINGS_TIMEOUT): a real timeout after processing
    Fault.slowResponse(Duration.ofMillis(400))
  };
  /** The oracle clients' attempt timeout for bookings calls: short, so a timeout costs little real time. */
  static final Duration BOOKINGS_TIMEOUT = Duration.ofMillis(200);

  private OracleUniverse() {}

  /** The fake's world: the default dataset plus the weekly-limited type. */
  static FakeCalcom.Builder fake(Clock clock) {
    return FakeCalcom.builder().withDefaultData().clock(clock)
        .eventType(FakeEventType.builder(WEEKLY_LIMITED_ID, "weekly-mentoring").title("Weekly Mentoring")
            .ownerId(DefaultDataset.CARLA_ID).lengthInMinutes(30)
            .bookingLimit(BookingLimitPeriod.PER_WEEK, WEEKLY_LIMIT).build())
        .eventType(FakeEventType.builder(BUFFERED_ID, "buffered").title("Buffered").ownerId(DefaultDataset.ALICE_ID)
            .lengthInMinutes(45).slotInterval(15).beforeEventBuffer(10).afterEventBuffer(20).build())
        .eventType(FakeEventType.builder(PAIR_ID, "pair").title("Pair").ownerId(DefaultDataset.BOB_ID)
            .hosts(DefaultDataset.ALICE_ID).lengthInMinutes(30).slotInterval(10).beforeEventBuffer(5)
            .afterEventBuffer(15).build());
  }

  static String instanceName(int instance) {
    return instance == 0 ? "A" : "B";
  }
}
