package dev.calcomclient;

import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static dev.calcomclient.support.FakeWorkloads.distinctSlotQuery;
import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.introCallSlot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.EndpointGroup;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-call options reach every request the client sends: lane, longest token wait and deadline (a layer records the
 * requests as the pipeline sees them; the fake clock stands still, so a deadline is exactly now plus the call
 * timeout).
 */
class RequestOptionsAgainstFakeCalcomTest {
  private static final String UNKNOWN_UID = "unknownuid123";

  private final FakeClock clock = FakeClock.at(NOW);
  private final Queue<CalcomRequest> sent = new ConcurrentLinkedQueue<>();
  private final Layer recorder = (request, chain) -> {
    sent.add(request);
    return chain.proceed(request);
  };
  private FakeCalcom fake;

  @BeforeEach
  void setUp() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
  }

  @AfterEach
  void tearDown() {
    fake.close();
  }

  private CalcomClient.Builder client() {
    return FakeCalcomClients.onClock(fake, clock, CacheConfig.defaults())
        .scheduler(clock.scheduler())
        .addLayer(recorder);
  }

  private static void settle(List<CompletableFuture<?>> calls) {
    await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().allMatch(CompletableFuture::isDone));
  }

  @Test
  void everyOperationCarriesTheCallsLaneWaitAndDeadline() {
    RequestOptions options =
        RequestOptions.builder()
            .lane(Priority.BATCH)
            .maxWait(Duration.ofSeconds(4))
            .callTimeout(Duration.ofSeconds(42))
            .build();
    Instant now = clock.instant();
    try (CalcomClient client = client().build()) {
      List<CompletableFuture<?>> calls = new ArrayList<>();
      calls.add(client.slots().findAsync(distinctSlotQuery(0), options));
      calls.add(client.slots().reserveAsync(
          ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, introCallSlot(3)), options));
      calls.add(client.slots().getReservationAsync(UNKNOWN_UID, options));
      calls.add(client.slots().updateReservationAsync(
          UNKNOWN_UID, ReserveSlotRequest.of(DefaultDataset.INTRO_CALL_ID, introCallSlot(4)), options));
      calls.add(client.slots().deleteReservationAsync(UNKNOWN_UID, options));
      calls.add(client.bookings().createAsync(introCallBooking("options", 1, 1), options));
      calls.add(client.bookings().getAsync(UNKNOWN_UID, options));
      calls.add(client.bookings().listAsync(BookingListQuery.all(), options));
      calls.add(client.bookings().cancelAsync(UNKNOWN_UID, CancelBookingRequest.withoutReason(), options));
      calls.add(client.bookings().rescheduleAsync(UNKNOWN_UID, RescheduleBookingRequest.to(introCallSlot(5)), options));
      calls.add(client.eventTypes().listAsync("alice", options));
      calls.add(client.eventTypes().getAsync(DefaultDataset.CONSULTATION_ID, options));
      calls.add(client.eventTypes().listForTeamAsync(DefaultDataset.SALES_TEAM_ID, options));
      calls.add(client.eventTypes().getForTeamAsync(
          DefaultDataset.SALES_TEAM_ID, DefaultDataset.SALES_CALL_ID, options));
      calls.add(client.schedules().listAsync(options));
      calls.add(client.schedules().getAsync(DefaultDataset.ALICE_SCHEDULE_ID, options));
      calls.add(client.schedules().getDefaultAsync(options));
      calls.add(client.me().getAsync(options));
      settle(calls);
      assertThat(client.bookings().listAll(BookingListQuery.all(), options).limit(1).count()).isLessThanOrEqualTo(1);
    }

    List<CalcomRequest> batch = sent.stream().filter(r -> r.priority() == Priority.BATCH).toList();
    Set<Operation> reached = batch.stream().map(CalcomRequest::operation).collect(Collectors.toSet());
    assertThat(reached).as("operations sent in the options' lane").isEqualTo(EnumSet.allOf(Operation.class));
    assertThat(batch).allSatisfy(r -> {
      assertThat(r.deadline()).as("%s deadline", r.operation()).isEqualTo(now.plusSeconds(42));
      assertThat(r.maxWait()).as("%s token wait", r.operation()).contains(Duration.ofSeconds(4));
    });
    assertThat(sent)
        .as("requests in another lane: only the event-type catalog's own loads")
        .filteredOn(r -> r.priority() != Priority.BATCH)
        .allSatisfy(r -> assertThat(r.operation()).isEqualTo(Operation.EVENT_TYPE_GET));
  }

  @Test
  void withoutOptionsEachOperationKeepsItsLaneAndTheClientsCallTimeout() {
    Instant now = clock.instant();
    try (CalcomClient client = client().build()) {
      client.me().get();
      assertThat(last(Operation.ME_GET).priority()).isEqualTo(Priority.STANDARD);
      assertThat(last(Operation.ME_GET).deadline()).isEqualTo(now.plusSeconds(15));
      assertThat(last(Operation.ME_GET).maxWait()).isEmpty();

      client.slots().find(distinctSlotQuery(0));
      assertThat(last(Operation.SLOTS_FIND).priority()).isEqualTo(Priority.STANDARD);
      assertThat(last(Operation.SLOTS_FIND).deadline()).isEqualTo(now.plusSeconds(9));

      client.bookings().create(introCallBooking("defaults", 2, 2));
      assertThat(last(Operation.BOOKING_CREATE).priority()).isEqualTo(Priority.INTERACTIVE);
      assertThat(last(Operation.BOOKING_CREATE).deadline()).isEqualTo(now.plusSeconds(30));
    }
  }

  @Test
  void aBatchCallWithoutItsOwnWaitWaitsUntilOneAttemptBeforeItsDeadline() {
    Instant now = clock.instant();
    try (CalcomClient client = client().build()) {
      client.slots().find(distinctSlotQuery(1), RequestOptions.builder().lane(Priority.BATCH).build());
      CalcomRequest r = last(Operation.SLOTS_FIND);
      assertThat(r.deadline()).isEqualTo(now.plusSeconds(9));
      assertThat(r.maxWait()).as("9 s call timeout less one 3 s slot attempt").contains(Duration.ofSeconds(6));

      client.slots().find(distinctSlotQuery(2),
          RequestOptions.builder().lane(Priority.BATCH).callTimeout(Duration.ofSeconds(2)).build());
      assertThat(last(Operation.SLOTS_FIND).maxWait()).as("no time to wait at all").contains(Duration.ZERO);
    }
  }

  @Test
  void theDefaultCallTimeoutIsSettableOnTheClientAndFollowsTheAttemptTimeout() {
    Instant now = clock.instant();
    try (CalcomClient client =
        client()
            .callTimeout(EndpointGroup.OTHER, Duration.ofSeconds(20))
            .timeout(EndpointGroup.SLOTS, Duration.ofSeconds(1))
            .build()) {
      client.me().get();
      assertThat(last(Operation.ME_GET).deadline()).isEqualTo(now.plusSeconds(20));
      client.slots().find(distinctSlotQuery(0));
      assertThat(last(Operation.SLOTS_FIND).deadline())
          .as("%d attempt timeouts", CalcomClient.DEFAULT_CALL_TIMEOUT_ATTEMPTS)
          .isEqualTo(now.plusSeconds(3));
      client.schedules().getDefault(RequestOptions.builder().callTimeout(Duration.ofSeconds(7)).build());
      assertThat(last(Operation.SCHEDULE_DEFAULT_GET).deadline())
          .as("the call's own wins")
          .isEqualTo(now.plusSeconds(7));
    }
  }

  @Test
  void theBuilderRefusesABadCallTimeoutNamingIt() {
    assertThatThrownBy(() -> client().callTimeout(EndpointGroup.SLOTS, Duration.ZERO).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callTimeout(SLOTS)");
    assertThatThrownBy(() -> client().callTimeout(EndpointGroup.BOOKINGS, Duration.ofDays(2)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("callTimeout(BOOKINGS)")
        .hasMessageContaining("at most");
  }

  @Test
  void missingOptionsAreRefusedNamingThemAndNothingIsSent() {
    try (CalcomClient client = client().build()) {
      assertThatThrownBy(() -> client.slots().findAsync(distinctSlotQuery(0), null))
          .isInstanceOf(ValidationException.class)
          .extracting(e -> ((ValidationException) e).field())
          .isEqualTo("options");
      assertThatThrownBy(() -> client.bookings().create(introCallBooking("null", 3, 3), null))
          .isInstanceOf(ValidationException.class)
          .extracting(e -> ((ValidationException) e).field())
          .isEqualTo("options");
      assertThatThrownBy(() -> client.me().get(null))
          .isInstanceOf(ValidationException.class)
          .extracting(e -> ((ValidationException) e).field())
          .isEqualTo("options");
    }
    assertThat(sent).isEmpty();
    assertThat(fake.journal()).isEmpty();
  }

  private CalcomRequest last(Operation operation) {
    CalcomRequest found = null;
    for (CalcomRequest r : sent) {
      if (r.operation() == operation) {
        found = r;
      }
    }
    assertThat(found).as("a %s request", operation).isNotNull();
    return found;
  }
}
