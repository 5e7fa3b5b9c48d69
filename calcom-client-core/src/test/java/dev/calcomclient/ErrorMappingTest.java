package dev.calcomclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.calcomclient.support.MockCalcom;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each error status Cal.com answers becomes its exception type, carrying status, code, message and request id. */
class ErrorMappingTest {
  private MockWebServer server;
  private CalcomClient client;

  @BeforeEach
  void setUp() {
    server = MockCalcom.start();
    client = MockCalcom.client(server);
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(400, "BadRequestException", "Bad Request Exception", BadRequestException.class),
        Arguments.of(401, "UnauthorizedException", "ApiAuthStrategy - api key - Invalid API Key", UnauthorizedException.class),
        Arguments.of(403, "ForbiddenException", "Forbidden resource", ForbiddenException.class),
        Arguments.of(404, "NotFoundException", "Booking with uid=abc was not found", NotFoundException.class),
        Arguments.of(409, "ConflictException", "Slot already reserved", ConflictException.class),
        Arguments.of(500, "InternalServerErrorException", "Internal server error", ServerErrorException.class),
        Arguments.of(503, "ServiceUnavailableException", "Service Unavailable", ServerErrorException.class));
  }

  @ParameterizedTest(name = "HTTP {0} -> {3}")
  @MethodSource("statuses")
  void statusMapsToItsException(int status, String code, String message, Class<? extends CalcomApiException> type) {
    // The same answer to every attempt: retries of a 503 must see it too.
    MockResponse answer = MockCalcom.json(status, MockCalcom.errorEnvelope(code, message));
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer;
          }
        });

    CalcomApiException e = catchThrowableOfType(CalcomApiException.class, () -> client.bookings().get("abc"));

    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.serverMessage()).isEqualTo(message);
    assertThat(e.requestId()).isEqualTo(MockCalcom.REQUEST_ID);
    assertThat(e.details()).contains(message);
    assertThat(e.getMessage()).contains(String.valueOf(status), code, message, MockCalcom.REQUEST_ID);
  }

  @Test
  void tooManyRequestsCarriesRetryAfterFromTheResetHeader() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("X-Request-Id", MockCalcom.REQUEST_ID)
            .addHeader("X-RateLimit-Limit-Default", "120")
            .addHeader("X-RateLimit-Remaining-Default", "0")
            .addHeader("X-RateLimit-Reset-Default", "42")
            .body(
                MockCalcom.errorEnvelope(
                    "ThrottlerException", "CustomThrottlerGuard - Too many requests. Please try again later."))
            .build());

    RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> client.me().get());

    assertThat(e.status()).isEqualTo(429);
    assertThat(e.code()).isEqualTo("ThrottlerException");
    assertThat(e.serverMessage()).startsWith("CustomThrottlerGuard - Too many requests");
    assertThat(e.requestId()).isEqualTo(MockCalcom.REQUEST_ID);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
    assertThat(e.isLocal()).isFalse();
  }

  @Test
  void asyncFormFailsTheFutureWithTheSameException() {
    server.enqueue(MockCalcom.json(404, MockCalcom.errorEnvelope("NotFoundException", "gone")));

    CompletionException e =
        catchThrowableOfType(CompletionException.class, () -> client.bookings().getAsync("abc").join());

    assertThat(e).hasCauseExactlyInstanceOf(NotFoundException.class);
  }

  @Test
  void malformedSuccessBodyIsADecodingException() {
    server.enqueue(MockCalcom.json(200, "{\"status\":\"success\",\"data\":{\"id\":\"not-a-number\"}}"));

    CalcomDecodingException e = catchThrowableOfType(CalcomDecodingException.class, () -> client.me().get());

    assertThat(e.status()).isEqualTo(200);
    assertThat(e.requestId()).isEqualTo(MockCalcom.REQUEST_ID);
  }
}
