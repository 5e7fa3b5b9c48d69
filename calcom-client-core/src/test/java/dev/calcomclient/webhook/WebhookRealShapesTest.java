package dev.calcomclient.webhook;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeBooking;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks as Cal.com really sends them (sendPayload.ts, scheduleTrigger.ts, handleCancelBooking.ts): a recurring
 * series cancelled by one delivery, out-of-office entries, flat meeting events, team members without ids, times with
 * {@code +00:00}, and custom templates shaped like the envelope.
 */
class WebhookRealShapesTest {
  private static final String SECRET = "whsec_real-shapes";
  private static final LocalDate MONDAY = LocalDate.parse("2050-09-05");

  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;
  private CalcomClient client;
  private CalcomWebhooks webhooks;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    // One-day fetch blocks: a day the webhook dropped shows as a read that goes upstream (a block fetched for one
    // occurrence would also renew the next one's day).
    client = FakeCalcomClients.onClock(fake, clock,
        CacheConfig.builder().loadEventTypeMetadata(false).fetchBlockDays(1).build()).build();
    webhooks = client.webhookReceiver().secret(SECRET).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aRecurringSeriesCancelledByOneDeliveryIsOfferedAgainOnEveryOccurrence() {
    // A weekly series of four, booked elsewhere; the client caches four Mondays without those times.
    CalcomClient elsewhere = FakeCalcomClients.onClock(fake, clock, CacheConfig.disabled()).build();
    Slot slot = day(elsewhere, MONDAY).on(MONDAY).get(1);
    List<FakeBooking> series = new ArrayList<>();
    for (int week = 0; week < 4; week++) {
      series.add(
          fake.seedBooking(
              DefaultDataset.INTRO_CALL_ID,
              slot.startInstant().plus(Duration.ofDays(7L * week)),
              "Weekly",
              "weekly@example.com"));
    }
    for (int week = 0; week < 4; week++) {
      SlotsResult cached = day(MONDAY.plusWeeks(week));
      assertThat(cached.all()).extracting(Slot::startInstant)
          .doesNotContain(slot.startInstant().plus(Duration.ofDays(7L * week)));
    }
    // Cal.com cancels the whole series; its one delivery describes the second occurrence.
    try (elsewhere) {
      series.forEach(b -> elsewhere.bookings().cancel(b.uid(), CancelBookingRequest.withoutReason()));
    }
    Instant second = slot.startInstant().plus(Duration.ofDays(7));
    String body =
        "{\"triggerEvent\":\"BOOKING_CANCELLED\",\"createdAt\":\"2050-09-01T10:00:00.000Z\",\"payload\":{"
            + "\"uid\":\"" + series.get(1).uid() + "\",\"eventTypeId\":" + DefaultDataset.INTRO_CALL_ID + ","
            + "\"startTime\":\"" + plus00(second) + "\",\"endTime\":\"" + plus00(second.plusSeconds(1800)) + "\","
            + "\"recurringEvent\":{\"freq\":2,\"count\":4,\"interval\":1},"
            + "\"organizer\":{\"name\":\"Alice\",\"email\":\"alice@example.com\",\"timeZone\":\"Europe/Berlin\"},"
            + "\"team\":{\"name\":\"x\",\"members\":[{\"name\":\"Bob\",\"email\":\"bob@example.com\","
            + "\"timeZone\":\"UTC\"}]},\"status\":\"CANCELLED\"}}";

    WebhookResult result = deliver(body, true);

    assertThat(result.httpStatus()).isEqualTo(200);
    for (int week = 0; week < 4; week++) {
      SlotsResult after = day(MONDAY.plusWeeks(week));
      assertThat(after.source()).as("week " + week + " re-fetched").isEqualTo(SlotsSource.UPSTREAM);
      assertThat(after.all()).extracting(Slot::startInstant)
          .as("week " + week + " offered again")
          .contains(slot.startInstant().plus(Duration.ofDays(7L * week)));
    }
  }

  @Test
  void aSeriesDeliveryCoversEveryPossibleOccurrenceAroundTheDescribedOne() {
    WebhookEvent event =
        parse(
            "{\"triggerEvent\":\"BOOKING_REJECTED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{"
                + "\"eventTypeId\":7,\"startTime\":\"2050-09-19T10:00:00+00:00\",\"endTime\":\"2050-09-19T10:30:00Z\","
                + "\"recurringEvent\":{\"freq\":3,\"count\":3,\"interval\":2}}}");

    List<BookingChange> changes = event.bookingChanges();

    assertThat(changes).hasSize(5).allMatch(c -> c.kind() == BookingChange.Kind.CANCELLED);
    assertThat(changes.get(0).start()).isEqualTo(Instant.parse("2050-09-19T10:00:00Z"));
    assertThat(changes).extracting(c -> c.start().plus(Duration.ofHours(1)))
        .contains(
            Instant.parse("2050-09-15T10:00:00Z"), Instant.parse("2050-09-17T10:00:00Z"),
            Instant.parse("2050-09-21T10:00:00Z"), Instant.parse("2050-09-23T10:00:00Z"));
    assertThat(event.bookingChange()).contains(changes.get(0));
  }

  @Test
  void teamMembersWithoutIdsLeaveTheHostsUnknownNeverNarrower() {
    WebhookEvent event =
        parse(
            "{\"triggerEvent\":\"BOOKING_CANCELLED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{"
                + "\"eventTypeId\":7,\"startTime\":\"2050-09-19T10:00:00Z\",\"endTime\":\"2050-09-19T10:30:00Z\","
                + "\"organizer\":{\"id\":1,\"email\":\"a@example.com\"},"
                + "\"team\":{\"members\":[{\"id\":2,\"email\":\"b@example.com\"},{\"email\":\"c@example.com\"}]}}}");

    BookingChange change = event.bookingChange().orElseThrow();

    // Empty means "unknown": the invalidator takes every host of event type 7 (a subset {1, 2} would miss c).
    assertThat(change.hostUserIds()).isEmpty();
  }

  @Test
  void anOutOfOfficeEntryDropsItsHostsCachedDays() {
    SlotsResult before = day(MONDAY);
    assertThat(before.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(day(MONDAY).source()).isEqualTo(SlotsSource.L1);
    String body =
        "{\"triggerEvent\":\"OOO_CREATED\",\"createdAt\":\"2050-09-01T10:00:00Z\",\"payload\":{\"oooEntry\":{"
            + "\"id\":5,\"start\":\"" + MONDAY + "T00:00:00.000Z\",\"end\":\"" + MONDAY + "T23:59:59.999Z\","
            + "\"user\":{\"id\":" + DefaultDataset.ALICE_ID + ",\"name\":\"Alice\",\"email\":\"alice@example.com\"},"
            + "\"toUser\":null,\"reason\":{\"emoji\":\"x\",\"reason\":\"vacation\"}}}}";

    WebhookResult result = deliver(body, true);

    assertThat(result.httpStatus()).isEqualTo(200);
    assertThat(day(MONDAY).source()).as("the host's day was dropped").isEqualTo(SlotsSource.UPSTREAM);
    BookingChange change = parse(body).bookingChanges().get(0);
    assertThat(change.hostUserIds()).containsExactly(DefaultDataset.ALICE_ID);
    assertThat(change.eventTypeId()).isNull();
  }

  @Test
  void flatMeetingEventsAreAcceptedAndInvalidateNothingButUnsignedOnesAreRefusedWithASecret() {
    List<BookingChange> seen = new CopyOnWriteArrayList<>();
    CalcomWebhooks hooks =
        CalcomWebhooks.builder()
            .secret(SECRET)
            .onBookingChange(c -> {
              seen.add(c);
              return CompletableFuture.completedFuture(null);
            })
            .build();
    String flat =
        "{\"triggerEvent\":\"MEETING_ENDED\",\"uid\":\"b-1\",\"title\":\"Intro\",\"startTime\":"
            + "\"2050-09-05T10:00:00Z\",\"endTime\":\"2050-09-05T10:30:00Z\",\"createdAt\":\"2050-09-01T09:00:00Z\"}";

    WebhookResult signed = hooks.handle(bytes(flat), name -> header(name, flat, true));
    WebhookResult unsigned = hooks.handle(bytes(flat), name -> header(name, flat, false));

    assertThat(signed).isInstanceOfSatisfying(
        WebhookResult.Accepted.class,
        a -> {
          assertThat(a.event().trigger()).isEqualTo(WebhookTrigger.MEETING_ENDED);
          assertThat(a.event().booking()).isPresent();
          assertThat(a.event().payload().has("triggerEvent")).isFalse();
        });
    assertThat(seen).isEmpty();
    assertThat(unsigned.httpStatus()).isEqualTo(401);
  }

  @Test
  void aCustomTemplateShapedLikeTheEnvelopeReachesTheCustomPayloadHook() {
    List<CustomPayload> custom = new CopyOnWriteArrayList<>();
    CalcomWebhooks hooks = CalcomWebhooks.builder().secret(SECRET).onCustomPayload(custom::add).build();
    String template =
        "{\"triggerEvent\":\"{{triggerEvent}}\",\"payload\":{\"startTime\":\"{{startTime}}\",\"who\":\"{{organizer.name}}\"}}";

    WebhookResult result = hooks.handle(bytes(template), name -> header(name, template, true));

    assertThat(result).isInstanceOf(WebhookResult.CustomPayloadAccepted.class);
    assertThat(custom).hasSize(1);
  }

  @Test
  void theFakesCancellationOfATeamBookingAsCalcomSendsItIsAcceptedWithItsHostsUnknown() {
    List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    try (FakeCalcom quirky = FakeCalcom.builder().withDefaultData().clock(clock).withWireQuirks().build().start();
        CalcomClient elsewhere = FakeCalcomClients.onClock(quirky, clock, CacheConfig.disabled()).build()) {
      quirky.webhooks()
          .subscribe(
              (body, headers) -> {
                WebhookResult r = webhooks.handle(body, name -> headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                    .findFirst().orElse(null));
                if (r instanceof WebhookResult.Accepted a) {
                  events.add(a.event());
                }
              },
              SECRET,
              java.util.Set.of("BOOKING_CANCELLED"));
      Slot slot = day(elsewhere, MONDAY, DefaultDataset.SALES_PANEL_ID).all().get(0);
      FakeBooking panel = quirky.seedBooking(DefaultDataset.SALES_PANEL_ID, slot.startInstant(), "P", "p@example.com");
      elsewhere.bookings().cancel(panel.uid(), CancelBookingRequest.withoutReason());
      quirky.webhooks().awaitDeliveries(1, Duration.ofSeconds(10));
    }

    assertThat(events).hasSize(1);
    WebhookEvent event = events.get(0);
    assertThat(event.payload().get("startTime").asText()).endsWith("+00:00");
    assertThat(event.payload().path("team").path("members").get(0).has("id")).isFalse();
    assertThat(event.bookingChange().orElseThrow().hostUserIds()).as("hosts unknown, never narrower").isEmpty();
  }

  private WebhookResult deliver(String body, boolean signed) {
    return webhooks.handle(bytes(body), name -> header(name, body, signed));
  }

  private static String header(String name, String body, boolean signed) {
    if (name.equalsIgnoreCase("Content-Type")) {
      return "application/json";
    }
    if (signed && name.equalsIgnoreCase(WebhookSignature.HEADER)) {
      return WebhookSignature.sign(SECRET, bytes(body));
    }
    return null;
  }

  private static WebhookEvent parse(String body) {
    return CalcomWebhooks.builder().secret(SECRET).build().parse(bytes(body));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Cal.com's cancellations carry times as {@code +00:00}. */
  private static String plus00(Instant t) {
    return t.atOffset(ZoneOffset.UTC).toString().replace("Z", "+00:00");
  }

  private SlotsResult day(LocalDate day) {
    return day(client, day);
  }

  private static SlotsResult day(CalcomClient client, LocalDate day) {
    return day(client, day, DefaultDataset.INTRO_CALL_ID);
  }

  private static SlotsResult day(CalcomClient client, LocalDate day, long eventTypeId) {
    Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    return client
        .slots()
        .find(
            SlotQuery.forEventType(eventTypeId)
                .between(start, start.plus(Duration.ofDays(1)).minusSeconds(1))
                .timeZone("UTC")
                .build());
  }
}
