package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.CalcomClient;
import dev.calcomclient.SlotUnavailableException;
import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.cache.RemoteCache;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.model.Slot;
import dev.calcomclient.model.SlotsResult;
import dev.calcomclient.model.SlotsSource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ControlledReads;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, several instances: a booking or reservation Cal.com refused as unavailable on an instance that held no
 * L1 copy of the day (its caller had been answered by another instance) invalidated the day, deleting a shared copy
 * that already left the refused time out, so under overload no instance could answer that day any more. The
 * refused instance now reads the shared copy first: it keeps it when it leaves the time out, drops it when it still
 * offers it or cannot be read, and the caller learns of the refusal only once that decision is applied.
 */
class RefusalReadsTheSharedCopyTest {

  private final FakeClock clock = FakeClock.at(NOW);
  private final InvalidationBus bus = InvalidationBus.inProcess();
  private final RemoteCache shared = RemoteCache.inMemory(clock);
  private final ControlledReads bReads = new ControlledReads(shared);
  private FakeCalcom fake;
  private CalcomClient a;
  private CalcomClient b;
  private CalcomClient truth;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
    a = instance(shared);
    b = instance(bReads);
    truth = FakeCalcomClients.onClock(fake, clock, CacheConfig.disabled()).build();
  }

  private CalcomClient instance(RemoteCache l2) {
    return FakeCalcomClients.onClock(
            fake, clock, CacheConfig.builder().loadEventTypeMetadata(false).remoteCache(l2).build())
        .invalidation(InvalidationConfig.builder().bus(bus).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    a.close();
    b.close();
    truth.close();
    fake.close();
  }

  @Test
  void aRefusalOnAnInstanceHoldingNoCopyDroppedTheSharedCopyThatAlreadyLeftTheTimeOut() {
    Instant taken = takenBeforeAAsks();
    long slotCalls = slotCalls();

    assertThatThrownBy(() -> b.bookings().create(grace(taken))).isInstanceOf(SlotUnavailableException.class);
    assertThatThrownBy(() -> b.slots().reserve(ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, taken)))
        .isInstanceOf(SlotUnavailableException.class);

    SlotsResult fromA = monday(a);
    SlotsResult fromB = monday(b);
    assertThat(fromA.source()).as("A kept its copy: no invalidation came").isEqualTo(SlotsSource.L1);
    assertThat(fromB.source()).as("the shared copy was kept").isEqualTo(SlotsSource.L2);
    assertThat(fromA.all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(fromB.all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(slotCalls()).as("both answered from cache").isEqualTo(slotCalls);
  }

  @Test
  void aRefusalOnAnInstanceHoldingNoCopyDropsTheSharedCopyThatStillOffersTheTime() {
    Instant taken = monday(a).all().get(3).startInstant(); // A's copy, in L1 and L2, offers it
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, taken, "Elsewhere", "elsewhere@example.com");

    assertThatThrownBy(() -> b.bookings().create(grace(taken))).isInstanceOf(SlotUnavailableException.class);

    assertThat(monday(b).all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(monday(a).all()).extracting(Slot::startInstant).doesNotContain(taken);
  }

  @Test
  void aFailedReadOfTheSharedCopyCountsAsNoCopyAndDropsTheDay() {
    Instant taken = takenBeforeAAsks();
    long slotCalls = slotCalls();
    bReads.failing = true;

    assertThatThrownBy(() -> b.bookings().create(grace(taken))).isInstanceOf(SlotUnavailableException.class);

    bReads.failing = false;
    assertThat(monday(a).source()).as("dropped everywhere, as before the shared copy was read")
        .isEqualTo(SlotsSource.UPSTREAM);
    assertThat(slotCalls()).isEqualTo(slotCalls + 1);
  }

  @Test
  void theRefusedCallerLearnsOfTheRefusalOnlyOnceTheSharedCopyWasReadAndTheDecisionApplied() throws Exception {
    Instant taken = monday(a).all().get(3).startInstant();
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, taken, "Elsewhere", "elsewhere@example.com");
    bReads.held = new CompletableFuture<>();

    CompletableFuture<Booking> refused = b.bookings().createAsync(grace(taken));
    await().atMost(Duration.ofSeconds(10)).until(() -> bReads.pending != null);
    assertThat(refused).as("the shared copy is still being read").isNotDone();
    bReads.held.complete(null);

    assertThat(refused)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(SlotUnavailableException.class);
    assertThat(monday(b).all()).extracting(Slot::startInstant).doesNotContain(taken);
    assertThat(monday(a).all()).extracting(Slot::startInstant).doesNotContain(taken);
  }

  /** A time booked elsewhere before instance A asked for Monday: A's copy, in L1 and L2, leaves it out. */
  private Instant takenBeforeAAsks() {
    Instant taken = monday(truth).all().get(3).startInstant();
    fake.seedBooking(DefaultDataset.INTRO_CALL_ID, taken, "Elsewhere", "elsewhere@example.com");
    SlotsResult fetched = monday(a);
    assertThat(fetched.source()).isEqualTo(SlotsSource.UPSTREAM);
    assertThat(fetched.all()).extracting(Slot::startInstant).doesNotContain(taken);
    return taken;
  }

  private long slotCalls() {
    return MondayFixtures.slotCalls(fake);
  }

  private static CreateBookingRequest grace(Instant start) {
    return MondayFixtures.introCall("Grace", start);
  }

  private static SlotsResult monday(CalcomClient client) {
    return MondayFixtures.monday(client, "UTC");
  }
}
