package dev.calcomclient.webhook;

import static dev.calcomclient.support.FakeWorkloads.introCallBooking;
import static dev.calcomclient.support.FakeWorkloads.introCallSlot;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.calcomclient.CalcomClient;
import dev.calcomclient.invalidate.BookingChange;
import dev.calcomclient.metrics.CalcomEventListener;
import dev.calcomclient.model.Booking;
import dev.calcomclient.model.CancelBookingRequest;
import dev.calcomclient.model.RescheduleBookingRequest;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testing.ManualScheduler;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.WebhookDelivery;
import dev.calcomclient.testkit.WebhookSignature;
import dev.calcomclient.testkit.WebhookTampering;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CalcomWebhooks} behind a real HTTP endpoint (the JDK's {@code HttpServer}) receiving the signed deliveries
 * {@link FakeCalcom} sends after bookings made through the client: genuine deliveries become booking changes, each
 * kind of tampering is answered 401 and changes nothing, rotation and duplicates are handled.
 */
class WebhooksAgainstFakeCalcomTest {
  private static final String SECRET = "whsec_fake-calcom-test";
  private static final Set<String> BOOKING_TRIGGERS =
      Set.of("BOOKING_CREATED", "BOOKING_CANCELLED", "BOOKING_RESCHEDULED");
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ManualScheduler s = new ManualScheduler(Instant.parse(FakeCalcomClients.NOW));
  private final List<BookingChange> changes = new CopyOnWriteArrayList<>();
  private final List<WebhookResult> results = new CopyOnWriteArrayList<>();
  private final List<String> listened = new CopyOnWriteArrayList<>();
  private FakeCalcom fake;
  private CalcomClient client;
  private HttpServer receiver;
  private volatile CalcomWebhooks webhooks;

  @BeforeEach
  void setUp() throws IOException {
    fake = FakeCalcom.builder().withDefaultData().clock(s.clock()).build().start();
    client =
        CalcomClient.builder().apiKey(fake.apiKey()).baseUrl(fake.baseUrl()).clock(s.clock()).scheduler(s).build();
    webhooks = receiverWith(SECRET);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/calcom",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          // HttpServer's Headers is a Map<String, List<String>> with names normalised to "X-cal-signature-256".
          WebhookResult result = webhooks.handle(body, exchange.getRequestHeaders());
          results.add(result);
          exchange.sendResponseHeaders(result.httpStatus(), -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
    client.close();
    fake.close();
  }

  private CalcomWebhooks receiverWith(String... secrets) {
    return CalcomWebhooks.builder()
        .secrets(secrets)
        .onBookingChange(
            c -> {
              changes.add(c);
              return CompletableFuture.completedFuture(null);
            })
        .addListener(
            new CalcomEventListener() {
              @Override
              public void webhookVerified(String triggerEvent) {
                listened.add("verified:" + triggerEvent);
              }

              @Override
              public void webhookRejected(String reason) {
                listened.add("rejected:" + reason);
              }
            })
        .build();
  }

  private String endpoint() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/calcom";
  }

  private WebhookEvent acceptedEvent(int index) {
    assertThat(results.get(index)).isInstanceOf(WebhookResult.Accepted.class);
    return ((WebhookResult.Accepted) results.get(index)).event();
  }

  @Test
  void createRescheduleAndCancelBecomeBookingChangesWithBothTimesOfTheReschedule() {
    fake.webhooks().subscribe(endpoint(), SECRET, BOOKING_TRIGGERS);
    Instant first = introCallSlot(0);
    Instant moved = introCallSlot(3);

    Booking booking = client.bookings().create(introCallBooking("wh", 0, 0));
    fake.webhooks().awaitDeliveries(1, WAIT);
    Booking rescheduled = client.bookings().reschedule(booking.uid(), RescheduleBookingRequest.to(moved));
    fake.webhooks().awaitDeliveries(2, WAIT);
    client.bookings().cancel(rescheduled.uid(), CancelBookingRequest.withReason("no longer needed"));
    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(3, WAIT);

    assertThat(deliveries).extracting(WebhookDelivery::responseStatus).containsExactly(200, 200, 200);
    assertThat(deliveries)
        .extracting(WebhookDelivery::triggerEvent)
        .containsExactly("BOOKING_CREATED", "BOOKING_RESCHEDULED", "BOOKING_CANCELLED");
    Set<Long> alice = Set.of(DefaultDataset.ALICE_ID);
    assertThat(changes)
        .containsExactly(
            BookingChange.created(
                booking.uid(), DefaultDataset.INTRO_CALL_ID, first, first.plus(Duration.ofMinutes(30)), alice),
            // Cal.com's BOOKING_RESCHEDULED describes the new booking, and the old time in rescheduleStart/EndTime.
            BookingChange.rescheduled(
                rescheduled.uid(),
                DefaultDataset.INTRO_CALL_ID,
                moved,
                moved.plus(Duration.ofMinutes(30)),
                first,
                first.plus(Duration.ofMinutes(30)),
                alice),
            BookingChange.cancelled(
                rescheduled.uid(), DefaultDataset.INTRO_CALL_ID, moved, moved.plus(Duration.ofMinutes(30)), alice));

    WebhookEvent reschedule = acceptedEvent(1);
    assertThat(reschedule.trigger()).isEqualTo(WebhookTrigger.BOOKING_RESCHEDULED);
    assertThat(reschedule.booking().orElseThrow().rescheduleUid()).isEqualTo(booking.uid());
    assertThat(reschedule.booking().orElseThrow().attendees())
        .extracting(WebhookAttendee::email)
        .containsExactly("wh-guest-0@example.com");
    assertThat(acceptedEvent(2).booking().orElseThrow().cancellationReason()).isEqualTo("no longer needed");
    assertThat(acceptedEvent(0).createdAt()).isEqualTo(deliveries.get(0).sentAt().truncatedTo(ChronoUnit.MILLIS));
    assertThat(listened)
        .containsExactly("verified:BOOKING_CREATED", "verified:BOOKING_RESCHEDULED", "verified:BOOKING_CANCELLED");
  }

  @Test
  void everyKindOfTamperingIsAnswered401AndInvalidatesNothing() {
    fake.webhooks().subscribe(endpoint(), SECRET, BOOKING_TRIGGERS);
    List<WebhookTampering> kinds = List.of(WebhookTampering.values());

    for (int i = 0; i < kinds.size(); i++) {
      fake.webhooks().tamperNext(1, kinds.get(i));
      client.bookings().create(introCallBooking("tamper", i, i));
      fake.webhooks().awaitDeliveries(i + 1, WAIT);
    }
    client.bookings().create(introCallBooking("tamper", kinds.size(), kinds.size()));
    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(kinds.size() + 1, WAIT);

    assertThat(deliveries.subList(0, kinds.size()))
        .allSatisfy(d -> assertThat(d.responseStatus()).as(d.tampering().name()).isEqualTo(401))
        .extracting(WebhookDelivery::tampering)
        .containsExactlyElementsOf(kinds);
    assertThat(results.subList(0, kinds.size()))
        .extracting(r -> ((WebhookResult.Rejected) r).reason())
        .containsExactly(
            RejectionReason.SIGNATURE_INVALID, // BODY_CHANGED
            RejectionReason.SIGNATURE_INVALID, // WRONG_SECRET
            RejectionReason.SIGNATURE_MISSING, // SIGNATURE_MISSING
            RejectionReason.NO_SECRET_PROVIDED); // NO_SECRET_PROVIDED
    assertThat(kinds)
        .containsExactly(
            WebhookTampering.BODY_CHANGED,
            WebhookTampering.WRONG_SECRET,
            WebhookTampering.SIGNATURE_MISSING,
            WebhookTampering.NO_SECRET_PROVIDED);
    // Only the genuine delivery after them changed anything.
    assertThat(deliveries.get(kinds.size()).responseStatus()).isEqualTo(200);
    assertThat(changes).singleElement().extracting(BookingChange::start).isEqualTo(introCallSlot(kinds.size()));
    assertThat(listened)
        .containsExactly(
            "rejected:SIGNATURE_INVALID",
            "rejected:SIGNATURE_INVALID",
            "rejected:SIGNATURE_MISSING",
            "rejected:NO_SECRET_PROVIDED",
            "verified:BOOKING_CREATED");
  }

  @Test
  void duringARotationDeliveriesSignedWithTheOldAndTheNewSecretAreBothAccepted() {
    String newSecret = "whsec_after-rotation";
    webhooks = receiverWith(SECRET, newSecret);
    String oldSubscription = fake.webhooks().subscribe(endpoint(), SECRET, BOOKING_TRIGGERS).id();

    client.bookings().create(introCallBooking("rot", 0, 0));
    fake.webhooks().awaitDeliveries(1, WAIT);
    fake.webhooks().unsubscribe(oldSubscription);
    fake.webhooks().subscribe(endpoint(), newSecret, BOOKING_TRIGGERS);
    client.bookings().create(introCallBooking("rot", 1, 1));
    fake.webhooks().awaitDeliveries(2, WAIT);
    // Rotation done: the old secret is removed from the receiver, and a delivery signed with it is refused.
    webhooks = receiverWith(newSecret);
    fake.webhooks().subscribe(endpoint(), SECRET, BOOKING_TRIGGERS);
    client.bookings().create(introCallBooking("rot", 2, 2));
    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(4, WAIT);

    assertThat(deliveries.subList(0, 2)).extracting(WebhookDelivery::responseStatus).containsExactly(200, 200);
    assertThat(deliveries.subList(2, 4))
        .extracting(WebhookDelivery::responseStatus)
        .containsExactlyInAnyOrder(200, 401);
    assertThat(deliveries.subList(2, 4))
        .filteredOn(d -> d.responseStatus() == 401)
        .singleElement()
        .satisfies(d -> assertThat(WebhookSignature.verify(SECRET, d.bodyBytes(), d.signature())).isTrue());
    assertThat(changes)
        .extracting(BookingChange::start)
        .containsExactly(introCallSlot(0), introCallSlot(1), introCallSlot(2));
  }

  @Test
  void aDuplicateDeliveryIsAcceptedAgainAndYieldsTheSameChange() {
    fake.webhooks().subscribe(endpoint(), SECRET, BOOKING_TRIGGERS);
    Booking booking = client.bookings().create(introCallBooking("dup", 0, 0));
    fake.webhooks().awaitDeliveries(1, WAIT);

    fake.webhooks().trigger("BOOKING_CREATED", booking.uid());
    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(2, WAIT);

    assertThat(deliveries).extracting(WebhookDelivery::responseStatus).containsExactly(200, 200);
    assertThat(changes).hasSize(2);
    assertThat(changes.get(1)).isEqualTo(changes.get(0));
  }

  @Test
  void aTriggerThisLibraryDoesNotKnowIsKeptAndChangesNothing() {
    fake.webhooks().subscribe(endpoint(), SECRET, Set.of("BOOKING_CREATED", "BOOKING_TELEPORTED"));
    Booking booking = client.bookings().create(introCallBooking("new", 0, 0));
    fake.webhooks().awaitDeliveries(1, WAIT);

    fake.webhooks().trigger("BOOKING_TELEPORTED", booking.uid());
    List<WebhookDelivery> deliveries = fake.webhooks().awaitDeliveries(2, WAIT);

    assertThat(deliveries.get(1).responseStatus()).isEqualTo(200);
    WebhookEvent event = acceptedEvent(1);
    assertThat(event.trigger().name()).isEqualTo("BOOKING_TELEPORTED");
    assertThat(event.trigger().isKnown()).isFalse();
    assertThat(event.trigger().isBookingTrigger()).isTrue();
    assertThat(event.bookingChange()).isEmpty();
    // Its payload is still readable as a booking.
    assertThat(event.booking()).hasValueSatisfying(b -> assertThat(b.uid()).isEqualTo(booking.uid()));
    assertThat(changes).hasSize(1);
  }
}
