package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.calcomclient.cache.CacheConfig;
import dev.calcomclient.model.BookingListQuery;
import dev.calcomclient.support.MockCalcom;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * In OAuth-client mode, the operations Cal.com only serves to a user's bearer credential fail locally with a
 * {@link ValidationException} naming the operation, and nothing is sent; the others go out with the client headers.
 */
class OAuthClientModeTest {
  private MockWebServer server;
  private CalcomClient client;

  @BeforeEach
  void start() {
    server = MockCalcom.start();
    client =
        CalcomClient.builder()
            .oauthClient("client-id-1", "client-secret-SECRET")
            .baseUrl(server.url("/").toString())
            .cache(CacheConfig.disabled())
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void operationsThatNeedAUsersBearerCredentialFailLocallyWithAClearError() {
    Map<String, Consumer<CalcomClient>> bearerOnly =
        Map.of(
            "ME_GET", c -> c.me().get(),
            "EVENT_TYPE_GET", c -> c.eventTypes().get(7),
            "TEAM_EVENT_TYPE_GET", c -> c.eventTypes().getForTeam(5, 7),
            "SCHEDULES_LIST", c -> c.schedules().list(),
            "SCHEDULE_GET", c -> c.schedules().get(3),
            "SCHEDULE_DEFAULT_GET", c -> c.schedules().getDefault(),
            "BOOKING_LIST", c -> c.bookings().list(BookingListQuery.all()));
    bearerOnly.forEach(
        (operation, call) -> {
          Throwable failure = catchThrowable(() -> call.accept(client));
          assertThat(failure).as(operation).isInstanceOf(ValidationException.class);
          assertThat(failure.getMessage())
              .as(operation)
              .contains(operation)
              .contains("Authorization")
              .doesNotContain("client-secret-SECRET");
        });
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void operationsThatTakeTheClientHeadersAreSentWithThem() throws Exception {
    server.enqueue(MockCalcom.success("[{\"id\":1,\"slug\":\"intro\"}]"));

    assertThat(client.eventTypes().list("jane")).hasSize(1);

    RecordedRequest r = MockCalcom.take(server);
    assertThat(r.getHeaders().get("x-cal-client-id")).isEqualTo("client-id-1");
    assertThat(r.getHeaders().get("Authorization")).isNull();
    assertThat(List.of(r.getUrl().encodedPath())).containsExactly("/v2/event-types");
  }
}
