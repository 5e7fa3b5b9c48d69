package dev.calcomclient.internal.resource;

import static dev.calcomclient.support.FakeCalcomClients.MONDAY;
import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static dev.calcomclient.support.FakeCalcomClients.assertApiKeyHeaders;
import static dev.calcomclient.support.FakeCalcomClients.onlyCall;
import static dev.calcomclient.support.FakeCalcomClients.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.internal.Json;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotFormat;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotReservation;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DefaultSlotsServiceTest {
  private static final FakeClock CLOCK = FakeClock.at(NOW);
  private static final Instant DAY_START = Instant.parse(MONDAY + "T00:00:00Z");
  private static final Instant DAY_END = Instant.parse(MONDAY + "T23:59:59Z");

  @RegisterExtension
  static final FakeCalcomExtension FAKE =
      FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    CLOCK.set(Instant.parse(NOW));
    fake = FAKE.get();
    // The wire mapping of the service itself; the cache's span requests are covered in cache/.
    client =
        CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).cache(CacheConfig.disabled()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  @Test
  void findSendsTheQueryAndGroupsSlotsByDayInTheRequestedZone() {
    SlotsResult result =
        client.slots().find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID)
                .between(DAY_START, DAY_END)
                .timeZone(ZoneId.of("Europe/Berlin"))
                .build());

    RecordedCall call = onlyCall(fake);
    assertThat(call.method()).isEqualTo("GET");
    assertThat(call.path()).isEqualTo("/v2/slots");
    assertThat(query(call))
        .containsExactly(
            entry("eventTypeId", "101"),
            entry("start", MONDAY + "T00:00:00Z"),
            entry("end", MONDAY + "T23:59:59Z"),
            entry("timeZone", "Europe/Berlin"));
    assertApiKeyHeaders(call, fake, "2024-09-04");
    assertThat(call.body()).isEmpty();

    // Alice works 09:00-17:00 Berlin time: 16 half-hour slots, offsets kept as Cal.com sent them.
    assertThat(result.days()).containsOnlyKeys(LocalDate.parse(MONDAY));
    assertThat(result.size()).isEqualTo(16);
    Slot first = result.first().orElseThrow();
    assertThat(first.start()).isEqualTo(OffsetDateTime.parse(MONDAY + "T09:00:00+02:00"));
    assertThat(first.start().getOffset()).isEqualTo(ZoneOffset.ofHours(2));
    assertThat(first.end()).isNull();
    assertThat(result.all().get(15).start().toLocalTime()).hasToString("16:30");
  }

  @Test
  void findWithRangeFormatAndSlugSelectorDecodesEnds() {
    SlotsResult result =
        client.slots().find(
            SlotQuery.forUserEventType("intro-call", "alice")
                .between(DAY_START, DAY_END)
                .format(SlotFormat.RANGE)
                .build());

    assertThat(query(onlyCall(fake)))
        .containsExactly(
            entry("eventTypeSlug", "intro-call"),
            entry("username", "alice"),
            entry("start", MONDAY + "T00:00:00Z"),
            entry("end", MONDAY + "T23:59:59Z"),
            entry("format", "range"));
    Slot first = result.first().orElseThrow();
    assertThat(first.start()).isEqualTo(OffsetDateTime.parse(MONDAY + "T07:00:00Z"));
    assertThat(first.duration()).contains(Duration.ofMinutes(30));
  }

  @Test
  void findForTeamSlugSendsTeamSelector() {
    SlotsResult result =
        client.slots().find(
            SlotQuery.forTeamEventType("sales-panel", DefaultDataset.SALES_TEAM_SLUG)
                .between(DAY_START, DAY_END)
                .duration(30)
                .build());

    assertThat(query(onlyCall(fake)))
        .contains(entry("eventTypeSlug", "sales-panel"), entry("teamSlug", "sales"), entry("duration", "30"));
    assertThat(result.isEmpty()).isFalse();
  }

  @Test
  void findWithoutSlotsIsEmpty() {
    Instant sunday = Instant.parse("2050-09-04T00:00:00Z");
    SlotsResult result =
        client.slots().find(
            SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(sunday, sunday.plusSeconds(3600)).build());

    assertThat(result.isEmpty()).isTrue();
    assertThat(result.all()).isEmpty();
  }

  @Test
  void reserveGetUpdateAndDeleteAReservation() {
    Instant slot = Instant.parse(MONDAY + "T08:00:00Z");
    SlotReservation reserved =
        client.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, slot).withReservationDuration(10));

    RecordedCall post = onlyCall(fake);
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.path()).isEqualTo("/v2/slots/reservations");
    assertApiKeyHeaders(post, fake, "2024-09-04");
    assertThat(post.header("Content-Type")).startsWith("application/json");
    assertThat(json(post.body()))
        .isEqualTo(json("{\"eventTypeId\":101,\"slotStart\":\"" + MONDAY + "T08:00:00Z\",\"reservationDuration\":10}"));
    assertThat(reserved.eventTypeId()).isEqualTo(DefaultDataset.INTRO_CALL_ID);
    assertThat(reserved.slotStart()).isEqualTo(slot);
    assertThat(reserved.slotEnd()).isEqualTo(slot.plus(Duration.ofMinutes(30)));
    assertThat(reserved.reservationUid()).isNotBlank();
    assertThat(reserved.reservationUntil()).isEqualTo(Instant.parse(NOW).plus(Duration.ofMinutes(10)));

    fake.clearJournal();
    assertThat(client.slots().getReservation(reserved.reservationUid())).contains(reserved);
    RecordedCall get = onlyCall(fake);
    assertThat(get.method()).isEqualTo("GET");
    assertThat(get.path()).isEqualTo("/v2/slots/reservations/" + reserved.reservationUid());
    assertThat(get.header("cal-api-version")).isEqualTo("2024-09-04");

    fake.clearJournal();
    Instant later = slot.plus(Duration.ofHours(1));
    SlotReservation moved =
        client.slots().updateReservation(
            reserved.reservationUid(), ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, later));
    RecordedCall patch = onlyCall(fake);
    assertThat(patch.method()).isEqualTo("PATCH");
    assertThat(patch.path()).isEqualTo("/v2/slots/reservations/" + reserved.reservationUid());
    assertThat(json(patch.body()))
        .isEqualTo(json("{\"eventTypeId\":101,\"slotStart\":\"" + MONDAY + "T09:00:00Z\"}"));
    assertThat(moved.slotStart()).isEqualTo(later);
    assertThat(moved.reservationUid()).isEqualTo(reserved.reservationUid());

    fake.clearJournal();
    client.slots().deleteReservation(reserved.reservationUid());
    RecordedCall delete = onlyCall(fake);
    assertThat(delete.method()).isEqualTo("DELETE");
    assertThat(delete.path()).isEqualTo("/v2/slots/reservations/" + reserved.reservationUid());
    assertThat(delete.responseStatus()).isEqualTo(200);

    assertThat(client.slots().getReservation(reserved.reservationUid())).isEmpty();
  }

  @Test
  void reservationHoldsTheSlotAgainstLaterSearches() {
    Instant slot = Instant.parse(MONDAY + "T08:00:00Z");
    client.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, slot));

    SlotsResult result =
        client.slots().find(SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(DAY_START, DAY_END).build());

    assertThat(result.all()).extracting(Slot::startInstant).doesNotContain(slot);
  }

  @Test
  void asyncFindCompletesWithTheSameResult() {
    SlotQuery query = SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(DAY_START, DAY_END).build();

    assertThat(client.slots().findAsync(query).join()).isEqualTo(client.slots().find(query));
  }

  private static JsonNode json(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
