package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.BOOKINGS;
import static dev.calcomclient.testkit.CalcomHttp.SLOTS;
import static dev.calcomclient.testkit.CalcomHttp.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fault injection and latency, seen from an HTTP client (issue 3 acceptance). */
class FaultInjectionTest {
  private static final String INTRO_MONDAY_9 = "2030-01-07T09:00:00Z";
  /** A client that does not silently retry a POST on a failed connection, so the test sees every failure. */
  private static final OkHttpClient NO_RETRY = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();

  private final FakeClock clock = FakeClock.at("2030-01-06T12:00:00Z");
  private FakeCalcom fake;

  @BeforeEach
  void start() {
    fake = FakeCalcom.builder().withDefaultData().clock(clock).build().start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private Response postBooking(OkHttpClient client, long eventTypeId, String start, String email)
      throws IOException {
    return client.newCall(new Request.Builder().url(fake.baseUrl() + "/v2/bookings")
        .header("cal-api-version", BOOKINGS)
        .post(RequestBody.create(bookingBody(eventTypeId, start, "Pat Doe", email),
            MediaType.get("application/json"))).build()).execute();
  }

  private Reply slots() {
    return CalcomHttp.anonymous(fake).get("/v2/slots?eventTypeId=" + DefaultDataset.INTRO_CALL_ID
        + "&start=2030-01-07&end=2030-01-07", "cal-api-version", SLOTS);
  }

  @Test
  void connectionDroppedAfterTheBookingWasCreatedLeavesExactlyOneBooking() {
    fake.faults().nextRequests("POST /v2/bookings", 1, Fault.connectionDroppedAfterProcessing());

    assertThatThrownBy(() -> postBooking(NO_RETRY, DefaultDataset.INTRO_CALL_ID, INTRO_MONDAY_9, "pat@example.com")
        .close()).isInstanceOf(IOException.class);

    assertThat(fake.bookings()).singleElement().satisfies(b -> {
      assertThat(b.attendeeEmail()).isEqualTo("pat@example.com");
      assertThat(b.start()).hasToString(INTRO_MONDAY_9);
    });
    RecordedCall call = fake.requests().bookingsCreated().get(0);
    assertThat(fake.requests().bookingsCreated()).hasSize(1);
    assertThat(call.fault()).isEqualTo(Fault.connectionDroppedAfterProcessing());
    assertThat(call.responseStatus()).isEqualTo(201);
    assertThat(fake.duplicateBookings()).isEmpty();
    // the booking is really there: the next request finds it taken
    assertThat(slots().slotStarts()).doesNotContain("2030-01-07T09:00:00.000Z");
  }

  @Test
  void aBlindRetryAfterADroppedConnectionIsReportedAsDuplicate() throws IOException {
    fake.faults().nextRequests("POST /v2/bookings", 1, Fault.connectionDroppedAfterProcessing());
    long roundRobin = DefaultDataset.SALES_CALL_ID; // two hosts: the retry gets the other one
    String bothWork = "2030-01-07T14:00:00Z"; // 15:00 in Berlin, 09:00 in New York
    assertThatThrownBy(() -> postBooking(NO_RETRY, roundRobin, bothWork, "pat@example.com").close())
        .isInstanceOf(IOException.class);
    try (Response retry = postBooking(NO_RETRY, roundRobin, bothWork, "pat@example.com")) {
      assertThat(retry.code()).isEqualTo(201);
    }
    assertThat(fake.duplicateBookings()).singleElement().satisfies(group -> assertThat(group).hasSize(2));
    assertThat(fake.requests().bookingsCreated()).hasSize(2);
  }

  @Test
  void connectionResetProcessesNothing() {
    fake.faults().nextRequests("bookings", 1, Fault.connectionReset());
    assertThatThrownBy(() -> postBooking(NO_RETRY, DefaultDataset.INTRO_CALL_ID, INTRO_MONDAY_9, "pat@example.com")
        .close()).isInstanceOf(IOException.class);
    assertThat(fake.bookings()).isEmpty();
    assertThat(fake.journal()).singleElement().satisfies(c -> {
      assertThat(c.responseStatus()).isZero();
      assertThat(c.fault()).isEqualTo(Fault.connectionReset());
    });
  }

  @Test
  void a503BurstThenRecovery() {
    fake.faults().nextRequests(3, Fault.serviceUnavailable());
    List<Reply> replies = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      replies.add(slots());
    }
    assertThat(replies).extracting(Reply::status).containsExactly(503, 503, 503, 200);
    assertThat(replies.get(0).errorCode()).isEqualTo("ServiceUnavailableException");
    assertThat(replies.get(0).json().get("status").asText()).isEqualTo("error");
    assertThat(fake.faults().pendingCount()).isZero();
    assertThat(fake.faults().injectedCount()).isEqualTo(3);
  }

  @Test
  void serverErrorDoesNotCreateTheBooking() throws IOException {
    fake.faults().nextRequests("POST bookings", 1, Fault.serverError(500));
    try (Response r = postBooking(NO_RETRY, DefaultDataset.INTRO_CALL_ID, INTRO_MONDAY_9, "pat@example.com")) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(r.body().string()).contains("InternalServerErrorException");
    }
    assertThat(fake.bookings()).isEmpty();
  }

  @Test
  void malformedJsonKeepsTheStatus() {
    fake.faults().nextRequests("slots", 1, Fault.malformedJson());
    Request request = new Request.Builder().url(fake.baseUrl() + "/v2/slots?eventTypeId="
        + DefaultDataset.INTRO_CALL_ID + "&start=2030-01-07&end=2030-01-07").header("cal-api-version", SLOTS).build();
    try (Response r = NO_RETRY.newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
      String body = r.body().string();
      assertThatThrownBy(() -> new ObjectMapper().readTree(body)).isInstanceOf(IOException.class);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void truncatedBodyAnnouncesMoreThanItSends() throws IOException {
    fake.faults().nextRequests("slots", 1, Fault.truncatedBody());
    Request request = new Request.Builder().url(fake.baseUrl() + "/v2/slots?eventTypeId="
        + DefaultDataset.INTRO_CALL_ID + "&start=2030-01-07&end=2030-01-07").header("cal-api-version", SLOTS).build();
    try (Response r = NO_RETRY.newCall(request).execute()) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(Long.parseLong(r.header("Content-Length"))).isPositive();
      assertThatThrownBy(() -> r.body().string()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void slowResponseOutlastsTheClientTimeoutButTheBookingIsMade() {
    fake.faults().nextRequests("POST /v2/bookings", 1, Fault.slowResponse(Duration.ofSeconds(2)));
    OkHttpClient impatient = NO_RETRY.newBuilder().readTimeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> postBooking(impatient, DefaultDataset.INTRO_CALL_ID, INTRO_MONDAY_9, "pat@example.com")
        .close()).isInstanceOf(SocketTimeoutException.class);
    assertThat(fake.bookings()).hasSize(1);
  }

  @Test
  void tooManyRequestsOnDemandIsNotAThrottlerViolation() {
    fake.faults().nextRequests(1, Fault.tooManyRequests());
    Reply reply = CalcomHttp.withApiKey(fake).get("/v2/me");
    assertThat(reply.status()).isEqualTo(429);
    assertThat(reply.errorCode()).isEqualTo("ThrottlerException");
    assertThat(reply.headers().get("X-RateLimit-Remaining-Default")).isEqualTo("0");
    assertThat(reply.headers().get("X-RateLimit-Reset-Default")).isEqualTo("60");
    assertThat(fake.rateLimitUsage(fake.apiKey()).violations()).isZero();
  }

  @Test
  void randomFaultsOnOneEndpointOnly() {
    fake.faults().randomly("GET /v2/slots", 1.0, Fault.serverError(502));
    assertThat(slots().status()).isEqualTo(502);
    assertThat(CalcomHttp.withApiKey(fake).get("/v2/me").status()).isEqualTo(200);
    fake.faults().clear();
    assertThat(slots().status()).isEqualTo(200);
  }

  @Test
  void latencyIsAppliedPerEndpointAndScaled() {
    try (FakeCalcom slow = FakeCalcom.builder().withDefaultData().clock(clock)
        .latency(LatencyProfile.none().with("me", LatencyDistribution.fixed(Duration.ofMillis(300)))).build().start();
        FakeCalcom compressed = FakeCalcom.builder().withDefaultData().clock(clock).timeScale(60)
            .latency(LatencyProfile.none().with("me", LatencyDistribution.fixed(Duration.ofSeconds(30))))
            .build().start()) {
      long t0 = System.nanoTime();
      assertThat(CalcomHttp.withApiKey(slow).get("/v2/me").status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

      long t1 = System.nanoTime();
      assertThat(CalcomHttp.withApiKey(compressed).get("/v2/me").status()).isEqualTo(200);
      // 30 simulated seconds at scale 60 are 500 ms
      assertThat(Duration.ofNanos(System.nanoTime() - t1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
    }
  }
}
