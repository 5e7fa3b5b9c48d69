package dev.calcomclient.invalidate;

import static dev.calcomclient.support.FakeCalcomClients.MONDAY;
import static dev.calcomclient.support.FakeCalcomClients.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.calcomclient.BookingOutcomeUnknownException;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomTimeoutException;
import dev.calcomclient.cache.SlotKey;
import dev.calcomclient.cache.SlotTag;
import dev.calcomclient.internal.ApiCaller;
import dev.calcomclient.internal.Credentials;
import dev.calcomclient.internal.Futures;
import dev.calcomclient.internal.OkHttpTransport;
import dev.calcomclient.internal.Pipeline;
import dev.calcomclient.internal.resource.DefaultBookingsService;
import dev.calcomclient.invalidate.internal.Invalidators;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Attendee;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.CreateBookingRequest;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.pipeline.CalcomRequest;
import dev.calcomclient.pipeline.CalcomResponse;
import dev.calcomclient.pipeline.HttpMethod;
import dev.calcomclient.pipeline.Layer;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.pipeline.Priority;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.Catalogs;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.FakeClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DefaultBookingsService} hands every booking change to the invalidator, against FakeCalcom. */
class BookingsInvalidationTest {
  private static final FakeClock CLOCK = FakeClock.at(NOW);
  private static final Instant NINE_BERLIN = Instant.parse(MONDAY + "T07:00:00Z");
  private static final Instant TEN_BERLIN = Instant.parse(MONDAY + "T08:00:00Z");
  private static final Instant WED_NINE_BERLIN = Instant.parse("2050-09-07T07:00:00Z");
  private static final LocalDate MON = LocalDate.parse(MONDAY);

  @RegisterExtension
  static final FakeCalcomExtension FAKE =
      FakeCalcomExtension.of(() -> FakeCalcom.builder().withDefaultData().clock(CLOCK));

  private FakeCalcom fake;
  private OkHttpClient http;
  private final List<CalcomRequest> sent = new CopyOnWriteArrayList<>();
  private final RecordingInvalidator invalidator = new RecordingInvalidator();
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void setUp() {
    CLOCK.set(Instant.parse(NOW));
    fake = FAKE.get();
    http = new OkHttpClient();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private ApiCaller caller(Layer transport) {
    Map<ApiResource, String> versions = new EnumMap<>(ApiResource.class);
    for (ApiResource r : ApiResource.values()) {
      if (r.defaultVersion() != null) {
        versions.put(r, r.defaultVersion());
      }
    }
    Layer recorder =
        (request, chain) -> {
          sent.add(request);
          return chain.proceed(request);
        };
    return new ApiCaller(
        new Pipeline(List.of(recorder, transport)), Credentials.apiKey(fake.apiKey()), versions, Map.of(), CLOCK);
  }

  private ApiCaller fakeCaller() {
    return caller(
        new OkHttpTransport(
            http, HttpUrl.get(fake.baseUrl()), Credentials.apiKey(fake.apiKey()), Map.of(), CLOCK, "test"));
  }

  private DefaultBookingsService service(Invalidator inv) {
    return new DefaultBookingsService(fakeCaller(), new CalcomEventListener() {}, inv, InvalidationConfig.defaults().seenBookingsCapacity());
  }

  private static CreateBookingRequest ada(long eventTypeId, Instant start) {
    return CreateBookingRequest.builder()
        .eventTypeId(eventTypeId)
        .start(start)
        .attendee(Attendee.withEmail("Ada Lovelace", "ada@example.com", ZoneId.of("Europe/London")))
        .build();
  }

  private CalcomClient otherClient() {
    CalcomClient c = FakeCalcomClients.client(fake);
    closeables.add(c);
    return c;
  }

  private List<CalcomRequest> sentGets() {
    return sent.stream().filter(r -> r.operation() == Operation.BOOKING_GET).toList();
  }

  @Test
  void createHandsTheBookedTimeEventTypeAndHostToTheInvalidator() {
    Booking b = service(invalidator).create(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN));

    assertThat(invalidator.changes)
        .containsExactly(
            BookingChange.created(
                b.uid(),
                101L,
                NINE_BERLIN,
                NINE_BERLIN.plus(Duration.ofMinutes(30)),
                Set.of(DefaultDataset.ALICE_ID)));
  }

  @Test
  void afterCreateReturnsTheSameClientsL1NoLongerHoldsTheBookedDay() {
    RecordingInvalidationTarget target = new RecordingInvalidationTarget();
    target.cache(new SlotKey(101, SlotKey.DEFAULT_DIMS, MON)).cache(new SlotKey(102, SlotKey.DEFAULT_DIMS, MON));
    target.cache(new SlotKey(104, SlotKey.DEFAULT_DIMS, MON));
    target.cache(new SlotKey(101, SlotKey.DEFAULT_DIMS, MON.plusDays(1)));
    ManualScheduler scheduler = new ManualScheduler();
    Invalidators.Wiring wiring =
        Invalidators.create(
            target,
            Catalogs.inert(CLOCK, scheduler),
            InvalidationConfig.defaults(),
            CLOCK,
            scheduler,
            new CalcomEventListener() {});
    closeables.add(wiring.invalidator());
    // What the slot cache would feed: the dataset's event types as decoded from the fake.
    CalcomClient reader = otherClient();
    List<EventType> types = new ArrayList<>(reader.eventTypes().list("alice"));
    types.addAll(reader.eventTypes().list("bob"));
    types.addAll(reader.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID));
    types.forEach(wiring.eventTypeSink());
    DefaultBookingsService bookings = service(wiring.invalidator());

    // A stage chained on the caller's future runs only after it completed: L1 must already be invalidated then.
    Set<SlotTag> seenByCaller =
        bookings
            .createAsync(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN))
            .thenApply(b -> target.cachedTags())
            .join();

    assertThat(seenByCaller)
        .containsExactly(new SlotTag(101, MON.plusDays(1)), new SlotTag(104, MON));
    assertThat(target.locallyInvalidated())
        .containsExactly(
            new SlotTag(101, MON), new SlotTag(102, MON), new SlotTag(103, MON), new SlotTag(201, MON),
            new SlotTag(202, MON));
  }

  @Test
  void cancelHandsTheFreedTimeToTheInvalidator() {
    DefaultBookingsService bookings = service(invalidator);
    Booking b = bookings.create(ada(DefaultDataset.PRODUCT_DEMO_ID, Instant.parse(MONDAY + "T14:00:00Z")));

    bookings.cancel(b.uid(), CancelBookingRequest.withReason("no longer needed"));

    assertThat(invalidator.changes).hasSize(2);
    assertThat(invalidator.changes.get(1))
        .isEqualTo(
            BookingChange.cancelled(
                b.uid(), 104L, b.start(), b.start().plus(Duration.ofMinutes(45)), Set.of(DefaultDataset.BOB_ID)));
  }

  @Test
  void rescheduleOfABookingThisServiceMadeCarriesTheOldTimeWithoutAnotherCall() {
    DefaultBookingsService bookings = service(invalidator);
    Booking old = bookings.create(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN));

    Booking moved = bookings.reschedule(old.uid(), RescheduleBookingRequest.to(WED_NINE_BERLIN));

    assertThat(invalidator.changes.get(1))
        .isEqualTo(
            BookingChange.rescheduled(
                moved.uid(), 101L, WED_NINE_BERLIN, WED_NINE_BERLIN.plus(Duration.ofMinutes(30)),
                NINE_BERLIN, NINE_BERLIN.plus(Duration.ofMinutes(30)), Set.of(DefaultDataset.ALICE_ID)));
    assertThat(invalidator.changes).hasSize(2);
    assertThat(sentGets()).isEmpty();
  }

  @Test
  void rescheduleOfABookingSeenInAListCarriesTheOldTime() {
    Booking old = otherClient().bookings().create(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN));
    DefaultBookingsService bookings = service(invalidator);
    bookings.list(BookingListQuery.builder().build());

    bookings.reschedule(old.uid(), RescheduleBookingRequest.to(WED_NINE_BERLIN));

    assertThat(invalidator.changes).singleElement().satisfies(c -> {
      assertThat(c.kind()).isEqualTo(BookingChange.Kind.RESCHEDULED);
      assertThat(c.previousStart()).isEqualTo(NINE_BERLIN);
    });
    assertThat(sentGets()).isEmpty();
  }

  @Test
  void rescheduleOfAnUnseenBookingFetchesTheOldOneInTheBackgroundAndFreesItsTime() {
    Booking old = otherClient().bookings().create(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN));
    DefaultBookingsService bookings = service(invalidator);

    Booking moved = bookings.reschedule(old.uid(), RescheduleBookingRequest.to(WED_NINE_BERLIN));

    // The new time at once, without the old one...
    assertThat(invalidator.changes.get(0))
        .isEqualTo(
            BookingChange.rescheduled(
                moved.uid(), 101L, WED_NINE_BERLIN, WED_NINE_BERLIN.plus(Duration.ofMinutes(30)), null, null,
                Set.of(DefaultDataset.ALICE_ID)));
    // ...then the old booking is fetched on the background lane and its time freed.
    await().atMost(Duration.ofSeconds(10)).until(() -> invalidator.changes.size() == 2);
    assertThat(invalidator.changes.get(1))
        .isEqualTo(
            BookingChange.cancelled(
                old.uid(), 101L, NINE_BERLIN, NINE_BERLIN.plus(Duration.ofMinutes(30)),
                Set.of(DefaultDataset.ALICE_ID)));
    assertThat(sentGets()).singleElement().satisfies(get -> {
      assertThat(get.path()).isEqualTo("/v2/bookings/" + old.uid());
      assertThat(get.priority()).isEqualTo(Priority.BACKGROUND);
    });
  }

  @Test
  void aCreateWhoseOutcomeIsUnknownStillInvalidatesTheRequestedTime() {
    Layer stub =
        (request, chain) -> {
          if (request.method() == HttpMethod.POST) {
            return CompletableFuture.failedFuture(new CalcomTimeoutException("slow", true, null));
          }
          byte[] body = "{\"status\":\"success\",\"data\":[]}".getBytes(StandardCharsets.UTF_8);
          return CompletableFuture.completedFuture(new CalcomResponse(200, Map.of(), body));
        };
    DefaultBookingsService bookings =
        new DefaultBookingsService(
            caller(stub), new CalcomEventListener() {}, invalidator, InvalidationConfig.defaults().seenBookingsCapacity());

    Throwable failure =
        bookings.createAsync(ada(DefaultDataset.INTRO_CALL_ID, NINE_BERLIN)).handle((b, e) -> e).join();

    assertThat(Futures.unwrap(failure)).isInstanceOf(BookingOutcomeUnknownException.class);
    // Zero length: the invalidator assumes the event type's longest length.
    assertThat(invalidator.changes)
        .containsExactly(BookingChange.created(null, 101L, NINE_BERLIN, NINE_BERLIN, Set.of()));
  }

  @Test
  void aFailingInvalidatorDoesNotFailTheBooking() {
    invalidator.fail = true;

    Booking b = service(invalidator).create(ada(DefaultDataset.INTRO_CALL_ID, TEN_BERLIN));

    assertThat(fake.booking(b.uid())).isPresent();
  }

  /** Records the changes it is given. */
  static final class RecordingInvalidator implements Invalidator {
    final List<BookingChange> changes = new CopyOnWriteArrayList<>();
    volatile boolean fail;

    @Override
    public CompletableFuture<InvalidationReport> apply(BookingChange change) {
      changes.add(change);
      if (fail) {
        throw new IllegalStateException("invalidator broken");
      }
      return CompletableFuture.completedFuture(
          new InvalidationReport(new TreeSet<>(), 0, Set.of(), new TreeSet<>(), Duration.ZERO, false));
    }

    @Override
    public CompletableFuture<InvalidationReport> invalidateEventTypes(Collection<Long> eventTypeIds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<Void> flushAll() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String sourceId() {
      return "recording";
    }

    @Override
    public int backlog() {
      return 0;
    }

    @Override
    public CompletableFuture<Void> whenDelivered() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void retryNow() {}

    @Override
    public InvalidatorStats stats() {
      return new InvalidatorStats(changes.size(), 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void close() {}
  }
}
