package dev.calcomclient.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The fake's wire quirks (Cal.com's odd shapes) go through the client: everything decodes, nothing is left out,
 * and the shapes the document allows but the models do not hold are reported as tolerated.
 */
class WireQuirksAgainstFakeCalcomTest {
  private static final FakeClock CLOCK = FakeClock.at(FakeCalcomClients.NOW);

  @Test
  void theFakesOddShapesDecodeAndAreReportedTolerated() {
    List<DecodeIssue> issues = new CopyOnWriteArrayList<>();
    try (FakeCalcom plain = FakeCalcom.builder().withDefaultData().clock(CLOCK).build().start();
        FakeCalcom quirky = FakeCalcom.builder().withDefaultData().clock(CLOCK).withWireQuirks().build().start();
        CalcomClient reference = FakeCalcomClients.onClock(plain, CLOCK, CacheConfig.disabled()).build();
        CalcomClient client =
            FakeCalcomClients.onClock(quirky, CLOCK, CacheConfig.disabled())
                .addListener(
                    new CalcomEventListener() {
                      @Override
                      public void decodeIssue(DecodeIssue issue) {
                        issues.add(issue);
                      }
                    })
                .build()) {
      DecodedList<EventType> types = client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID);
      assertThat(types).extracting(EventType::id)
          .containsExactlyElementsOf(
              reference.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID).stream().map(EventType::id).toList());
      assertThat(types.skipped()).isZero();
      assertThat(types.decodeIssues())
          .extracting(DecodeIssue::field)
          .contains("seatsPerTimeSlot", "ownerId", "parentEventTypeId");

      Instant from = Instant.parse(FakeCalcomClients.NOW).plus(Duration.ofDays(4));
      SlotsResult slots =
          client.slots().find(
              SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(from, from.plus(Duration.ofDays(1)))
                  .build());
      assertThat(slots.all()).isNotEmpty();
      Booking booking =
          client.bookings().create(
              CreateBookingRequest.builder()
                  .eventTypeId(DefaultDataset.INTRO_CALL_ID)
                  .start(slots.first().orElseThrow().startInstant())
                  .attendee(Attendee.withEmail("Q", "q@example.com", "Europe/Berlin"))
                  .build());
      BookingPage page = client.bookings().list(BookingListQuery.all());
      assertThat(page.items()).extracting(Booking::uid).contains(booking.uid());
      assertThat(page.skipped()).isZero();
    }
    assertThat(issues).noneMatch(DecodeIssue::isLeftOut);
    assertThat(issues).anyMatch(i -> i.operation() == Operation.TEAM_EVENT_TYPES_LIST);
  }
}
