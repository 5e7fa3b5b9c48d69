package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calcomclient.BadRequestException;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import dev.calcomclient.testkit.Fault;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regressions of issue 12, defects 2 and 3, against {@link FakeCalcom} with a caching client: a create that Cal.com
 * applied but answered with a 5xx or an undecodable 201 returned an error while its slot stayed offered; a time
 * taken elsewhere stayed offered after Cal.com refused to book or reserve it, until the entry's TTL. And of issue
 * 18: a refusal of a time every cached copy of its day already left out dropped the day anyway, which under
 * overload left callers without it until a token came.
 */
class CacheHealsOnRefusalAndUnknownOutcomeTest {
  private static final String CREATE = "POST /v2/bookings";

  private final FakeClock clock = FakeClock.at(NOW);
  private FakeCalcom fake;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    client =
        FakeCalcomClients.onClock(fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).build()).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    fake.close();
  }

  @Test
  void aCreateAnswered500AfterStoringReturnsTheBookingAndStopsOfferingItsTime() {
    Slot slot = monday().all().get(2);
    fake.faults().nextRequests(CREATE, 1, Fault.serverErrorAfterProcessing(500));

    Booking booked = client.bookings().create(ada(slot.startInstant()));

    assertThat(fake.booking(booked.uid())).isPresent();
    assertThat(monday().all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
  }

  @Test
  void aCreateAnswered201WithAMalformedOrTruncatedBodyReturnsTheBookingAndStopsOfferingItsTime() {
    Slot first = monday().all().get(2);
    Slot second = monday().all().get(4);
    fake.faults().nextRequests(CREATE, 1, Fault.malformedJson());
    Booking one = client.bookings().create(ada(first.startInstant()));
    fake.faults().nextRequests(CREATE, 1, Fault.truncatedBody());
    Booking two = client.bookings().create(ada(second.startInstant()));

    assertThat(fake.booking(one.uid())).isPresent();
    assertThat(fake.booking(two.uid())).isPresent();
    assertThat(fake.bookings()).hasSize(2);
    assertThat(monday().all())
        .extracting(Slot::startInstant)
        .doesNotContain(first.startInstant(), second.startInstant());
  }

  @Test
  void aTimeTakenElsewhereIsDroppedFromTheCacheWhenCalcomRefusesToBookIt() {
    Slot slot = monday().all().get(3);
    assertThat(monday().source()).isEqualTo(SlotsSource.L1);
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Elsewhere", "elsewhere@example.com");
    assertThat(monday().all()).as("cached: still offered").extracting(Slot::startInstant)
        .contains(slot.startInstant());

    assertThatThrownBy(() -> client.bookings().create(ada(slot.startInstant())))
        .isInstanceOf(SlotUnavailableException.class)
        .isInstanceOf(BadRequestException.class);

    SlotsResult healed = monday();
    assertThat(healed.source()).isNotEqualTo(SlotsSource.L1);
    assertThat(healed.all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
  }

  @Test
  void aRefusalOfATimeTheCachedDayAlreadyLeftOutDroppedTheDayAnyway() {
    Slot slot = monday().all().get(3);
    client.bookings().create(ada(slot.startInstant())); // this client's own booking
    monday(); // the day again, as Cal.com has it now
    SlotsResult cached = monday();
    assertThat(cached.source()).isEqualTo(SlotsSource.L1);
    assertThat(cached.all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
    long slotCalls = slotCalls();

    // a second caller who saw the time earlier tries it: Cal.com refuses, which the cached day already knows
    assertThatThrownBy(() -> client.bookings().create(grace(slot.startInstant())))
        .isInstanceOf(SlotUnavailableException.class);
    assertThatThrownBy(
            () -> client.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, slot.startInstant())))
        .isInstanceOf(SlotUnavailableException.class);

    SlotsResult after = monday();
    assertThat(after.source()).as("kept: the refusal told the cache nothing new").isEqualTo(SlotsSource.L1);
    assertThat(after.all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
    assertThat(slotCalls()).isEqualTo(slotCalls);
  }

  @Test
  void aRefusalOfATimeOnlyAnotherQueryOfTheDayStillOffersDropsTheDay() {
    Slot slot = monday().all().get(3);
    SlotsResult berlin = mondayIn("Europe/Berlin"); // a second copy of the day, other dimensions
    assertThat(berlin.all()).extracting(Slot::startInstant).contains(slot.startInstant());
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Elsewhere", "elsewhere@example.com");

    assertThatThrownBy(() -> client.bookings().create(ada(slot.startInstant())))
        .isInstanceOf(SlotUnavailableException.class);

    assertThat(monday().all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
    assertThat(mondayIn("Europe/Berlin").all()).extracting(Slot::startInstant)
        .doesNotContain(slot.startInstant());
  }

  @Test
  void aTimeTakenElsewhereIsDroppedFromTheCacheWhenCalcomRefusesToReserveIt() {
    Slot slot = monday().all().get(5);
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, slot.startInstant(), "Elsewhere", "elsewhere@example.com");

    assertThatThrownBy(
            () -> client.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, slot.startInstant())))
        .isInstanceOfSatisfying(SlotUnavailableException.class, e -> assertThat(e.status()).isEqualTo(422));

    assertThat(monday().all()).extracting(Slot::startInstant).doesNotContain(slot.startInstant());
  }

  @Test
  void aTimeTakenElsewhereIsDroppedFromTheCacheWhenCalcomRefusesToRescheduleOntoIt() {
    Slot from = monday().all().get(1);
    Slot to = monday().all().get(6);
    Booking mine = client.bookings().create(ada(from.startInstant()));
    monday();
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, to.startInstant(), "Elsewhere", "elsewhere@example.com");

    assertThatThrownBy(
            () -> client.bookings().reschedule(mine.uid(), RescheduleBookingRequest.to(to.startInstant())))
        .isInstanceOf(SlotUnavailableException.class);

    assertThat(monday().all()).extracting(Slot::startInstant).doesNotContain(to.startInstant());
  }

  private static CreateBookingRequest ada(Instant start) {
    return MondayFixtures.introCall("Ada", start);
  }

  private static CreateBookingRequest grace(Instant start) {
    return MondayFixtures.introCall("Grace", start);
  }

  private long slotCalls() {
    return MondayFixtures.slotCalls(fake);
  }

  private SlotsResult mondayIn(String zone) {
    return MondayFixtures.monday(client, zone);
  }

  private SlotsResult monday() {
    return mondayIn("UTC");
  }
}
