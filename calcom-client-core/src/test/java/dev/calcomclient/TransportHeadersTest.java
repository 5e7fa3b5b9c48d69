package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.model.SlotQuery;
import dev.calcomclient.pipeline.ApiResource;
import dev.calcomclient.support.FakeCalcomClients;
import dev.calcomclient.testkit.DefaultDataset;
import dev.calcomclient.testkit.FakeCalcom;
import dev.calcomclient.testkit.FakeCalcomExtension;
import dev.calcomclient.testkit.RecordedCall;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the transport puts on the wire: {@code cal-api-version} per resource, {@code User-Agent}, auth headers. */
class TransportHeadersTest {
  private static final Instant MONDAY = Instant.parse(FakeCalcomClients.MONDAY + "T00:00:00Z");

  @RegisterExtension static final FakeCalcomExtension FAKE = FakeCalcomExtension.withDefaultData();

  static Stream<Arguments> callsByResource() {
    return Stream.of(
        Arguments.of("slots", "2024-09-04", (Consumer<CalcomClient>) c ->
            c.slots().find(SlotQuery.forEventType(DefaultDataset.INTRO_CALL_ID).between(MONDAY, MONDAY).build())),
        Arguments.of("bookings", "2024-08-13", (Consumer<CalcomClient>) c ->
            c.bookings().list(BookingListQuery.all())),
        Arguments.of("event types", "2024-06-14", (Consumer<CalcomClient>) c -> c.eventTypes().list("alice")),
        Arguments.of("schedules", "2024-06-11", (Consumer<CalcomClient>) c -> c.schedules().list()),
        Arguments.of("me", null, (Consumer<CalcomClient>) c -> c.me().get()),
        Arguments.of("team event types", null, (Consumer<CalcomClient>) c ->
            c.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID)));
  }

  @ParameterizedTest(name = "{0} sends cal-api-version {1}")
  @MethodSource("callsByResource")
  void eachResourceSendsItsVersion(String resource, String version, Consumer<CalcomClient> call) {
    FakeCalcom fake = FAKE.get();
    // No background event-type load after the slots fill: this test counts exactly one request per call.
    try (CalcomClient client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .cache(CacheConfig.builder().loadEventTypeMetadata(false).build())
            .build()) {
      call.accept(client);
    }

    RecordedCall recorded = FakeCalcomClients.onlyCall(fake);
    assertThat(recorded.header("cal-api-version")).isEqualTo(version);
    assertThat(recorded.responseStatus()).isEqualTo(200);
  }

  @Test
  void overriddenVersionIsSentForThatResourceOnly() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client =
        CalcomClient.builder()
            .apiKey(fake.apiKey())
            .baseUrl(fake.baseUrl())
            .apiVersion(ApiResource.BOOKINGS, "2026-02-25")
            .build()) {
      client.bookings().list(BookingListQuery.all());
      client.schedules().list();
    }

    assertThat(fake.journal()).extracting(c -> c.header("cal-api-version")).containsExactly("2026-02-25", "2024-06-11");
  }

  @Test
  void userAgentNamesTheLibraryAndJava() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client = FakeCalcomClients.client(fake)) {
      client.me().get();
    }

    assertThat(FakeCalcomClients.onlyCall(fake).header("User-Agent"))
        .matches("calcom-client-java/\\S+ \\(Java " + System.getProperty("java.version").replace(".", "\\.") + "\\)");
  }

  @Test
  void apiKeyIsSentAsBearerTokenWithoutOauthHeaders() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client = FakeCalcomClients.client(fake)) {
      client.me().get();
    }

    RecordedCall call = FakeCalcomClients.onlyCall(fake);
    FakeCalcomClients.assertSentApiKey(call, fake);
    assertThat(call.header("x-cal-client-id")).isNull();
    assertThat(call.header("x-cal-secret-key")).isNull();
  }

  @Test
  void oauthClientIsSentAsHeaderPairWithoutAuthorization() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client =
        CalcomClient.builder()
            .oauthClient(fake.oauthClientId(), fake.oauthClientSecret())
            .baseUrl(fake.baseUrl())
            .build()) {
      // an operation that takes the OAuth client headers (schedules and /v2/me do not: OAuthClientModeTest)
      assertThat(client.eventTypes().listForTeam(DefaultDataset.SALES_TEAM_ID)).isNotEmpty();
    }

    RecordedCall call = FakeCalcomClients.onlyCall(fake);
    assertThat(call.header("x-cal-client-id")).isEqualTo(fake.oauthClientId());
    // The journal redacts the secret; the fake answering 200 shows the right one was sent.
    assertThat(call.header("x-cal-secret-key")).isEqualTo(RecordedCall.REDACTED);
    assertThat(call.sentCredential(fake.oauthClientId())).isTrue();
    assertThat(call.header("Authorization")).isNull();
    assertThat(call.responseStatus()).isEqualTo(200);
  }

  @Test
  void everyRequestOfAClientCarriesTheSameHeaders() {
    FakeCalcom fake = FAKE.get();
    try (CalcomClient client = FakeCalcomClients.client(fake)) {
      client.me().get();
      client.eventTypes().get(DefaultDataset.INTRO_CALL_ID);
    }

    List<RecordedCall> calls = fake.journal();
    assertThat(calls).hasSize(2);
    assertThat(calls).extracting(c -> c.header("User-Agent")).containsOnly(calls.get(0).header("User-Agent"));
    assertThat(calls).extracting(c -> c.header("Accept")).containsOnly("application/json");
  }
}
