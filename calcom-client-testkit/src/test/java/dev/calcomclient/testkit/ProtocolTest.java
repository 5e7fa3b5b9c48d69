package dev.calcomclient.testkit;

import static dev.calcomclient.testkit.CalcomHttp.BOOKINGS;
import static dev.calcomclient.testkit.CalcomHttp.EVENT_TYPES;
import static dev.calcomclient.testkit.CalcomHttp.SLOTS;
import static dev.calcomclient.testkit.CalcomHttp.bookingBody;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.calcomclient.testkit.CalcomHttp.Reply;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wire-level rules: versions, auth, envelopes, headers, journal. */
class ProtocolTest {
  private static final FakeClock CLOCK = FakeClock.at("2030-01-06T12:00:00Z");
  private static FakeCalcom fake;
  private static CalcomHttp anonymous;

  @BeforeAll
  static void start() {
    fake = FakeCalcom.builder().withDefaultData().clock(CLOCK).addApiKey("cal_bob_key", DefaultDataset.BOB_ID)
        .build().start();
    anonymous = CalcomHttp.anonymous(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void slotsWithoutTheirVersionAre404CannotGet() {
    String query = "/v2/slots?eventTypeId=101&start=2030-01-07&end=2030-01-07";
    for (String[] headers : List.of(new String[0], new String[] {"cal-api-version", BOOKINGS})) {
      Reply reply = anonymous.get(query, headers);

      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.errorCode()).isEqualTo("NotFoundException");
      assertThat(reply.errorMessage()).isEqualTo("Cannot GET " + query);
    }
    assertThat(anonymous.get(query, "cal-api-version", SLOTS).status()).isEqualTo(200);
  }

  @Test
  void bookingsWithoutTheirVersionAre400ExplainingTheLegacyFallback() {
    Reply reply = anonymous.post("/v2/bookings", bookingBody(101, "2030-01-07T09:00:00Z", "P", "p@example.com"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo("BadRequestException");
    assertThat(reply.errorMessage()).contains("only emulates", "2024-08-13", "silently", "legacy");
    assertThat(fake.bookings()).isEmpty();
  }

  @Test
  void eventTypesNeedTheirVersionButMeNeedsNone() {
    CalcomHttp authed = CalcomHttp.withApiKey(fake);

    assertThat(authed.get("/v2/event-types?username=alice").status()).isEqualTo(400);
    assertThat(authed.get("/v2/event-types?username=alice", "cal-api-version", "2024-06-11").status())
        .isEqualTo(400);
    assertThat(authed.get("/v2/event-types?username=alice", "cal-api-version", EVENT_TYPES).status())
        .isEqualTo(200);
    assertThat(authed.get("/v2/me").status()).isEqualTo(200);
    assertThat(authed.get("/v2/me", "cal-api-version", "2024-09-04").status()).isEqualTo(200);
  }

  @Test
  void missingCredentialsOnAProtectedEndpointIs401() {
    Reply reply = anonymous.get("/v2/me");

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.errorCode()).isEqualTo("UnauthorizedException");
    assertThat(reply.errorMessage()).isEqualTo("ApiAuthStrategy - No authentication method provided. Either pass "
        + "an API key as 'Bearer' header or OAuth client credentials as 'x-cal-secret-key' and 'x-cal-client-id' "
        + "headers");
    JsonNode details = reply.json().path("error").path("details");
    assertThat(details.get("statusCode").asInt()).isEqualTo(401);
    assertThat(details.get("error").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void unknownApiKeyIs401EvenOnPublicEndpoints() {
    Reply me = anonymous.get("/v2/me", "Authorization", "Bearer cal_wrong");
    Reply booking = anonymous.post("/v2/bookings", bookingBody(101, "2030-01-07T09:00:00Z", "P", "p@example.com"),
        "cal-api-version", BOOKINGS, "Authorization", "Bearer cal_wrong");

    assertThat(me.status()).isEqualTo(401);
    assertThat(me.errorMessage()).isEqualTo("ApiAuthStrategy - api key - Your api key is not valid");
    assertThat(booking.status()).isEqualTo(401);
    assertThat(booking.errorMessage()).startsWith("ApiAuthStrategy - ");
  }

  @Test
  void onlyOneHalfOfTheOAuthPairIs401WithAnExplicitMessage() {
    Reply idOnly = anonymous.get("/v2/me", "x-cal-client-id", fake.oauthClientId());
    Reply secretOnly = anonymous.get("/v2/me", "x-cal-secret-key", fake.oauthClientSecret());

    assertThat(idOnly.status()).isEqualTo(401);
    assertThat(idOnly.errorMessage()).startsWith("ApiAuthStrategy - Only 'x-cal-client-id' header provided.");
    assertThat(secretOnly.status()).isEqualTo(401);
    assertThat(secretOnly.errorMessage()).startsWith("ApiAuthStrategy - Only 'x-cal-secret-key' header provided.");
  }

  @Test
  void oauthPairAndExtraKeysAuthenticateAsTheirUsers() {
    Reply oauth = anonymous.get("/v2/me", "x-cal-client-id", fake.oauthClientId(),
        "x-cal-secret-key", fake.oauthClientSecret());
    Reply wrongSecret = anonymous.get("/v2/me", "x-cal-client-id", fake.oauthClientId(),
        "x-cal-secret-key", "nope");
    Reply bob = anonymous.get("/v2/me", "Authorization", "Bearer cal_bob_key");

    assertThat(oauth.status()).isEqualTo(200);
    assertThat(oauth.data().get("id").asLong()).isEqualTo(DefaultDataset.ALICE_ID);
    assertThat(wrongSecret.status()).isEqualTo(401);
    assertThat(wrongSecret.errorMessage()).isEqualTo("ApiAuthStrategy - oAuth client - Invalid client secret");
    assertThat(bob.data().get("username").asText()).isEqualTo("bob");
  }

  @Test
  void publicEndpointsWorkWithoutCredentials() {
    Reply created = anonymous.post("/v2/bookings", bookingBody(101, "2030-01-07T09:00:00Z", "P", "p@example.com"),
        "cal-api-version", BOOKINGS);
    String uid = created.data().get("uid").asText();

    assertThat(created.status()).isEqualTo(201);
    assertThat(anonymous.get("/v2/bookings/" + uid, "cal-api-version", BOOKINGS).status()).isEqualTo(200);
    assertThat(anonymous.get("/v2/event-types?username=alice", "cal-api-version", EVENT_TYPES).status())
        .isEqualTo(200);
    assertThat(anonymous.get("/v2/teams/21/event-types").status()).isEqualTo(200);
    assertThat(anonymous.post("/v2/bookings/" + uid + "/reschedule", "{\"start\":\"2030-01-07T10:00:00Z\"}",
        "cal-api-version", BOOKINGS).status()).isEqualTo(201);
  }

  @Test
  void errorEnvelopeHasStatusTimestampPathAndError() {
    Reply reply = anonymous.get("/v2/bookings/abc", "cal-api-version", BOOKINGS);

    JsonNode json = reply.json();
    assertThat(iterable(json)).containsExactly("status", "timestamp", "path", "error");
    assertThat(json.get("status").asText()).isEqualTo("error");
    assertThat(json.get("timestamp").asText()).isEqualTo("2030-01-06T12:00:00.000Z");
    assertThat(json.get("path").asText()).isEqualTo("/v2/bookings/abc");
    assertThat(iterable(json.get("error"))).containsExactly("code", "message", "details");
    assertThat(json.get("error").get("details").get("message").asText()).isEqualTo(reply.errorMessage());
  }

  @Test
  void unknownRoutesAre404Envelopes() {
    Reply reply = anonymous.get("/v2/nothing-here?x=1");
    Reply wrongMethod = anonymous.send("DELETE", "/v2/me", null);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.errorMessage()).isEqualTo("Cannot GET /v2/nothing-here?x=1");
    assertThat(reply.json().get("path").asText()).isEqualTo("/v2/nothing-here?x=1");
    assertThat(wrongMethod.status()).isEqualTo(404);
    assertThat(wrongMethod.errorMessage()).isEqualTo("Cannot DELETE /v2/me");
  }

  @Test
  void everyResponseHasAUniqueRequestIdAndJsonContentType() {
    List<Reply> replies = List.of(
        anonymous.get("/v2/slots?eventTypeId=101&start=2030-01-07&end=2030-01-07", "cal-api-version", SLOTS),
        anonymous.get("/v2/me"),
        anonymous.get("/v2/unknown"));

    for (Reply r : replies) {
      assertThat(r.headers().get("X-Request-Id")).matches("[0-9a-f-]{36}");
      assertThat(r.headers().get("Content-Type")).startsWith("application/json");
    }
    assertThat(replies.stream().map(r -> r.headers().get("X-Request-Id")).distinct()).hasSize(3);
  }

  @Test
  void journalRecordsEveryRequestWithItsStatus() {
    anonymous.get("/v2/me");
    anonymous.post("/v2/bookings", bookingBody(101, "2030-01-07T09:00:00Z", "P", "p@example.com"),
        "cal-api-version", BOOKINGS);

    assertThat(fake.requestCount()).isEqualTo(2);
    List<RecordedCall> journal = fake.journal();
    assertThat(journal.get(0).method()).isEqualTo("GET");
    assertThat(journal.get(0).path()).isEqualTo("/v2/me");
    assertThat(journal.get(0).responseStatus()).isEqualTo(401);
    assertThat(journal.get(1).responseStatus()).isEqualTo(201);
    assertThat(journal.get(1).header("cal-api-version")).isEqualTo(BOOKINGS);
    assertThat(journal.get(1).body()).contains("\"eventTypeId\":101");
    assertThat(journal.get(1).time()).isEqualTo(CLOCK.instant());

    fake.reset();
    assertThat(fake.requestCount()).isZero();
  }

  @Test
  void concurrentBookingsOfOneSlotYieldExactlyOneWinner() {
    List<Integer> statuses = IntStream.range(0, 8).parallel()
        .mapToObj(i -> anonymous.post("/v2/bookings",
            bookingBody(101, "2030-01-07T09:00:00Z", "P" + i, "p" + i + "@example.com"),
            "cal-api-version", BOOKINGS).status())
        .toList();

    assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
    assertThat(statuses).filteredOn(s -> s == 400).hasSize(7);
    assertThat(fake.bookings()).hasSize(1);
  }

  private static List<String> iterable(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
