package dev.calcomclient.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.CalcomDecodingException;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.metrics.micrometer.CalcomMicrometerBinder;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.BookingListStatus;
import dev.calcomclient.model.BookingPage;
import dev.calcomclient.model.DecodeIssue;
import dev.calcomclient.model.DecodedList;
import dev.calcomclient.model.EventType;
import dev.calcomclient.model.ReserveSlotRequest;
import dev.calcomclient.pipeline.Operation;
import dev.calcomclient.support.CoveredOperations;
import dev.calcomclient.support.MockCalcom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The tolerant reader through the client: what is tolerated, what is left out, what is refused, and how each is
 * reported (listeners, {@code stats()}, the Micrometer counter, logs without values).
 */
class TolerantDecodingTest {
  /** Two event types as Cal.com's document allows them: seatsPerTimeSlot and slotInterval as objects. */
  private static final String EVENT_TYPES =
      "[{\"id\":11,\"slug\":\"a\",\"lengthInMinutes\":30,\"seatsPerTimeSlot\":{},\"slotInterval\":{\"v\":1}},"
          + "{\"id\":12,\"slug\":\"b\",\"lengthInMinutes\":45,\"seatsPerTimeSlot\":{},\"ownerId\":{}}]";

  private MockWebServer server;
  private final List<DecodeIssue> heard = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CalcomClient client;
  private ListAppender<ILoggingEvent> logs;
  private Logger reportingLogger;
  private Level previousLevel;

  @BeforeEach
  void start() {
    server = MockCalcom.start();
    CalcomMicrometerBinder metrics = new CalcomMicrometerBinder();
    metrics.bindTo(registry);
    client =
        CalcomClient.builder()
            .apiKey(MockCalcom.API_KEY)
            .baseUrl(server.url("/").toString())
            .cache(dev.calcomclient.cache.CacheConfig.disabled())
            .addListener(metrics)
            .addListener(
                new CalcomEventListener() {
                  @Override
                  public void decodeIssue(DecodeIssue issue) {
                    heard.add(issue);
                  }
                })
            .build();
    reportingLogger = (Logger) LoggerFactory.getLogger(DecodeReporting.class);
    previousLevel = reportingLogger.getLevel();
    reportingLogger.setLevel(Level.DEBUG);
    logs = new ListAppender<>();
    logs.start();
    reportingLogger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    reportingLogger.detachAppender(logs);
    reportingLogger.setLevel(previousLevel);
    client.close();
    server.close();
  }

  @Test
  void numbersSentAsObjectsDecodeAsAbsentAndAreReportedOncePerFieldToEveryChannel() {
    server.enqueue(MockCalcom.success(EVENT_TYPES));

    List<EventType> types = client.eventTypes().list("jane");

    assertThat(types).extracting(EventType::id).containsExactly(11L, 12L);
    assertThat(types).allSatisfy(t -> assertThat(t.seatsPerTimeSlot()).isNull());
    assertThat(types.get(0).slotInterval()).isNull();
    assertThat(types.get(1).ownerId()).isNull();
    assertThat(DecodedList.issuesOf(types))
        .containsExactlyInAnyOrder(
            new DecodeIssue(Operation.EVENT_TYPES_LIST, "seatsPerTimeSlot", DecodeIssue.Kind.TOLERATED, 2),
            new DecodeIssue(Operation.EVENT_TYPES_LIST, "slotInterval", DecodeIssue.Kind.TOLERATED, 1),
            new DecodeIssue(Operation.EVENT_TYPES_LIST, "ownerId", DecodeIssue.Kind.TOLERATED, 1));
    assertThat(((DecodedList<EventType>) types).skipped()).isZero();
    // listeners: once per (operation, field) and answer, with the count
    assertThat(heard).containsExactlyInAnyOrderElementsOf(DecodedList.issuesOf(types));
    // stats()
    assertThat(client.stats().decodeIssueCount(Operation.EVENT_TYPES_LIST, DecodeIssue.Kind.TOLERATED))
        .isEqualTo(4);
    assertThat(client.stats().toReport()).contains("EVENT_TYPES_LIST seatsPerTimeSlot: 2 time(s) decoded as absent");
    // Micrometer
    assertThat(
            registry.get("calcom.client.decode.tolerated")
                .tag("operation", "event_types_list")
                .tag("field", "seatsPerTimeSlot")
                .tag("kind", "tolerated")
                .counter()
                .count())
        .isEqualTo(2.0);
    // DEBUG, naming the field, never the value
    List<String> debug = messages(Level.DEBUG);
    assertThat(debug).anyMatch(m -> m.contains("seatsPerTimeSlot") && m.contains("EVENT_TYPES_LIST"));
    assertThat(debug).noneMatch(m -> m.contains("{\"v\"") || m.contains("\"v\":1"));
    assertThat(messages(Level.WARN)).isEmpty();
  }

  @Test
  void anElementWithoutIdentityIsLeftOutTheOthersReturnedAndItIsWarnedOncePerOperation() {
    String withBroken =
        "[{\"id\":11,\"slug\":\"a\"},{\"slug\":\"no-id\"},{\"id\":\"13\",\"slug\":\"text-id\"},{\"id\":14}]";
    server.enqueue(MockCalcom.success(withBroken));
    server.enqueue(MockCalcom.success(withBroken));

    DecodedList<EventType> first = client.eventTypes().list("jane");
    DecodedList<EventType> second = client.eventTypes().list("john");

    assertThat(first).extracting(EventType::id).containsExactly(11L, 14L);
    assertThat(first.skipped()).isEqualTo(2);
    assertThat(first.decodeIssues())
        .containsExactly(new DecodeIssue(Operation.EVENT_TYPES_LIST, "id", DecodeIssue.Kind.LEFT_OUT, 2));
    assertThat(second.skipped()).isEqualTo(2);
    assertThat(messages(Level.WARN)).hasSize(1).allMatch(m -> m.contains("EVENT_TYPES_LIST") && m.contains("id"));
    assertThat(client.stats().decodeIssueCount(Operation.EVENT_TYPES_LIST, DecodeIssue.Kind.LEFT_OUT)).isEqualTo(4);
    assertThat(
            registry.get("calcom.client.decode.tolerated").tag("kind", "left_out").tag("field", "id").counter().count())
        .isEqualTo(4.0);
  }

  @Test
  void aReservationAnsweredWithAnEmptyObjectIsAnErrorNamingTheFieldNotARecordOfNulls() {
    server.enqueue(MockCalcom.json(201, MockCalcom.envelope("{}")));

    assertThatThrownBy(() -> client.slots().reserve(ReserveSlotRequest.of(5, Instant.parse("2050-01-01T10:00:00Z"))))
        .isInstanceOfSatisfying(
            CalcomDecodingException.class,
            e -> {
              assertThat(e.operation()).isEqualTo(Operation.SLOT_RESERVE);
              assertThat(e.field()).isIn("eventTypeId", "slotStart", "reservationUid");
              assertThat(e.getMessage()).contains("SLOT_RESERVE").contains(e.field());
            });
  }

  @Test
  void slotDaysWithoutADateAndSlotsWithoutAStartAreLeftOutAndTheResultSaysSo() {
    server.enqueue(
        MockCalcom.success(
            "{\"2050-09-05\":[{\"start\":\"2050-09-05T09:00:00Z\"},{\"start\":{}},\"nope\"],"
                + "\"tomorrow\":[{\"start\":\"2050-09-06T09:00:00Z\"}],"
                + "\"2050-09-07\":[\"2050-09-07T09:00:00+02:00\"]}"));
    Instant from = Instant.parse("2050-09-05T00:00:00Z");

    dev.calcomclient.model.SlotsResult result =
        client.slots().find(
            dev.calcomclient.model.SlotQuery.forEventType(5).between(from, from.plusSeconds(3 * 86_400)).build());

    assertThat(result.all()).hasSize(2);
    assertThat(result.skipped()).isEqualTo(3);
    assertThat(result.decodeIssues())
        .containsExactlyInAnyOrder(
            new DecodeIssue(Operation.SLOTS_FIND, "start", DecodeIssue.Kind.LEFT_OUT, 2),
            new DecodeIssue(Operation.SLOTS_FIND, "day", DecodeIssue.Kind.LEFT_OUT, 1));
  }

  @Test
  void aSuccessStatusWithAnErrorEnvelopeOrWithoutDataIsAnError() {
    server.enqueue(MockCalcom.json(200, "{\"status\":\"error\",\"data\":[]}"));
    server.enqueue(MockCalcom.json(200, "{\"status\":\"success\"}"));

    assertThatThrownBy(() -> client.eventTypes().list("jane")).isInstanceOf(CalcomDecodingException.class);
    assertThatThrownBy(() -> client.me().get())
        .isInstanceOfSatisfying(CalcomDecodingException.class, e -> assertThat(e.field()).isEqualTo("data"));
  }

  @Test
  void aBookingsPageReportsTheBookingLeftOutAndItsMistypedPagination() {
    String page =
        "[" + booking(1, "a") + ",{\"id\":2,\"uid\":\"b\"}," + booking(3, "c") + "]";
    server.enqueue(
        MockCalcom.success(page).newBuilder()
            .body("{\"status\":\"success\",\"data\":" + page + ",\"pagination\":{\"hasNextPage\":false,"
                + "\"totalItems\":{},\"currentPage\":1}}")
            .build());

    BookingPage p = client.bookings().list(BookingListQuery.all());

    assertThat(p.items()).extracting(b -> b.uid()).containsExactly("a", "c");
    assertThat(p.skipped()).isEqualTo(1);
    assertThat(p.decodeIssues()).anyMatch(i -> i.isLeftOut() && i.field().equals("status"));
    assertThat(p.decodeIssues())
        .anyMatch(i -> !i.isLeftOut() && i.field().equals("pagination.totalItems"));
    assertThat(p.hasNextPage()).isFalse();
  }

  @Test
  void listAllStopsWithATypedErrorWhenTheServerIgnoresSkip() {
    // A server that answers every page with the same bookings and says there is a next page.
    String body =
        "{\"status\":\"success\",\"data\":[" + booking(1, "a") + "," + booking(2, "b") + "],"
            + "\"pagination\":{\"hasNextPage\":true,\"totalItems\":1000,\"currentPage\":1,\"itemsPerPage\":2}}";
    for (int i = 0; i < 5; i++) {
      server.enqueue(MockCalcom.json(200, body));
    }

    assertThatThrownBy(
            () -> client.bookings().listAll(BookingListQuery.builder().take(2).build()).collect(Collectors.toList()))
        .isInstanceOfSatisfying(
            CalcomDecodingException.class, e -> assertThat(e.field()).isEqualTo("pagination"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void severalStatusesGoAsRepeatedParametersAndSeveralIdsCommaSeparated() throws Exception {
    server.enqueue(MockCalcom.success("[]"));

    client.bookings()
        .list(
            BookingListQuery.builder()
                .status(BookingListStatus.UPCOMING, BookingListStatus.PAST)
                .eventTypeIds(100, 200)
                .teamIds(50, 60)
                .build());

    RecordedRequest r = MockCalcom.take(server);
    assertThat(r.getUrl().queryParameterValues("status")).containsExactlyInAnyOrder("upcoming", "past");
    assertThat(r.getUrl().queryParameter("eventTypeIds")).isEqualTo("100,200");
    assertThat(r.getUrl().queryParameter("teamsIds")).isEqualTo("50,60");
  }

  @Test
  void theCoveredOperationsClientHearsDecodeIssuesToo() {
    List<DecodeIssue> own = new CopyOnWriteArrayList<>();
    server.enqueue(MockCalcom.success("{\"id\":3,\"username\":\"jane\",\"timeFormat\":\"twelve\"}"));
    try (CalcomClient c =
        CoveredOperations.client(
            server,
            new CalcomEventListener() {
              @Override
              public void decodeIssue(DecodeIssue issue) {
                own.add(issue);
              }
            })) {
      assertThat(c.me().get().timeFormat()).isNull();
    }
    assertThat(own).containsExactly(new DecodeIssue(Operation.ME_GET, "timeFormat", DecodeIssue.Kind.TOLERATED, 1));
  }

  private static String booking(long id, String uid) {
    return "{\"id\":" + id + ",\"uid\":\"" + uid + "\",\"status\":\"accepted\",\"start\":\"2050-01-0" + id
        + "T10:00:00Z\",\"end\":\"2050-01-0" + id + "T10:30:00Z\",\"eventTypeId\":7}";
  }

  private List<String> messages(Level level) {
    return logs.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .collect(Collectors.toList());
  }
}
